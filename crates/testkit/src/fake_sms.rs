//! A fake SMS provider on loopback: records every text POSTed to it (JSON `{"to","text","id"}`)
//! with the bearer token it came with, and answers 200 (or a configured error status).

use std::sync::atomic::{AtomicU16, Ordering};
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// One text as received.
#[derive(Debug, Clone)]
pub struct ReceivedSms {
    /// The phone number.
    pub to: String,
    /// The text.
    pub text: String,
    /// The sender's id of the message.
    pub id: String,
    /// The `Authorization` header.
    pub authorization: Option<String>,
}

/// The fake provider.
#[derive(Clone)]
pub struct FakeSms {
    port: u16,
    status: Arc<AtomicU16>,
    received: Arc<Mutex<Vec<ReceivedSms>>>,
}

impl FakeSms {
    /// Starts the fake on a free port.
    pub async fn start() -> FakeSms {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sms");
        let fake = FakeSms {
            port: listener.local_addr().expect("addr").port(),
            status: Arc::new(AtomicU16::new(200)),
            received: Arc::default(),
        };
        let accepting = fake.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let fake = accepting.clone();
                tokio::spawn(async move {
                    let _ = fake.serve(stream).await;
                });
            }
        });
        fake
    }

    /// The endpoint for `Settings::sms_gateway_url`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/sms", self.port)
    }

    /// Answers every later text with this status (200 by default; 503 to test retries).
    pub fn answer_status(&self, status: u16) {
        self.status.store(status, Ordering::SeqCst);
    }

    /// Every text accepted so far (not the refused ones).
    pub fn received(&self) -> Vec<ReceivedSms> {
        self.received.lock().expect("lock").clone()
    }

    /// The texts accepted for one number.
    pub fn to(&self, number: &str) -> Vec<ReceivedSms> {
        self.received()
            .into_iter()
            .filter(|m| m.to == number)
            .collect()
    }

    async fn serve(&self, mut stream: TcpStream) -> std::io::Result<()> {
        let mut buf = Vec::new();
        let mut chunk = [0u8; 4096];
        let header_end = loop {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                return Ok(());
            }
            buf.extend_from_slice(&chunk[..n]);
            if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
                break i + 4;
            }
        };
        let head = String::from_utf8_lossy(&buf[..header_end]).to_string();
        let header = |name: &str| {
            head.lines().find_map(|line| {
                let (k, v) = line.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        let length: usize = header("content-length")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        while buf.len() < header_end + length {
            let n = stream.read(&mut chunk).await?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
        let status = self.status.load(Ordering::SeqCst);
        let body: serde_json::Value =
            serde_json::from_slice(&buf[header_end..]).unwrap_or(serde_json::Value::Null);
        let field = |k: &str| body[k].as_str().unwrap_or_default().to_string();
        if status == 200 {
            self.received.lock().expect("lock").push(ReceivedSms {
                to: field("to"),
                text: field("text"),
                id: field("id"),
                authorization: header("authorization"),
            });
        }
        let content = if status == 200 {
            "{\"ok\":true}"
        } else {
            "{\"ok\":false}"
        };
        let reply = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{content}",
            content.len()
        );
        stream.write_all(reply.as_bytes()).await?;
        stream.shutdown().await
    }
}
