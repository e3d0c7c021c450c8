//! Typed settings from an optional `agora.toml` and `AGORA_*` environment variables.
//!
//! Environment variables win over the file; nested keys use a double underscore
//! (`AGORA_SMTP__HOST`). Secrets (the SMTP password, the metrics token) are never printed:
//! `Debug` redacts them.

use figment::{
    Figment,
    providers::{Env, Format, Serialized, Toml},
};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// Log output format.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line, for log collectors.
    Json,
}

/// How to reach the SMTP server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SmtpSecurity {
    /// Plain connection (a local relay or a test sink).
    None,
    /// STARTTLS upgrade, the usual port 587.
    #[default]
    Starttls,
    /// TLS from the first byte, port 465.
    Tls,
}

/// SMTP delivery settings. Without a host, messages wait in the outbox page.
#[derive(Clone, Default, Serialize, Deserialize)]
pub struct SmtpSettings {
    /// Server host name; empty means "no SMTP configured".
    pub host: Option<String>,
    /// Server port.
    pub port: Option<u16>,
    /// Login, if the server needs one.
    pub username: Option<String>,
    /// Password (secret).
    pub password: Option<String>,
    /// Transport security.
    pub security: SmtpSecurity,
    /// Sender address, e.g. `Agora <no-reply@cci.example>`.
    pub from: String,
}

impl fmt::Debug for SmtpSettings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SmtpSettings")
            .field("host", &self.host)
            .field("port", &self.port)
            .field("username", &self.username)
            .field("password", &self.password.as_ref().map(|_| "<redacted>"))
            .field("security", &self.security)
            .field("from", &self.from)
            .finish()
    }
}

/// Every setting of the platform.
#[derive(Clone, Serialize, Deserialize)]
pub struct Settings {
    /// Address to listen on.
    pub listen: String,
    /// Database URL; `sqlite:` (default, in the data folder) or `postgres://`.
    pub database_url: Option<String>,
    /// Folder for the SQLite database and stored files.
    pub data_dir: PathBuf,
    /// The address people use to reach the site (links in emails); defaults to the listen
    /// address. An `https://` URL turns on `Secure` cookies and HSTS.
    pub public_base_url: Option<String>,
    /// SMTP delivery.
    pub smtp: SmtpSettings,
    /// Log format.
    pub log_format: LogFormat,
    /// Bearer token that opens `/metrics` to a scraper (secret); principal admins can always
    /// read it.
    pub metrics_token: Option<String>,
    /// Run the background worker inside the web process (default). Turn off when running
    /// `agora worker` separately.
    pub embedded_worker: bool,
    /// Idle session timeout, minutes.
    pub session_idle_minutes: i64,
    /// Absolute session lifetime, hours.
    pub session_absolute_hours: i64,
    /// Largest accepted upload, bytes.
    pub max_upload_bytes: usize,
    /// Largest file attached to an offer or request (PDF, image, video), bytes.
    pub max_attachment_bytes: usize,
    /// Most files attached to one offer or request.
    pub max_attachments_per_offer: usize,
    /// Behind a reverse proxy: take the client address from the last `X-Forwarded-For`
    /// entry the proxy appended (login throttling per address needs the real client).
    /// Leave off when clients reach Agora directly, or they could spoof their address.
    pub trust_forwarded_for: bool,
    /// SOAP endpoint of the EU VIES VAT number check (REG-4); tests point it at a fake.
    pub vies_endpoint: String,
    /// Longest wait for a VIES answer, milliseconds; past it the number stays "not verified
    /// yet" and is retried later.
    pub vies_timeout_ms: u64,
    /// SMS gateway (MTG-5): URL that receives each text as a JSON POST `{"to","text","id"}`;
    /// none keeps SMS in the outbox.
    pub sms_gateway_url: Option<String>,
    /// Bearer token sent to the SMS gateway (secret).
    pub sms_gateway_token: Option<String>,
    /// Font files or folders added to printed documents as fallbacks, for the scripts the
    /// bundled fonts lack (Chinese, Japanese, Korean). Default: Debian's Noto Sans CJK.
    pub extra_fonts: Vec<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            listen: "127.0.0.1:8080".to_string(),
            database_url: None,
            data_dir: PathBuf::from("data"),
            public_base_url: None,
            smtp: SmtpSettings {
                from: "Agora <no-reply@agora.invalid>".to_string(),
                ..SmtpSettings::default()
            },
            log_format: LogFormat::Text,
            metrics_token: None,
            embedded_worker: true,
            session_idle_minutes: 120,
            session_absolute_hours: 12,
            max_upload_bytes: 5 * 1024 * 1024,
            max_attachment_bytes: 10 * 1024 * 1024,
            max_attachments_per_offer: 3,
            trust_forwarded_for: false,
            vies_endpoint: "https://ec.europa.eu/taxation_customs/vies/services/checkVatService"
                .to_string(),
            vies_timeout_ms: 5000,
            sms_gateway_url: None,
            sms_gateway_token: None,
            extra_fonts: documents::DEFAULT_EXTRA_FONTS
                .iter()
                .map(PathBuf::from)
                .collect(),
        }
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("listen", &self.listen)
            .field(
                "database_url",
                &self.database_url.as_deref().map(redact_url),
            )
            .field("data_dir", &self.data_dir)
            .field("public_base_url", &self.public_base_url)
            .field("smtp", &self.smtp)
            .field("log_format", &self.log_format)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "<redacted>"),
            )
            .field("embedded_worker", &self.embedded_worker)
            .field("extra_fonts", &self.extra_fonts)
            .field("sms_gateway_url", &self.sms_gateway_url)
            .field(
                "sms_gateway_token",
                &self.sms_gateway_token.as_ref().map(|_| "<redacted>"),
            )
            .finish_non_exhaustive()
    }
}

/// Hides the password part of a database URL.
pub fn redact_url(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut parsed) if parsed.password().is_some() => {
            let _ = parsed.set_password(Some("redacted"));
            parsed.to_string()
        }
        _ => url.to_string(),
    }
}

impl Settings {
    /// Loads defaults, then `agora.toml` (or the file given), then `AGORA_*` variables.
    pub fn load(config_file: Option<&Path>) -> Result<Settings, Box<figment::Error>> {
        let file = config_file.unwrap_or(Path::new("agora.toml"));
        Figment::from(Serialized::defaults(Settings::default()))
            .merge(Toml::file(file))
            .merge(Env::prefixed("AGORA_").split("__"))
            .extract()
            .map_err(Box::new)
    }

    /// The database URL to use: the configured one, or a SQLite file in the data folder.
    pub fn effective_database_url(&self) -> String {
        match &self.database_url {
            Some(url) if !url.trim().is_empty() => url.clone(),
            _ => format!(
                "sqlite://{}?mode=rwc",
                self.data_dir.join("agora.db").display()
            ),
        }
    }

    /// The public base URL without a trailing slash.
    pub fn base_url(&self) -> String {
        match &self.public_base_url {
            Some(url) if !url.trim().is_empty() => url.trim_end_matches('/').to_string(),
            _ => format!("http://{}", self.listen),
        }
    }

    /// Whether cookies must carry `Secure` (the site is reached over HTTPS).
    pub fn secure_cookies(&self) -> bool {
        self.base_url().starts_with("https://")
    }

    /// Whether an SMTP server is configured.
    pub fn smtp_configured(&self) -> bool {
        self.smtp
            .host
            .as_deref()
            .is_some_and(|h| !h.trim().is_empty())
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_secrets() {
        let mut settings = Settings::default();
        settings.smtp.password = Some("hunter2-smtp".into());
        settings.metrics_token = Some("scrape-me-secret".into());
        settings.database_url = Some("postgres://agora:pg-secret@db/agora".into());
        let printed = format!("{settings:?}");
        assert!(!printed.contains("hunter2-smtp"));
        assert!(!printed.contains("scrape-me-secret"));
        assert!(!printed.contains("pg-secret"));
        assert!(printed.contains("redacted"));
    }

    #[test]
    fn defaults_use_sqlite_in_the_data_folder() {
        let settings = Settings::default();
        assert!(settings.effective_database_url().starts_with("sqlite://"));
        assert!(settings.effective_database_url().contains("agora.db"));
        assert!(!settings.secure_cookies());
    }

    #[test]
    fn extra_fonts_default_to_noto_cjk_and_are_read_from_the_file() {
        let defaults = Settings::default();
        assert!(
            defaults
                .extra_fonts
                .iter()
                .any(|p| p.ends_with("NotoSansCJK-Regular.ttc"))
        );
        let dir = std::env::temp_dir().join(format!("agora-fonts-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("agora.toml");
        std::fs::write(
            &file,
            "extra_fonts = [\"/opt/fonts\", \"/srv/hanzi.ttc\"]\n",
        )
        .unwrap();
        let loaded = Settings::load(Some(&file)).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        assert_eq!(
            loaded.extra_fonts,
            vec![PathBuf::from("/opt/fonts"), PathBuf::from("/srv/hanzi.ttc")]
        );
    }
}
