// The settings table of docs/lsp.md is the contract; package.json's
// contributes.configuration must offer exactly those keys, with those types and
// defaults, so that the docs and the extension cannot drift apart.
// Run: `node test/settings.test.js` (or `npm test`).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const DOC = path.resolve(__dirname, '..', '..', '..', 'docs', 'lsp.md');
const PACKAGE = path.resolve(__dirname, '..', 'package.json');

/** Rows of the table under the "## Settings" heading: {key, type, default, meaning}. */
function documentedSettings() {
  const lines = fs.readFileSync(DOC, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s+Settings\b/.test(l));
  assert.ok(start >= 0, 'docs/lsp.md has a "## Settings" section');
  const rows = [];
  let header;
  for (const line of lines.slice(start + 1)) {
    if (/^##\s/.test(line)) {
      break;
    }
    if (!line.trim().startsWith('|')) {
      // The first table of the section ends at its first non-table line.
      if (header) break;
      continue;
    }
    const cells = splitRow(line);
    if (!header) {
      header = cells.map((c) => c.toLowerCase());
      continue;
    }
    if (cells.every((c) => /^:?-+:?$/.test(c))) {
      continue;
    }
    const row = Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']));
    rows.push({ key: unquote(row.key), type: row.type, default: row.default, meaning: row.meaning });
  }
  assert.ok(header && header.includes('key') && header.includes('default'), 'the table has key and default columns');
  assert.ok(rows.length > 0, 'the settings table has rows');
  return rows;
}

/** Cells of a Markdown table row; a `|` inside backticks does not split. */
function splitRow(line) {
  const cells = [];
  let cur = '';
  let code = false;
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if (ch === '`') code = !code;
    if (ch === '\\' && body[i + 1] === '|') {
      cur += '|';
      i++;
      continue;
    }
    if (ch === '|' && !code) {
      cells.push(cur.trim());
      cur = '';
      continue;
    }
    cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

function unquote(cell) {
  return cell.trim().replace(/^`(.*)`$/, '$1');
}

/** The documented default as a JSON value: `[]`, `true`, `150`, `""`, or a bare word such as `off`. */
function parseDefault(cell) {
  const raw = unquote(cell);
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}

/** The JSON Schema the documented type stands for (only the part package.json must match). */
function schemaOf(typeCell) {
  const t = typeCell.trim();
  const enumValues = [...t.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
  if (enumValues.length > 1 && t.replace(/`[^`]+`|\s|\//g, '') === '') {
    return { type: 'string', enum: enumValues };
  }
  const plain = unquote(t);
  const array = /^(\w+)\[\]$/.exec(plain);
  if (array) {
    return { type: 'array', items: { type: array[1] } };
  }
  assert.ok(
    ['string', 'boolean', 'number', 'integer', 'object'].includes(plain),
    `documented type ${JSON.stringify(typeCell)} is one this test knows`,
  );
  return { type: plain };
}

const documented = documentedSettings();
const contributed = JSON.parse(fs.readFileSync(PACKAGE, 'utf8')).contributes.configuration.properties;

test('package.json contributes exactly the settings of docs/lsp.md', () => {
  assert.deepEqual(
    Object.keys(contributed).sort(),
    documented.map((s) => s.key).sort(),
  );
});

for (const s of documented) {
  test(`${s.key}: type and default as documented`, () => {
    const p = contributed[s.key];
    assert.ok(p, `package.json contributes ${s.key}`);
    assert.deepEqual(p.default, parseDefault(s.default), `default of ${s.key}`);
    const schema = schemaOf(s.type);
    assert.equal(p.type, schema.type, `type of ${s.key}`);
    if (schema.items) {
      assert.deepEqual(p.items, schema.items, `item type of ${s.key}`);
    }
    if (schema.enum) {
      assert.deepEqual(p.enum, schema.enum, `values of ${s.key}`);
    }
    assert.ok(
      (p.markdownDescription ?? p.description ?? '').length > 20,
      `${s.key} has a description`,
    );
  });
}
