#!/usr/bin/env python3
"""Latency of the language server: from a `didChange` to the `publishDiagnostics`
of that version, over stdio, on a generated 2,000-line main.tf with variables and the
built-in policies. Prints p50/p95/p99 minus the debounce, and the server's RSS after
the initial scan of testdata/.

    python3 bench/lsp_latency.py [path/to/vigil]
"""
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import queue

DEBOUNCE_MS = 50
EDITS = 200


class Server:
    """A `vigil lsp` child over stdio. With a log file (`log`, or the VIGIL_LOG_FILE
    environment variable) it logs at debug level there, `analysis took ...` included."""

    def __init__(self, binary, root, log=None):
        wrap = os.environ.get("VIGIL_WRAP", "").split()
        log = log or os.environ.get("VIGIL_LOG_FILE")
        self.proc = subprocess.Popen(wrap + [binary, "lsp", "--log-level", "debug" if log else "error"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=open(log, "a") if log else subprocess.DEVNULL)
        self.messages = queue.Queue()
        self.next_id = 1
        self.root = root
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    self.messages.put((time.perf_counter(), None))  # the server exited
                    return
                line = line.strip()
                if not line:
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
            body = out.read(length)
            self.messages.put((time.perf_counter(), json.loads(body)))

    def send(self, msg):
        body = json.dumps(msg).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.proc.stdin.flush()

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            _, msg = self.next_message()
            if msg.get("id") == rid and "method" not in msg:
                return msg.get("result")

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def next_message(self, timeout=60):
        t, msg = self.messages.get(timeout=timeout)
        if msg is None:
            self.messages.put((t, None))
            raise RuntimeError(f"the server exited (status {self.proc.wait()})")
        # Answer the server's own requests as an editor would.
        if "id" in msg and "method" in msg:
            settings = {"debounceMs": DEBOUNCE_MS, **json.loads(os.environ.get("VIGIL_SETTINGS", "{}"))}
            result = [settings] * len(msg["params"].get("items", [1])) \
                if msg["method"] == "workspace/configuration" else None
            self.send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
        return t, msg

    def initialize(self):
        uri = "file://" + self.root
        self.request("initialize", {"processId": os.getpid(), "rootUri": uri,
                                    "capabilities": {"workspace": {"configuration": True}},
                                    "workspaceFolders": [{"uri": uri, "name": "bench"}]})
        self.notify("initialized", {})

    def wait_diagnostics(self, uri, version):
        while True:
            t, msg = self.next_message()
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == uri \
                    and msg["params"].get("version") == version:
                return t, msg["params"]

    def rss_kib(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
        return 0

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:
            self.proc.kill()


def generate(root):
    lines = ['variable "env" { default = "prod" }', 'variable "open" { default = "0.0.0.0/0" }',
             'locals {', '  prefix = "acme-${var.env}"', '  tags = { Owner = "platform" }', '}', '']
    with open(os.path.join(root, "variables.tf"), "w") as f:
        f.write("\n".join(lines))
    out, n = [], 0
    while len(out) < 2000:
        out += [f'resource "aws_s3_bucket" "b{n}" {{', f'  bucket = "${{local.prefix}}-{n}"',
                f'  acl    = "{"public-read" if n % 7 == 0 else "private"}"', '  tags   = local.tags',
                '  versioning {', f'    enabled = {"false" if n % 3 == 0 else "true"}', '  }', '}', '']
        out += [f'resource "aws_security_group" "sg{n}" {{', f'  name = "sg-{n}"', '  ingress {',
                '    from_port   = 22', '    to_port     = 22', '    protocol    = "tcp"',
                f'    cidr_blocks = [{"var.open" if n % 5 == 0 else chr(34) + "10.0.0.0/8" + chr(34)}]', '  }', '}', '']
        n += 1
    text = "\n".join(out[:2000]) + "\n"
    with open(os.path.join(root, "main.tf"), "w") as f:
        f.write(text)
    return text


_DURATION = re.compile(r"analysis took ([0-9.]+)(ns|µs|us|ms|s)\b")
_UNIT_MS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def analysis_times(log_text):
    """The `analysis took <Duration:?>` lines of a debug log, in milliseconds."""
    return [float(v) * _UNIT_MS[u] for v, u in _DURATION.findall(log_text)]


def quantile(samples, p):
    s = sorted(samples)
    return s[min(len(s) - 1, int(len(s) * p))]


class KeystrokeBench:
    """A server on a generated 2,000-line main.tf in `root` (written here), opened and
    analysed once; each `edit()` types one character into a bucket name and returns the
    milliseconds to the diagnostics of that version, minus the debounce."""

    def __init__(self, binary, root, log=None, seed=7):
        self.text = generate(root)
        self.lines = self.text.split("\n")
        self.server = Server(binary, root, log=log)
        self.server.initialize()
        self.uri = "file://" + os.path.join(root, "main.tf")
        self.server.notify("textDocument/didOpen", {"textDocument": {
            "uri": self.uri, "languageId": "terraform", "version": 1, "text": self.text}})
        _, self.first = self.server.wait_diagnostics(self.uri, 1)
        self.version = 1
        self.random = random.Random(seed)
        self.candidates = [i for i, l in enumerate(self.lines) if "bucket =" in l]

    def edit(self):
        # A one-character edit inside a bucket name.
        line = self.random.choice(self.candidates)
        col = self.lines[line].index('"') + 1
        self.version += 1
        sent = time.perf_counter()
        self.server.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                          "end": {"line": line, "character": col}}, "text": "x"}]})
        got, _ = self.server.wait_diagnostics(self.uri, self.version)
        return (got - sent) * 1000 - DEBOUNCE_MS


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "target/release/vigil"
    binary = os.path.abspath(binary)
    repo = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

    # RSS after the initial scan of testdata/.
    server = Server(binary, os.path.join(repo, "testdata"))
    server.initialize()
    start = time.perf_counter()
    while True:
        _, msg = server.next_message()
        if msg.get("method") == "vigil/status":
            break
    scan_s = time.perf_counter() - start
    rss_testdata = server.rss_kib()
    server.close()

    root = tempfile.mkdtemp()
    log = os.environ.get("VIGIL_LOG_FILE")
    log_start = os.path.getsize(log) if log and os.path.exists(log) else 0
    try:
        bench = KeystrokeBench(binary, root)
        first = bench.first
        samples = [bench.edit() for _ in range(EDITS)]
        rss_bench = bench.server.rss_kib()
        bench.server.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)

    samples.sort()
    q = lambda p: quantile(samples, p)
    print(f"main.tf: 2000 lines, {len(first['diagnostics'])} diagnostics; {EDITS} one-character edits, debounce {DEBOUNCE_MS} ms subtracted")
    print(f"didChange -> publishDiagnostics: p50 {q(0.50):.1f} ms  p95 {q(0.95):.1f} ms  p99 {q(0.99):.1f} ms  max {samples[-1]:.1f} ms  mean {statistics.mean(samples):.1f} ms")
    if log:
        with open(log, encoding="utf-8", errors="replace") as f:
            f.seek(log_start)
            took = analysis_times(f.read())[-EDITS:]
        if took:
            print(f"server analysis per edit (VIGIL_LOG_FILE): median {statistics.median(took):.1f} ms  p95 {quantile(took, 0.95):.1f} ms")
    print(f"RSS: {rss_testdata / 1024:.1f} MiB after scanning testdata/ ({scan_s * 1000:.0f} ms to first analysis); {rss_bench / 1024:.1f} MiB after the edits")


if __name__ == "__main__":
    main()
