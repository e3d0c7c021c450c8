//! A fake EU VIES `checkVat` SOAP service on loopback: answers per VAT number as configured
//! and records every request it receives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// How the fake answers for one number.
#[derive(Debug, Clone)]
pub enum FakeAnswer {
    /// `valid` true with this name and address.
    Valid {
        /// Trader name.
        name: String,
        /// Trader address.
        address: String,
    },
    /// `valid` false (the default for numbers not configured).
    Invalid,
    /// A SOAP fault with this faultstring (`MS_UNAVAILABLE`, `INVALID_INPUT`…), HTTP 500.
    Fault(String),
    /// Waits this long, then answers valid.
    Slow(Duration),
    /// A bare HTTP error status with an HTML body.
    HttpError(u16),
}

impl FakeAnswer {
    /// A valid answer.
    pub fn valid(name: &str, address: &str) -> FakeAnswer {
        FakeAnswer::Valid {
            name: name.into(),
            address: address.into(),
        }
    }
}

/// One `checkVat` request as received.
#[derive(Debug, Clone)]
pub struct ViesRequest {
    /// The `countryCode` element.
    pub country_code: String,
    /// The `vatNumber` element.
    pub vat_number: String,
    /// The `SOAPAction` header, if any.
    pub soap_action: Option<String>,
    /// The raw SOAP body.
    pub body: String,
}

/// The fake service.
#[derive(Clone)]
pub struct FakeVies {
    port: u16,
    answers: Arc<Mutex<HashMap<String, FakeAnswer>>>,
    received: Arc<Mutex<Vec<ViesRequest>>>,
}

impl FakeVies {
    /// Starts the fake on a free port.
    pub async fn start() -> FakeVies {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind vies");
        let fake = FakeVies {
            port: listener.local_addr().expect("addr").port(),
            answers: Arc::default(),
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

    /// The endpoint URL to put in `Settings::vies_endpoint`.
    pub fn url(&self) -> String {
        format!(
            "http://127.0.0.1:{}/taxation_customs/vies/services/checkVatService",
            self.port
        )
    }

    /// Sets the answer for a number written with its prefix: `FR40303265045`, `EL094014201`.
    pub fn answer(&self, vat: &str, answer: FakeAnswer) {
        self.answers
            .lock()
            .expect("lock")
            .insert(vat.to_string(), answer);
    }

    /// Every request received so far.
    pub fn requests(&self) -> Vec<ViesRequest> {
        self.received.lock().expect("lock").clone()
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
        let body = String::from_utf8_lossy(&buf[header_end..]).to_string();
        let country_code = services::vies::element_text(&body, "countryCode").unwrap_or_default();
        let vat_number = services::vies::element_text(&body, "vatNumber").unwrap_or_default();
        self.received.lock().expect("lock").push(ViesRequest {
            country_code: country_code.clone(),
            vat_number: vat_number.clone(),
            soap_action: header("soapaction"),
            body: body.clone(),
        });
        let answer = self
            .answers
            .lock()
            .expect("lock")
            .get(&format!("{country_code}{vat_number}"))
            .cloned()
            .unwrap_or(FakeAnswer::Invalid);
        let (status, content) = match answer {
            FakeAnswer::Valid { name, address } => (
                200,
                response(&country_code, &vat_number, true, &name, &address),
            ),
            FakeAnswer::Invalid => (
                200,
                response(&country_code, &vat_number, false, "---", "---"),
            ),
            FakeAnswer::Fault(fault) => (500, fault_body(&fault)),
            FakeAnswer::Slow(delay) => {
                tokio::time::sleep(delay).await;
                (
                    200,
                    response(&country_code, &vat_number, true, "SLOW SA", "1 RUE LENTE"),
                )
            }
            FakeAnswer::HttpError(code) => (code, "<html><body>error</body></html>".to_string()),
        };
        let reply = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: text/xml;charset=UTF-8\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{content}",
            content.len()
        );
        stream.write_all(reply.as_bytes()).await?;
        stream.shutdown().await
    }
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn response(country: &str, number: &str, valid: bool, name: &str, address: &str) -> String {
    format!(
        concat!(
            r#"<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/>"#,
            r#"<env:Body><ns2:checkVatResponse xmlns:ns2="urn:ec.europa.eu:taxud:vies:services:checkVat:types">"#,
            "<ns2:countryCode>{}</ns2:countryCode><ns2:vatNumber>{}</ns2:vatNumber>",
            "<ns2:requestDate>2026-11-30+01:00</ns2:requestDate><ns2:valid>{}</ns2:valid>",
            "<ns2:name>{}</ns2:name><ns2:address>{}</ns2:address>",
            "</ns2:checkVatResponse></env:Body></env:Envelope>"
        ),
        escape(country),
        escape(number),
        valid,
        escape(name),
        escape(address)
    )
}

fn fault_body(fault: &str) -> String {
    format!(
        concat!(
            r#"<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/>"#,
            "<env:Body><env:Fault><faultcode>env:Server</faultcode>",
            "<faultstring>{}</faultstring></env:Fault></env:Body></env:Envelope>"
        ),
        escape(fault)
    )
}
