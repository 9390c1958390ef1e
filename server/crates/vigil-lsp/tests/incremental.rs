//! Caching never changes results: random sequences of edits (infrastructure files and
//! policies, in the editor and on disk) are applied to a workspace through the
//! language server, and after each step the diagnostics it last published for every
//! file must equal those a fresh server publishes for the same files.
//!
//! Each case has its own seed; a failure prints it with the steps taken (shrunk by
//! proptest) and the difference. `VIGIL_INCREMENTAL_SEED=<seed>
//! VIGIL_INCREMENTAL_CASES=1` replays one case; `VIGIL_INCREMENTAL_CASES=<n>` runs
//! more cases, from `VIGIL_INCREMENTAL_SEED` (default [`SEED`]) on;
//! `VIGIL_INCREMENTAL_VERBOSE=1` prints every case's steps.
//!
//! The server keeps a broken policy's last good version (`keepLastGoodPolicies`),
//! which a fresh server cannot know: this test turns that off (tests/rego.rs
//! covers it).
#![allow(clippy::unwrap_used)] // tests fail loudly

mod common;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};
use serde_json::{json, Value};
use tokio::io::{BufReader, DuplexStream, ReadHalf, WriteHalf};

/// The first case's seed; case `i` runs with `SEED + i`.
const SEED: u64 = 0x5eed_0010_0006;
const CASES: u64 = 12;
const TIMEOUT: Duration = Duration::from_secs(30);

// ---------------------------------------------------------------------------
// The workspace: two Terraform roots (one calls a local module through locals,
// `count` and `for_each`), a Kubernetes file with three objects, a CloudFormation
// template, and three user policies (one per resource, one reading the stack through
// `stack_resources`, one reading `data.vigil.stack` directly) beside the built-in ones.

const VIGIL_TOML: &str =
    "[policies]\ndirs = [\"policies\"]\n\n[policy.\"ACME-NAMES-1\"]\nenforcement = \"advisory\"\n";

const APP_MAIN: &str = r#"locals {
  env  = var.env
  acls = { logs = "private", data = var.data_acl }
}

module "bucket" {
  source   = "../../modules/bucket"
  name     = "app-${local.env}"
  acl      = local.acls["data"]
  replicas = 2
}

resource "aws_s3_bucket" "per_env" {
  for_each = local.acls
  bucket   = "app-${each.key}"
  acl      = each.value
}

# more buckets
"#;

const APP_VARIABLES: &str = r#"variable "env" {
  default = "dev"
}

variable "data_acl" {
  default = "private"
}
"#;

const MODULE_MAIN: &str = r#"variable "name" {
  type = string
}

variable "acl" {
  default = "private"
}

variable "replicas" {
  default = 1
}

resource "aws_s3_bucket" "this" {
  count  = var.replicas
  bucket = "${var.name}-${count.index}"
  acl    = var.acl
}
"#;

const VERSIONING_BLOCK: &str = r#"resource "aws_s3_bucket_versioning" "raw" {
  bucket = aws_s3_bucket.raw.id
  versioning_configuration {
    status = "Enabled"
  }
}
"#;

/// `infra/data/main.tf`: a bucket, [`VERSIONING_BLOCK`] for it, and a call of the
/// module the other root calls. Non-ASCII text before the ACL on its line: edits there
/// are positioned in UTF-16 code units.
fn data_main() -> String {
    format!(
        "resource \"aws_s3_bucket\" \"raw\" {{\n  bucket = \"raw-data\" # data team\n  /* café 😀 */ acl    = \"private\"\n}}\n\n{VERSIONING_BLOCK}\n# logs\nmodule \"archive\" {{\n  source = \"../../modules/bucket\"\n  name   = \"archive\"\n}}\n"
    )
}

const K8S_APP: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: nginx:1.27
          securityContext:
            privileged: false
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
---
apiVersion: v1
kind: Pod
metadata:
  name: debug
spec:
  containers:
    - name: shell # debug shell
      image: busybox:1.36
# end
"#;

const CONFIG_MAP_DOC: &str =
    "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: debug\n# end of the config map\n";

const CFN_BUCKET: &str = r#"AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Bucket:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: cfn-bucket
      AccessControl: Private
"#;

/// Per resource: fires on buckets whose name says "raw".
const RAW_NAMES: &str = r#"# METADATA
# title: No raw bucket names
# description: Bucket names say what they hold.
# custom:
#   id: ACME-NAMES-1
#   severity: low
#   resources: [aws_s3_bucket]
package acme.raw_names

import rego.v1

deny contains {"msg": "bucket name mentions raw data", "path": "/bucket"} if {
	contains(input.resource.values.bucket, "raw")
}
"#;

/// Reads the stack through `stack_resources` (its verdicts depend on the versioning
/// resources of the stack, not on the bucket alone).
const VERSIONED: &str = r#"# METADATA
# title: A stack with buckets versions them
# description: Every stack with a bucket has an aws_s3_bucket_versioning resource.
# custom:
#   id: ACME-VERSIONED-1
#   severity: medium
#   resources: [aws_s3_bucket]
package acme.versioned

import data.vigil.lib
import rego.v1

deny contains "the stack has no aws_s3_bucket_versioning resource" if {
	count(lib.stack_resources("aws_s3_bucket_versioning")) == 0
}
"#;

/// Reads `data.vigil.stack` directly (re-evaluated on any change in the stack).
const STACK_SIZE: &str = r#"# METADATA
# title: Small Kubernetes files
# description: A Kubernetes file holds at most three objects.
# custom:
#   id: ACME-SIZE-1
#   severity: low
#   resources: [Pod]
package acme.stack_size

import rego.v1

deny contains msg if {
	n := count(data.vigil.stack.resources)
	n > 3
	msg := sprintf("the file holds %d objects", [n])
}
"#;

/// Created and deleted on disk: a new policy.
const EXTRA_REGO: &str = r#"# METADATA
# title: CloudFormation bucket names
# description: Bucket names start with acme-.
# custom:
#   id: ACME-CFN-1
#   resources: ["AWS::S3::Bucket"]
package acme.extra

import rego.v1

deny contains {"msg": "bucket names start with acme-", "path": "/BucketName"} if {
	not startswith(input.resource.values.BucketName, "acme-")
}
"#;

/// Created and deleted on disk: a new resource in an existing stack.
const EXTRA_TF: &str =
    "resource \"aws_s3_bucket\" \"extra\" {\n  bucket = \"raw-extra\"\n  acl    = \"public-read\"\n}\n";

/// Created and deleted on disk: a new file of the module both roots call.
const MODULE_VERSIONING: &str = "resource \"aws_s3_bucket_versioning\" \"this\" {\n  count  = var.replicas\n  bucket = aws_s3_bucket.this[count.index].id\n  versioning_configuration {\n    status = \"Suspended\"\n  }\n}\n";

/// Created and deleted on disk: a new stack.
const EXTRA_K8S: &str = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: root\nspec:\n  hostNetwork: true\n  containers:\n    - name: c\n      image: alpine:latest\n      securityContext:\n        privileged: true\n";

fn workspace() -> BTreeMap<String, String> {
    [
        ("vigil.toml", VIGIL_TOML.to_string()),
        ("infra/app/main.tf", APP_MAIN.to_string()),
        ("infra/app/variables.tf", APP_VARIABLES.to_string()),
        ("modules/bucket/main.tf", MODULE_MAIN.to_string()),
        ("infra/data/main.tf", data_main()),
        ("k8s/app.yaml", K8S_APP.to_string()),
        ("cfn/bucket.yaml", CFN_BUCKET.to_string()),
        ("policies/acme/raw_names.rego", RAW_NAMES.to_string()),
        ("policies/acme/versioned.rego", VERSIONED.to_string()),
        ("policies/acme/stack_size.rego", STACK_SIZE.to_string()),
    ]
    .into_iter()
    .map(|(p, t)| (p.to_string(), t))
    .collect()
}

/// An edit that flips a file between two texts: `a` becomes `b`, or `b` becomes `a`.
struct Toggle {
    file: &'static str,
    a: &'static str,
    b: &'static str,
}

const fn toggle(file: &'static str, a: &'static str, b: &'static str) -> Toggle {
    Toggle { file, a, b }
}

const TOGGLES: &[Toggle] = &[
    // Terraform: a literal ACL; a variable default read through a local by the module
    // call and a for_each; a count; a for_each key; a resource renamed (another one
    // refers to it); whole resources added and removed (one that other resources'
    // policies read through the stack); a syntax error; the module both roots call.
    toggle("infra/data/main.tf", "acl    = \"private\"", "acl    = \"public-read\""),
    toggle("infra/app/variables.tf", "default = \"private\"", "default = \"public-read\""),
    toggle("infra/app/main.tf", "replicas = 2", "replicas = 0"),
    toggle("infra/app/main.tf", "data = var.data_acl }", "data = var.data_acl, tmp = \"public-read\" }"),
    toggle("infra/data/main.tf", "\"aws_s3_bucket\" \"raw\" {", "\"aws_s3_bucket\" \"raw_v2\" {"),
    toggle(
        "infra/app/main.tf",
        "# more buckets\n",
        "resource \"aws_s3_bucket\" \"extra\" {\n  bucket = \"app-extra-${local.env}\"\n  acl    = local.acls[\"logs\"]\n}\n",
    ),
    toggle("infra/data/main.tf", VERSIONING_BLOCK, "# no versioning\n"),
    // A bucket that delivers its access logs to the module's first bucket (the access
    // logging policy reads every bucket's `logging`, and nothing else of them).
    toggle(
        "infra/data/main.tf",
        "# logs\n",
        "resource \"aws_s3_bucket\" \"logger\" {\n  bucket = \"logger\"\n  logging {\n    target_bucket = \"archive-0\"\n  }\n}\n",
    ),
    toggle("infra/app/main.tf", "acl      = each.value", "acl      = = each.value"),
    toggle("modules/bucket/main.tf", "\"${var.name}-${count.index}\"", "\"${var.name}-raw-${count.index}\""),
    // Kubernetes: a value, a syntax error, a document added and removed (the stack
    // policy counts them).
    toggle("k8s/app.yaml", "privileged: false", "privileged: true"),
    toggle("k8s/app.yaml", "  replicas: 2\n", "  replicas: [2\n"),
    toggle("k8s/app.yaml", "# end\n", CONFIG_MAP_DOC),
    // Inline suppressions (a trailing comment applies to its line).
    toggle("k8s/app.yaml", "# debug shell", "# vigil:ignore VGL-K8S-009 debug shell"),
    toggle("infra/data/main.tf", "# data team", "# vigil:ignore ACME-NAMES-1 legacy name"),
    // CloudFormation: a value, a syntax error.
    toggle("cfn/bucket.yaml", "AccessControl: Private", "AccessControl: PublicRead"),
    toggle("cfn/bucket.yaml", "BucketName: cfn-bucket", "BucketName: [cfn-bucket"),
    // Policies: a message, conditions that start or stop a policy firing, syntax errors.
    toggle("policies/acme/raw_names.rego", "mentions raw data\"", "says raw, say what it holds\""),
    toggle("policies/acme/raw_names.rego", "\"raw\")", "\"app\")"),
    toggle("policies/acme/raw_names.rego", "contains(input", "contains(((input"),
    toggle("policies/acme/versioned.rego", "== 0", "> 0"),
    toggle("policies/acme/stack_size.rego", "n > 3", "n > 2"),
    toggle("policies/acme/stack_size.rego", "the file holds %d objects", "%d objects in one file"),
    toggle("policies/acme/extra.rego", "\"acme-\")", "\"cfn-\")"),
    // Configuration (read from disk by the server, even when open in the editor).
    toggle("vigil.toml", "enforcement = \"advisory\"", "enforcement = \"mandatory\""),
];

/// Files created and deleted on disk (an original file comes back as it was).
fn creatable(path: &str) -> String {
    match path {
        "infra/data/extra.tf" => EXTRA_TF.to_string(),
        "k8s/extra.yaml" => EXTRA_K8S.to_string(),
        "policies/acme/extra.rego" => EXTRA_REGO.to_string(),
        "infra/app/terraform.tfvars" => "data_acl = \"public-read\"\nenv      = \"prod\"\n".to_string(),
        "modules/bucket/versioning.tf" => MODULE_VERSIONING.to_string(),
        other => workspace().remove(other).unwrap(),
    }
}

const CREATABLE: &[&str] = &[
    "infra/data/extra.tf",
    "k8s/extra.yaml",
    "policies/acme/extra.rego",
    "infra/app/terraform.tfvars",
    "modules/bucket/versioning.tf",
    "infra/app/variables.tf",
    "infra/data/main.tf",
    "infra/app/main.tf",
];

// ---------------------------------------------------------------------------
// The random edits.

#[derive(Debug, Clone)]
enum Op {
    /// Nothing: what an edit shrinks to when the failure does not need it.
    Skip,
    /// Flip `TOGGLES[i]` in the editor (opening the file first if needed), as a ranged
    /// change or as the whole text. `vigil.toml` is flipped on disk instead: the server
    /// reads it from there, open or not.
    Edit { toggle: usize, full: bool },
    /// Flip `TOGGLES[i]` on disk (another tool, a checkout), then a watched-file event.
    Disk { toggle: usize },
    /// Create `CREATABLE[i]` on disk, or delete it, then a watched-file event.
    CreateOrDelete { file: usize },
    /// Close one of the open documents (unsaved changes are dropped).
    Close { pick: usize },
    /// Save one of the open documents.
    Save { pick: usize },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (0..TOGGLES.len(), prop::bool::weighted(0.2)).prop_map(|(toggle, full)| Op::Edit { toggle, full }),
        2 => (0..TOGGLES.len()).prop_map(|toggle| Op::Disk { toggle }),
        2 => (0..CREATABLE.len()).prop_map(|file| Op::CreateOrDelete { file }),
        2 => (0..8usize).prop_map(|pick| Op::Close { pick }),
        1 => (0..8usize).prop_map(|pick| Op::Save { pick }),
    ]
}

/// 4 to 8 edits. Each runs the servers for a while, so a failing sequence shrinks
/// only by dropping edits (an edit becomes [`Op::Skip`]), not by varying them.
fn edits() -> impl Strategy<Value = Vec<Op>> {
    let edit = (prop::bool::weighted(1.0), op().no_shrink());
    prop::collection::vec(edit, 4..=8)
        .prop_map(|ops| ops.into_iter().map(|(keep, op)| if keep { op } else { Op::Skip }).collect())
}

/// `text` with the toggle flipped: the byte range replaced and the new text, or `None`
/// when neither side is in `text` exactly once.
fn flip(t: &Toggle, text: &str) -> Option<(usize, usize, &'static str)> {
    for (from, to) in [(t.a, t.b), (t.b, t.a)] {
        if text.matches(from).count() == 1 {
            let start = text.find(from)?;
            return Some((start, start + from.len(), to));
        }
    }
    None
}

/// An LSP position (UTF-16 columns) of a byte offset.
fn position(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let column = before.rsplit('\n').next().unwrap_or("").encode_utf16().count();
    json!({"line": line, "character": column})
}

fn language(path: &str) -> &'static str {
    match path.rsplit('.').next() {
        Some("tf") => "terraform",
        Some("rego") => "rego",
        _ => "yaml",
    }
}

// ---------------------------------------------------------------------------
// A small JSON-RPC client (as in protocol.rs) that keeps the last diagnostics
// published for each file and counts `vigil/status` notifications: the server sends
// one at the end of every analysis it does not abandon, after its diagnostics.

struct Server {
    write: WriteHalf<DuplexStream>,
    read: BufReader<ReadHalf<DuplexStream>>,
    next_id: i64,
    root: PathBuf,
    /// The last `publishDiagnostics` params per URI.
    latest: BTreeMap<String, Value>,
    /// The publishes received since the last `settle`.
    recent: Vec<Value>,
    statuses: usize,
    task: tokio::task::JoinHandle<()>,
}

impl Server {
    /// Starts a server on `root` and waits for its first analysis.
    async fn start(root: &Path) -> Result<Server, String> {
        let (client_side, server_side) = tokio::io::duplex(1 << 22);
        let (server_read, server_write) = tokio::io::split(server_side);
        let task = tokio::spawn(vigil_lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_side);
        let mut server = Server {
            write,
            read: BufReader::new(read),
            next_id: 1,
            root: root.to_path_buf(),
            latest: BTreeMap::new(),
            recent: vec![],
            statuses: 0,
            task,
        };
        let root_uri = server.uri("");
        let capabilities = json!({
            "workspace": {"configuration": true},
            "textDocument": {"publishDiagnostics": {"codeDescriptionSupport": true, "dataSupport": true, "versionSupport": true, "relatedInformation": true}},
        });
        let id = server.next_id;
        server.next_id += 1;
        server
            .send(json!({"jsonrpc": "2.0", "id": id, "method": "initialize", "params": {"processId": null, "rootUri": root_uri, "capabilities": capabilities, "workspaceFolders": [{"uri": root_uri, "name": "ws"}]}}))
            .await;
        while server.pump().await?.is_none_or(|r| r["id"] != json!(id)) {}
        server.notify("initialized", json!({})).await;
        server.settle().await?;
        Ok(server)
    }

    fn uri(&self, path: &str) -> String {
        common::uri(&self.root, path)
    }

    async fn send(&mut self, message: Value) {
        common::send(&mut self.write, message).await;
    }

    async fn receive(&mut self) -> Value {
        common::receive(&mut self.read).await
    }

    /// Handles one message: answers the server's requests, records notifications,
    /// returns responses.
    async fn pump(&mut self) -> Result<Option<Value>, String> {
        let message = tokio::time::timeout(TIMEOUT, self.receive())
            .await
            .map_err(|_| format!("the server went quiet for {TIMEOUT:?}"))?;
        match (message.get("id"), message["method"].as_str()) {
            (Some(id), Some(method)) => {
                let result = match method {
                    "workspace/configuration" => {
                        let n = message["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![json!({"debounceMs": 10, "keepLastGoodPolicies": false}); n])
                    }
                    _ => Value::Null,
                };
                let id = id.clone();
                self.send(json!({"jsonrpc": "2.0", "id": id, "result": result})).await;
                Ok(None)
            }
            (None, Some("textDocument/publishDiagnostics")) => {
                let params = message["params"].clone();
                self.latest.insert(params["uri"].as_str().unwrap_or("").to_string(), params.clone());
                self.recent.push(params);
                Ok(None)
            }
            (None, Some("vigil/status")) => {
                self.statuses += 1;
                Ok(None)
            }
            (None, Some(_)) => Ok(None),
            _ => Ok(Some(message)),
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Waits for the end of the next analysis (one notification schedules one; the
    /// server is idle before it, so no older analysis can end in between).
    async fn settle(&mut self) -> Result<Vec<Value>, String> {
        let seen = self.statuses;
        while self.statuses == seen {
            self.pump().await?;
        }
        Ok(std::mem::take(&mut self.recent))
    }

    /// The last published diagnostics of every file that has some, one line each
    /// (relative path, range, severity, code, message, related locations, fix), sorted.
    fn diagnostics(&self) -> Diagnostics {
        let root = self.uri("");
        let mut out = Diagnostics::new();
        for (uri, params) in &self.latest {
            let file = relative(&root, uri);
            let mut lines: Vec<String> = params["diagnostics"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|d| describe(&root, &file, d))
                .collect();
            lines.sort();
            if !lines.is_empty() {
                out.insert(file, lines);
            }
        }
        out
    }

    fn stop(self) {
        self.task.abort();
    }
}

type Diagnostics = BTreeMap<String, Vec<String>>;

fn relative(root: &str, uri: &str) -> String {
    uri.strip_prefix(root).map_or_else(|| uri.to_string(), |p| p.trim_start_matches('/').to_string())
}

fn range(r: &Value) -> String {
    format!(
        "{}:{}-{}:{}",
        r["start"]["line"], r["start"]["character"], r["end"]["line"], r["end"]["character"]
    )
}

fn describe(root: &str, file: &str, d: &Value) -> String {
    let mut line = format!(
        "{file} {} severity {} {}: {}",
        range(&d["range"]),
        d["severity"],
        d["code"].as_str().unwrap_or("-"),
        d["message"].as_str().unwrap_or("").replace(root, "<root>")
    );
    for r in d["relatedInformation"].as_array().into_iter().flatten() {
        let uri = r["location"]["uri"].as_str().unwrap_or("");
        let _ = write!(
            line,
            " | related {} {} {}",
            relative(root, uri),
            range(&r["location"]["range"]),
            r["message"].as_str().unwrap_or("")
        );
    }
    let fix = &d["data"]["fix"];
    if fix.as_array().is_some_and(|f| !f.is_empty()) {
        let _ = write!(line, " | fix {fix}");
    }
    line
}

/// The diagnostics a fresh server publishes for `files`.
async fn from_scratch(files: &BTreeMap<String, String>) -> Result<Diagnostics, String> {
    let dir = tempfile::tempdir().unwrap();
    write_all(dir.path(), files);
    let server = Server::start(dir.path()).await?;
    let diagnostics = server.diagnostics();
    server.stop();
    Ok(diagnostics)
}

fn write_all(root: &Path, files: &BTreeMap<String, String>) {
    for (path, text) in files {
        let full = root.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
}

/// Lines only in the incremental diagnostics (`-`) and only in the fresh ones (`+`).
fn diff(incremental: &Diagnostics, fresh: &Diagnostics) -> String {
    let mut out = String::new();
    let empty = vec![];
    let files: std::collections::BTreeSet<&String> = incremental.keys().chain(fresh.keys()).collect();
    for file in files {
        let (a, b) = (incremental.get(file).unwrap_or(&empty), fresh.get(file).unwrap_or(&empty));
        if a == b {
            continue;
        }
        let _ = writeln!(out, "  {file}:");
        let mut b_left = b.clone();
        let mut a_only = vec![];
        for line in a {
            match b_left.iter().position(|l| l == line) {
                Some(i) => {
                    b_left.remove(i);
                }
                None => a_only.push(line),
            }
        }
        for line in a_only {
            let _ = writeln!(out, "    - incremental:  {line}");
        }
        for line in b_left {
            let _ = writeln!(out, "    + from scratch: {line}");
        }
    }
    out
}

// ---------------------------------------------------------------------------
// One case: the edits applied to the server, compared after every step.

/// Fresh servers' diagnostics by the files they read: a state seen before (an edit
/// undone, a document opened or saved) is not analysed again.
type Memo = Arc<Mutex<HashMap<Files, Diagnostics>>>;

type Files = BTreeMap<String, String>;

/// How many fresh servers run at once, beside the incremental one.
const FRESH_SERVERS: usize = 2;

struct Case {
    server: Server,
    /// The files on disk.
    disk: Files,
    /// Open documents: version and text.
    open: BTreeMap<String, (i64, String)>,
    log: String,
    steps: usize,
    memo: Memo,
    /// Per step: what the server published and the files it should have analysed,
    /// compared when the fresh servers are done.
    published: Vec<(usize, Diagnostics, Files)>,
    /// The fresh servers running (states not in `memo` yet), at most `FRESH_SERVERS`
    /// at a time: the incremental server goes on meanwhile.
    fresh: HashMap<Files, tokio::task::JoinHandle<Result<Diagnostics, String>>>,
    permits: Arc<tokio::sync::Semaphore>,
}

impl Case {
    /// What the server should be analysing: the disk overlaid with the open documents.
    fn state(&self) -> Files {
        let mut files = self.disk.clone();
        for (path, (_, text)) in &self.open {
            files.insert(path.clone(), text.clone());
        }
        files
    }

    /// Waits for the analysis of the step just sent, then records its diagnostics.
    async fn check(&mut self, step: String) -> Result<(), String> {
        self.steps += 1;
        let _ = writeln!(self.log, "  {}. {step}", self.steps);
        let published = self.server.settle().await?;
        // Diagnostics of an open document are published for its current version only.
        for p in &published {
            let path = relative(&self.server.uri(""), p["uri"].as_str().unwrap_or(""));
            if let (Some((version, _)), Some(v)) = (self.open.get(&path), p["version"].as_i64()) {
                if *version != v {
                    return Err(format!(
                        "after step {}, diagnostics of {path} were published for version {v}, the document is at {version}",
                        self.steps
                    ));
                }
            }
        }
        self.record();
        Ok(())
    }

    /// Records the server's last published diagnostics, and starts a fresh server on
    /// the same files unless one did already.
    fn record(&mut self) {
        let state = self.state();
        let known = self.memo.lock().unwrap().contains_key(&state);
        if !known && !self.fresh.contains_key(&state) {
            let (files, memo, permits) = (state.clone(), self.memo.clone(), self.permits.clone());
            let task = tokio::spawn(async move {
                let _permit = permits.acquire_owned().await.unwrap();
                let d = from_scratch(&files).await?;
                memo.lock().unwrap().insert(files, d.clone());
                Ok(d)
            });
            self.fresh.insert(state.clone(), task);
        }
        self.published.push((self.steps, self.server.diagnostics(), state));
    }

    /// Compares every step's diagnostics with a fresh server's, in order.
    async fn compare(&mut self) -> Result<(), String> {
        for (_, task) in std::mem::take(&mut self.fresh) {
            task.await.unwrap()?;
        }
        for (step, incremental, state) in &self.published {
            let fresh = self.memo.lock().unwrap()[state].clone();
            if *incremental != fresh {
                return Err(format!(
                    "after step {step}, the incremental diagnostics differ from a fresh server's:\n{}",
                    diff(incremental, &fresh)
                ));
            }
        }
        Ok(())
    }

    async fn watched(&mut self, path: &str, kind: u8) {
        let uri = self.server.uri(path);
        self.server
            .notify("workspace/didChangeWatchedFiles", json!({"changes": [{"uri": uri, "type": kind}]}))
            .await;
    }

    /// Flips `TOGGLES[toggle]` on disk, then a watched-file event.
    async fn on_disk(&mut self, toggle: usize) -> Result<(), String> {
        let t = &TOGGLES[toggle];
        let Some(text) = self.disk.get(t.file).cloned() else { return Ok(()) };
        let Some((start, end, to)) = flip(t, &text) else { return Ok(()) };
        let new_text = format!("{}{to}{}", &text[..start], &text[end..]);
        std::fs::write(self.server.root.join(t.file), &new_text).unwrap();
        self.disk.insert(t.file.to_string(), new_text);
        self.watched(t.file, 2).await;
        let open = if self.open.contains_key(t.file) { " (open in the editor)" } else { "" };
        self.check(format!("on disk{open}: {} {:?} -> {to:?}", t.file, &text[start..end])).await
    }

    async fn apply(&mut self, op: &Op) -> Result<(), String> {
        match *op {
            Op::Skip => Ok(()),
            Op::Edit { toggle, .. } if TOGGLES[toggle].file == "vigil.toml" => self.on_disk(toggle).await,
            Op::Edit { toggle, full } => {
                let t = &TOGGLES[toggle];
                if !self.open.contains_key(t.file) {
                    let Some(text) = self.disk.get(t.file).cloned() else { return Ok(()) };
                    let uri = self.server.uri(t.file);
                    self.server
                        .notify(
                            "textDocument/didOpen",
                            json!({"textDocument": {"uri": uri, "languageId": language(t.file), "version": 1, "text": text}}),
                        )
                        .await;
                    self.open.insert(t.file.to_string(), (1, text));
                    self.check(format!("open {}", t.file)).await?;
                }
                let (version, text) = self.open[t.file].clone();
                let Some((start, end, to)) = flip(t, &text) else { return Ok(()) };
                let new_text = format!("{}{to}{}", &text[..start], &text[end..]);
                let change = if full {
                    json!({"text": new_text})
                } else {
                    json!({"range": {"start": position(&text, start), "end": position(&text, end)}, "text": to})
                };
                let uri = self.server.uri(t.file);
                self.server
                    .notify(
                        "textDocument/didChange",
                        json!({"textDocument": {"uri": uri, "version": version + 1}, "contentChanges": [change]}),
                    )
                    .await;
                self.open.insert(t.file.to_string(), (version + 1, new_text));
                let how = if full { "whole text" } else { "range" };
                self.check(format!(
                    "change {} v{} ({how}): {:?} -> {to:?}",
                    t.file,
                    version + 1,
                    &text[start..end]
                ))
                .await
            }
            Op::Disk { toggle } => self.on_disk(toggle).await,
            Op::CreateOrDelete { file } => {
                let path = CREATABLE[file];
                let full = self.server.root.join(path);
                let open = if self.open.contains_key(path) { " (open in the editor)" } else { "" };
                if self.disk.remove(path).is_some() {
                    std::fs::remove_file(full).unwrap();
                    self.watched(path, 3).await;
                    self.check(format!("delete {path}{open}")).await
                } else {
                    let text = creatable(path);
                    std::fs::create_dir_all(full.parent().unwrap()).unwrap();
                    std::fs::write(full, &text).unwrap();
                    self.disk.insert(path.to_string(), text);
                    self.watched(path, 1).await;
                    self.check(format!("create {path}{open}")).await
                }
            }
            Op::Close { pick } => {
                let Some(path) = self.open.keys().nth(pick % self.open.len().max(1)).cloned() else {
                    return Ok(());
                };
                self.open.remove(&path);
                let uri = self.server.uri(&path);
                self.server.notify("textDocument/didClose", json!({"textDocument": {"uri": uri}})).await;
                self.check(format!("close {path}")).await
            }
            Op::Save { pick } => {
                let Some((path, (_, text))) = self.open.iter().nth(pick % self.open.len().max(1)) else {
                    return Ok(());
                };
                let (path, text) = (path.clone(), text.clone());
                std::fs::write(self.server.root.join(&path), &text).unwrap();
                self.disk.insert(path.clone(), text);
                let uri = self.server.uri(&path);
                self.server.notify("textDocument/didSave", json!({"textDocument": {"uri": uri}})).await;
                self.check(format!("save {path}")).await
            }
        }
    }
}

fn run_case(ops: &[Op], memo: &Memo) -> Result<(), String> {
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let disk = workspace();
        write_all(dir.path(), &disk);
        let server = Server::start(dir.path()).await?;
        let mut case = Case {
            server,
            disk,
            open: BTreeMap::new(),
            log: "  0. start (nothing open)\n".to_string(),
            steps: 0,
            memo: memo.clone(),
            published: vec![],
            fresh: HashMap::new(),
            permits: Arc::new(tokio::sync::Semaphore::new(FRESH_SERVERS)),
        };
        case.record();
        let mut result = Ok(());
        for op in ops {
            result = case.apply(op).await;
            if result.is_err() {
                break;
            }
        }
        // A difference at an earlier step is the one to report.
        let compared = case.compare().await;
        let log = std::mem::take(&mut case.log);
        case.server.stop();
        if std::env::var_os("VIGIL_INCREMENTAL_VERBOSE").is_some() {
            eprintln!("{ops:?}\n{log}");
        }
        compared.and(result).map_err(|e| format!("{e}\nsteps:\n{log}"))
    })
}

#[test]
fn toggles_apply_to_the_workspace() {
    let files = workspace();
    for t in TOGGLES {
        assert!(!t.a.contains(t.b) && !t.b.contains(t.a), "{} {:?}", t.file, t.a);
        let text = files.get(t.file).cloned().unwrap_or_else(|| creatable(t.file));
        assert!(flip(t, &text).is_some(), "{} {:?}", t.file, t.a);
    }
}

#[test]
fn incremental_diagnostics_match_a_fresh_server() {
    let env = |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<u64>().ok());
    let base = env("VIGIL_INCREMENTAL_SEED").unwrap_or(SEED);
    let cases = env("VIGIL_INCREMENTAL_CASES").unwrap_or(CASES);
    let memo = Memo::default();
    for seed in (0..cases).map(|i| base.wrapping_add(i)) {
        let mut bytes = [0u8; 32];
        bytes[..8].copy_from_slice(&seed.to_le_bytes());
        let config = Config {
            cases: 1,
            max_shrink_iters: 32,
            max_shrink_time: 300_000,
            failure_persistence: None,
            ..Config::default()
        };
        let mut runner = TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &bytes));
        let result = runner.run(&edits(), |ops| run_case(&ops, &memo).map_err(TestCaseError::fail));
        if let Err(e) = result {
            panic!(
                "seed {seed} failed (replay: VIGIL_INCREMENTAL_SEED={seed} VIGIL_INCREMENTAL_CASES=1):\n{e}"
            );
        }
    }
}
