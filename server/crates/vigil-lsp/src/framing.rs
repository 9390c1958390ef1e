//! The client's byte stream, checked before the protocol layer sees it. tower-lsp
//! ends the connection at the first frame it cannot read (a body that is not JSON,
//! JSON that is not a JSON-RPC message, a missing or wrong `Content-Length`), and
//! the editor loses every diagnostic. Here each frame is read with a forgiving header
//! parser (any case, any other headers, garbage before it), its body checked to be a
//! JSON-RPC message, and only good frames are passed on, written anew; a bad one is
//! logged (to stderr and the client's log) and skipped, and reading resumes at the
//! next header. A message whose params do not fit its method is tower-lsp's to
//! refuse: it answers a request with `InvalidParams` and drops a notification.
//!
//! One repair: JSON escapes of lone UTF-16 surrogates (`"\ud800"`, which an editor
//! whose strings are UTF-16 can send) are read as U+FFFD. serde_json refuses them, and
//! skipping such a `didChange` would leave the document out of step with the editor
//! for every later edit; U+FFFD is one UTF-16 unit, as the surrogate is, so the
//! positions of later edits stay right.

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};

/// A body larger than this is not waited for: its header is dropped.
const MAX_BODY: usize = 64 * 1024 * 1024;

/// What the next complete piece of the buffer is.
#[derive(Debug, PartialEq)]
pub(crate) enum Frame {
    /// A message whose body is JSON.
    Message(Vec<u8>),
    /// Bytes that are not a readable message, and why.
    Skipped(String),
}

/// Takes the next frame off the front of `buffer`; `None` when more bytes are
/// needed. `searched` is how far the buffer is known to hold no header end (so that
/// bytes arriving without one are not searched again and again); it is kept up to
/// date here.
pub(crate) fn next_frame(buffer: &mut Vec<u8>, searched: &mut usize) -> Option<Frame> {
    let from = searched.saturating_sub(3).min(buffer.len());
    let Some(end) = buffer[from..].windows(4).position(|w| w == b"\r\n\r\n").map(|p| from + p) else {
        *searched = buffer.len();
        if buffer.len() > MAX_BODY {
            buffer.clear();
            *searched = 0;
            return Some(Frame::Skipped("over 64 MiB without a message header".into()));
        }
        return None;
    };
    // Whatever happens next, the front of the buffer is consumed or waited on.
    *searched = 0;
    let header = String::from_utf8_lossy(&buffer[..end]).to_ascii_lowercase();
    // The last Content-Length: garbage (the rest of a broken message) may come first.
    let length = header
        .rfind("content-length:")
        .and_then(|at| header[at + "content-length:".len()..].lines().next()?.trim().parse::<usize>().ok());
    let body_start = end + 4;
    match length {
        Some(length) if length <= MAX_BODY => {
            if buffer.len() < body_start + length {
                return None;
            }
            let body: Vec<u8> = buffer[body_start..body_start + length].to_vec();
            buffer.drain(..body_start + length);
            if is_message(&body) {
                return Some(Frame::Message(body));
            }
            if let Some(repaired) = without_lone_surrogates(&body).filter(|b| is_message(b)) {
                tracing::warn!("a message with lone UTF-16 surrogates: read as U+FFFD");
                return Some(Frame::Message(repaired));
            }
            if serde_json::from_slice::<serde_json::Value>(&body).is_ok() {
                Some(Frame::Skipped(format!(
                    "a message body of {length} bytes that is JSON but not a JSON-RPC message"
                )))
            } else {
                Some(Frame::Skipped(format!("a message body of {length} bytes that is not JSON")))
            }
        }
        Some(length) => {
            buffer.drain(..body_start);
            Some(Frame::Skipped(format!("a Content-Length of {length} (over 64 MiB)")))
        }
        None => {
            buffer.drain(..body_start);
            Some(Frame::Skipped("a message header without a valid Content-Length".into()))
        }
    }
}

/// Whether `body` is what tower-lsp reads as a message (a request, a notification
/// or a response), which is all it accepts without ending the connection.
fn is_message(body: &[u8]) -> bool {
    use tower_lsp_server::jsonrpc::{Request, Response};
    serde_json::from_slice::<Request>(body).is_ok() || serde_json::from_slice::<Response>(body).is_ok()
}

/// `body` with every `\uXXXX` escape of a UTF-16 surrogate that is not half of a pair
/// replaced by `\ufffd`; `None` when there is none.
fn without_lone_surrogates(body: &[u8]) -> Option<Vec<u8>> {
    // The code unit of a `\uXXXX` escape at `at`.
    let unit = |at: usize| -> Option<u16> {
        let hex = body.get(at..at + 6)?.strip_prefix(b"\\u")?;
        u16::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok()
    };
    let mut out = Vec::with_capacity(body.len());
    let mut repaired = false;
    let mut i = 0;
    while i < body.len() {
        if body[i] != b'\\' {
            out.push(body[i]);
            i += 1;
            continue;
        }
        let escape = match unit(i) {
            // A pair: both halves kept.
            Some(0xD800..=0xDBFF) if unit(i + 6).is_some_and(|low| (0xDC00..=0xDFFF).contains(&low)) => 12,
            Some(0xD800..=0xDFFF) => {
                out.extend_from_slice(b"\\ufffd");
                repaired = true;
                i += 6;
                continue;
            }
            Some(_) => 6,
            // `\\`, `\"` and the like: the escaped character is not the start of
            // another escape.
            None => 2,
        };
        let end = (i + escape).min(body.len());
        out.extend_from_slice(&body[i..end]);
        i = end;
    }
    repaired.then_some(out)
}

/// `input` with only well-formed messages in it (see the module documentation).
pub fn checked<R>(mut input: R) -> tokio::io::DuplexStream
where
    R: AsyncRead + Unpin + Send + 'static,
{
    let (mut forward, checked) = tokio::io::duplex(1 << 16);
    tokio::spawn(async move {
        let mut buffer = Vec::new();
        let mut searched = 0;
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            while let Some(frame) = next_frame(&mut buffer, &mut searched) {
                match frame {
                    Frame::Message(body) => {
                        let header = format!("Content-Length: {}\r\n\r\n", body.len());
                        if forward.write_all(header.as_bytes()).await.is_err()
                            || forward.write_all(&body).await.is_err()
                        {
                            return;
                        }
                    }
                    Frame::Skipped(why) => tracing::error!("ignored input from the client: {why}"),
                }
            }
            match input.read(&mut chunk).await {
                Ok(0) | Err(_) => return,
                Ok(n) => buffer.extend_from_slice(&chunk[..n]),
            }
        }
    });
    checked
}

#[cfg(test)]
mod tests {
    use super::{next_frame, Frame};

    fn frames(input: &[u8]) -> Vec<Frame> {
        let mut buffer = input.to_vec();
        let mut searched = 0;
        std::iter::from_fn(|| next_frame(&mut buffer, &mut searched)).collect()
    }

    #[test]
    fn bad_frames_are_skipped_and_the_next_good_one_is_read() {
        let good = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let message =
            |body: &[u8]| [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body].concat();
        let mut input = Vec::new();
        input.extend(b"Content-Length: 5\r\n\r\nhello");
        input.extend(message(good));
        input.extend(b"Content-Type: x\r\n\r\n");
        input.extend(
            format!("content-length: {}\r\ncontent-type: application/vscode-jsonrpc\r\n\r\n", good.len())
                .as_bytes(),
        );
        input.extend(good);
        input.extend(b"Content-Length: 99999999999\r\n\r\n");
        // Too short a length: the rest of the body is garbage before the next header.
        input.extend(b"Content-Length: 10\r\n\r\n");
        input.extend(good);
        input.extend(message(good));
        let got = frames(&input);
        let good = || Frame::Message(good.to_vec());
        assert_eq!(got[0], Frame::Skipped("a message body of 5 bytes that is not JSON".into()));
        assert_eq!(got[1], good());
        assert_eq!(got[2], Frame::Skipped("a message header without a valid Content-Length".into()));
        assert_eq!(got[3], good(), "lower-case headers and other headers are fine");
        assert!(matches!(&got[4], Frame::Skipped(w) if w.contains("over 64 MiB")));
        assert!(matches!(&got[5], Frame::Skipped(w) if w.contains("not JSON")));
        assert_eq!(got.last(), Some(&good()), "{got:?}");
    }

    /// JSON that tower-lsp cannot read as a message would end the connection there:
    /// it is skipped like a body that is not JSON.
    #[test]
    fn json_that_is_not_a_message_is_skipped() {
        let message = |body: &str| {
            [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), body.as_bytes()].concat()
        };
        let notification = r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let response = r#"{"jsonrpc":"2.0","id":1,"result":null}"#;
        let mut input = Vec::new();
        for body in
            [r#"{"hello":1}"#, "[1,2]", "42", r#"{"jsonrpc":"1.0","method":"x"}"#, notification, response]
        {
            input.extend(message(body));
        }
        let got = frames(&input);
        assert_eq!(got.len(), 6, "{got:?}");
        for skipped in &got[..4] {
            assert!(matches!(skipped, Frame::Skipped(w) if w.contains("not a JSON-RPC message")), "{got:?}");
        }
        assert_eq!(got[4], Frame::Message(notification.as_bytes().to_vec()));
        assert_eq!(got[5], Frame::Message(response.as_bytes().to_vec()));
    }

    /// A lone surrogate is read as U+FFFD; a pair, an escaped backslash before `u`
    /// and other escapes are left alone.
    #[test]
    fn lone_surrogates_are_read_as_replacement_characters() {
        let body = |text: &str| {
            format!(
                r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"contentChanges":[{{"text":"{text}"}}]}}}}"#
            )
        };
        let text_of = |frame: &Frame| match frame {
            Frame::Message(b) => {
                let v: serde_json::Value = serde_json::from_slice(b).unwrap();
                v["params"]["contentChanges"][0]["text"].as_str().unwrap().to_string()
            }
            Frame::Skipped(why) => panic!("skipped: {why}"),
        };
        let cases = [
            (r"a\ud800b", "a\u{fffd}b"),
            (r"\uDC00\ud83d\ude00\ud83d", "\u{fffd}😀\u{fffd}"),
            (r"\\ud800 \\\ud800 \u0041\n", "\\ud800 \\\u{fffd} A\n"),
            (r"\ud800\u0041", "\u{fffd}A"),
        ];
        for (escaped, decoded) in cases {
            let input = body(escaped);
            let framed =
                [format!("Content-Length: {}\r\n\r\n", input.len()).as_bytes(), input.as_bytes()].concat();
            let got = frames(&framed);
            assert_eq!(got.len(), 1);
            assert_eq!(text_of(&got[0]), decoded, "{escaped}");
        }
        assert_eq!(super::without_lone_surrogates(br#"{"a":"\ud83d\ude00 \\ud800"}"#), None);
    }

    #[test]
    fn a_partial_frame_waits_for_more() {
        let body = br#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#;
        let (first, rest) = body.split_at(20);
        let mut buffer = [format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes(), first].concat();
        let mut searched = 0;
        assert_eq!(next_frame(&mut buffer, &mut searched), None);
        buffer.extend(rest);
        let frame = next_frame(&mut buffer, &mut searched);
        assert_eq!(frame, Some(Frame::Message(body.to_vec())));
        assert!(buffer.is_empty());
        // A header end split across reads is found.
        let mut buffer = format!("Content-Length: {}\r\n\r", body.len()).into_bytes();
        assert_eq!(next_frame(&mut buffer, &mut searched), None);
        buffer.extend(b"\n");
        buffer.extend(body);
        assert_eq!(next_frame(&mut buffer, &mut searched), Some(Frame::Message(body.to_vec())));
    }
}
