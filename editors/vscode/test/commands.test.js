// The commands of docs/lsp.md ("## Commands") against the extension: every
// client-side command the server's lenses use is contributed in package.json and
// registered in src/, and no server command is registered in src/ —
// vscode-languageclient registers the commands of the server's
// executeCommandProvider itself, and a second registration of the same id makes the
// client fail to start ("command already exists").
// Run: `node test/commands.test.js` (or `npm test`).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');

const DOC = path.resolve(__dirname, '..', '..', '..', 'docs', 'lsp.md');
const PACKAGE = path.resolve(__dirname, '..', 'package.json');
const SRC = path.resolve(__dirname, '..', 'src');

/** The command ids of each table in the "## Commands" section, in order. */
function documentedCommandTables() {
  const lines = fs.readFileSync(DOC, 'utf8').split(/\r?\n/);
  const start = lines.findIndex((l) => /^##\s+Commands\b/.test(l));
  assert.ok(start >= 0, 'docs/lsp.md has a "## Commands" section');
  const tables = [];
  let current = null;
  for (const line of lines.slice(start + 1)) {
    if (/^##\s/.test(line)) break;
    if (!line.trim().startsWith('|')) {
      current = null;
      continue;
    }
    if (!current) {
      current = [];
      tables.push(current);
      continue; // the header row
    }
    const first = line.trim().replace(/^\|/, '').split('|')[0].trim();
    if (/^:?-+:?$/.test(first)) continue;
    const id = first.replace(/^`(.*)`$/, '$1');
    if (!current.includes(id)) current.push(id);
  }
  return tables;
}

function registeredInSource() {
  const ids = new Set();
  for (const file of fs.readdirSync(SRC).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(SRC, file), 'utf8');
    for (const m of text.matchAll(/registerCommand\(\s*['"]([^'"]+)['"]/g)) ids.add(m[1]);
  }
  return ids;
}

const [serverCommands, clientCommands] = documentedCommandTables();

test('docs/lsp.md lists server commands, then client-side commands', () => {
  assert.ok(serverCommands && serverCommands.includes('vigil.runTests') && serverCommands.includes('vigil.evaluate'),
    `server commands: ${JSON.stringify(serverCommands)}`);
  assert.ok(clientCommands && clientCommands.includes('vigil.evaluatePolicy') && clientCommands.includes('vigil.showFindings'),
    `client-side commands: ${JSON.stringify(clientCommands)}`);
});

test('every client-side command is contributed and registered', () => {
  const contributed = JSON.parse(fs.readFileSync(PACKAGE, 'utf8')).contributes.commands.map((c) => c.command);
  const registered = registeredInSource();
  for (const id of clientCommands) {
    assert.ok(contributed.includes(id), `${id} is not in package.json contributes.commands`);
    assert.ok(registered.has(id), `${id} is not registered with vscode.commands.registerCommand in src/`);
  }
});

test('no server command is registered by the extension', () => {
  const registered = registeredInSource();
  for (const id of serverCommands) {
    assert.ok(!registered.has(id), `${id} is the server's: vscode-languageclient registers it`);
  }
});
