//! Writing to standard output when the reader may have gone: `vigil check | head`
//! closes the pipe early, and `print!` then panics ("failed printing to stdout").
//! A closed pipe is the reader's choice, not an error: output stops quietly and the
//! exit code still says what the check found.

use std::io::{self, Write};

/// `result`, with a closed pipe (`BrokenPipe`) counted as success.
pub fn tolerate(result: io::Result<()>) -> io::Result<()> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Writes `text` to standard output (see the module documentation).
pub fn print(text: &str) -> io::Result<()> {
    let mut out = io::stdout().lock();
    tolerate(out.write_all(text.as_bytes()).and_then(|()| out.flush()))
}
