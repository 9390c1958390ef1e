//! Issue 11, item 9: the server survives hostile and broken input. One server is sent
//! each hostile case in turn (documents opened, broken frames, files on disk that are
//! not files); after each, a normal file opened while the case is still open gets its
//! diagnostics, and once the case is closed the server's resident memory is below
//! twice what it was before the case.
#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncWrite, BufReader};

const TIMEOUT: Duration = Duration::from_secs(20);

/// The normal file: its public ACL is a finding whatever else the workspace holds.
const CHECK_TF: &str = "resource \"aws_s3_bucket\" \"b\" { acl = \"public-read\" }\n";

type Reader = BufReader<Box<dyn AsyncRead + Unpin + Send>>;
type Writer = Box<dyn AsyncWrite + Unpin + Send>;

/// A client that answers the server's requests as an editor would and keeps its
/// notifications.
struct Client {
    write: Writer,
    read: Reader,
    next_id: i64,
    notifications: Vec<Value>,
    root: PathBuf,
    /// Documents opened by the current case, closed at its end.
    opened: Vec<String>,
}

impl Client {
    async fn start(read: Reader, write: Writer, root: &Path) -> Client {
        let mut c = Client {
            write,
            read,
            next_id: 1,
            notifications: vec![],
            root: root.to_path_buf(),
            opened: vec![],
        };
        let root_uri = c.uri("");
        let capabilities = json!({
            "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}},
            "textDocument": {"publishDiagnostics": {"versionSupport": true}},
        });
        let init = c
            .request(
                "initialize",
                json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities, "workspaceFolders": [{"uri": root_uri, "name": "ws"}]}),
            )
            .await;
        assert!(init["capabilities"].is_object(), "{init}");
        c.notify("initialized", json!({})).await;
        c
    }

    fn uri(&self, path: &str) -> String {
        common::uri(&self.root, path)
    }

    async fn send(&mut self, message: Value) {
        common::send(&mut self.write, message).await;
    }

    async fn send_raw(&mut self, bytes: &[u8]) {
        common::send_raw(&mut self.write, bytes).await;
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Handles one incoming message: answers requests, queues notifications, and
    /// returns responses. Fails when none comes before `deadline`, saying what was
    /// awaited.
    async fn pump(&mut self, deadline: Instant, what: &str) -> Option<Value> {
        let message = tokio::time::timeout_at(deadline.into(), common::receive(&mut self.read))
            .await
            .unwrap_or_else(|_| panic!("no {what} within {TIMEOUT:?}"));
        match (message.get("id"), message.get("method")) {
            (Some(id), Some(method)) => {
                let result = match method.as_str() {
                    Some("workspace/configuration") => json!([{"debounceMs": 20}]),
                    _ => Value::Null,
                };
                let id = id.clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result})).await;
                None
            }
            (None, Some(_)) => {
                self.notifications.push(message);
                None
            }
            _ => Some(message),
        }
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(response) = self.pump(deadline, &format!("answer to {method}")).await {
                if response["id"] == json!(id) {
                    assert!(response.get("error").is_none(), "{response}");
                    return response["result"].clone();
                }
            }
        }
    }

    /// Waits for a notification that satisfies `accept` and takes it off the queue.
    async fn wait_for(&mut self, what: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            if let Some(i) = self.notifications.iter().position(&accept) {
                return self.notifications.remove(i);
            }
            self.pump(deadline, what).await;
        }
    }

    /// Waits for diagnostics of `path` that satisfy `accept`.
    async fn diagnostics(&mut self, path: &str, accept: impl Fn(&[Value]) -> bool) -> Value {
        let uri = json!(self.uri(path));
        let n = self
            .wait_for(&format!("diagnostics of {path}"), |n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && accept(n["params"]["diagnostics"].as_array().map_or(&[], Vec::as_slice))
            })
            .await;
        n["params"].clone()
    }

    /// Opens a document of the case with `text` (the file need not exist on disk).
    async fn open(&mut self, path: &str, text: &str) {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "", "version": 1, "text": text}}),
        )
        .await;
        self.opened.push(path.to_string());
    }

    /// A `didChange` whose content changes are written by hand (JSON that
    /// `serde_json` cannot make, such as a lone surrogate escape).
    async fn change_raw(&mut self, path: &str, version: i32, changes: &str) {
        let uri = self.uri(path);
        let body = format!(
            r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{uri}","version":{version}}},"contentChanges":{changes}}}}}"#
        );
        self.send_raw(frame(body.as_bytes()).as_slice()).await;
    }

    /// Tells the server that files changed on disk (1 created, 2 changed, 3 deleted).
    async fn watched(&mut self, path: &str, kind: u8) {
        let uri = self.uri(path);
        self.notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri, "type": kind}]}))
            .await;
    }

    /// How many `window/logMessage`s in the queue report `path` as not read.
    fn logged(&self, path: &str) -> usize {
        let needle = format!("/{path} is not read");
        self.notifications
            .iter()
            .filter(|n| {
                n["method"] == "window/logMessage"
                    && n["params"]["message"].as_str().is_some_and(|m| m.contains(&needle))
            })
            .count()
    }
}

/// A message with its header.
fn frame(body: &[u8]) -> Vec<u8> {
    [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat()
}

fn has_code(code: &'static str) -> impl Fn(&[Value]) -> bool {
    move |d| d.iter().any(|d| d["code"] == code)
}

fn has_error(d: &[Value]) -> bool {
    d.iter().any(|d| d["severity"] == json!(1))
}

/// The resident memory of a process in KiB (`VmRSS`), and its peak since the last
/// [`reset_peak`] (`VmHWM`).
fn memory(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    let field = |name: &str| -> u64 {
        let line = status.lines().find(|l| l.starts_with(name)).unwrap();
        line[name.len()..].trim().trim_end_matches("kB").trim().parse().unwrap()
    };
    (field("VmRSS:"), field("VmHWM:"))
}

/// Resets a process's `VmHWM` to its current resident memory.
fn reset_peak(pid: u32) {
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
}

/// A YAML document nested `depth` block mappings deep.
fn deep_yaml(depth: usize) -> String {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: deep\ndata:\n");
    for level in 1..=depth {
        text.push_str(&" ".repeat(level));
        text.push_str("a:\n");
    }
    text.push_str(&" ".repeat(depth + 1));
    text.push_str("b: c\n");
    text
}

/// Aliases of aliases: nine levels of ten copies each would expand to 10^9 strings.
fn billion_laughs() -> String {
    let mut text = String::from("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: lol\n");
    text.push_str("l0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n");
    for level in 1..9 {
        let copies = vec![format!("*l{}", level - 1); 10].join(", ");
        text.push_str(&format!("l{level}: &l{level} [{copies}]\n"));
    }
    text.push_str("data:\n  lol: *l8\n");
    text
}

struct Case {
    name: &'static str,
    /// Resident memory before and after the case, and the peak during it (KiB).
    before: u64,
    after: u64,
    peak: u64,
    took: Duration,
}

/// The cases run so far against one server, whose memory is that of process `pid`.
struct Run {
    c: Client,
    pid: u32,
    cases: Vec<Case>,
    /// The version the normal file is opened with next: each case's diagnostics of
    /// it are told apart by version.
    version: i32,
    started: (Instant, u64),
}

impl Run {
    /// Starts a case: its memory is measured from here.
    fn begin(&mut self) {
        reset_peak(self.pid);
        self.started = (Instant::now(), memory(self.pid).0);
    }

    /// Ends a case: the normal file, opened while the case's documents are still
    /// open, gets its finding; then the case's documents and the normal file are
    /// closed, and once the analysis after that is done, memory is measured.
    async fn end(&mut self, name: &'static str) {
        let opened = std::mem::take(&mut self.c.opened);
        self.normal_file(name, opened).await;
        let (started, before) = self.started;
        let (after, peak) = memory(self.pid);
        self.cases.push(Case { name, before, after, peak, took: started.elapsed() });
    }

    /// Opens the normal file, waits for its finding, closes it with `also` (the
    /// case's documents) and waits for the analysis that clears its diagnostics.
    async fn normal_file(&mut self, name: &str, also: Vec<String>) {
        let c = &mut self.c;
        self.version += 1;
        let uri = json!(c.uri("check.tf"));
        let version = json!(self.version);
        c.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": "terraform", "version": version, "text": CHECK_TF}}),
        )
        .await;
        let _ = c
            .wait_for(&format!("the finding in check.tf after {name}"), |n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && n["params"]["version"] == version
                    && has_code("VGL-AWS-S3-001")(
                        n["params"]["diagnostics"].as_array().map_or(&[], Vec::as_slice),
                    )
            })
            .await;
        for path in also.into_iter().chain(["check.tf".to_string()]) {
            let uri = c.uri(&path);
            c.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
        }
        let _ = c
            .wait_for(&format!("check.tf cleared after {name}"), |n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == uri
                    && n["params"]["diagnostics"].as_array().is_some_and(Vec::is_empty)
            })
            .await;
        c.notifications.retain(|n| n["method"] != "textDocument/publishDiagnostics");
    }
}

/// Runs every case against the server at the other end of `read`/`write`, whose
/// memory is that of process `pid`, in the workspace folder `root`.
async fn survive(read: Reader, write: Writer, root: &Path, pid: u32) {
    let c = Client::start(read, write, root).await;
    let mut run = Run { c, pid, cases: vec![], version: 0, started: (Instant::now(), 0) };
    let r = &mut run;

    // Warm up: the first analysis loads the built-in policies.
    r.begin();
    r.end("(warm-up: a normal file)").await;

    // 1. A range that ends between the two UTF-16 units of an emoji.
    r.begin();
    r.c.open("emoji.tf", "resource \"aws_s3_bucket\" \"e\" {\n  acl = \"😀public-read\"\n}\n").await;
    r.c.change_raw(
        "emoji.tf",
        2,
        r#"[{"range":{"start":{"line":1,"character":8},"end":{"line":1,"character":10}},"text":"\""}]"#,
    )
    .await;
    let _ = r.c.diagnostics("emoji.tf", |_| true).await;
    r.end("didChange ending inside a surrogate pair").await;

    // 2. A lone surrogate (`\ud800`, which serde_json refuses) in place of an emoji,
    // then an edit after it: the document stays in step with the editor's, so the
    // second edit makes `public-read`.
    r.begin();
    r.c.open("surrogate.tf", "resource \"aws_s3_bucket\" \"s\" {\n  acl = \"😀-read\"\n}\n").await;
    r.c.change_raw(
        "surrogate.tf",
        2,
        r#"[{"range":{"start":{"line":1,"character":9},"end":{"line":1,"character":11}},"text":"\ud800"}]"#,
    )
    .await;
    r.c.change_raw(
        "surrogate.tf",
        3,
        r#"[{"range":{"start":{"line":1,"character":9},"end":{"line":1,"character":10}},"text":"public"}]"#,
    )
    .await;
    let _ = r.c.diagnostics("surrogate.tf", has_code("VGL-AWS-S3-001")).await;
    r.end("didChange with a lone surrogate").await;

    // 3. Messages the protocol layer cannot use: params that do not fit the method,
    // JSON that is not a JSON-RPC message, bodies that are not JSON, headers without
    // a valid Content-Length, a length too short for its body.
    r.begin();
    let good = json!({"jsonrpc": "2.0", "method": "$/cancelRequest", "params": {"id": 99}}).to_string();
    let mut garbage = Vec::new();
    garbage.extend(frame(br#"{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":7,"contentChanges":"x"}}"#));
    garbage.extend(frame(br#"{"hello":1}"#));
    garbage.extend(frame(b"[1,2]"));
    garbage.extend(frame(b"hello"));
    garbage.extend(b"Content-Type: x\r\n\r\ncontent-length: 2\r\n\r\n{}");
    garbage.extend(b"Content-Length: 99999999999\r\n\r\n");
    garbage.extend(format!("Content-Length: 3\r\n\r\n{good}").as_bytes());
    r.c.send_raw(&garbage).await;
    r.end("frames that are not messages").await;

    // 4. Files on disk that are not files, announced by the watcher: a link to
    // /dev/zero (never ends) and FIFOs (block whoever opens them), more of them than
    // the server handles notifications at once; also as vigil.toml, which every
    // analysis reads. Each is reported once.
    #[cfg(unix)]
    {
        r.begin();
        std::os::unix::fs::symlink("/dev/zero", root.join("zero.tf")).unwrap();
        r.c.watched("zero.tf", 1).await;
        r.c.watched("zero.tf", 2).await;
        let _ =
            r.c.wait_for("a report of zero.tf", |n| {
                n["method"] == "window/logMessage"
                    && n["params"]["message"].as_str().is_some_and(|m| m.contains("zero.tf"))
            })
            .await;
        r.end("a watched file linked to /dev/zero").await;
        // The report was taken off the queue: the second event made none.
        assert_eq!(r.c.logged("zero.tf"), 0, "zero.tf was reported twice");

        r.begin();
        for name in ["pipe.tf", "pipe.yaml", "pipe.json", "pipe.tfvars", "pipe2.tf", "vigil.toml"] {
            let status = std::process::Command::new("mkfifo").arg(root.join(name)).status().unwrap();
            assert!(status.success(), "mkfifo {name}");
            r.c.watched(name, 1).await;
        }
        r.c.watched("pipe.tf", 2).await;
        r.end("watched FIFOs (and vigil.toml a FIFO)").await;
        assert_eq!(r.c.logged("pipe.tf"), 1, "pipe.tf is reported once");
        assert_eq!(r.c.logged("vigil.toml"), 1, "vigil.toml is reported once");
        for name in ["zero.tf", "pipe.tf", "pipe.yaml", "pipe.json", "pipe.tfvars", "pipe2.tf", "vigil.toml"]
        {
            std::fs::remove_file(root.join(name)).unwrap();
            r.c.watched(name, 3).await;
        }
        r.c.notifications.clear();
    }

    // 5. A recursive Rego function in a .rego opened outside the policy folders.
    r.begin();
    r.c.open(
        "scratch/recursive.rego",
        "package scratch\n\nimport rego.v1\n\nf(x) := y if {\n\ty := f(x)\n}\n\ndeny contains \"loop\" if {\n\tf(1)\n}\n",
    )
    .await;
    let _ = r.c.diagnostics("scratch/recursive.rego", has_error).await;
    r.end("a recursive Rego function").await;

    // 6. Nesting: 260-deep YAML block mappings (tree-sitter-yaml's scanner asserts),
    // 2,000-deep JSON arrays and .tf blocks (the readers' stack).
    r.begin();
    r.c.open("deep.yaml", &deep_yaml(260)).await;
    let _ = r.c.diagnostics("deep.yaml", has_error).await;
    r.end("260-deep YAML block mappings").await;

    r.begin();
    let arrays = format!(
        "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{\"B\": {{\"Type\": \"AWS::S3::Bucket\", \"Properties\": {{\"Tags\": {}1{}}}}}}}}}\n",
        "[".repeat(2000),
        "]".repeat(2000)
    );
    r.c.open("deep.json", &arrays).await;
    let _ = r.c.diagnostics("deep.json", has_error).await;
    r.end("2,000-deep JSON arrays").await;

    r.begin();
    let blocks =
        format!("resource \"aws_s3_bucket\" \"deep\" {{\n{}{}}}\n", "a {\n".repeat(2000), "}\n".repeat(2000));
    r.c.open("deep.tf", &blocks).await;
    let _ = r.c.diagnostics("deep.tf", has_error).await;
    r.end("2,000-deep .tf blocks").await;

    // 7. YAML aliases of aliases.
    r.begin();
    r.c.open("laughs.yaml", &billion_laughs()).await;
    let _ = r.c.diagnostics("laughs.yaml", has_error).await;
    r.end("billion laughs").await;

    // 8. 100 MB of strings from an 8-line file, twenty times.
    r.begin();
    r.c.open(
        "formatlist.tf",
        "resource \"aws_s3_bucket\" \"f\" {\n  count  = 20\n  bucket = \"f-${count.index}\"\n  tags = {\n    big = join(\",\", formatlist(\"%099999s\", range(1024)))\n  }\n}\n",
    )
    .await;
    let _ = r.c.diagnostics("formatlist.tf", |d| !d.is_empty()).await;
    r.end("formatlist(\"%099999s\", range(1024)) with count = 20").await;

    // 9. A stray `}` before a resource: the resource is still read and checked.
    r.begin();
    r.c.open("stray.tf", "}\nresource \"aws_s3_bucket\" \"after\" {\n  acl = \"public-read\"\n}\n").await;
    let _ = r.c.diagnostics("stray.tf", has_code("VGL-AWS-S3-001")).await;
    r.end("a stray } before a resource").await;

    eprintln!("{:<56} {:>10} {:>10} {:>10} {:>8}", "case", "before", "peak", "after", "time");
    for case in &run.cases {
        eprintln!(
            "{:<56} {:>6} MiB {:>6} MiB {:>6} MiB {:>5} ms",
            case.name,
            case.before / 1024,
            case.peak / 1024,
            case.after / 1024,
            case.took.as_millis()
        );
    }
    for case in &run.cases {
        assert!(
            case.after < 2 * case.before,
            "{}: {} KiB after the case, {} KiB before",
            case.name,
            case.after,
            case.before
        );
    }
}

/// The environment variable that makes [`server_process`] serve (its value is unused).
const SERVER_PROCESS: &str = "VIGIL_HOSTILE_SERVER_PROCESS";

/// Why the server runs in a process of its own (this test binary again, running only
/// [`server_process`]), with mimalloc told to give freed pages back at once: resident
/// memory then says what the server holds, not what the allocator keeps for later.
/// Measured before choosing: in this test's own process with glibc's allocator, the
/// billion-laughs case took resident memory from 42 to 125 MiB and left it there, yet
/// repeating the case four times kept it at 124–144 MiB (freed chunks kept for
/// reuse). In a process of its own with glibc tuned to return memory (one arena, no
/// thread cache, trimming at every free), the same case went from 40 to 104 MiB and
/// back to anywhere between 42 and 104 MiB from one run to the next; on a run that
/// stayed at 86 MiB, `malloc_trim` (called from a debugger) brought it to 40 MiB: free
/// memory that glibc returns only from the top of its heap. With mimalloc returning
/// freed pages, the case goes from 85 to 140 MiB and back to 86 MiB, run after run.
/// The test's own client is not counted either way. A server that kept what a case
/// made (a closed document's stack in a cache) fails the check.
const ALLOCATOR_OPTIONS: [(&str, &str); 2] =
    [("MIMALLOC_PURGE_DECOMMITS", "1"), ("MIMALLOC_PURGE_DELAY", "0")];

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A server process over more than this is stopped (and the test fails): a case that
/// reads without end (a link to /dev/zero) must not take the machine's memory.
const MEMORY_CEILING_KIB: u64 = 2 * 1024 * 1024;

/// Copies between blocking byte streams (a child's pipes) and async ones.
fn bridge(
    mut from: impl std::io::Read + Send + 'static,
    mut to: impl std::io::Write + Send + 'static,
) -> (Reader, Writer) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let handle = tokio::runtime::Handle::current();
    let (ours, theirs) = tokio::io::duplex(1 << 20);
    let (mut their_read, mut their_write) = tokio::io::split(theirs);
    let h = handle.clone();
    std::thread::spawn(move || {
        let mut buffer = vec![0u8; 1 << 16];
        while let Ok(n @ 1..) = from.read(&mut buffer) {
            if h.block_on(their_write.write_all(&buffer[..n])).is_err() {
                break;
            }
        }
    });
    std::thread::spawn(move || {
        let mut buffer = vec![0u8; 1 << 16];
        while let Ok(n @ 1..) = handle.block_on(their_read.read(&mut buffer)) {
            if to.write_all(&buffer[..n]).and_then(|()| to.flush()).is_err() {
                break;
            }
        }
    });
    let (read, write) = tokio::io::split(ours);
    (BufReader::new(Box::new(read)), Box::new(write))
}

/// The server in a process of its own (see [`ALLOCATOR_OPTIONS`]), over its stdin and
/// stderr.
#[cfg(target_os = "linux")]
#[tokio::test(flavor = "multi_thread")]
async fn the_server_survives_hostile_input() {
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};
    let root = tempfile::tempdir().unwrap();
    let root_path = root.path().canonicalize().unwrap();
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["server_process", "--exact", "--ignored", "--nocapture", "--test-threads=1"])
        .env(SERVER_PROCESS, "1")
        .envs(ALLOCATOR_OPTIONS)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id();
    let (read, write) = bridge(child.stderr.take().unwrap(), child.stdin.take().unwrap());
    let child = Arc::new(Mutex::new(child));
    // Stopped when this test ends, passed or failed (a server stuck in a handler would
    // outlive it, holding whatever its parent left open).
    struct Stop(Arc<Mutex<std::process::Child>>);
    impl Drop for Stop {
        fn drop(&mut self) {
            let mut child = self.0.lock().unwrap_or_else(|p| p.into_inner());
            let _ = child.kill();
            let _ = child.wait();
        }
    }
    let _stop = Stop(child.clone());
    let watched = child.clone();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(50));
        let Ok(status) = std::fs::read_to_string(format!("/proc/{pid}/status")) else { return };
        let rss = status.lines().find_map(|l| l.strip_prefix("VmRSS:")).unwrap_or("0 kB");
        if rss.trim().trim_end_matches("kB").trim().parse::<u64>().unwrap_or(0) > MEMORY_CEILING_KIB {
            eprintln!("the server process went over {} MiB: stopped", MEMORY_CEILING_KIB / 1024);
            let _ = watched.lock().unwrap().kill();
            return;
        }
    });
    survive(read, write, &root_path, pid).await;
}

/// Not a test: the server process of [`the_server_survives_hostile_input`], which runs
/// this binary again with only this function, LSP in on stdin and out on stderr
/// (stdout is the test harness's).
#[cfg(target_os = "linux")]
#[test]
#[ignore = "the server process of the_server_survives_hostile_input, which runs it"]
fn server_process() {
    assert!(std::env::var_os(SERVER_PROCESS).is_some(), "run by the_server_survives_hostile_input");
    // Gone with the test, even one killed before it could stop this process.
    let parent = std::os::unix::process::parent_id();
    std::thread::spawn(move || loop {
        std::thread::sleep(Duration::from_millis(200));
        if std::os::unix::process::parent_id() != parent {
            std::process::exit(1);
        }
    });
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(vigil_lsp::serve(tokio::io::stdin(), tokio::io::stderr()));
    // As `vigil lsp` does: the reader of stdin may be blocked in a read.
    runtime.shutdown_background();
}
