import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

/** Where the `vigil` binary came from, for the output channel and error messages. */
export type ServerSource = 'setting' | 'bundled' | 'path';

export interface ResolvedServer {
  command: string;
  source: ServerSource;
}

/**
 * The `vigil` binary to start, in this order: the `vigil.server.path` setting when it
 * is not empty; the binary bundled at `<extension>/bin/vigil` when it exists; `vigil`
 * on `PATH` otherwise.
 */
export function resolveServer(context: vscode.ExtensionContext): ResolvedServer {
  const configured = vscode.workspace.getConfiguration('vigil').get<string>('server.path', '').trim();
  if (configured) {
    return { command: expandPath(configured), source: 'setting' };
  }
  const exe = process.platform === 'win32' ? 'vigil.exe' : 'vigil';
  const bundled = context.asAbsolutePath(path.join('bin', exe));
  if (isExecutableFile(bundled)) {
    return { command: bundled, source: 'bundled' };
  }
  return { command: 'vigil', source: 'path' };
}

/**
 * `~` is the home directory, `${workspaceFolder}` the first workspace folder, and a
 * relative path is taken from the first workspace folder, so a workspace setting such
 * as `target/debug/vigil` works.
 */
function expandPath(p: string): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  let out = p;
  if (out === '~' || out.startsWith('~/')) {
    out = path.join(os.homedir(), out.slice(1));
  }
  if (folder) {
    out = out.replace(/\$\{workspaceFolder\}/g, folder);
    if (!path.isAbsolute(out) && (out.includes('/') || out.includes('\\'))) {
      out = path.join(folder, out);
    }
  }
  return out;
}

function isExecutableFile(p: string): boolean {
  try {
    if (!fs.statSync(p).isFile()) {
      return false;
    }
    if (process.platform !== 'win32') {
      fs.accessSync(p, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}
