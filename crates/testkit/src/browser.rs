//! An HTTP client with its own cookies that echoes the CSRF token like a real browser's
//! forms do. Redirects are not followed, so tests can assert them.

use reqwest::cookie::{CookieStore, Jar};
use reqwest::{Response, StatusCode};
use std::sync::Arc;

/// A visitor's browser.
pub struct Browser {
    client: reqwest::Client,
    jar: Arc<Jar>,
    base: url::Url,
}

/// A response read whole.
#[derive(Debug)]
pub struct Page {
    /// HTTP status.
    pub status: StatusCode,
    /// `Location` header of a redirect.
    pub location: Option<String>,
    /// Every header.
    pub headers: reqwest::header::HeaderMap,
    /// Body text.
    pub body: String,
}

impl Page {
    async fn read(response: Response) -> Page {
        let status = response.status();
        let headers = response.headers().clone();
        let location = headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response.text().await.unwrap_or_default();
        Page {
            status,
            location,
            headers,
            body,
        }
    }

    /// Whether the body contains a text.
    pub fn contains(&self, text: &str) -> bool {
        self.body.contains(text)
    }
}

impl Browser {
    /// A browser with an empty cookie jar.
    pub fn new(base: &str) -> Browser {
        let jar = Arc::new(Jar::default());
        let client = reqwest::Client::builder()
            .cookie_provider(jar.clone())
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        Browser {
            client,
            jar,
            base: url::Url::parse(base).expect("base url"),
        }
    }

    fn url(&self, path: &str) -> url::Url {
        self.base.join(path).expect("path")
    }

    /// GET a path.
    pub async fn get(&self, path: &str) -> Page {
        Page::read(self.client.get(self.url(path)).send().await.expect("GET")).await
    }

    /// GET a download: status, headers and the body's raw bytes (XLSX, PDF…).
    pub async fn get_bytes(&self, path: &str) -> (StatusCode, reqwest::header::HeaderMap, Vec<u8>) {
        let response = self.client.get(self.url(path)).send().await.expect("GET");
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response
            .bytes()
            .await
            .map(|b| b.to_vec())
            .unwrap_or_default();
        (status, headers, bytes)
    }

    /// GET with extra headers.
    pub async fn get_with(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(self.url(path));
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        Page::read(request.send().await.expect("GET")).await
    }

    /// The CSRF token from the cookie jar, fetching a page first when there is none.
    pub async fn csrf(&self) -> String {
        if let Some(token) = self.cookie("agora_csrf") {
            return token;
        }
        self.get("/login").await;
        self.cookie("agora_csrf")
            .expect("csrf cookie after a page load")
    }

    /// Puts a cookie in the jar (e.g. a session taken from another browser).
    pub fn set_cookie(&self, cookie: &str) {
        self.jar.add_cookie_str(cookie, &self.base);
    }

    /// A cookie's value.
    pub fn cookie(&self, name: &str) -> Option<String> {
        let header = self.jar.cookies(&self.base)?;
        header
            .to_str()
            .ok()?
            .split(';')
            .filter_map(|p| p.trim().split_once('='))
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.to_string())
    }

    /// Submits a form as the page would: with the CSRF token.
    pub async fn post_form(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut all: Vec<(&str, &str)> = fields.to_vec();
        all.push(("csrf", token.as_str()));
        Page::read(
            self.client
                .post(self.url(path))
                .form(&all)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// Submits a form without any CSRF token (an attack).
    pub async fn post_form_raw(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        headers: &[(&str, &str)],
    ) -> Page {
        let mut request = self.client.post(self.url(path)).form(fields);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        Page::read(request.send().await.expect("POST")).await
    }

    /// Submits a multipart form with one file; the token travels in the query string as the
    /// page's form action does.
    pub async fn post_multipart(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        file_field: &str,
        file_name: &str,
        bytes: Vec<u8>,
    ) -> Page {
        let token = self.csrf().await;
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        form = form.part(
            file_field.to_string(),
            reqwest::multipart::Part::bytes(bytes).file_name(file_name.to_string()),
        );
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = self.url(&format!("{path}{separator}csrf={token}"));
        Page::read(
            self.client
                .post(url)
                .multipart(form)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// Submits a multipart form with any number of text fields and files (`(field, file
    /// name, bytes)`), repeated names allowed; the token travels in the query string.
    pub async fn post_multipart_files(
        &self,
        path: &str,
        fields: &[(&str, &str)],
        files: &[(&str, &str, Vec<u8>)],
    ) -> Page {
        let token = self.csrf().await;
        let mut form = reqwest::multipart::Form::new();
        for (k, v) in fields {
            form = form.text(k.to_string(), v.to_string());
        }
        for (field, name, bytes) in files {
            form = form.part(
                field.to_string(),
                reqwest::multipart::Part::bytes(bytes.clone()).file_name(name.to_string()),
            );
        }
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = self.url(&format!("{path}{separator}csrf={token}"));
        Page::read(
            self.client
                .post(url)
                .multipart(form)
                .send()
                .await
                .expect("POST"),
        )
        .await
    }

    /// Logs in; panics unless the login redirects.
    pub async fn login(&self, email: &str, password: &str) -> Page {
        let page = self
            .post_form(
                "/login",
                &[("email", email), ("password", password), ("next", "/")],
            )
            .await;
        assert_eq!(
            page.status,
            StatusCode::SEE_OTHER,
            "login failed for {email}: {}",
            page.body
        );
        page
    }
}
