// Tokenizes a sample policy with the Rego grammar (grammars/rego.tmLanguage.json) the
// way VS Code does (vscode-textmate + the Oniguruma WebAssembly build) and checks the
// scopes of a few tokens. Run: `node test/grammar.test.js` (or `npm test`).
'use strict';

const { test } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const GRAMMAR = path.resolve(__dirname, '..', '..', '..', 'grammars', 'rego.tmLanguage.json');

const SAMPLE = `# METADATA
# title: S3 buckets keep object versions
# description: Versioning lets you recover objects that were overwritten.
# related_resources:
#   - https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html
# custom:
#   id: ACME-S3-001
#   severity: medium
#   controls:
#     NIST-800-53-r5: ["CP-9"]
package acme.s3.versioning

import data.vigil.lib
import future.keywords.in
import rego.v1

# Buckets that hold logs are exempt.
default allow := false

_exempt := {"logs", "audit"}

deny contains result if {
\tnot input.resource.values.versioning.enabled == true
\tsome name in _exempt
\tcount(input.resource.values.tags) > 0
\tlib.has_tag(input.resource, "owner")
\tpattern := \`^[a-z]+\\d*$\`
\tresult := {
\t\t"msg": sprintf("versioning is off: \\"%s\\" # not a comment", [name]),
\t\t"path": "/versioning/enabled",
\t\t"fix": [{"op": "add", "path": "/versioning/enabled", "value": true}],
\t\t"limit": 1.5e3,
\t\t"none": null,
\t}
}

has_owner(r) if r.tags.owner != ""

allow if {
\tevery b in data.vigil.stack.resources { b.type == "aws_s3_bucket" }
} else := false
`;

let tokensPromise;

/** Every token of SAMPLE as {line, text, scopes}, tokenized once. */
function tokens() {
  tokensPromise ??= (async () => {
    const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const registry = new vsctm.Registry({
      onigLib: Promise.resolve({
        createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
        createOnigString: (s) => new oniguruma.OnigString(s),
      }),
      loadGrammar: async (scopeName) =>
        scopeName === 'source.rego'
          ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR, 'utf8'), GRAMMAR)
          : null,
    });
    const grammar = await registry.loadGrammar('source.rego');
    assert.ok(grammar, 'the grammar loads');
    const out = [];
    let state = vsctm.INITIAL;
    SAMPLE.split('\n').forEach((line, i) => {
      const r = grammar.tokenizeLine(line, state);
      for (const t of r.tokens) {
        out.push({ line: i, text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes });
      }
      state = r.ruleStack;
    });
    return out;
  })();
  return tokensPromise;
}

/** The scopes of the first token on `line` (0-based) whose text is `text`. */
async function scopesOf(line, text) {
  const all = await tokens();
  const t = all.find((t) => t.line === line && t.text === text);
  assert.ok(
    t,
    `no token ${JSON.stringify(text)} on line ${line}; tokens there: ` +
      JSON.stringify(all.filter((t) => t.line === line).map((t) => t.text)),
  );
  return t.scopes;
}

function lineOf(needle) {
  const i = SAMPLE.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `sample has ${needle}`);
  return i;
}

/** Asserts that some scope of the token starts with `prefix`. */
async function expectScope(needle, text, prefix) {
  const scopes = await scopesOf(lineOf(needle), text);
  assert.ok(
    scopes.some((s) => s.startsWith(prefix)),
    `${JSON.stringify(text)} in ${JSON.stringify(needle)}: expected a scope starting with ${prefix}, got ${scopes.join(' ')}`,
  );
  return scopes;
}

async function expectNoScope(needle, text, prefix) {
  const scopes = await scopesOf(lineOf(needle), text);
  assert.ok(
    !scopes.some((s) => s.startsWith(prefix)),
    `${JSON.stringify(text)} in ${JSON.stringify(needle)}: expected no ${prefix} scope, got ${scopes.join(' ')}`,
  );
}

test('the METADATA block is a comment with its keys as keywords', async () => {
  await expectScope('# METADATA', 'METADATA', 'comment.block.documentation.metadata.rego');
  await expectScope('# METADATA', 'METADATA', 'keyword.other.metadata.rego');
  for (const [line, key] of [
    ['# title:', 'title'],
    ['# description:', 'description'],
    ['# custom:', 'custom'],
    ['id: ACME', 'id'],
    ['NIST-800-53-r5', 'NIST-800-53-r5'],
  ]) {
    const scopes = await expectScope(line, key, 'keyword.other.metadata.key.rego');
    assert.ok(scopes.some((s) => s.startsWith('comment.')), `${key} stays inside the comment`);
  }
  await expectScope('# title:', ' S3 buckets keep object versions', 'comment.block');
  await expectScope('https://docs', 'https://docs.aws.amazon.com/AmazonS3/latest/userguide/Versioning.html', 'markup.underline.link');
  // The block ends at the first line that is not a comment.
  await expectNoScope('package acme', 'package', 'comment');
});

test('keywords', async () => {
  await expectScope('package acme', 'package', 'keyword.other.package.rego');
  await expectScope('package acme', 'acme.s3.versioning', 'entity.name.namespace');
  await expectScope('import data.vigil.lib', 'import', 'keyword.other.import.rego');
  await expectScope('import future.keywords.in', 'future.keywords', 'keyword.other');
  await expectScope('import future.keywords.in', 'in', 'keyword.other');
  await expectScope('import rego.v1', 'rego.v1', 'keyword.other');
  await expectScope('deny contains result if', 'contains', 'keyword.control.rego');
  await expectScope('deny contains result if', 'if', 'keyword.control.rego');
  await expectScope('\tnot input', 'not', 'keyword.control.rego');
  await expectScope('some name in', 'some', 'keyword.control.rego');
  await expectScope('some name in', 'in', 'keyword.control.rego');
  await expectScope('every b in', 'every', 'keyword.control.rego');
  await expectScope('} else := false', 'else', 'keyword.control.rego');
  await expectScope('default allow', 'default', 'keyword.other.default.rego');
});

test('rule heads and function names', async () => {
  await expectScope('deny contains result if', 'deny', 'entity.name.function.rule.rego');
  await expectScope('default allow', 'allow', 'entity.name.function.rule.rego');
  await expectScope('_exempt := {', '_exempt', 'entity.name.function.rule.rego');
  await expectScope('allow if {', 'allow', 'entity.name.function.rule.rego');
  await expectScope('has_owner(r) if', 'has_owner', 'entity.name.function.definition.rego');
  // A local assignment in a body is not a rule head.
  await expectNoScope('\tresult := {', 'result', 'entity.name.function');
  await expectScope('count(input', 'count', 'support.function.builtin.rego');
  await expectScope('sprintf(', 'sprintf', 'support.function.builtin.rego');
  await expectScope('lib.has_tag(', 'has_tag', 'entity.name.function.call.rego');
});

test('strings, numbers, constants, comments, variables, operators', async () => {
  await expectScope('"msg": sprintf', 'msg', 'string.quoted.double.rego');
  await expectScope('"msg": sprintf', '\\"', 'constant.character.escape.rego');
  // A '#' inside a string does not start a comment.
  await expectScope('"msg": sprintf', '%s', 'string.quoted.double.rego');
  await expectNoScope('"msg": sprintf', '%s', 'comment');
  await expectScope('pattern :=', '^[a-z]+\\d*$', 'string.quoted.raw.rego');
  await expectScope('"limit"', '1.5e3', 'constant.numeric.rego');
  await expectScope('count(input', '0', 'constant.numeric.rego');
  await expectScope('"value": true', 'true', 'constant.language.boolean.rego');
  await expectScope('"none": null', 'null', 'constant.language.null.rego');
  await expectScope('# Buckets that hold logs', ' Buckets that hold logs are exempt.', 'comment.line.number-sign.rego');
  await expectScope('\tnot input', 'input', 'variable.language.rego');
  await expectScope('every b in data', 'data', 'variable.language.rego');
  await expectScope('_exempt := {', ':=', 'keyword.operator.assignment.rego');
  await expectScope('\tnot input', '==', 'keyword.operator.comparison.rego');
  await expectScope('count(input', '>', 'keyword.operator.comparison.rego');
});
