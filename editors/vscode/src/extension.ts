// The Vigil extension: starts `vigil lsp --stdio` for Terraform, CloudFormation,
// Kubernetes and Rego files, shows the server's `vigil/status` in the status bar, and
// adds the client-side commands (restart, fix all in file, list findings, evaluate a
// policy on a resource) and a word on how a test run went. Everything else —
// diagnostics, hovers, completion, quick fixes, code lenses, the server commands such
// as `vigil.runTests` — is the server's, through vscode-languageclient, which
// registers the server's commands itself. The server contract is docs/lsp.md.
import * as vscode from 'vscode';
import {
  LanguageClient,
  type LanguageClientOptions,
  type ServerOptions,
  State,
  TransportKind,
  type Executable,
  type DocumentSelector,
} from 'vscode-languageclient/node';
import { errorText, showFindings } from './findings';
import { EVALUATION_SCHEME, EvaluationDocuments, evaluatePolicy, runTestsMiddleware } from './policyEditor';
import { resolveServer } from './serverPath';
import { StatusItem, type VigilStatus } from './status';
import { TraceChannel } from './trace';

/** The documents the server checks (docs/lsp.md, "Files it serves"). */
export const DOCUMENT_SELECTOR: DocumentSelector = [
  { scheme: 'file', language: 'terraform' },
  { language: 'terraform-vars' },
  { language: 'hcl' },
  { language: 'yaml' },
  { language: 'json' },
  { language: 'rego' },
  // `.tf` files are served even when no extension gives them a language id.
  { scheme: 'file', pattern: '**/*.{tf,tfvars}' },
  // Terraform state (audit mode), whatever language an extension gives it.
  { scheme: 'file', pattern: '**/*.tfstate' },
];

const FIX_ALL_KIND = 'source.fixAll.vigil';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let trace: TraceChannel;
let status: StatusItem;
let evaluations: EvaluationDocuments;
/** Set while the extension stops the client itself, so a stop is not reported as a crash. */
let stopping = false;
/** Starts and restarts run one after the other. */
let lifecycle: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('Vigil', { log: true });
  trace = new TraceChannel(output);
  status = new StatusItem();
  evaluations = new EvaluationDocuments();
  context.subscriptions.push(output, trace, status, evaluations);

  context.subscriptions.push(
    vscode.commands.registerCommand('vigil.restartServer', () => restart(context)),
    vscode.commands.registerCommand('vigil.fixAllInFile', fixAllInFile),
    // The server's code lenses run this command with [policyId] or [resource address].
    vscode.commands.registerCommand('vigil.showFindings', (filter?: unknown) => showFindings(client, filter)),
    // The server's "Evaluate on resource…" lens runs this command with [documentUri].
    vscode.commands.registerCommand('vigil.evaluatePolicy', (documentUri?: unknown) =>
      evaluatePolicy(client, evaluations, documentUri),
    ),
    vscode.workspace.registerTextDocumentContentProvider(EVALUATION_SCHEME, evaluations),
    vscode.commands.registerCommand('vigil.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('vigil.server.path')) {
        output.info('vigil.server.path changed: restarting the language server.');
        void restart(context);
      }
    }),
  );

  lifecycle = lifecycle.then(() => start(context));
  return lifecycle;
}

export function deactivate(): Promise<void> | undefined {
  return stop();
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  status.starting();
  const server = resolveServer(context);
  const how = {
    setting: 'from the setting vigil.server.path',
    bundled: 'bundled with the extension',
    path: 'found on PATH',
  }[server.source];
  output.info(`Starting ${server.command} lsp --stdio (${how}).`);

  // TransportKind.stdio appends `--stdio` to the arguments: `vigil lsp --stdio`.
  const exec: Executable = { command: server.command, args: ['lsp'], transport: TransportKind.stdio };
  const serverOptions: ServerOptions = { run: exec, debug: exec };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR,
    outputChannel: output,
    traceOutputChannel: trace,
    // VS Code shows a diagnostic's message in the hover already: the server's
    // finding card then starts with the policy instead of repeating it.
    initializationOptions: { diagnosticsInHover: true },
    // Sends workspace/didChangeConfiguration when a `vigil.*` setting changes; the
    // server then reads the settings again with workspace/configuration.
    synchronize: { configurationSection: 'vigil' },
    // Says how a run of the server command `vigil.runTests` (a test lens) went.
    middleware: runTestsMiddleware(() => client),
    initializationFailedHandler: (error) => {
      output.info(`The language server failed to initialize: ${errorText(error)}`);
      return false;
    },
  };

  const c = new LanguageClient('vigil', 'Vigil', serverOptions, clientOptions);
  c.onNotification('vigil/status', (s: VigilStatus) => status.update(s ?? {}));
  c.onDidChangeState((e) => {
    if (e.newState === State.Running) {
      status.running();
    } else if (e.newState === State.Stopped && !stopping) {
      status.failed('The language server stopped. See the Vigil output for its log.');
    }
  });
  client = c;

  try {
    await c.start();
    output.info('The language server is running.');
  } catch (e) {
    const why =
      server.source === 'path'
        ? `could not start \`vigil\` from PATH (${errorText(e)}). Install Vigil or set vigil.server.path.`
        : `could not start ${server.command} (${errorText(e)}).`;
    output.info(`Vigil: ${why}`);
    status.failed(why);
    // vscode-languageclient already reports the failure; add the way out when the
    // likely cause is that `vigil` is not installed.
    if (server.source !== 'path') {
      return;
    }
    void vscode.window
      .showErrorMessage(`Vigil: ${why}`, 'Show Output', 'Open Settings')
      .then((choice) => {
        if (choice === 'Show Output') {
          output.show(true);
        } else if (choice === 'Open Settings') {
          void vscode.commands.executeCommand('workbench.action.openSettings', 'vigil.server.path');
        }
      });
  }
}

async function stop(): Promise<void> {
  const c = client;
  client = undefined;
  if (!c) {
    return;
  }
  stopping = true;
  try {
    if (c.needsStop()) {
      await c.stop(5000);
    }
  } catch (e) {
    output.info(`Stopping the language server: ${errorText(e)}`);
  } finally {
    stopping = false;
    try {
      await c.dispose();
    } catch {
      // Already stopped.
    }
  }
}

/** `vigil.restartServer`: a new server process, with the binary resolved again. */
function restart(context: vscode.ExtensionContext): Promise<void> {
  lifecycle = lifecycle
    .catch(() => undefined)
    .then(async () => {
      output.info('Restarting the language server.');
      await stop();
      await start(context);
    });
  return lifecycle;
}

/**
 * `vigil.fixAllInFile`: asks for the `source.fixAll.vigil` code action over the whole
 * active document and applies the first one.
 */
async function fixAllInFile(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Vigil: open a file to fix first.');
    return;
  }
  const doc = editor.document;
  const full = new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length));
  const actions =
    (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider',
      doc.uri,
      full,
      FIX_ALL_KIND,
      1, // resolve the first action's edit when the provider resolves lazily
    )) ?? [];
  const action = actions.find(
    (a): a is vscode.CodeAction =>
      typeof (a as vscode.Command).command !== 'string' &&
      (!(a as vscode.CodeAction).kind || vscode.CodeActionKind.SourceFixAll.append('vigil').contains((a as vscode.CodeAction).kind!)),
  );
  if (!action) {
    void vscode.window.showInformationMessage('Vigil: nothing to fix in this file.');
    return;
  }
  if (action.edit) {
    const applied = await vscode.workspace.applyEdit(action.edit);
    if (!applied) {
      void vscode.window.showErrorMessage('Vigil: the fixes could not be applied (the file changed?).');
      return;
    }
  }
  if (action.command) {
    await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
  }
}
