//! Live checks of intra-EU VAT numbers against the EU VIES service (REG-4), with a stored
//! trace of each check.
//!
//! VIES answers SOAP 1.1. Only a definite "no" (`valid` false, or the `INVALID_INPUT` fault)
//! makes a number invalid; every other failure (a member state down, too many requests, a
//! timeout, an HTTP error, an answer we cannot read) leaves it "not verified yet", to be
//! retried later by [`retry_unverified`]. A company is never refused because VIES is down.

use crate::{InternalError, Settings};
use chrono::Utc;
use domain::EventId;
use domain::vat::VatNumber;
use std::sync::OnceLock;
use std::time::Duration;
use store::ConnectionTrait;
use store::vat::{NewVatCheck, STATUS_INVALID, STATUS_UNAVAILABLE, STATUS_VALID, VatCheckRow};

/// The XML namespace of the `checkVat` operation.
pub const CHECK_VAT_NS: &str = "urn:ec.europa.eu:taxud:vies:services:checkVat:types";
/// How many unverified numbers one [`retry_unverified`] run re-checks at most.
pub const RETRY_BATCH: u64 = 100;

/// What VIES said about a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ViesOutcome {
    /// The number exists; name and address as registered (VIES may answer `---`).
    Valid {
        /// Trader name.
        name: String,
        /// Trader address.
        address: String,
        /// VIES's `requestDate`.
        request_date: String,
    },
    /// VIES says the number does not exist (or the input is invalid).
    Invalid {
        /// VIES's `requestDate`, when it answered normally.
        request_date: String,
        /// The fault string (`INVALID_INPUT`), when it answered with a fault.
        fault: String,
    },
    /// Not verified yet: the reason (fault string or transport error), retried later.
    Unavailable {
        /// Why.
        reason: String,
    },
}

impl ViesOutcome {
    /// The stored status: `valid`, `invalid` or `unavailable`.
    pub fn status(&self) -> &'static str {
        match self {
            ViesOutcome::Valid { .. } => STATUS_VALID,
            ViesOutcome::Invalid { .. } => STATUS_INVALID,
            ViesOutcome::Unavailable { .. } => STATUS_UNAVAILABLE,
        }
    }
}

/// The SOAP envelope of a `checkVat` request.
pub fn check_vat_envelope(vat: &VatNumber) -> String {
    format!(
        concat!(
            r#"<?xml version="1.0" encoding="UTF-8"?>"#,
            r#"<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" "#,
            r#"xmlns:urn="{ns}"><soapenv:Header/><soapenv:Body><urn:checkVat>"#,
            r#"<urn:countryCode>{country}</urn:countryCode><urn:vatNumber>{number}</urn:vatNumber>"#,
            r#"</urn:checkVat></soapenv:Body></soapenv:Envelope>"#
        ),
        ns = CHECK_VAT_NS,
        country = xml_escape(vat.country()),
        number = xml_escape(vat.number()),
    )
}

fn client() -> Result<&'static reqwest::Client, String> {
    static CLIENT: OnceLock<reqwest::Client> = OnceLock::new();
    if let Some(client) = CLIENT.get() {
        return Ok(client);
    }
    let built = reqwest::Client::builder()
        .user_agent("Agora VAT check")
        .build()
        .map_err(|e| format!("http client: {e}"))?;
    Ok(CLIENT.get_or_init(|| built))
}

/// Asks VIES about a number. Never fails: whatever goes wrong is `Unavailable`.
pub async fn check(settings: &Settings, vat: &VatNumber) -> ViesOutcome {
    let timeout = Duration::from_millis(settings.vies_timeout_ms);
    let exchange = async {
        let client = client()?;
        let response = client
            .post(&settings.vies_endpoint)
            .timeout(timeout)
            .header("Content-Type", "text/xml; charset=utf-8")
            .header("SOAPAction", "\"\"")
            .body(check_vat_envelope(vat))
            .send()
            .await
            .map_err(|e| format!("request: {e}"))?;
        let status = response.status();
        let body = response
            .text()
            .await
            .map_err(|e| format!("response body: {e}"))?;
        Ok::<_, String>((status, body))
    };
    // The client's timeout covers the exchange; this one also covers connecting and a body
    // that trickles in.
    let outcome = match tokio::time::timeout(timeout, exchange).await {
        Err(_) => ViesOutcome::Unavailable {
            reason: "timeout".into(),
        },
        Ok(Err(reason)) => ViesOutcome::Unavailable { reason },
        Ok(Ok((status, body))) => parse_response(status.as_u16(), &body),
    };
    if let ViesOutcome::Unavailable { reason } = &outcome {
        tracing::warn!(vat = %vat, %reason, "VIES check not verified");
    }
    outcome
}

/// Reads a VIES answer (any HTTP status: faults come with 500).
pub fn parse_response(http_status: u16, body: &str) -> ViesOutcome {
    if let Some(fault) = element_text(body, "faultstring") {
        let fault = fault.trim().to_string();
        return if fault == "INVALID_INPUT" {
            ViesOutcome::Invalid {
                request_date: String::new(),
                fault,
            }
        } else {
            ViesOutcome::Unavailable { reason: fault }
        };
    }
    if !(200..300).contains(&http_status) {
        return ViesOutcome::Unavailable {
            reason: format!("HTTP {http_status}"),
        };
    }
    let request_date = element_text(body, "requestDate").unwrap_or_default();
    match element_text(body, "valid").as_deref().map(str::trim) {
        Some("true") => ViesOutcome::Valid {
            name: element_text(body, "name")
                .unwrap_or_default()
                .trim()
                .to_string(),
            address: element_text(body, "address")
                .unwrap_or_default()
                .trim()
                .to_string(),
            request_date,
        },
        Some("false") => ViesOutcome::Invalid {
            request_date,
            fault: String::new(),
        },
        _ => ViesOutcome::Unavailable {
            reason: "unreadable answer".into(),
        },
    }
}

/// Checks a number live and stores the trace row (outside any transaction: the call may take
/// up to the timeout).
pub async fn check_and_record(
    db: &impl ConnectionTrait,
    settings: &Settings,
    event: Option<EventId>,
    company_id: Option<i64>,
    vat: &VatNumber,
) -> Result<VatCheckRow, InternalError> {
    let request_id = uuid_v4();
    let outcome = check(settings, vat).await;
    let (name, address, request_date, fault) = match &outcome {
        ViesOutcome::Valid {
            name,
            address,
            request_date,
        } => (name.as_str(), address.as_str(), request_date.as_str(), ""),
        ViesOutcome::Invalid {
            request_date,
            fault,
        } => ("", "", request_date.as_str(), fault.as_str()),
        ViesOutcome::Unavailable { reason } => ("", "", "", reason.as_str()),
    };
    let row = store::vat::insert_check(
        db,
        NewVatCheck {
            event,
            company_id,
            country: vat.country(),
            number: vat.number(),
            status: outcome.status(),
            name,
            address,
            request_id: &request_id,
            vies_request_date: request_date,
            fault,
            checked_at: Utc::now(),
        },
    )
    .await?;
    Ok(row)
}

/// Re-checks the companies whose latest check is `unavailable` (for the worker), at most
/// [`RETRY_BATCH`] per run; returns how many were re-checked. Each re-check adds a row.
pub async fn retry_unverified(
    db: &impl ConnectionTrait,
    settings: &Settings,
) -> Result<usize, InternalError> {
    let pending = store::vat::latest_unverified(db, RETRY_BATCH).await?;
    let mut rechecked = 0;
    for row in pending {
        let Ok(vat) = VatNumber::parse(&row.country, &row.number) else {
            continue;
        };
        check_and_record(
            db,
            settings,
            row.event_id.map(EventId),
            row.company_id,
            &vat,
        )
        .await?;
        rechecked += 1;
    }
    Ok(rechecked)
}

/// A random (version 4) UUID, our id for one request.
fn uuid_v4() -> String {
    let mut b = [0u8; 16];
    if getrandom::fill(&mut b).is_err() {
        // Only a trace id: a clock-based fallback is good enough.
        let nanos = Utc::now().timestamp_nanos_opt().unwrap_or_default();
        b = (nanos as u128).to_be_bytes();
    }
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The text of the first element with this local name (any namespace prefix), entities
/// decoded; `Some("")` for an empty element, `None` when absent. Enough for VIES's flat
/// answers; not a general XML parser.
pub fn element_text(xml: &str, local: &str) -> Option<String> {
    let mut rest = xml;
    while let Some(open) = rest.find('<') {
        let after = &rest[open + 1..];
        let end = after.find('>')?;
        let tag = &after[..end];
        rest = &after[end + 1..];
        if tag.starts_with(['/', '?', '!']) {
            continue;
        }
        let self_closing = tag.ends_with('/');
        let name = tag
            .trim_end_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default();
        let (prefix, name_local) = match name.split_once(':') {
            Some((p, l)) => (Some(p), l),
            None => (None, name),
        };
        if name_local != local {
            continue;
        }
        if self_closing {
            return Some(String::new());
        }
        let close = match prefix {
            Some(p) => format!("</{p}:{local}"),
            None => format!("</{local}"),
        };
        let inner = &rest[..rest.find(&close)?];
        return Some(decode_text(inner));
    }
    None
}

fn decode_text(raw: &str) -> String {
    if let Some(cdata) = raw
        .strip_prefix("<![CDATA[")
        .and_then(|s| s.strip_suffix("]]>"))
    {
        return cdata.to_string();
    }
    let mut out = String::with_capacity(raw.len());
    let mut rest = raw;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').and_then(|semi| {
            let entity = &after[..semi];
            let ch = match entity {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .and_then(|h| u32::from_str_radix(h, 16).ok())
                    .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            };
            ch.map(|c| (c, semi))
        });
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const VALID: &str = r#"<env:Envelope xmlns:env="http://schemas.xmlsoap.org/soap/envelope/"><env:Header/><env:Body><ns2:checkVatResponse xmlns:ns2="urn:ec.europa.eu:taxud:vies:services:checkVat:types"><ns2:countryCode>FR</ns2:countryCode><ns2:vatNumber>40303265045</ns2:vatNumber><ns2:requestDate>2026-11-29+01:00</ns2:requestDate><ns2:valid>true</ns2:valid><ns2:name>SA ODIGEO &amp; CO</ns2:name><ns2:address>1 RUE X&#10;75001 PARIS</ns2:address></ns2:checkVatResponse></env:Body></env:Envelope>"#;

    #[test]
    fn element_text_by_local_name() {
        assert_eq!(element_text(VALID, "valid").as_deref(), Some("true"));
        assert_eq!(
            element_text(VALID, "name").as_deref(),
            Some("SA ODIGEO & CO")
        );
        assert_eq!(
            element_text(VALID, "address").as_deref(),
            Some("1 RUE X\n75001 PARIS")
        );
        assert_eq!(element_text(VALID, "missing"), None);
        assert_eq!(element_text("<a><b/></a>", "b").as_deref(), Some(""));
        assert_eq!(
            element_text("<a><b x='1'>hi</b></a>", "b").as_deref(),
            Some("hi")
        );
        assert_eq!(
            element_text("<b><![CDATA[<x> & y]]></b>", "b").as_deref(),
            Some("<x> & y")
        );
        assert_eq!(
            element_text("<b>a &bogus b</b>", "b").as_deref(),
            Some("a &bogus b")
        );
        assert_eq!(element_text("<b>unclosed", "b"), None);
        assert_eq!(element_text("<x:validity>1</x:validity>", "valid"), None);
    }

    #[test]
    fn answers_are_read() {
        match parse_response(200, VALID) {
            ViesOutcome::Valid {
                name, request_date, ..
            } => {
                assert_eq!(name, "SA ODIGEO & CO");
                assert_eq!(request_date, "2026-11-29+01:00");
            }
            other => panic!("{other:?}"),
        }
        let invalid = VALID.replace(">true<", ">false<");
        assert_eq!(parse_response(200, &invalid).status(), "invalid");
        let fault = |s: &str| {
            format!(
                "<env:Envelope><env:Body><env:Fault><faultcode>env:Server</faultcode><faultstring>{s}</faultstring></env:Fault></env:Body></env:Envelope>"
            )
        };
        assert_eq!(
            parse_response(500, &fault("INVALID_INPUT")).status(),
            "invalid"
        );
        for s in [
            "MS_UNAVAILABLE",
            "TIMEOUT",
            "SERVICE_UNAVAILABLE",
            "MS_MAX_CONCURRENT_REQ",
            "GLOBAL_MAX_CONCURRENT_REQ",
        ] {
            assert_eq!(
                parse_response(500, &fault(s)),
                ViesOutcome::Unavailable { reason: s.into() }
            );
        }
        assert_eq!(
            parse_response(502, "<html>bad gateway</html>").status(),
            "unavailable"
        );
        assert_eq!(parse_response(503, VALID).status(), "unavailable");
        assert_eq!(parse_response(200, "not xml").status(), "unavailable");
        assert_eq!(
            parse_response(200, "<valid>maybe</valid>").status(),
            "unavailable"
        );
    }

    #[test]
    fn envelope_and_request_ids() {
        let vat = VatNumber::parse("GR", "094014201").unwrap();
        let body = check_vat_envelope(&vat);
        assert!(body.contains(CHECK_VAT_NS));
        assert_eq!(element_text(&body, "countryCode").as_deref(), Some("EL"));
        assert_eq!(
            element_text(&body, "vatNumber").as_deref(),
            Some("094014201")
        );
        let id = uuid_v4();
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(id, uuid_v4());
    }
}
