//! The protocol's base layer on stdin and stdout: `Content-Length`
//! framed JSON-RPC messages.
//!
//! Not lsp-server's own reader: it stops the connection at the first
//! message that is not UTF-8 or not JSON, and a language server must
//! answer bad input with an error and go on. Here each message is read
//! whole (up to [`MAX_MESSAGE`]), and one that cannot be used becomes an
//! [`Incoming::Bad`] for the main loop to answer.

use std::io::{self, BufRead, Read, Write};
use std::sync::mpsc::{Receiver, SyncSender};

use lsp_server::{ErrorCode, Message};
use serde_json::Value;

/// The largest message read: a document as large as `files.max-size`
/// allows by default (256 MB), JSON-escaped, with room to spare. A larger
/// one is skipped, not held.
pub(crate) const MAX_MESSAGE: usize = 320 << 20;

/// The longest header line: headers are a few dozen bytes, and a stream
/// that is not the protocol must not fill the memory before a newline.
const MAX_HEADER_LINE: u64 = 8 << 10;

/// What the reader hands the main loop.
#[derive(Debug)]
pub(crate) enum Incoming {
    /// A well-formed message.
    Message(Message),
    /// A message that could not be used: answered with this error (to its
    /// `id` when one could be read from it), and said in the log.
    Bad {
        /// The request's `id` as sent, when the message had one.
        id: Option<Value>,
        /// The JSON-RPC error code.
        code: i32,
        /// What was wrong, for the user.
        message: String,
        /// It was a notification: nothing is answered.
        notification: bool,
    },
}

/// What the writer sends: a message, or an error response whose `id` is
/// not one lsp-server can represent (`null`, or an `id` it cannot parse).
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// A message.
    Message(Message),
    /// A JSON-RPC message as a value.
    Raw(Value),
}

impl From<Message> for Outgoing {
    fn from(m: Message) -> Self {
        Outgoing::Message(m)
    }
}

/// Read messages from `input` until it ends or fails, handing each to
/// `to`; stops early when the main loop is gone.
pub(crate) fn read_loop(mut input: impl BufRead, to: &SyncSender<Incoming>) {
    loop {
        match read_message(&mut input, MAX_MESSAGE) {
            Ok(Some(incoming)) => {
                let exit = matches!(
                    &incoming,
                    Incoming::Message(Message::Notification(n)) if n.method == "exit"
                );
                if to.send(incoming).is_err() || exit {
                    return;
                }
            }
            // The client closed stdin, or it cannot be read: the session
            // is over either way.
            Ok(None) | Err(_) => return,
        }
    }
}

/// Write each message to `out` until the main loop drops its sender.
pub(crate) fn write_loop(from: &Receiver<Outgoing>, mut out: impl Write) -> io::Result<()> {
    for outgoing in from {
        match outgoing {
            Outgoing::Message(m) => m.write(&mut out)?,
            Outgoing::Raw(v) => {
                let text = v.to_string();
                write!(out, "Content-Length: {}\r\n\r\n{text}", text.len())?;
                out.flush()?;
            }
        }
    }
    Ok(())
}

/// One message from `input`: `None` at the end of the input.
pub(crate) fn read_message(input: &mut impl BufRead, max: usize) -> io::Result<Option<Incoming>> {
    let Some(length) = read_headers(input)? else {
        return Ok(None);
    };
    let length = match length {
        Ok(length) => length,
        Err(message) => {
            return Ok(Some(Incoming::Bad {
                id: None,
                code: ErrorCode::ParseError as i32,
                message,
                notification: false,
            }));
        }
    };
    if length > max {
        // Skipped as it streams past: never held.
        let skipped = io::copy(&mut input.take(length as u64), &mut io::sink())?;
        if skipped < length as u64 {
            return Ok(None);
        }
        return Ok(Some(Incoming::Bad {
            id: None,
            code: ErrorCode::ParseError as i32,
            message: format!(
                "a message of {} MB is larger than the {} MB weeklint server reads; it was skipped",
                length >> 20,
                max >> 20
            ),
            notification: false,
        }));
    }
    // Grown as the bytes come: a `Content-Length` that lies costs nothing.
    let mut body = Vec::with_capacity(length.min(1 << 20));
    input.take(length as u64).read_to_end(&mut body)?;
    if body.len() < length {
        return Ok(None);
    }
    Ok(Some(parse_body(body)))
}

/// The headers of one message: `None` at the end of the input; the
/// content length, or why there is none.
fn read_headers(input: &mut impl BufRead) -> io::Result<Option<Result<usize, String>>> {
    let mut length: Option<Result<usize, String>> = None;
    let mut line = Vec::new();
    let mut any = false;
    loop {
        line.clear();
        let n = input
            .by_ref()
            .take(MAX_HEADER_LINE)
            .read_until(b'\n', &mut line)?;
        if n == 0 {
            return Ok(None);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text.is_empty() {
            if !any {
                // Blank lines between messages: not a message.
                continue;
            }
            break;
        }
        any = true;
        if let Some((name, value)) = text.split_once(':')
            && name.trim().eq_ignore_ascii_case("content-length")
        {
            length = Some(value.trim().parse::<usize>().map_err(|_| {
                format!(
                    "the Content-Length header `{}` is not a number",
                    value.trim()
                )
            }));
        }
    }
    Ok(Some(length.unwrap_or_else(|| {
        Err("a message came without a Content-Length header".to_string())
    })))
}

/// A message's content as a message, or what is wrong with it.
fn parse_body(body: Vec<u8>) -> Incoming {
    let (text, utf8_error) = match String::from_utf8(body) {
        Ok(text) => (text, None),
        // Read as well as it can be, only to find the request's `id`.
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            (String::from_utf8_lossy(e.as_bytes()).into_owned(), Some(at))
        }
    };
    let value: Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            return Incoming::Bad {
                id: None,
                code: ErrorCode::ParseError as i32,
                message: format!("a message is not JSON: {e}"),
                notification: false,
            };
        }
    };
    let id = value.get("id").cloned();
    let notification = id.is_none() && value.get("method").is_some();
    if let Some(at) = utf8_error {
        let method = value
            .get("method")
            .and_then(Value::as_str)
            .unwrap_or("a message");
        return Incoming::Bad {
            id,
            code: ErrorCode::ParseError as i32,
            message: format!(
                "{method} is not valid UTF-8 (byte {at} of its content); the protocol is UTF-8 and weeklint ignored it"
            ),
            notification,
        };
    }
    let method = value
        .get("method")
        .and_then(Value::as_str)
        .map(str::to_string);
    match serde_json::from_value::<Message>(value) {
        Ok(m) => Incoming::Message(m),
        Err(e) => Incoming::Bad {
            id,
            code: ErrorCode::InvalidRequest as i32,
            message: match method {
                Some(method) => format!("{method} is not a valid JSON-RPC message: {e}"),
                None => format!("a message is not a valid JSON-RPC message: {e}"),
            },
            notification,
        },
    }
}

/// The response to a message that could not be used.
pub(crate) fn error_response(id: Option<Value>, code: i32, message: &str) -> Outgoing {
    Outgoing::Raw(serde_json::json!({
        "jsonrpc": "2.0",
        "id": id.unwrap_or(Value::Null),
        "error": { "code": code, "message": message },
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn frame(body: &[u8]) -> Vec<u8> {
        let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
        out.extend_from_slice(body);
        out
    }

    fn read_all(bytes: &[u8], max: usize) -> Vec<Incoming> {
        let mut input = io::BufReader::new(bytes);
        let mut out = Vec::new();
        while let Some(m) = read_message(&mut input, max).unwrap() {
            out.push(m);
        }
        out
    }

    #[test]
    fn a_message_is_read_and_the_next_one_too() {
        let mut bytes = frame(br#"{"jsonrpc":"2.0","id":1,"method":"shutdown"}"#);
        bytes.extend(frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        let got = read_all(&bytes, 1000);
        assert!(
            matches!(&got[0], Incoming::Message(Message::Request(r)) if r.method == "shutdown")
        );
        assert!(
            matches!(&got[1], Incoming::Message(Message::Notification(n)) if n.method == "exit")
        );
    }

    #[test]
    fn bad_messages_are_answered_and_reading_goes_on() {
        let mut bytes =
            frame(b"{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"x\",\"params\":\"\xff\"}");
        bytes.extend(frame(b"not json"));
        bytes.extend(frame(br#"{"jsonrpc":"2.0","id":8}"#));
        bytes.extend(b"X-Other: 1\r\n\r\n");
        bytes.extend(frame(&[b' '; 2000]));
        bytes.extend(frame(br#"{"jsonrpc":"2.0","method":"exit"}"#));
        let got = read_all(&bytes, 1000);
        let bad: Vec<(Option<Value>, i32)> = got
            .iter()
            .filter_map(|m| match m {
                Incoming::Bad { id, code, .. } => Some((id.clone(), *code)),
                Incoming::Message(_) => None,
            })
            .collect();
        assert_eq!(
            bad,
            [
                (Some(Value::from(7)), -32700),
                (None, -32700),
                (Some(Value::from(8)), -32600),
                (None, -32700),
                (None, -32700),
            ]
        );
        assert!(matches!(got.last(), Some(Incoming::Message(_))));
    }

    #[test]
    fn a_content_length_that_lies_ends_the_input_without_holding_it() {
        let bytes = b"Content-Length: 999999999999\r\n\r\n{}";
        assert!(read_all(bytes, usize::MAX).is_empty());
        assert!(read_all(bytes, 1000).is_empty());
    }
}
