//! A minimal SMTP server on loopback that records messages, and can refuse some on demand
//! to exercise retries.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpListener;

/// A message as received.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// RCPT TO addresses.
    pub recipients: Vec<String>,
    /// The raw DATA (headers and body).
    pub data: String,
}

impl ReceivedMail {
    /// The first `http…` link in the body (quoted-printable soft breaks removed).
    pub fn first_link(&self) -> Option<String> {
        let text = self.data.replace("=\r\n", "").replace("=3D", "=");
        let start = text.find("http")?;
        let rest = &text[start..];
        let end = rest.find(|c: char| c.is_whitespace()).unwrap_or(rest.len());
        Some(rest[..end].to_string())
    }
}

/// The sink: where the app's worker sends mail during tests.
#[derive(Clone)]
pub struct SmtpSink {
    port: u16,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    failures_to_inject: Arc<AtomicUsize>,
}

impl SmtpSink {
    /// Starts the sink on a free port.
    pub async fn start() -> SmtpSink {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind smtp");
        let sink = SmtpSink {
            port: listener.local_addr().expect("addr").port(),
            received: Arc::default(),
            failures_to_inject: Arc::default(),
        };
        let accepting = sink.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let session = accepting.clone();
                tokio::spawn(async move {
                    let _ = session.serve(stream).await;
                });
            }
        });
        sink
    }

    /// The port to point the app at.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Everything received so far.
    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.received.lock().expect("lock").clone()
    }

    /// Refuses the next `n` messages with a temporary error (451).
    pub fn fail_next(&self, n: usize) {
        self.failures_to_inject.store(n, Ordering::SeqCst);
    }

    async fn serve(&self, stream: tokio::net::TcpStream) -> std::io::Result<()> {
        let (read, mut write) = stream.into_split();
        let mut lines = BufReader::new(read);
        write.write_all(b"220 sink.test ESMTP\r\n").await?;
        let mut recipients = Vec::new();
        let mut line = String::new();
        loop {
            line.clear();
            if lines.read_line(&mut line).await? == 0 {
                return Ok(());
            }
            let command = line.trim_end().to_ascii_uppercase();
            if command.starts_with("EHLO") || command.starts_with("HELO") {
                write
                    .write_all(b"250-sink.test\r\n250 8BITMIME\r\n")
                    .await?;
            } else if command.starts_with("MAIL FROM") {
                recipients.clear();
                write.write_all(b"250 OK\r\n").await?;
            } else if command.starts_with("RCPT TO") {
                recipients.push(
                    line.trim_end()[8..]
                        .trim()
                        .trim_matches(['<', '>'])
                        .to_string(),
                );
                write.write_all(b"250 OK\r\n").await?;
            } else if command == "DATA" {
                write.write_all(b"354 go ahead\r\n").await?;
                let mut data = String::new();
                loop {
                    line.clear();
                    if lines.read_line(&mut line).await? == 0 {
                        return Ok(());
                    }
                    if line == ".\r\n" || line == ".\n" {
                        break;
                    }
                    data.push_str(&line);
                }
                let fail = self
                    .failures_to_inject
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_ok();
                if fail {
                    write.write_all(b"451 try again later\r\n").await?;
                } else {
                    self.received.lock().expect("lock").push(ReceivedMail {
                        recipients: recipients.clone(),
                        data,
                    });
                    write.write_all(b"250 queued\r\n").await?;
                }
            } else if command == "QUIT" {
                write.write_all(b"221 bye\r\n").await?;
                return Ok(());
            } else if command == "RSET" || command == "NOOP" {
                write.write_all(b"250 OK\r\n").await?;
            } else {
                write.write_all(b"502 not implemented\r\n").await?;
            }
        }
    }
}
