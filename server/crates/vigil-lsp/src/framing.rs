//! The client's byte stream, checked before the protocol layer sees it. tower-lsp
//! ends the connection at the first frame it cannot read (a body that is not JSON,
//! a missing or wrong `Content-Length`), and the editor loses every diagnostic. Here
//! each frame is read with a forgiving header parser (any case, any other headers,
//! garbage before it), its body checked to be JSON, and only good frames are passed
//! on, written anew; a bad one is logged (to stderr and the client's log) and
//! skipped, and reading resumes at the next header.

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
            if serde_json::from_slice::<serde_json::Value>(&body).is_ok() {
                Some(Frame::Message(body))
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

    #[test]
    fn a_partial_frame_waits_for_more() {
        let mut buffer = b"Content-Length: 20\r\n\r\n{\"a\":".to_vec();
        let mut searched = 0;
        assert_eq!(next_frame(&mut buffer, &mut searched), None);
        buffer.extend(b" 1234567890123}");
        let frame = next_frame(&mut buffer, &mut searched);
        assert_eq!(frame, Some(Frame::Message(b"{\"a\": 1234567890123}".to_vec())));
        assert!(buffer.is_empty());
        // A header end split across reads is found.
        let mut buffer = b"Content-Length: 2\r\n\r".to_vec();
        assert_eq!(next_frame(&mut buffer, &mut searched), None);
        buffer.extend(b"\n{}");
        assert_eq!(next_frame(&mut buffer, &mut searched), Some(Frame::Message(b"{}".to_vec())));
    }
}
