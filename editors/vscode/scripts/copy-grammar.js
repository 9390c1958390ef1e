// Copies the Rego TextMate grammar, whose one source is grammars/ at the repository
// root, into the extension (syntaxes/, listed in package.json's contributes.grammars).
// Run by `npm run build`; the copy is not committed.
'use strict';

const fs = require('node:fs');
const path = require('node:path');

const from = path.resolve(__dirname, '..', '..', '..', 'grammars', 'rego.tmLanguage.json');
const to = path.resolve(__dirname, '..', 'syntaxes', 'rego.tmLanguage.json');

// Fail here, not in VS Code, when the grammar is not valid JSON.
JSON.parse(fs.readFileSync(from, 'utf8'));
fs.mkdirSync(path.dirname(to), { recursive: true });
fs.copyFileSync(from, to);
console.log(`copied ${path.relative(process.cwd(), from)} -> ${path.relative(process.cwd(), to)}`);
