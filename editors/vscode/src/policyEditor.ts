// The policy editor's commands (docs/lsp.md, "Commands"):
//
// - `vigil.evaluatePolicy` (client side; the "Evaluate on resource…" lens of a
//   policy): asks the server's `vigil.evaluate` for the resources the policy selects,
//   lets the user pick one, and shows what the policy said of it (deny, warn, prints,
//   error, input) in a read-only JSON document beside the policy;
// - `vigil.runTests` stays a server command (vscode-languageclient registers it): the
//   middleware below only sees its result, to say how the run went.
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient, type Middleware } from 'vscode-languageclient/node';
import { errorText } from './findings';

/** `vigil.evaluate [uri]`: the resources the policy of the document selects. */
export interface EvaluateTargets {
  policy: string;
  resources: EvaluateTarget[];
}

export interface EvaluateTarget {
  address: string;
  type: string;
  file: string;
  stack?: string;
}

/** `vigil.evaluate [uri, address, stack]`: the policy on one resource. */
export interface Evaluation {
  policy: string;
  address: string;
  deny: unknown;
  warn: unknown;
  prints: string[];
  error: string | null;
  input: unknown;
}

/** `vigil.runTests [uri, name?]`. */
export interface TestRun {
  passed: number;
  failed: number;
  tests: { name: string; outcome: 'passed' | 'failed' | 'error'; message?: string | null }[];
}

/** The scheme of the read-only documents that show an evaluation. */
export const EVALUATION_SCHEME = 'vigil-evaluation';

/**
 * The read-only documents `vigil-evaluation:/<policy> on <address>.jsonc`: JSON with
 * a comment header, in the `jsonc` language (which the language server is not sent:
 * it serves `json`). Evaluating the same policy on the same resource again updates
 * the document in place.
 */
export class EvaluationDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '// This evaluation is no longer available: evaluate the policy again.\n';
  }

  /** Stores an evaluation and returns the URI of its document. */
  put(result: Evaluation, target: EvaluateTarget): vscode.Uri {
    const uri = evaluationUri(result.policy, result.address || target.address);
    const key = uri.toString();
    const known = this.contents.has(key);
    this.contents.set(key, evaluationText(result, target));
    if (known) {
      this.changed.fire(uri);
    }
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
    this.contents.clear();
  }
}

/** `vigil-evaluation:/<policy> on <address>.jsonc`; a `/` of the address is shown as `∕`. */
export function evaluationUri(policy: string, address: string): vscode.Uri {
  const name = `${policy} on ${address}`.replace(/[/\\]/g, '∕');
  return vscode.Uri.from({ scheme: EVALUATION_SCHEME, path: `/${name}.jsonc` });
}

/** The text of an evaluation: what happened in comments, then the result as JSON. */
export function evaluationText(result: Evaluation, target: EvaluateTarget): string {
  const count = (v: unknown): string => {
    if (v === null || v === undefined) return 'not defined';
    if (Array.isArray(v)) return v.length === 0 ? 'empty' : `${v.length} result${v.length === 1 ? '' : 's'}`;
    return 'defined';
  };
  const prints = Array.isArray(result.prints) ? result.prints.length : 0;
  const header = [
    `// Vigil: policy ${result.policy} evaluated on ${result.address || target.address} (${target.type}, ${target.file}${target.stack ? `, stack ${target.stack}` : ''})`,
    `// deny: ${count(result.deny)} · warn: ${count(result.warn)} · print: ${prints} line${prints === 1 ? '' : 's'}`,
  ];
  if (result.error) {
    header.push(`// error: the evaluation stopped: ${result.error.replace(/\r?\n/g, ' ')}`);
  }
  return `${header.join('\n')}\n${JSON.stringify(result, null, 2)}\n`;
}

interface TargetItem extends vscode.QuickPickItem {
  target: EvaluateTarget;
}

/**
 * `vigil.evaluatePolicy [documentUri]`: the resources the policy selects in a
 * QuickPick, then the policy evaluated on the one picked, beside the policy. Without
 * an argument (Command Palette), the policy of the active editor.
 */
export async function evaluatePolicy(
  client: LanguageClient | undefined,
  documents: EvaluationDocuments,
  documentUri?: unknown,
): Promise<void> {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('Vigil: the language server is not running.');
    return;
  }
  let uri = typeof documentUri === 'string' && documentUri ? documentUri : undefined;
  if (!uri) {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== 'rego') {
      void vscode.window.showInformationMessage('Vigil: open a policy (.rego file) to evaluate it on a resource.');
      return;
    }
    uri = client.code2ProtocolConverter.asUri(doc.uri);
  }

  let targets: EvaluateTargets;
  try {
    targets = (await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Vigil: finding the resources of the policy' },
      () => client.sendRequest(ExecuteCommandRequest.type, { command: 'vigil.evaluate', arguments: [uri] }),
    )) as EvaluateTargets;
  } catch (e) {
    void vscode.window.showErrorMessage(`Vigil: cannot evaluate this policy: ${errorText(e)}`);
    return;
  }
  const resources = Array.isArray(targets?.resources) ? targets.resources : [];
  const policy = targets?.policy ?? 'the policy';
  if (resources.length === 0) {
    void vscode.window.showInformationMessage(
      `Vigil: no resource of the workspace is of a type ${policy} selects (its METADATA custom.resources).`,
    );
    return;
  }

  const stacks = new Set(resources.map((r) => r.stack ?? ''));
  const items: TargetItem[] = resources.map((r) => ({
    label: r.address,
    description: r.type,
    detail: stacks.size > 1 && r.stack ? `${r.file} · stack ${r.stack}` : r.file,
    target: r,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Vigil: evaluate ${policy} on…`,
    placeHolder: 'Pick a resource (type to filter by address, type or file)',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (!picked) {
    return;
  }
  const target = picked.target;

  let result: Evaluation | null;
  try {
    result = (await vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Vigil: evaluating ${policy} on ${target.address}…`,
        cancellable: true,
      },
      (_, token) =>
        client.sendRequest(
          ExecuteCommandRequest.type,
          {
            command: 'vigil.evaluate',
            arguments: target.stack ? [uri, target.address, target.stack] : [uri, target.address],
          },
          token,
        ),
    )) as Evaluation | null;
  } catch (e) {
    if (e instanceof vscode.CancellationError) {
      return;
    }
    void vscode.window.showErrorMessage(`Vigil: cannot evaluate ${policy} on ${target.address}: ${errorText(e)}`);
    return;
  }
  if (!result) {
    void vscode.window.showWarningMessage(`Vigil: ${policy} could not be evaluated on ${target.address}.`);
    return;
  }

  const doc = await vscode.workspace.openTextDocument(documents.put(result, target));
  await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true });
  if (result.error) {
    void vscode.window.showWarningMessage(
      `Vigil: ${result.policy} stopped on ${result.address || target.address}: ${result.error}`,
    );
  }
}

/** "Vigil tests: 2 passed, 1 failed" and the names of the tests that did not pass. */
export function testSummary(run: TestRun | null | undefined): { text: string; failedNames: string[] } {
  const passed = typeof run?.passed === 'number' ? run.passed : 0;
  const failed = typeof run?.failed === 'number' ? run.failed : 0;
  const failedNames = (Array.isArray(run?.tests) ? run.tests : [])
    .filter((t) => t.outcome !== 'passed')
    .map((t) => {
      const short = t.name.split('.').pop() ?? t.name;
      return t.outcome === 'error' && t.message ? `${short} (${t.message})` : short;
    });
  if (passed + failed === 0) {
    return { text: 'Vigil tests: no tests ran', failedNames };
  }
  return { text: `Vigil tests: ${passed} passed, ${failed} failed`, failedNames };
}

/**
 * The languageclient middleware hook for the server commands run from the editor (the
 * test lenses): `vigil.runTests` goes to the server as before, and its outcome is
 * shown for a few seconds in the status bar, with a notification when a test failed.
 * The request is sent here rather than through `next`, whose failure handler would
 * add its own "Request workspace/executeCommand failed." to the message below.
 */
export function runTestsMiddleware(getClient: () => LanguageClient | undefined): Pick<Middleware, 'executeCommand'> {
  return {
    executeCommand: async (command, args, next) => {
      const client = getClient();
      if (command !== 'vigil.runTests' || !client) {
        return next(command, args);
      }
      let run: TestRun | undefined;
      try {
        run = (await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: 'Vigil: running tests' },
          () => client.sendRequest(ExecuteCommandRequest.type, { command, arguments: args }),
        )) as TestRun | undefined;
      } catch (e) {
        void vscode.window.showErrorMessage(`Vigil: could not run the tests: ${errorText(e)}`);
        return undefined;
      }
      const { text, failedNames } = testSummary(run);
      const failed = (run?.failed ?? 0) > 0;
      vscode.window.setStatusBarMessage(`${failed ? '$(error)' : '$(pass)'} ${text}`, 5000);
      if (failed) {
        void vscode.window
          .showWarningMessage(`${text}: ${failedNames.join(', ')}`, 'Show Problems')
          .then((choice) => {
            if (choice === 'Show Problems') {
              void vscode.commands.executeCommand('workbench.actions.view.problems');
            }
          });
      }
      return run;
    },
  };
}
