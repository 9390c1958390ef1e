#!/usr/bin/env python3
"""One table of the engine's speed and scale figures (issue 10), for one or more builds.

    python3 bench/table.py                                  # target/release/vigil
    python3 bench/table.py --bin before=/tmp/vigil-before/vigil --bin after=target/release/vigil
    python3 bench/table.py --quick                          # smoke run, well under a minute
    python3 bench/table.py --rows load,realworld            # only some rows
    python3 bench/table.py --rows=-check-100k               # all rows but one

Each `--bin` adds a column (`label=PATH`, or just PATH). The binaries are copied to a
temporary directory first, so a rebuild during the run does not change what is measured.
With several binaries every repetition runs each of them in turn (A, B, A, B, ...), so
machine noise hits them alike.

Rows (names for --rows: a group, or one of its sizes; a leading `-` leaves a row out):

  load-30, load-300, load-1000   `vigil check --no-builtin --policy-dir D --timings` of a
                                 one-resource workspace, D holding copies of the built-in
                                 policies (package and id renamed per copy) and their
                                 libraries: the "load policies" phase
  realworld                      `vigil check testdata/realworld`: wall and "load policies"
  keystroke                      language server, one-character edits of a 2,000-line
                                 main.tf (bench/lsp_latency.py): didChange ->
                                 publishDiagnostics minus the debounce, and the server's
                                 own `analysis took` per edit from its debug log
  policy-edit                    language server, a workspace of 1,000 Terraform resources
                                 and a user copy of s3_versioning in its policy directory
                                 (vigil.toml `policies.dirs`): edits of a `msg` in the open
                                 .rego until main.tf's diagnostics show the new message
  s3-500, s3-1000                one Terraform directory of N private aws_s3_bucket, each
                                 with versioning, KMS encryption, a public access block and
                                 access logging: "evaluate" phase and wall
  check-1k, check-10k, check-100k  `vigil check` of bench/generate.py workspaces: wall and
                                 peak RSS
  server-rss-1k                  `vigil lsp` on the bench/generate.py 1,000-resource
                                 workspace: resident memory after its first analysis

With --quick the sizes are smaller (the row names stay). Progress goes to stderr; the
machine, the binaries and the Markdown table go to stdout. A measurement that fails or
times out shows `error: ...` in its cell.
"""
import argparse
import glob
import json
import os
import platform
import queue
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
sys.path.insert(0, HERE)
import generate  # noqa: E402
import lsp_latency  # noqa: E402

# Per-run timeouts, seconds.
TIMEOUT = 600
TIMEOUT_SLOW = 1200


def log(msg):
    print(f"[table {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Formatting.

def fmt_ms(ms):
    if ms is None:
        return "-"
    if ms >= 10000:
        return f"{ms / 1000:.1f} s"
    if ms >= 1000:
        return f"{ms / 1000:.2f} s"
    if ms >= 100:
        return f"{ms:.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def fmt_mib(kib):
    return f"{kib / 1024:.0f} MiB"


def thousands(n):
    return f"{n:,}" if isinstance(n, int) else "?"


# ---------------------------------------------------------------------------
# Running `vigil check`.

class RunError(Exception):
    pass


_PHASE = re.compile(r"^(\S.*?)\s+([0-9.]+)\s*(ns|µs|us|ms|s)\s*$")
_UNIT_MS = {"ns": 1e-6, "µs": 1e-3, "us": 1e-3, "ms": 1.0, "s": 1000.0}


def phases(stderr):
    """`--timings` lines (`load policies    290.5 ms`) as {phase: ms}."""
    out = {}
    for line in stderr.splitlines():
        m = _PHASE.match(line.strip())
        if m:
            out[m.group(1)] = float(m.group(2)) * _UNIT_MS[m.group(3)]
    return out


def run_check(binary, args, work, timeout=TIMEOUT, cwd=None):
    """Runs `binary check ARGS --format json --timings` once. Returns
    {wall_ms, rss_kib, rc, json, phases}; raises RunError on a timeout, a crash, exit
    status 2 or more, or output that is not the JSON report."""
    out_path = os.path.join(work, "stdout.json")
    err_path = os.path.join(work, "stderr.txt")
    argv = [binary, "check", *args, "--format", "json", "--timings"]
    with open(out_path, "wb") as out, open(err_path, "wb") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out, stderr=err, stdin=subprocess.DEVNULL, cwd=cwd)
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            proc.kill()

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            timer.cancel()
        wall_ms = (time.perf_counter() - start) * 1000
    proc.returncode = os.waitstatus_to_exitcode(status)
    with open(err_path, encoding="utf-8", errors="replace") as f:
        stderr = f.read()
    if timed_out.is_set():
        raise RunError(f"timed out after {timeout} s")
    rc = proc.returncode
    tail = " ".join(stderr.strip().splitlines()[-3:])[:300]
    if rc < 0:
        raise RunError(f"killed by signal {-rc} {tail}".strip())
    if rc >= 2:
        # Exit 2: errors (for example a policy that does not parse), in the report.
        try:
            with open(out_path) as f:
                report = json.load(f)
            errors = [f"{d['file']}: {d['message']}" for d in report.get("diagnostics", [])
                      if d.get("severity") == "error"]
        except Exception:
            errors = []
        raise RunError(f"exit status {rc}: " + ("; ".join(errors[:3]) or tail))
    try:
        with open(out_path) as f:
            report = json.load(f)
    except Exception as e:
        raise RunError(f"no JSON report ({e}) {tail}")
    return {"wall_ms": wall_ms, "rss_kib": usage.ru_maxrss, "rc": rc, "json": report,
            "phases": phases(stderr)}


# ---------------------------------------------------------------------------
# Generated inputs.

def policy_copies(n, out):
    """n policies under out/: the built-in ones of policies/ (policy.rego, no tests)
    copied over and over, copy k with `_k<k>` appended to the package and `-K<k>` to
    the METADATA custom.id; the libraries of policies/lib once."""
    sources = sorted(glob.glob(os.path.join(REPO, "policies", "*", "*", "policy.rego")))
    if not sources:
        raise RunError("no policies/*/*/policy.rego")
    lib = os.path.join(out, "lib")
    os.makedirs(lib, exist_ok=True)
    for f in sorted(glob.glob(os.path.join(REPO, "policies", "lib", "*.rego"))):
        if not f.endswith("_test.rego"):
            shutil.copy(f, lib)
    made, k = 0, 0
    while made < n:
        for src in sources:
            if made == n:
                break
            with open(src) as f:
                text = f.read()
            text, packages = re.subn(r"^(package\s+[\w.]+)", rf"\g<1>_k{k}", text, count=1, flags=re.M)
            text, ids = re.subn(r"^(#\s+id:\s*)(\S+)", rf"\g<1>\g<2>-K{k}", text, count=1, flags=re.M)
            if packages != 1 or ids != 1:
                raise RunError(f"{os.path.relpath(src, REPO)}: no package or no METADATA id to rename")
            rel = os.path.relpath(os.path.dirname(src), os.path.join(REPO, "policies"))
            dest = os.path.join(out, f"copy{k:03d}", rel)
            os.makedirs(dest, exist_ok=True)
            with open(os.path.join(dest, "policy.rego"), "w") as f:
                f.write(text)
            made += 1
        k += 1


def s3_buckets(dir_, n):
    """One Terraform directory of n private buckets, each with versioning, KMS default
    encryption, a public access block and access logging (provider >= 4 resources), and
    the log bucket they write to: 5n + 6 resources, no finding expected."""
    os.makedirs(dir_, exist_ok=True)
    out = ['variable "env" {\n  default = "prod"\n}\n',
           'locals {\n  tags = { Owner = "data-platform", Env = var.env }\n}\n',
           'resource "aws_kms_key" "s3" {\n  description         = "S3 default encryption"\n  enable_key_rotation = true\n}\n',
           '''resource "aws_s3_bucket" "logs" {
  bucket = "acme-${var.env}-s3-access-logs"
  tags   = local.tags
}

resource "aws_s3_bucket_versioning" "logs" {
  bucket = aws_s3_bucket.logs.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "logs" {
  bucket                  = aws_s3_bucket.logs.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}
''']
    for i in range(n):
        b = f"data{i}"
        out.append(f'''resource "aws_s3_bucket" "{b}" {{
  bucket = "acme-${{var.env}}-data-{i}"
  tags   = merge(local.tags, {{ Name = "data-{i}" }})
}}

resource "aws_s3_bucket_versioning" "{b}" {{
  bucket = aws_s3_bucket.{b}.id
  versioning_configuration {{
    status = "Enabled"
  }}
}}

resource "aws_s3_bucket_server_side_encryption_configuration" "{b}" {{
  bucket = aws_s3_bucket.{b}.id
  rule {{
    apply_server_side_encryption_by_default {{
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.s3.arn
    }}
    bucket_key_enabled = true
  }}
}}

resource "aws_s3_bucket_public_access_block" "{b}" {{
  bucket                  = aws_s3_bucket.{b}.id
  block_public_acls       = true
  ignore_public_acls      = true
  block_public_policy     = true
  restrict_public_buckets = true
}}

resource "aws_s3_bucket_logging" "{b}" {{
  bucket        = aws_s3_bucket.{b}.id
  target_bucket = aws_s3_bucket.logs.id
  target_prefix = "data-{i}/"
}}
''')
    with open(os.path.join(dir_, "main.tf"), "w") as f:
        f.write("\n".join(out))


# ---------------------------------------------------------------------------
# Table lines and the repetition loop.

class Line:
    """One line of the table: a measurement and a metric, one cell per binary."""

    def __init__(self, row, what, metric):
        self.row, self.what, self.metric = row, what, metric
        self.cells = {}
        self.values = {}  # label -> number, for the change column

    def set(self, label, value, text):
        self.values[label] = value
        self.cells[label] = text

    def error(self, label, msg):
        self.cells[label] = "error: " + str(msg).replace("|", "/").replace("\n", " ")[:200]


def repeat(bins, name, once, max_runs, budget_s):
    """Calls once(label, binary, run) up to max_runs times per binary, interleaved
    (A B A B ...), stopping after a round once any binary has spent budget_s in total.
    Returns ({label: [results]}, {label: error}); a binary that fails is not run again."""
    results = {label: [] for label, _ in bins}
    errors = {}
    spent = {label: 0.0 for label, _ in bins}
    for run in range(1, max_runs + 1):
        for label, binary in bins:
            if label in errors:
                continue
            log(f"{name}: run {run}/{max_runs}, {label}")
            start = time.perf_counter()
            try:
                results[label].append(once(label, binary, run))
            except Exception as e:  # noqa: BLE001 - a cell shows it
                errors[label] = f"{type(e).__name__}: {e}" if not isinstance(e, RunError) else str(e)
                log(f"{name}: {label}: error: {errors[label]}")
            spent[label] += time.perf_counter() - start
        if len(errors) == len(bins) or max(spent.values()) >= budget_s:
            break
    return results, errors


def runs_note(results):
    counts = sorted({len(r) for r in results.values() if r})
    return "/".join(str(c) for c in counts) or "0"


# ---------------------------------------------------------------------------
# The rows.

def row_load(ctx, count, size_name):
    name = f"load-{size_name}"
    work = ctx.tmp(name)
    dirs = os.path.join(work, "policies")
    ws = os.path.join(work, "ws")
    os.makedirs(ws)
    with open(os.path.join(ws, "main.tf"), "w") as f:
        f.write('resource "aws_s3_bucket" "b" {\n  bucket = "acme-bench"\n}\n')
    line = Line(1, f"policy loading, {thousands(count)} policies (`--no-builtin --policy-dir`)",
                "load policies phase, median")
    try:
        policy_copies(count, dirs)
    except Exception as e:  # noqa: BLE001
        for label, _ in ctx.bins:
            line.error(label, e)
        return [line]

    def once(label, binary, run):
        r = run_check(binary, [ws, "--no-builtin", "--policy-dir", dirs], work, timeout=TIMEOUT_SLOW)
        loaded = r["json"]["summary"]["policies"]
        bad = [f"{d['file']}: {d['code']}: {d['message']}" for d in r["json"]["diagnostics"]
               if d["file"].endswith(".rego") or d["code"].startswith("policy")]
        if bad or loaded != count:
            raise RunError(f"{loaded} of {count} policies loaded; {len(bad)} policy diagnostics: "
                           + "; ".join(bad[:3]))
        if "load policies" not in r["phases"]:
            raise RunError("no 'load policies' line in the --timings output")
        return r["phases"]["load policies"]

    results, errors = repeat(ctx.bins, name, once, ctx.runs(5), ctx.budget(60))
    line.metric += f" of {runs_note(results)}"
    for label, _ in ctx.bins:
        if results[label]:
            m = statistics.median(results[label])
            line.set(label, m, fmt_ms(m))
        if label in errors:
            line.error(label, errors[label])
    return [line]


def row_realworld(ctx):
    path = os.path.join(REPO, "testdata", "realworld")
    info = {}

    def once(label, binary, run):
        r = run_check(binary, [path], ctx.tmp("realworld"))
        info.setdefault("resources", r["json"]["summary"]["resources"])
        return r["wall_ms"], r["phases"].get("load policies")

    results, errors = repeat(ctx.bins, "realworld", once, ctx.runs(10), ctx.budget(30))
    what = f"cold `vigil check testdata/realworld` ({thousands(info.get('resources'))} resources)"
    n = runs_note(results)
    wall = Line(2, what, f"wall, median of {n}")
    load = Line(2, what, f"load policies phase, median of {n}")
    for label, _ in ctx.bins:
        if results[label]:
            w = statistics.median(x[0] for x in results[label])
            wall.set(label, w, fmt_ms(w))
            loads = [x[1] for x in results[label] if x[1] is not None]
            if loads:
                m = statistics.median(loads)
                load.set(label, m, fmt_ms(m))
        if label in errors:
            wall.error(label, errors[label])
            load.error(label, errors[label])
    return [wall, load]


def read_log(path, offset):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            f.seek(offset)
            return f.read()
    except OSError:
        return ""


def describe(e):
    if isinstance(e, queue.Empty):
        return "the server sent nothing for 60 s"
    return str(e) if isinstance(e, RunError) else f"{type(e).__name__}: {e}"


def lsp_rows(ctx, name, row, what, start_session, edits):
    """Interleaved language-server edits: start_session(label, binary, log) -> session
    with .edit() -> ms and .server; one edit per binary per round. Returns lines for
    end-to-end p50/p95 and the server's analysis median/p95."""
    sessions, errors, samples, offsets, logs = {}, {}, {}, {}, {}
    debounce = lsp_latency.DEBOUNCE_MS
    for label, binary in ctx.bins:
        logs[label] = os.path.join(ctx.tmp(f"{name}-log-{label}"), "server.log")
        log(f"{name}: starting the server, {label}")
        try:
            sessions[label] = start_session(label, binary, logs[label])
            time.sleep(0.5)  # let a queued initial analysis finish before the log offset
            offsets[label] = os.path.getsize(logs[label]) if os.path.exists(logs[label]) else 0
            samples[label] = []
        except Exception as e:  # noqa: BLE001
            errors[label] = "start: " + describe(e)
            log(f"{name}: {label}: error: {errors[label]}")
    log(f"{name}: {edits} edits per binary")
    for i in range(edits):
        for label, _ in ctx.bins:
            if label in errors:
                continue
            try:
                samples[label].append(sessions[label].edit())
            except Exception as e:  # noqa: BLE001
                errors[label] = f"edit {i + 1}: {describe(e)}"
                log(f"{name}: {label}: error: {errors[label]}")
        if (i + 1) % 50 == 0:
            log(f"{name}: {i + 1}/{edits} edits")
    for label, s in sessions.items():
        try:
            s.server.close()
        except Exception:  # noqa: BLE001
            pass
    e2e_p50 = Line(row, what, f"didChange → publishDiagnostics − {debounce} ms debounce, p50")
    e2e_p95 = Line(row, what, f"didChange → publishDiagnostics − {debounce} ms debounce, p95")
    an_med = Line(row, what, "server `analysis took` per edit, median")
    an_p95 = Line(row, what, "server `analysis took` per edit, p95")
    lines = [e2e_p50, e2e_p95, an_med, an_p95]
    for label, _ in ctx.bins:
        got = samples.get(label) or []
        if got:
            p50, p95 = lsp_latency.quantile(got, 0.5), lsp_latency.quantile(got, 0.95)
            e2e_p50.set(label, p50, fmt_ms(p50))
            e2e_p95.set(label, p95, fmt_ms(p95))
            took = lsp_latency.analysis_times(read_log(logs[label], offsets[label]))
            if took:
                med, p95a = statistics.median(took), lsp_latency.quantile(took, 0.95)
                an_med.set(label, med, fmt_ms(med) + ("" if len(took) == len(got) else f" ({len(took)} analyses)"))
                an_p95.set(label, p95a, fmt_ms(p95a))
            else:
                for ln in (an_med, an_p95):
                    ln.error(label, "no `analysis took` line in the server's debug log")
        if label in errors:
            for ln in lines:
                ln.error(label, errors[label])
    n = "/".join(sorted({str(len(samples.get(label) or [])) for label, _ in ctx.bins}))
    for ln in lines:
        ln.what += f", {n} edits"
    return lines


def row_keystroke(ctx):
    def start(label, binary, log_path):
        return lsp_latency.KeystrokeBench(binary, ctx.tmp(f"keystroke-{label}"), log=log_path)

    return lsp_rows(ctx, "keystroke", 3, "keystroke → diagnostics, 2,000-line main.tf (language server)",
                    start, ctx.pick(200, 10))


POLICY = os.path.join(REPO, "policies", "aws", "s3_versioning", "policy.rego")
MSG = '"msg": "S3 bucket versioning is disabled (versioning.enabled = false)'
TOKEN = "EDIT0000"


def policy_workspace(root, resources):
    """A Terraform directory of `resources` resources (bench/generate.py's Terraform),
    vigil.toml with `policies.dirs = ["policies"]`, and a user copy of the built-in
    s3_versioning policy (own package and id) whose `enabled = false` message starts with
    TOKEN. Returns (main.tf path, policy path, policy text)."""
    generate.terraform(root, 0, resources)
    with open(os.path.join(root, "vigil.toml"), "w") as f:
        f.write('[policies]\ndirs = ["policies"]\n')
    with open(POLICY) as f:
        text = f.read()
    if MSG not in text:
        raise RunError(f"{os.path.relpath(POLICY, REPO)} no longer has the message {MSG!r}")
    text = re.sub(r"^package\s+[\w.]+", "package vigil.user.s3_versioning", text, count=1, flags=re.M)
    text = re.sub(r"^(#\s+id:\s*)\S+", r"\g<1>USR-S3-002", text, count=1, flags=re.M)
    text = text.replace(MSG, MSG.replace('"S3', f'"{TOKEN} S3'), 1)
    policy = os.path.join(root, "policies", "user", "s3_versioning", "policy.rego")
    os.makedirs(os.path.dirname(policy))
    with open(policy, "w") as f:
        f.write(text)
    return os.path.join(root, "main.tf"), policy, text


class PolicyEditSession:
    """The server on policy_workspace(); each edit() rewrites TOKEN in the open .rego to
    the next number and returns the milliseconds until main.tf's diagnostics carry it,
    minus the debounce."""

    def __init__(self, binary, root, resources, log_path):
        tf, policy, text = policy_workspace(root, resources)
        self.tf_uri = "file://" + tf
        self.uri = "file://" + policy
        lines = text.split("\n")
        self.line = next(i for i, l in enumerate(lines) if TOKEN in l)
        self.col = lines[self.line].index(TOKEN)  # ASCII line: UTF-16 column = index
        self.server = lsp_latency.Server(binary, root, log=log_path)
        try:
            self.server.initialize()
            self.server.notify("textDocument/didOpen", {"textDocument": {
                "uri": self.uri, "languageId": "rego", "version": 1, "text": text}})
            self.version = 1
            self.wait(TOKEN)
        except BaseException:
            self.server.proc.kill()
            raise

    def wait(self, token, timeout=300):
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise RunError(f"no diagnostics with {token} for main.tf within {timeout} s")
            try:
                t, msg = self.server.next_message(timeout=left)
            except queue.Empty:
                raise RunError(f"no diagnostics with {token} for main.tf within {timeout} s") from None
            if msg.get("method") == "textDocument/publishDiagnostics" and msg["params"]["uri"] == self.tf_uri \
                    and any(token in d.get("message", "") for d in msg["params"]["diagnostics"]):
                return t

    def edit(self):
        self.version += 1
        token = f"EDIT{self.version:04d}"
        sent = time.perf_counter()
        self.server.notify("textDocument/didChange", {
            "textDocument": {"uri": self.uri, "version": self.version},
            "contentChanges": [{"range": {"start": {"line": self.line, "character": self.col},
                                          "end": {"line": self.line, "character": self.col + len(TOKEN)}},
                                "text": token}]})
        got = self.wait(token)
        return (got - sent) * 1000 - lsp_latency.DEBOUNCE_MS


def row_policy_edit(ctx):
    resources = ctx.pick(1000, 200)

    def start(label, binary, log_path):
        return PolicyEditSession(binary, ctx.tmp(f"policy-edit-{label}"), resources, log_path)

    return lsp_rows(ctx, "policy-edit", 4,
                    f"policy edit → diagnostics, {thousands(resources)} Terraform resources + built-ins (language server)",
                    start, ctx.pick(40, 3))


def row_s3(ctx, buckets, size_name):
    name = f"s3-{size_name}"
    work = ctx.tmp(name)
    dir_ = os.path.join(work, "tf")
    s3_buckets(dir_, buckets)
    info = {}

    def once(label, binary, run):
        r = run_check(binary, [dir_], work, timeout=TIMEOUT_SLOW)
        info.setdefault("resources", r["json"]["summary"]["resources"])
        info.setdefault("findings", r["json"]["summary"]["findings"])
        if "evaluate" not in r["phases"]:
            raise RunError("no 'evaluate' line in the --timings output")
        return r["wall_ms"], r["phases"]["evaluate"]

    results, errors = repeat(ctx.bins, name, once, ctx.runs(3, 1), ctx.budget(60))
    what = (f"one Terraform directory, {thousands(buckets)} private `aws_s3_bucket` "
            f"({thousands(info.get('resources'))} resources, {info.get('findings', '?')} findings)")
    n = runs_note(results)
    ev = Line(5, what, f"evaluate phase, median of {n}")
    wall = Line(5, what, f"wall, median of {n}")
    for label, _ in ctx.bins:
        if results[label]:
            e = statistics.median(x[1] for x in results[label])
            w = statistics.median(x[0] for x in results[label])
            ev.set(label, e, fmt_ms(e))
            wall.set(label, w, fmt_ms(w))
        if label in errors:
            ev.error(label, errors[label])
            wall.error(label, errors[label])
    return [ev, wall]


def row_check(ctx, resources, size_name):
    name = f"check-{size_name}"
    work = ctx.tmp(name)
    ws = os.path.join(work, "ws")
    log(f"{name}: generating {thousands(resources)} resources")
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(resources), ws], check=True)
    info = {}

    def once(label, binary, run):
        r = run_check(binary, [ws], work, timeout=TIMEOUT_SLOW)
        info.setdefault("resources", r["json"]["summary"]["resources"])
        return r["wall_ms"], r["rss_kib"]

    results, errors = repeat(ctx.bins, name, once, ctx.runs(5 if resources <= 1000 else 3, 1), ctx.budget(60))
    what = f"cold `vigil check`, bench/generate.py {thousands(info.get('resources', resources))} resources"
    n = runs_note(results)
    wall = Line(6, what, f"wall, median of {n}")
    rss = Line(6, what, f"peak RSS, max of {n}")
    for label, _ in ctx.bins:
        if results[label]:
            w = statistics.median(x[0] for x in results[label])
            m = max(x[1] for x in results[label])
            wall.set(label, w, fmt_ms(w))
            rss.set(label, m, fmt_mib(m))
        if label in errors:
            wall.error(label, errors[label])
            rss.error(label, errors[label])
    return [wall, rss]


def row_server_rss(ctx, resources, size_name):
    """The language server's resident memory once it has analysed a bench/generate.py
    workspace (its first `vigil/status` notification)."""
    name = f"server-{size_name}"
    work = ctx.tmp(name)
    ws = os.path.join(work, "ws")
    log(f"{name}: generating {thousands(resources)} resources")
    subprocess.run([sys.executable, os.path.join(HERE, "generate.py"), str(resources), ws], check=True)

    def once(label, binary, run):
        server = lsp_latency.Server(binary, ws)
        try:
            server.initialize()
            while server.next_message(timeout=TIMEOUT_SLOW)[1].get("method") != "vigil/status":
                pass
            return server.rss_kib()
        finally:
            server.close()

    results, errors = repeat(ctx.bins, name, once, ctx.runs(3, 1), ctx.budget(60))
    n = runs_note(results)
    rss = Line(7, f"language server, bench/generate.py {thousands(resources)} resources",
               f"RSS after the workspace scan, max of {n}")
    for label, _ in ctx.bins:
        if results[label]:
            m = max(results[label])
            rss.set(label, m, fmt_mib(m))
        if label in errors:
            rss.error(label, errors[label])
    return [rss]


# (name, group, full size, quick size, function)
ROWS = [
    ("load-30", "load", 30, 10, row_load),
    ("load-300", "load", 300, 30, row_load),
    ("load-1000", "load", 1000, 60, row_load),
    ("realworld", "realworld", None, None, row_realworld),
    ("keystroke", "keystroke", None, None, row_keystroke),
    ("policy-edit", "policy-edit", None, None, row_policy_edit),
    ("s3-500", "s3", 500, 30, row_s3),
    ("s3-1000", "s3", 1000, 60, row_s3),
    ("check-1k", "check", 1000, 100, row_check),
    ("check-10k", "check", 10000, 300, row_check),
    ("check-100k", "check", 100000, 1000, row_check),
    ("server-rss-1k", "server-rss", 1000, 100, row_server_rss),
]


class Context:
    def __init__(self, bins, quick, tmp):
        self.bins, self.quick, self._tmp = bins, quick, tmp

    def tmp(self, name):
        path = tempfile.mkdtemp(prefix=re.sub(r"[^\w.-]", "_", name) + "-", dir=self._tmp)
        return path

    def pick(self, full, quick):
        return quick if self.quick else full

    def runs(self, full, quick=2):
        return quick if self.quick else full

    def budget(self, full_s):
        return 3 if self.quick else full_s


def select_rows(spec):
    names = [r[0] for r in ROWS]
    if not spec:
        return names
    items = [s.strip() for s in spec.split(",") if s.strip()]
    include = [s for s in items if not s.startswith("-")]
    exclude = [s[1:] for s in items if s.startswith("-")]

    def matches(item):
        found = [r[0] for r in ROWS if item in (r[0], r[1])]
        if not found:
            sys.exit(f"unknown row {item!r}; rows: {', '.join(names)} (groups: "
                     f"{', '.join(dict.fromkeys(r[1] for r in ROWS))})")
        return found

    chosen = [n for item in include for n in matches(item)] if include else list(names)
    dropped = {n for item in exclude for n in matches(item)}
    return [n for n in names if n in chosen and n not in dropped]


def parse_bins(specs):
    bins = []
    for spec in specs or ["target/release/vigil"]:
        label, path = spec, spec
        if "=" in spec and not os.path.exists(spec):
            label, path = spec.split("=", 1)
        path = os.path.abspath(os.path.join(REPO, path) if not os.path.isabs(path) and not os.path.exists(path) else path)
        if not (os.path.isfile(path) and os.access(path, os.X_OK)):
            sys.exit(f"not an executable: {path}")
        bins.append((label, path))
    if len({label for label, _ in bins}) != len(bins):
        sys.exit("two --bin have the same label: use label=PATH")
    return bins


def machine():
    model = "?"
    try:
        with open("/proc/cpuinfo") as f:
            model = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "?")
    except OSError:
        pass
    ram = "?"
    try:
        with open("/proc/meminfo") as f:
            kib = next(int(l.split()[1]) for l in f if l.startswith("MemTotal:"))
            ram = f"{kib / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    return f"{cpus} CPUs (nproc), {model}, {ram} RAM, {platform.system()} {platform.release()}; load average {load}"


def git_state():
    try:
        head = subprocess.run(["git", "-C", REPO, "rev-parse", "--short", "HEAD"], capture_output=True,
                              text=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", REPO, "status", "--porcelain", "--", "policies"],
                               capture_output=True, text=True).stdout.strip()
        return head + (" (policies/ has uncommitted changes)" if dirty else "")
    except OSError:
        return "?"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bin", action="append", metavar="[LABEL=]PATH",
                        help="a vigil binary, one column each (default: target/release/vigil)")
    parser.add_argument("--quick", action="store_true", help="small sizes and few repetitions (smoke test)")
    parser.add_argument("--rows", help="comma-separated rows or groups; -NAME leaves one out (--rows=-check-100k)")
    parser.add_argument("--keep", action="store_true", help="keep the generated inputs (path on stderr)")
    args = parser.parse_args()

    wanted = select_rows(args.rows)
    bins = parse_bins(args.bin)
    tmp = tempfile.mkdtemp(prefix="vigil-table-")
    started = time.perf_counter()
    try:
        # Snapshot the binaries: a rebuild during the run must not change what is measured.
        snap = []
        print(f"Machine: {machine()}")
        print(f"Repository: {git_state()}; {'--quick' if args.quick else 'full run'}; "
              f"{time.strftime('%Y-%m-%d %H:%M %Z')}")
        for i, (label, path) in enumerate(bins):
            copy = os.path.join(tmp, f"bin{i}", "vigil")
            os.makedirs(os.path.dirname(copy))
            shutil.copy2(path, copy)
            version = subprocess.run([copy, "--version"], capture_output=True, text=True).stdout.strip()
            mtime = time.strftime("%Y-%m-%d %H:%M", time.localtime(os.path.getmtime(path)))
            print(f"- `{label}`: {path} ({version}, built {mtime})")
            snap.append((label, copy))
        print(flush=True)
        ctx = Context(snap, args.quick, tmp)

        lines, took = [], []
        for name, group, full, quick, fn in ROWS:
            if name not in wanted:
                continue
            t0 = time.perf_counter()
            log(f"== {name}")
            try:
                if full is None:
                    got = fn(ctx)
                else:
                    got = fn(ctx, quick if args.quick else full, name.split("-", 1)[1])
            except Exception as e:  # noqa: BLE001 - one row must not sink the table
                ln = Line(next(i + 1 for i, g in enumerate(dict.fromkeys(r[1] for r in ROWS)) if g == group),
                          name, "")
                for label, _ in snap:
                    ln.error(label, f"{type(e).__name__}: {e}")
                got = [ln]
            lines += got
            took.append((name, time.perf_counter() - t0))
            log(f"== {name} done in {took[-1][1]:.0f} s")

        labels = [label for label, _ in snap]
        change = len(labels) == 2
        header = ["#", "measurement", "metric", *[f"`{l}`" for l in labels]] + ([f"`{labels[1]}` vs `{labels[0]}`"] if change else [])
        print("| " + " | ".join(header) + " |")
        print("|" + "|".join(["---:", "---", "---"] + ["---:"] * (len(header) - 3)) + "|")
        previous = None
        for ln in lines:
            what = ln.what if ln.what != previous else ""
            previous = ln.what
            cells = [ln.cells.get(l, "-") for l in labels]
            row = [str(ln.row), what, ln.metric, *cells]
            if change:
                a, b = ln.values.get(labels[0]), ln.values.get(labels[1])
                ok = a and b is not None and not any(c.startswith("error") for c in cells)
                row.append(f"{(b - a) / a * 100:+.0f}%" if ok else "")
            print("| " + " | ".join(row) + " |")
        print()
        total = time.perf_counter() - started
        print("Time per row: " + ", ".join(f"{n} {s:.0f} s" for n, s in took) + f"; total {total:.0f} s")
    finally:
        if args.keep:
            log(f"inputs kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
