#!/usr/bin/env python3
"""Latency of the policy editor over stdio: completion of `input.resource.values.`,
hovers, and a policy edit until that policy's own diagnostics, on a generated
2,000-line policy in a workspace of 1,000 resources (bench/generate.py) with the
built-in packs. Prints p50/p95/max per request kind (issue 12's targets: completion
and hover p95 <= 20 ms, policy edit -> its diagnostics <= 50 ms after the debounce).

    python3 bench/rego_latency.py [path/to/vigil] [resources]
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from lsp_latency import DEBOUNCE_MS, Server, quantile  # noqa: E402

SAMPLES = 100


def policy_text():
    """A policy of about 2,000 lines: METADATA, a `deny` rule and many helpers."""
    head = [
        "# METADATA", "# title: Buckets are private and versioned", "# custom:", "#   id: BENCH-001",
        "#   severity: high", "#   enforcement: mandatory", "#   resources: [aws_s3_bucket]",
        "package bench.buckets", "", "import data.vigil.lib", "import rego.v1", "",
        "deny contains result if {", "\tinput.resource.values.acl == \"public-read\"",
        "\tresult := {\"msg\": sprintf(\"bucket %s is public\", [input.resource.values.bucket]), \"path\": \"/acl\"}",
        "}", "",
    ]
    body = []
    n = 0
    while len(head) + len(body) < 1990:
        body += [f"helper_{n}(r) := v if {{", f"\tv := count(r.tags) + {n}", "\tv > 0", "}", "",
                 f"rule_{n} if {{", f"\tsome k, _ in input.resource.values.tags", f"\tstartswith(k, \"t{n}\")", "}", ""]
        n += 1
    return "\n".join(head + body) + "\n"


def position(text, marker, after=True):
    offset = text.index(marker) + (len(marker) if after else 0)
    line = text.count("\n", 0, offset)
    return {"line": line, "character": offset - (text.rfind("\n", 0, offset) + 1)}


def timed(server, method, params, samples):
    out = []
    for _ in range(samples):
        start = time.perf_counter()
        result = server.request(method, params)
        out.append((time.perf_counter() - start) * 1000)
        if not result:
            sys.exit(f"{method} answered nothing: {result!r}")
    return out


def report(name, samples):
    samples = sorted(samples)
    print(f"{name}: p50 {quantile(samples, 0.50):.1f} ms  p95 {quantile(samples, 0.95):.1f} ms  "
          f"max {samples[-1]:.1f} ms  ({len(samples)} requests)")


def main():
    binary = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else "target/release/vigil")
    resources = sys.argv[2] if len(sys.argv) > 2 else "1000"
    root = tempfile.mkdtemp(prefix="vigil-rego-bench-")
    try:
        here = os.path.dirname(os.path.abspath(__file__))
        subprocess.run([sys.executable, os.path.join(here, "generate.py"), resources, root], check=True,
                       stdout=subprocess.DEVNULL)
        os.makedirs(os.path.join(root, "policies"), exist_ok=True)
        with open(os.path.join(root, "vigil.toml"), "w") as f:
            f.write('[policies]\ndirs = ["policies"]\n')
        text = policy_text()
        path = os.path.join(root, "policies", "buckets.rego")
        with open(path, "w") as f:
            f.write(text)
        server = Server(binary, root)
        server.initialize()
        uri = "file://" + path
        server.notify("textDocument/didOpen",
                      {"textDocument": {"uri": uri, "languageId": "rego", "version": 1, "text": text}})
        server.wait_diagnostics(uri, 1)
        # The policy's own diagnostics come before the analysis ends: wait for its end
        # (`vigil/status`), after which requests read the new snapshot.
        while server.next_message()[1].get("method") != "vigil/status":
            pass
        doc = {"textDocument": {"uri": uri}}
        print(f"policy: {text.count(chr(10))} lines; workspace: {resources} resources (bench/generate.py)")
        # The first request builds the policy indexes and value shapes (once per analysis).
        first = timed(server, "textDocument/completion",
                      {**doc, "position": position(text, "\tinput.resource.values.")}, 1)
        print(f"first completion (indexes and shapes made): {first[0]:.1f} ms")
        report("completion input.resource.values.",
               timed(server, "textDocument/completion", {**doc, "position": position(text, "\tinput.resource.values.")}, SAMPLES))
        report("completion of a name in a body",
               timed(server, "textDocument/completion", {**doc, "position": position(text, "\tstartswith", after=False)}, SAMPLES))
        report("hover on a built-in",
               timed(server, "textDocument/hover", {**doc, "position": position(text, "sprintf", after=False)}, SAMPLES))
        report("hover on input.resource.values.acl",
               timed(server, "textDocument/hover", {**doc, "position": position(text, "values.ac")}, SAMPLES))
        # A policy edit until that policy's diagnostics: a new text every time (a string
        # of the `deny` rule changed), every other one with the last `}` removed.
        edits = []
        version = 1
        for i in range(20):
            version += 1
            new = text.replace("is public", f"is public ({i})")
            if i % 2 == 0:
                new = new.rstrip("\n")[:-1] + "\n"
            start = time.perf_counter()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [{"text": new}]})
            t, _ = server.wait_diagnostics(uri, version)
            edits.append((t - start) * 1000 - DEBOUNCE_MS)
            while server.next_message()[1].get("method") != "vigil/status":
                pass  # the rest of the analysis, before the next edit
        report(f"policy edit -> its diagnostics (debounce {DEBOUNCE_MS} ms subtracted)", edits)
        print(f"RSS: {server.rss_kib() / 1024:.1f} MiB")
        server.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
