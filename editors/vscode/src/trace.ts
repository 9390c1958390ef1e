import * as vscode from 'vscode';

/**
 * The channel vscode-languageclient writes the protocol trace to.
 *
 * vscode-languageclient 10+ traces only while the trace channel's log level is Trace,
 * and then reads `vigil.trace.server` just to choose between messages and verbose.
 * Vigil documents `vigil.trace.server` (`off` / `messages` / `verbose`) as the switch,
 * so this channel reports the Trace level while the setting is not `off` (or while
 * the user set the channel's level to Trace) and writes the trace into the "Vigil"
 * channel where the server's own log goes, visible at the default log level.
 */
export class TraceChannel implements vscode.LogOutputChannel {
  private readonly changed = new vscode.EventEmitter<vscode.LogLevel>();
  private readonly subscriptions: vscode.Disposable[] = [];
  readonly onDidChangeLogLevel = this.changed.event;

  constructor(private readonly out: vscode.LogOutputChannel) {
    let last = this.logLevel;
    const refresh = () => {
      const now = this.logLevel;
      if (now !== last) {
        last = now;
        this.changed.fire(now);
      }
    };
    this.subscriptions.push(
      this.changed,
      out.onDidChangeLogLevel(refresh),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('vigil.trace.server')) {
          refresh();
        }
      }),
    );
  }

  get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration('vigil').get<string>('trace.server', 'off');
    return setting !== 'off' ? vscode.LogLevel.Trace : this.out.logLevel;
  }

  get name(): string {
    return this.out.name;
  }

  trace(message: string, ...args: unknown[]): void {
    // At info level so that it shows without changing the channel's level.
    this.out.info(message, ...args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.out.debug(message, ...args);
  }
  info(message: string, ...args: unknown[]): void {
    this.out.info(message, ...args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.out.warn(message, ...args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.out.error(error, ...args);
  }
  append(value: string): void {
    this.out.append(value);
  }
  appendLine(value: string): void {
    this.out.appendLine(value);
  }
  replace(value: string): void {
    this.out.replace(value);
  }
  clear(): void {
    this.out.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean') {
      this.out.show(columnOrPreserveFocus);
    } else {
      this.out.show(columnOrPreserveFocus, preserveFocus);
    }
  }
  hide(): void {
    this.out.hide();
  }
  /** Does not dispose the "Vigil" channel, which outlives each client. */
  dispose(): void {
    this.subscriptions.forEach((d) => d.dispose());
  }
}
