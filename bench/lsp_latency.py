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
    def __init__(self, binary, root):
        wrap = os.environ.get("VIGIL_WRAP", "").split()
        log = os.environ.get("VIGIL_LOG_FILE")
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
    try:
        text = generate(root)
        server = Server(binary, root)
        server.initialize()
        uri = "file://" + os.path.join(root, "main.tf")
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "terraform",
                                                                "version": 1, "text": text}})
        _, first = server.wait_diagnostics(uri, 1)
        lines = text.split("\n")
        random.seed(7)
        samples = []
        for version in range(2, EDITS + 2):
            # A one-character edit inside a bucket name or a tag value.
            line = random.choice([i for i, l in enumerate(lines) if "bucket =" in l])
            col = lines[line].index('"') + 1
            sent = time.perf_counter()
            server.notify("textDocument/didChange", {
                "textDocument": {"uri": uri, "version": version},
                "contentChanges": [{"range": {"start": {"line": line, "character": col},
                                              "end": {"line": line, "character": col}}, "text": "x"}]})
            got, _ = server.wait_diagnostics(uri, version)
            samples.append((got - sent) * 1000 - DEBOUNCE_MS)
        rss_bench = server.rss_kib()
        server.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)

    samples.sort()
    q = lambda p: samples[min(len(samples) - 1, int(len(samples) * p))]
    print(f"main.tf: 2000 lines, {len(first['diagnostics'])} diagnostics; {EDITS} one-character edits, debounce {DEBOUNCE_MS} ms subtracted")
    print(f"didChange -> publishDiagnostics: p50 {q(0.50):.1f} ms  p95 {q(0.95):.1f} ms  p99 {q(0.99):.1f} ms  max {samples[-1]:.1f} ms  mean {statistics.mean(samples):.1f} ms")
    print(f"RSS: {rss_testdata / 1024:.1f} MiB after scanning testdata/ ({scan_s * 1000:.0f} ms to first analysis); {rss_bench / 1024:.1f} MiB after the edits")


if __name__ == "__main__":
    main()
