//! Standard input and output as an LSP connection, with lsp-server's
//! framing (`Message::read`, `Message::write`). Unlike lsp-server's own
//! stdio transport, a malformed message does not end the connection: it is
//! skipped and handed to the server as a `MALFORMED` notification (which
//! logs it), as a JSON-RPC peer cannot answer what it cannot read.

use std::io::{self, BufReader, ErrorKind};
use std::thread::JoinHandle;

use crossbeam_channel::{Sender, unbounded};
use lsp_server::{Connection, Message, Notification};

/// What the reader hands the server in place of a malformed message.
pub const MALFORMED: &str = "claimlint/malformedMessage";

/// How many malformed messages in a row end the connection (the stream is
/// not LSP at all).
const MALFORMED_LIMIT: usize = 1000;

/// The connection, and the writer thread (join it to flush what is left:
/// it ends once the connection's sender is dropped).
pub fn stdio() -> io::Result<(Connection, JoinHandle<()>)> {
    let (to_client, outgoing) = unbounded::<Message>();
    let writer = std::thread::Builder::new().name("lsp-writer".into()).spawn(move || {
        let mut stdout = io::stdout().lock();
        for message in outgoing {
            if message.write(&mut stdout).is_err() {
                return;
            }
        }
    })?;
    let (incoming, from_client) = unbounded::<Message>();
    std::thread::Builder::new()
        .name("lsp-reader".into())
        .spawn(move || read(&mut BufReader::new(io::stdin().lock()), &incoming))?;
    Ok((Connection { sender: to_client, receiver: from_client }, writer))
}

/// Reads messages until the input ends, the server stops listening, or the
/// input is not LSP at all.
pub fn read(input: &mut impl io::BufRead, incoming: &Sender<Message>) {
    let mut malformed = 0;
    loop {
        match Message::read(input) {
            Ok(Some(message)) => {
                malformed = 0;
                if incoming.send(message).is_err() {
                    return;
                }
            }
            Ok(None) => return,
            // A header or body lsp-server cannot read; what follows may be
            // well formed again.
            Err(error) if error.kind() == ErrorKind::InvalidData => {
                malformed += 1;
                if malformed > MALFORMED_LIMIT {
                    return;
                }
                let skipped = Notification::new(MALFORMED.into(), error.to_string());
                if incoming.send(skipped.into()).is_err() {
                    return;
                }
            }
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn framed(body: &str) -> String {
        format!("Content-Length: {}\r\n\r\n{body}", body.len())
    }

    #[test]
    fn malformed_messages_are_logged_and_skipped() {
        let input = [
            framed("{not json"),
            "garbage line\r\n".to_string(),
            "\r\n".to_string(),
            framed(r#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#),
        ]
        .concat();
        let (incoming, received) = unbounded();
        read(&mut io::Cursor::new(input.into_bytes()), &incoming);
        let methods: Vec<String> = received
            .try_iter()
            .filter_map(|m| match m {
                Message::Notification(n) => Some(n.method),
                _ => None,
            })
            .collect();
        assert_eq!(methods, [MALFORMED, MALFORMED, MALFORMED, "initialized"]);
    }
}
