//! A small JSON-RPC client driving the server in process through an in-memory pipe,
//! answering the server's requests as an editor would.

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{BufReader, DuplexStream, ReadHalf, WriteHalf};

pub struct Client {
    pub write: WriteHalf<DuplexStream>,
    pub read: BufReader<ReadHalf<DuplexStream>>,
    pub next_id: i64,
    pub settings: Value,
    pub notifications: Vec<Value>,
    pub root: tempfile::TempDir,
    pub init: Value,
    pub server: tokio::task::JoinHandle<()>,
}

pub const TIMEOUT: Duration = Duration::from_secs(20);

impl Client {
    /// Starts the server with an editor's usual capabilities, plus `extra` (merged).
    pub async fn start(files: &[(&str, &str)], extra: Value) -> Client {
        Client::start_in(files, extra, "").await
    }

    /// Starts the server with `folder` (a directory of the temporary tree, `""` for
    /// its root) as the workspace folder.
    pub async fn start_in(files: &[(&str, &str)], extra: Value, folder: &str) -> Client {
        let mut capabilities = json!({
            "workspace": {"configuration": true, "didChangeWatchedFiles": {"dynamicRegistration": true}, "codeLens": {"refreshSupport": true}},
            "window": {"workDoneProgress": true},
            "textDocument": {
                "hover": {"contentFormat": ["markdown", "plaintext"]},
                "codeAction": {"isPreferredSupport": true},
                "publishDiagnostics": {"codeDescriptionSupport": true, "dataSupport": true, "versionSupport": true, "relatedInformation": true},
            },
        });
        // `initializationOptions` in `extra` goes to the params, the rest to the capabilities.
        let options = extra.get("initializationOptions").cloned();
        if let (Some(base), Some(extra)) = (capabilities.as_object_mut(), extra.as_object()) {
            for (k, v) in extra.iter().filter(|(k, _)| *k != "initializationOptions") {
                base.insert(k.clone(), v.clone());
            }
        }
        let root = tempfile::tempdir().unwrap();
        for (path, text) in files {
            let full = root.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            // `symlink:<path>`: a link to that file of the tree.
            match text.strip_prefix("symlink:") {
                Some(target) => std::os::unix::fs::symlink(root.path().join(target), full).unwrap(),
                None => std::fs::write(full, text).unwrap(),
            }
        }
        let (client_side, server_side) = tokio::io::duplex(1 << 20);
        let (server_read, server_write) = tokio::io::split(server_side);
        let server = tokio::spawn(vigil_lsp::serve(server_read, server_write));
        let (read, write) = tokio::io::split(client_side);
        let mut client = Client {
            write,
            read: BufReader::new(read),
            next_id: 1,
            settings: json!({"debounceMs": 50}),
            notifications: vec![],
            root,
            init: Value::Null,
            server,
        };
        let root_uri = client.uri(folder);
        let init = client
            .request("initialize", json!({"processId": null, "rootUri": root_uri, "capabilities": capabilities, "workspaceFolders": [{"uri": root_uri, "name": "ws"}], "initializationOptions": options}))
            .await;
        assert!(init["capabilities"].is_object(), "{init}");
        client.init = init;
        client.notify("initialized", json!({})).await;
        client
    }

    pub fn uri(&self, path: &str) -> String {
        super::uri(self.root.path(), path)
    }

    pub async fn send(&mut self, message: Value) {
        super::send(&mut self.write, message).await;
    }

    pub async fn receive(&mut self) -> Value {
        super::receive(&mut self.read).await
    }

    /// Handles one incoming message: answers requests, queues notifications, and
    /// returns responses.
    pub async fn pump(&mut self) -> Option<Value> {
        let message = tokio::time::timeout(TIMEOUT, self.receive()).await.expect("the server went quiet");
        match (message.get("id"), message.get("method").and_then(Value::as_str)) {
            (Some(id), Some(method)) => {
                let result = match method {
                    "workspace/configuration" => {
                        let n = message["params"]["items"].as_array().map_or(1, Vec::len);
                        Value::Array(vec![self.settings.clone(); n])
                    }
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

    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let response = self.request_raw(method, params).await;
        assert!(response.get("error").is_none(), "{response}");
        response["result"].clone()
    }

    /// Sends a request and returns the whole response (result or error).
    pub async fn request_raw(&mut self, method: &str, params: Value) -> Value {
        let id = self.send_request(method, params).await;
        self.response(id).await
    }

    pub async fn send_request(&mut self, method: &str, params: Value) -> i64 {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params})).await;
        id
    }

    pub async fn response(&mut self, id: i64) -> Value {
        loop {
            if let Some(response) = self.pump().await {
                if response["id"] == json!(id) {
                    return response;
                }
            }
        }
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params})).await;
    }

    /// Waits for diagnostics of `path` that satisfy `accept`; returns them.
    pub async fn diagnostics(&mut self, path: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let uri = self.uri(path);
        loop {
            if let Some(i) = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == json!(uri)
                    && accept(&n["params"])
            }) {
                let n = self.notifications.remove(i);
                return n["params"].clone();
            }
            self.notifications.retain(|n| {
                !(n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == json!(uri))
            });
            self.pump().await;
        }
    }

    /// [`Client::diagnostics`], then the `vigil/status` of the analysis that sent them
    /// (or a later one): the server's snapshot then holds that analysis. An open
    /// policy file's diagnostics come before the analysis ends (as soon as the
    /// policies are loaded).
    pub async fn settled(&mut self, path: &str, accept: impl Fn(&Value) -> bool) -> Value {
        let uri = self.uri(path);
        loop {
            let found = self.notifications.iter().position(|n| {
                n["method"] == "textDocument/publishDiagnostics"
                    && n["params"]["uri"] == json!(uri)
                    && accept(&n["params"])
            });
            if let Some(i) = found {
                let diagnostics = self.notifications.remove(i)["params"].clone();
                loop {
                    if let Some(j) =
                        self.notifications[i..].iter().position(|n| n["method"] == "vigil/status")
                    {
                        self.notifications.remove(i + j);
                        return diagnostics;
                    }
                    self.pump().await;
                }
            }
            self.notifications.retain(|n| {
                !(n["method"] == "textDocument/publishDiagnostics" && n["params"]["uri"] == json!(uri))
            });
            self.pump().await;
        }
    }

    pub async fn open(&mut self, path: &str, language: &str, version: i32) {
        let text = std::fs::read_to_string(self.root.path().join(path)).unwrap();
        let uri = self.uri(path);
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": version, "text": text}}),
        )
        .await;
    }

    pub async fn change(&mut self, path: &str, version: i32, changes: Value) {
        let uri = self.uri(path);
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version}, "contentChanges": changes}),
        )
        .await;
    }

    /// Replaces the temporary root in a value, for stable snapshots.
    /// The code actions offered for one diagnostic of a file, at its range.
    pub async fn actions_for(&mut self, path: &str, diagnostic: &Value) -> Value {
        let params = json!({"textDocument": {"uri": self.uri(path)}, "range": diagnostic["range"], "context": {"diagnostics": [diagnostic]}});
        self.request("textDocument/codeAction", params).await
    }

    pub fn redact(&self, value: &Value) -> Value {
        let text = value.to_string().replace(&self.uri(""), "file:///ROOT");
        serde_json::from_str(&text).unwrap()
    }
}

/// The first diagnostic with this code in a `publishDiagnostics` (or pull) result.
pub fn finding(diagnostics: &Value, code: &str) -> Value {
    let found = diagnostics["diagnostics"].as_array().unwrap().iter().find(|d| d["code"] == code).cloned();
    found.unwrap_or_else(|| panic!("no {code} in {diagnostics:#}"))
}

pub fn codes(diagnostics: &Value) -> Vec<String> {
    let mut v: Vec<String> = diagnostics["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}@{}:{}",
                d["code"].as_str().unwrap_or(""),
                d["range"]["start"]["line"],
                d["range"]["start"]["character"]
            )
        })
        .collect();
    v.sort();
    v
}
