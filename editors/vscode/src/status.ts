import * as vscode from 'vscode';

/** The payload of the server's `vigil/status` notification (docs/lsp.md). */
export interface VigilStatus {
  findings?: number;
  mandatory?: number;
  advisory?: number;
  remediate?: number;
  files?: number;
  policyErrors?: number;
}

/**
 * The status bar item: "$(shield) Vigil: 3 ✗ 5 ⚠" with findings, "$(check) Vigil" when
 * clean, "$(error) Vigil" when the server could not start or stopped.
 */
export class StatusItem implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;

  constructor() {
    this.item = vscode.window.createStatusBarItem('vigil.status', vscode.StatusBarAlignment.Left, 10);
    this.item.name = 'Vigil';
    this.starting();
    this.item.show();
  }

  starting(): void {
    this.item.text = '$(sync~spin) Vigil';
    this.item.tooltip = 'Vigil: starting the language server…';
    this.item.command = 'vigil.showOutput';
    this.item.backgroundColor = undefined;
  }

  /** The first analysis has not reported yet. */
  running(): void {
    this.item.text = '$(shield) Vigil';
    this.item.tooltip = 'Vigil: checking the workspace…';
    this.item.command = 'vigil.showFindings';
    this.item.backgroundColor = undefined;
  }

  update(s: VigilStatus): void {
    const n = (v: number | undefined) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
    const mandatory = n(s.mandatory);
    const advisory = n(s.advisory);
    const remediate = n(s.remediate);
    const findings = Math.max(n(s.findings), mandatory + advisory + remediate);
    const policyErrors = n(s.policyErrors);
    const files = n(s.files);

    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Vigil**\n\n');
    if (findings === 0) {
      this.item.text = '$(check) Vigil';
      tooltip.appendMarkdown(`No findings in ${plural(files, 'file')}.\n\n`);
    } else {
      const parts = [`${mandatory} ✗`, `${advisory} ⚠`];
      if (remediate > 0) {
        parts.push(`${remediate} ℹ`);
      }
      this.item.text = `$(shield) Vigil: ${parts.join(' ')}`;
      tooltip.appendMarkdown(`${plural(findings, 'finding')} in ${plural(files, 'checked file')}:\n\n`);
      tooltip.appendMarkdown(`- ✗ ${mandatory} mandatory (errors)\n`);
      tooltip.appendMarkdown(`- ⚠ ${advisory} advisory (warnings)\n`);
      tooltip.appendMarkdown(`- ℹ ${remediate} remediate (information, quick fix preferred)\n\n`);
    }
    if (policyErrors > 0) {
      this.item.text += ` $(warning) ${policyErrors}`;
      tooltip.appendMarkdown(
        `$(warning) ${plural(policyErrors, 'policy', 'policies')} did not load: see the Problems view.\n\n`,
      );
    }
    tooltip.appendMarkdown('Click to list the findings of the workspace.');
    this.item.tooltip = tooltip;
    this.item.command = 'vigil.showFindings';
    this.item.backgroundColor = undefined;
  }

  failed(message: string): void {
    this.item.text = '$(error) Vigil';
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.appendMarkdown('**Vigil: the language server is not running**\n\n');
    tooltip.appendText(message);
    tooltip.appendMarkdown('\n\nClick to show the output. Set `vigil.server.path` to the `vigil` binary, then run **Vigil: Restart Server**.');
    this.item.tooltip = tooltip;
    this.item.command = 'vigil.showOutput';
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.errorBackground');
  }

  dispose(): void {
    this.item.dispose();
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
