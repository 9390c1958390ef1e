//! What the in-process LSP tests share: JSON-RPC framing over the in-memory pipe
//! and file URIs under the temporary workspace.
#![allow(clippy::unwrap_used, dead_code)] // tests fail loudly; each test uses a part

pub mod client;

use std::path::Path;

use serde_json::Value;
use tokio::io::{AsyncBufRead, AsyncBufReadExt, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// The URI of `path` under `root` (`root` itself for `""`).
pub fn uri(root: &Path, path: &str) -> String {
    let base = format!("file://{}", root.display());
    if path.is_empty() {
        base
    } else {
        format!("{base}/{path}")
    }
}

/// Writes one message with its `Content-Length` header.
pub async fn send(write: &mut (impl AsyncWrite + Unpin), message: Value) {
    let body = message.to_string();
    send_raw(write, format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes()).await;
}

/// Writes bytes as they are (broken frames, hand-written JSON).
pub async fn send_raw(write: &mut (impl AsyncWrite + Unpin), bytes: &[u8]) {
    write.write_all(bytes).await.unwrap();
    write.flush().await.unwrap();
}

/// Reads one message: headers up to the blank line, then `Content-Length` bytes.
pub async fn receive(read: &mut (impl AsyncBufRead + Unpin)) -> Value {
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        let n = read.read_line(&mut line).await.unwrap();
        assert!(n > 0, "the server closed the connection");
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length: ") {
            length = n.parse().unwrap();
        }
    }
    let mut body = vec![0u8; length];
    read.read_exact(&mut body).await.unwrap();
    serde_json::from_slice(&body).unwrap()
}
