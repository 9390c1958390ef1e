// The Vigil extension in real VS Code (code-server), driven like a person would:
// open main.tf, wait for the squiggles, hover one, apply its quick fix with Ctrl+.
// and the keyboard, and check that the Problems count drops; then list the findings
// left with "Vigil: Show Findings in Workspace" and fix them with "Vigil: Fix All
// Findings in File". Then the policy editor, in policies/ of the fixture: completion
// after `input.resource.values.`, "Evaluate on resource…" from a policy's lens, go to
// definition (once the server offers it), and "▶ Run tests" from a test file's lens.
// Started by run.sh, which sets the environment below; a screenshot is saved after
// each step.
//
//   VIGIL_E2E_URL         code-server URL with ?folder=<workspace>
//   VIGIL_E2E_WORKSPACE   the workspace folder (a copy of tests/vscode/fixture)
//   VIGIL_E2E_OUT         where screenshots go
//   VIGIL_E2E_PROFILE     a fresh Chromium profile directory
//   VIGIL_E2E_PLAYWRIGHT  the playwright-core package directory
//   VIGIL_E2E_CHROMIUM    Chromium executable (default /usr/bin/chromium)
//   VIGIL_E2E_TIMEOUT_S   how long to wait for the first squiggle (default 120)
//   VIGIL_E2E_SMOKE=1     stop after opening main.tf (no server needed)
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';

const env = (name, fallback) => {
  const v = process.env[name] ?? fallback;
  if (v === undefined) {
    fail(`${name} is not set (run tests/vscode/run.sh)`);
  }
  return v;
};

const URL = env('VIGIL_E2E_URL');
const WORKSPACE = env('VIGIL_E2E_WORKSPACE');
const OUT = env('VIGIL_E2E_OUT');
const PROFILE = env('VIGIL_E2E_PROFILE');
const PLAYWRIGHT = env('VIGIL_E2E_PLAYWRIGHT');
const CHROMIUM = env('VIGIL_E2E_CHROMIUM', '/usr/bin/chromium');
const SMOKE = process.env.VIGIL_E2E_SMOKE === '1';
const FIRST_SQUIGGLE_MS = 1000 * Number(process.env.VIGIL_E2E_TIMEOUT_S ?? 120);
const UI_MS = Math.max(30_000, FIRST_SQUIGGLE_MS / 2);

const POLICY_ID = 'VGL-AWS-S3-001';
const CONTROL = 'NIST';

const { chromium } = createRequire(path.join(PLAYWRIGHT, 'package.json'))(PLAYWRIGHT);

const started = Date.now();
let page;
let shotCount = 0;

function log(msg) {
  const t = ((Date.now() - started) / 1000).toFixed(1).padStart(6);
  console.error(`[e2e.mjs ${t}s] ${msg}`);
}

function fail(msg) {
  console.error(`[e2e.mjs] FAILED: ${msg}`);
  process.exit(1);
}

async function shot(name) {
  if (!page) return;
  const file = path.join(OUT, `${String(++shotCount).padStart(2, '0')}-${name}.png`);
  try {
    await page.screenshot({ path: file });
    log(`screenshot ${file}`);
  } catch (e) {
    log(`screenshot ${name} failed: ${e.message}`);
  }
}

/** Runs one step; on failure saves a screenshot and exits with the step's name. */
async function step(name, fn) {
  log(`-- ${name}`);
  const t0 = Date.now();
  try {
    const result = await fn();
    log(`   ok (${((Date.now() - t0) / 1000).toFixed(1)}s)`);
    return result;
  } catch (e) {
    await shot(`FAILED-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`);
    throw new Error(`step "${name}": ${e.message}`);
  }
}

/** Polls `probe` until it returns a truthy value, or throws `what` after `ms`. */
async function until(what, ms, probe, everyMs = 500) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline) {
      throw new Error(`${what} (waited ${Math.round(ms / 1000)} s${last ? `; last: ${JSON.stringify(last)}` : ''})`);
    }
    await page.waitForTimeout(everyMs);
  }
}

/** The numbers of the Problems status bar entry, e.g. {errors: 1, warnings: 0, infos: 1, total: 2}. */
async function problems() {
  const el = page.locator('[id="status.problems"]');
  if ((await el.count()) === 0) return null;
  const label = (await el.first().getAttribute('aria-label')) ?? '';
  const text = (await el.first().innerText()).trim();
  // The visible text is the counts after their icons: errors, warnings[, infos].
  const n = (text.match(/\d+/g) ?? []).map(Number);
  let counts = { errors: n[0] ?? 0, warnings: n[1] ?? 0, infos: n[2] ?? 0 };
  if (n.length === 0) {
    // Fall back on the aria-label, "1 error, 2 warnings" or "Errors: 1, Warnings: 2".
    const pick = (word) =>
      Number((label.match(new RegExp(`(\\d+)\\s+${word}`, 'i')) ?? label.match(new RegExp(`${word}\\w*:?\\s*(\\d+)`, 'i')) ?? [])[1] ?? 0);
    counts = { errors: pick('error'), warnings: pick('warning'), infos: pick('info') };
  }
  return { ...counts, total: counts.errors + counts.warnings + counts.infos, label, text };
}

async function vigilStatus() {
  const items = page.locator('.statusbar-item', { hasText: 'Vigil' });
  if ((await items.count()) === 0) return null;
  const item = items.first();
  return { text: (await item.innerText()).trim(), label: (await item.getAttribute('aria-label')) ?? '' };
}

/** The 1-based line and UTF-16 column of `needle` in a fixture file (main.tf by default; + offset). */
function positionOf(needle, offset = 0, file = 'main.tf') {
  const lines = fs.readFileSync(path.join(WORKSPACE, file), 'utf8').split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  if (line < 0) throw new Error(`${file} has no ${needle}`);
  // JavaScript string indices are UTF-16 code units, as VS Code's columns are.
  return { line: line + 1, column: lines[line].indexOf(needle) + 1 + offset };
}

/** Puts the cursor of the active editor at {line, column} (1-based, UTF-16) via Ctrl+P ":line:column". */
async function goTo({ line, column }) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: 10_000 });
  await input.fill(`:${line}:${column}`);
  await page.waitForTimeout(300);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
  await page.waitForTimeout(300);
}

/** Runs a command by its title from the Command Palette (Ctrl+Shift+P), retrying while focus moves. */
async function runCommand(title) {
  const input = page.locator('.quick-input-widget input');
  await until(`the command "${title}" in the Command Palette`, UI_MS, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+Shift+P');
    await input.waitFor({ state: 'visible', timeout: 5000 });
    await input.fill(`>${title}`, { timeout: 5000 });
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: title })
      .first()
      .waitFor({ state: 'visible', timeout: 5000 });
    await page.keyboard.press('Enter');
    return true;
  });
}

/** The element's box once it has not moved for `quietMs` (code lenses appear and shift lines). */
async function settledBox(locator, quietMs = 1500) {
  let last = null;
  let since = Date.now();
  return until('a squiggle that stops moving', UI_MS, async () => {
    const box = await locator.boundingBox();
    const same = box && last && box.x === last.x && box.y === last.y && box.width === last.width;
    if (!same) {
      last = box;
      since = Date.now();
      return null;
    }
    return Date.now() - since >= quietMs ? box : null;
  }, 250);
}

/** The text of the visible lines of the active editor (non-breaking spaces as spaces). */
async function activeEditorText() {
  const lines = page.locator('.editor-group-container.active .editor-instance .monaco-editor .view-lines');
  if ((await lines.count()) === 0) return '';
  return (await lines.first().innerText()).replace(/\u00a0/g, ' ');
}

/** Opens a workspace file with Ctrl+P and waits until the active editor shows `marker`. */
async function openFile(query, marker) {
  await until(`${query} open in the active editor`, UI_MS, async () => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(query);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: path.basename(query) }).first();
    await row.waitFor({ state: 'visible', timeout: 10_000 });
    await page.keyboard.press('Enter');
    await input.waitFor({ state: 'hidden', timeout: 10_000 }).catch(() => {});
    return (await activeEditorText()).includes(marker);
  });
}

/** The titles of the code lenses in the active editor. */
async function lensTitles() {
  return page.locator('.editor-group-container.active .codelens-decoration a').allInnerTexts();
}

/** Clicks the code lens of the active editor whose title is `title`, once the lenses stop moving. */
async function clickLens(title) {
  const lens = page.locator('.editor-group-container.active .codelens-decoration a', { hasText: title }).first();
  await until(`a "${title}" code lens`, UI_MS, async () => ((await lens.count()) > 0 ? true : null)).catch(async (e) => {
    throw new Error(`${e.message}; lenses: ${JSON.stringify(await lensTitles())}`);
  });
  const box = await settledBox(lens, 1000);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const context = await chromium.launchPersistentContext(PROFILE, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  try {
    page = context.pages()[0] ?? (await context.newPage());
    page.setDefaultTimeout(UI_MS);
    page.on('pageerror', (e) => log(`page error: ${e.message}`));

    await step('open the workspace', async () => {
      await page.goto(URL, { waitUntil: 'domcontentloaded', timeout: UI_MS });
      await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: UI_MS });
      // The explorer lists the fixture once the folder is open.
      await page
        .locator('.explorer-folders-view .monaco-list-row', { hasText: 'main.tf' })
        .first()
        .waitFor({ state: 'visible', timeout: UI_MS });
    });
    await shot('workbench');

    await step('open main.tf (Ctrl+P)', async () => {
      const editorText = page.locator('.editor-instance .monaco-editor .view-lines', { hasText: 'public-read' });
      await until('main.tf open in an editor', UI_MS, async () => {
        await page.locator('.monaco-workbench').click({ position: { x: 700, y: 400 } }).catch(() => {});
        await page.keyboard.press('Control+P');
        const input = page.locator('.quick-input-widget input');
        await input.waitFor({ state: 'visible', timeout: 10_000 });
        await input.fill('main.tf');
        const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'main.tf' }).first();
        await row.waitFor({ state: 'visible', timeout: 10_000 });
        await page.keyboard.press('Enter');
        await editorText.first().waitFor({ state: 'visible', timeout: 10_000 });
        return true;
      });
    });
    await shot('main-tf');

    if (SMOKE) {
      const status = await vigilStatus();
      log(`smoke run: Vigil status bar item: ${status ? JSON.stringify(status) : 'not shown'}`);
      log('smoke run: stopping after opening main.tf');
      return;
    }

    const squiggle = page.locator('.monaco-editor .squiggly-error, .monaco-editor .squiggly-warning');
    await step('wait for a squiggle', async () => {
      try {
        await squiggle.first().waitFor({ state: 'attached', timeout: FIRST_SQUIGGLE_MS });
      } catch {
        const status = await vigilStatus().catch(() => null);
        throw new Error(
          `no .squiggly-error or .squiggly-warning in main.tf after ${FIRST_SQUIGGLE_MS / 1000} s; ` +
            `Vigil status bar item: ${status ? JSON.stringify(status) : 'not shown'}. ` +
            'Is the server working? See vigil-output.log next to the screenshots.',
        );
      }
    });
    await shot('squiggles');

    const before = await step('read the Problems count', async () => {
      let seen = null;
      const p = await until('a non-zero Problems count', UI_MS, async () => {
        seen = await problems();
        return seen && seen.total > 0 ? seen : null;
      }).catch((e) => {
        throw new Error(`${e.message}; [id="status.problems"]: ${JSON.stringify(seen)}`);
      });
      log(`   Problems: ${p.errors} errors, ${p.warnings} warnings, ${p.infos} infos (${JSON.stringify(p.label || p.text)})`);
      if (p.errors < 1) throw new Error(`expected the mandatory ${POLICY_ID} finding as an error, got ${JSON.stringify(p)}`);
      const status = await vigilStatus();
      log(`   Vigil status bar item: ${JSON.stringify(status)}`);
      if (!status) throw new Error('no Vigil item in the status bar');
      return p;
    });

    await step(`hover the squiggle: ${POLICY_ID} and ${CONTROL}`, async () => {
      const error = page.locator('.editor-instance .monaco-editor .squiggly-error').first();
      const hover = page.locator('.monaco-hover-content');
      const hoverText = async () => (await hover.allInnerTexts()).join('\n');
      let tries = 0;
      const text = await until(`a hover that mentions ${POLICY_ID} and ${CONTROL}`, UI_MS, async () => {
        tries++;
        if (tries % 2 === 1) {
          // As a person would: rest the mouse on the squiggle.
          const box = await settledBox(error);
          log(`   squiggle at ${JSON.stringify(box)}`);
          await page.mouse.move(box.x + box.width / 2 - 20, box.y - 30);
          await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2, { steps: 8 });
        } else {
          // With the keyboard: cursor on the value, then Show Hover (Ctrl+K Ctrl+I).
          await goTo(positionOf('"public-read"', 2));
          await page.keyboard.press('Control+K');
          await page.keyboard.press('Control+I');
        }
        try {
          await page.waitForFunction(
            ([id, control]) =>
              [...document.querySelectorAll('.monaco-hover-content')].some(
                (e) => e.offsetParent !== null && e.innerText.includes(id) && e.innerText.includes(control),
              ),
            [POLICY_ID, CONTROL],
            { timeout: 5000 },
          );
          return hoverText();
        } catch {
          log(`   try ${tries}: hover text so far: ${JSON.stringify((await hoverText()).slice(0, 300))}`);
          await page.mouse.move(5, 5);
          await page.keyboard.press('Escape');
          return null;
        }
      }, 500);
      // VS Code shows the diagnostic's message in the hover itself; the server's card
      // (initialization option diagnosticsInHover) must not say it a second time.
      const said = text.split('anyone on the internet').length - 1;
      if (said > 1) throw new Error(`the finding's message is in the hover ${said} times: ${text}`);
    });
    await shot('hover');
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');

    const fixRow = await step('Ctrl+. on the finding, choose "Fix: …" with the keyboard', async () => {
      // The cursor on the value, then the quick fix menu.
      await goTo(positionOf('"public-read"', 1));
      const widget = page.locator('.action-widget');
      await until('the quick fix menu (.action-widget)', UI_MS, async () => {
        if (await widget.first().isVisible().catch(() => false)) return true;
        await page.keyboard.press('Control+.');
        await page.waitForTimeout(1500);
        return widget.first().isVisible();
      }, 500);
      await shot('quick-fix-menu');
      const rows = await widget.locator('.monaco-list-row').allInnerTexts();
      log(`   menu rows: ${JSON.stringify(rows.map((r) => r.replace(/\s+/g, ' ').trim()))}`);
      if (!rows.some((r) => r.trim().startsWith('Fix:'))) {
        throw new Error(`no "Fix: …" row in the quick fix menu: ${JSON.stringify(rows)}`);
      }
      // Mouse clicks on the action widget are intercepted: walk with the arrow keys.
      for (let i = 0; i <= rows.length + 1; i++) {
        const focused = widget.locator('.monaco-list-row.focused');
        const text = (await focused.count()) ? (await focused.first().innerText()).replace(/\s+/g, ' ').trim() : '';
        if (text.startsWith('Fix:')) {
          log(`   choosing ${JSON.stringify(text)}`);
          await page.keyboard.press('Enter');
          return text;
        }
        await page.keyboard.press('ArrowDown');
        await page.waitForTimeout(150);
      }
      throw new Error('could not focus a "Fix: …" row with the arrow keys');
    });

    await step('the Problems count drops', async () => {
      let seen = null;
      const after = await until(`fewer problems than ${before.total}`, UI_MS, async () => {
        seen = await problems();
        return seen && seen.total < before.total ? seen : null;
      }).catch((e) => {
        throw new Error(`${e.message}; [id="status.problems"]: ${JSON.stringify(seen)}`);
      });
      log(`   Problems: ${before.total} -> ${after.total} (${JSON.stringify(after.label || after.text)})`);
      const text = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
      if (text.includes('public-read')) {
        throw new Error(`"${fixRow}" was applied but main.tf still has public-read`);
      }
      // The text before the attribute (é, emoji) is untouched: the edit landed at the right column.
      if (!text.includes('/* café 🚀 */ acl')) {
        throw new Error(`the line with non-ASCII text was damaged by the fix: ${JSON.stringify(text.split('\n').find((l) => l.includes('acl')))}`);
      }
    });
    await shot('after-fix');

    await step('Vigil: Show Findings in Workspace, open the one left', async () => {
      const at = positionOf('enabled = false');
      await runCommand('Vigil: Show Findings in Workspace');
      const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'VGL-AWS-S3-002' }).first();
      await row.waitFor({ state: 'visible' });
      const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
      log(`   picker rows: ${JSON.stringify(rows.map((r) => r.replace(/\s+/g, ' ').trim()))}`);
      if (rows.some((r) => r.includes(POLICY_ID))) {
        throw new Error(`${POLICY_ID} is still listed after its fix`);
      }
      await shot('show-findings');
      await page.keyboard.press('Enter');
      await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
      await until(`the cursor on line ${at.line}, in the editor`, UI_MS, async () => {
        const sel = await page.locator('[id="status.editor.selection"]').innerText();
        const focused = await page.evaluate(() => !!document.activeElement?.closest('.editor-instance .monaco-editor'));
        return sel.includes(`Ln ${at.line},`) && focused ? sel : null;
      });
    });

    await step('Vigil: Fix All Findings in File', async () => {
      await runCommand('Vigil: Fix All Findings in File');
      let seen = null;
      await until('no problems left', UI_MS, async () => {
        seen = await problems();
        return seen && seen.total === 0;
      }).catch((e) => {
        throw new Error(`${e.message}; [id="status.problems"]: ${JSON.stringify(seen)}`);
      });
      const text = (await page.locator('.editor-instance .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
      if (!text.includes('enabled = true')) throw new Error('versioning was not fixed: no "enabled = true"');
      await until('the Vigil status bar item to show a clean workspace', UI_MS, async () => {
        const status = await vigilStatus();
        return status && /\bcheck\b/.test(status.label) && !/✗|⚠/.test(status.text) ? status : null;
      });
    });
    await shot('after-fix-all');

    await policyEditor();
    log(`passed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await context.close().catch(() => {});
  }
}

/** The policy editor, in policies/ of the fixture (main.tf has no problems left by now). */
async function policyEditor() {
  const POLICY = 'policies/bucket_names.rego';
  const TEST = 'policies/bucket_names_test.rego';

  await step('completion after input.resource.values. in a policy', async () => {
    await openFile(POLICY, 'package e2e.bucket_names');
    const at = positionOf('name := input.resource.values.bucket', 0, POLICY);
    await goTo({ line: at.line, column: 200 });
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    // Typed as a person would: each `.` is a trigger character of the server.
    await page.keyboard.type('input.resource.values.', { delay: 40 });
    const widget = page.locator('.editor-widget.suggest-widget');
    let rows = [];
    await until('a suggestion list with acl and versioning', UI_MS, async () => {
      if (!(await widget.first().isVisible().catch(() => false))) {
        await page.keyboard.press('Control+Space');
        await page.waitForTimeout(500);
      }
      rows = (await widget.locator('.monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      return rows.some((r) => r.startsWith('acl')) && rows.some((r) => r.startsWith('versioning'));
    }).catch((e) => {
      throw new Error(`${e.message}; suggestions: ${JSON.stringify(rows)}`);
    });
    log(`   suggestions: ${JSON.stringify(rows)}`);
    await shot('completion');
    await page.keyboard.press('Escape');
    await runCommand('File: Revert File');
    await until('the policy as it was on disk', UI_MS, async () => !(await activeEditorText()).includes('input.resource.values.\n'));
  });

  await step('Evaluate on resource… from the policy lens', async () => {
    await openFile(POLICY, 'package e2e.bucket_names');
    await clickLens('Evaluate on resource');
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: 'aws_s3_bucket.assets' }).first();
    await row.waitFor({ state: 'visible' });
    const rows = await page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
    log(`   resources: ${JSON.stringify(rows.map((r) => r.replace(/\s+/g, ' ').trim()))}`);
    await shot('evaluate-pick');
    await page.keyboard.press('Enter');
    const tab = page.locator('.tab', { hasText: 'E2E-BUCKET-NAMES on aws_s3_bucket.assets' }).first();
    await tab.waitFor({ state: 'visible' });
    const text = await until('the evaluation with deny, prints and error', UI_MS, async () => {
      const t = await activeEditorText();
      return t.includes('"deny"') && t.includes('"prints"') && t.includes('checked bucket') && t.includes('"error": null')
        ? t
        : null;
    });
    log(`   evaluation: ${JSON.stringify(text.split('\n').slice(0, 6))}`);
    await shot('evaluate-result');
    await page.keyboard.press('Control+W');
  });

  await step('go to definition of a library function', async () => {
    await openFile(POLICY, 'package e2e.bucket_names');
    await goTo(positionOf('company_prefixed(name)', 2, POLICY));
    await page.keyboard.press('F12');
    const def = positionOf('company_prefixed(name) if', 0, 'policies/lib/naming.rego');
    const landed = await until(`policies/lib/naming.rego at line ${def.line}`, UI_MS, async () => {
      const active = await page.locator('.editor-group-container.active .tab.active').first().innerText();
      const sel = await page.locator('[id="status.editor.selection"]').innerText();
      return active.includes('naming.rego') && sel.includes(`Ln ${def.line},`) ? `${active.trim()} ${sel.trim()}` : null;
    });
    log(`   landed in ${JSON.stringify(landed)}`);
    await shot('definition');
  });

  await step('▶ Run tests from the test file lens', async () => {
    await openFile(TEST, 'package e2e.bucket_names_test');
    await clickLens('Run tests');
    const summary = 'Vigil tests: 1 passed, 1 failed';
    await until(`"${summary}" in a notification or the status bar`, UI_MS, async () =>
      (await page.locator('.notifications-toasts', { hasText: summary }).count()) +
      (await page.locator('.statusbar', { hasText: summary }).count()),
    );
    let titles = [];
    await until('the lenses "✗ 1 failed · 1 passed", "✓ passed", "✗ failed"', UI_MS, async () => {
      titles = (await lensTitles()).map((t) => t.trim());
      return titles.includes('✗ 1 failed · 1 passed') && titles.includes('✓ passed') && titles.includes('✗ failed');
    }).catch((e) => {
      throw new Error(`${e.message}; lenses: ${JSON.stringify(titles)}`);
    });
    log(`   lenses: ${JSON.stringify(titles)}`);
    await page.locator('.editor-group-container.active .monaco-editor .squiggly-error').first().waitFor({ state: 'attached' });
    await shot('tests-run');
    // The Problems panel names the diagnostic's code.
    await runCommand('View: Focus Problems');
    let problems = [];
    await until('a test-failed problem in the Problems panel', UI_MS, async () => {
      problems = (await page.locator('.markers-panel .monaco-list-row').allInnerTexts()).map((r) => r.replace(/\s+/g, ' ').trim());
      return problems.some((r) => r.includes('test-failed') && r.includes('test_unprefixed_bucket_is_denied_twice'));
    }).catch((e) => {
      throw new Error(`${e.message}; problems: ${JSON.stringify(problems)}`);
    });
    log(`   problems: ${JSON.stringify(problems)}`);
    await shot('tests-problems');
  });
}

main().catch(async (e) => {
  fail(e.message);
});
