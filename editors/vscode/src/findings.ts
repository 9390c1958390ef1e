import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';

/** One entry of the result of the server command `vigil.listFindings` (docs/lsp.md). */
export interface Finding {
  uri: string;
  range: {
    start: { line: number; character: number };
    end: { line: number; character: number };
  };
  message: string;
  policyId: string;
  /** The resource address, e.g. `aws_s3_bucket.assets` (newer servers). */
  address?: string;
  /** The policy's severity (`low` … `critical`), or an LSP DiagnosticSeverity number. */
  severity?: string | number;
  /** `mandatory`, `advisory` or `remediate` (newer servers). */
  enforcement?: string;
}

interface FindingItem extends vscode.QuickPickItem {
  finding: Finding;
}

/**
 * `vigil.showFindings [filter]`: lists the findings of the workspace in a QuickPick and
 * opens the one picked. The filter is a policy id (code lens over a policy's package)
 * or a resource address (code lens over a resource header); the server matches either.
 */
export async function showFindings(client: LanguageClient | undefined, filter?: unknown): Promise<void> {
  if (!client || !client.isRunning()) {
    void vscode.window.showWarningMessage('Vigil: the language server is not running.');
    return;
  }
  const id = typeof filter === 'string' && filter.trim() ? filter.trim() : undefined;
  let findings: Finding[];
  try {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'Vigil: listing findings' },
      () =>
        client.sendRequest(ExecuteCommandRequest.type, {
          command: 'vigil.listFindings',
          arguments: id ? [id] : [],
        }),
    );
    findings = Array.isArray(result) ? (result as Finding[]) : [];
  } catch (e) {
    void vscode.window.showErrorMessage(`Vigil: could not list the findings: ${errorText(e)}`);
    return;
  }
  // Older servers ignore the argument: filter here too.
  if (id) {
    findings = findings.filter((f) => f.policyId === id || f.address === id);
  }
  findings.sort(
    (a, b) =>
      rank(a) - rank(b) ||
      a.uri.localeCompare(b.uri) ||
      a.range.start.line - b.range.start.line ||
      a.range.start.character - b.range.start.character,
  );

  const items: FindingItem[] = findings.map((f) => {
    const uri = client.protocol2CodeConverter.asUri(f.uri);
    const where = `${vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1)}:${f.range.start.line + 1}:${f.range.start.character + 1}`;
    return {
      label: `${icon(f)} ${f.policyId}`,
      description: f.address ? `${f.address} · ${where}` : where,
      detail: f.message,
      finding: f,
    };
  });

  const picker = vscode.window.createQuickPick<FindingItem>();
  picker.items = items;
  picker.matchOnDescription = true;
  picker.matchOnDetail = true;
  picker.title = id
    ? `Vigil: ${plural(items.length, 'finding')} for ${id}`
    : `Vigil: ${plural(items.length, 'finding')} in the workspace`;
  picker.placeholder = items.length ? 'Type to filter by policy, file, resource or message' : 'No findings';
  // Preview the finding under the cursor without taking the focus.
  picker.onDidChangeActive((active) => {
    if (active[0]) {
      void open(client, active[0].finding, true);
    }
  });
  picker.onDidAccept(() => {
    const picked = picker.selectedItems[0] ?? picker.activeItems[0];
    picker.hide();
    if (picked) {
      void open(client, picked.finding, false);
    }
  });
  picker.onDidHide(() => picker.dispose());
  picker.show();
}

async function open(client: LanguageClient, f: Finding, preview: boolean): Promise<void> {
  const uri = client.protocol2CodeConverter.asUri(f.uri);
  const range = client.protocol2CodeConverter.asRange(f.range);
  try {
    await vscode.window.showTextDocument(uri, {
      selection: range,
      preview: true,
      preserveFocus: preview,
    });
  } catch (e) {
    if (!preview) {
      void vscode.window.showErrorMessage(`Vigil: could not open ${uri.fsPath}: ${errorText(e)}`);
    }
  }
}

function rank(f: Finding): number {
  switch (f.enforcement) {
    case 'mandatory':
      return 0;
    case 'advisory':
      return 1;
    case 'remediate':
      return 2;
  }
  return typeof f.severity === 'number' ? f.severity - 1 : 3;
}

function icon(f: Finding): string {
  switch (f.enforcement ?? f.severity) {
    case 'mandatory':
    case 1:
      return '$(error)';
    case 'advisory':
    case 2:
      return '$(warning)';
    default:
      return '$(info)';
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
