use bayanihan_domain::person::MembershipRole;
use bayanihan_domain::{Email, PersonName};
use bayanihan_store::testing::TempSqlite;
use bayanihan_store::{NewMembership, Store};
use bayanihan_web::{auth, AppState, WebConfig};
use serde_json::Value;
use uuid::Uuid;

pub struct TestApp {
    pub base: String,
    pub store: Store,
    pub http: reqwest::Client,
    pub db: TempSqlite,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// Starts the whole application on a random port.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(WebConfig::default()).await
}

/// Starts another server process over `store` (as a second process serving one database
/// would); returns its base URL. It stops when the test ends.
pub async fn serve_also(store: &Store, config: WebConfig) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(store.clone(), config);
    tokio::spawn(bayanihan_web::serve(
        listener,
        state,
        std::future::pending(),
    ));
    format!("http://{addr}")
}

/// Starts the whole application, configured, on a random port.
pub async fn spawn_app_with(config: WebConfig) -> TestApp {
    let db = TempSqlite::new().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let state = AppState::new(db.store.clone(), config);
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(bayanihan_web::serve(listener, state, async move {
        let _ = rx.await;
    }));
    TestApp {
        base: format!("http://{addr}"),
        store: db.store.clone(),
        http: reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap(),
        db,
        _shutdown: tx,
    }
}

pub use bayanihan_store::testing::fixtures::org_input;

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn org(&self, name: &str, kind: &str) -> Uuid {
        bayanihan_store::testing::fixtures::org(&self.store, name, kind).await
    }

    /// A person with the given memberships and an API token; returns (id, token).
    pub async fn person(
        &self,
        email: &str,
        memberships: &[(Uuid, &[MembershipRole])],
    ) -> (Uuid, String) {
        let id = bayanihan_store::testing::fixtures::person(&self.store, email).await;
        self.join(id, memberships).await;
        let token = auth::new_api_token();
        self.store
            .create_api_token(id, "test", &auth::digest(&token))
            .await
            .unwrap();
        (id, token)
    }

    /// Gives `person` these memberships (since 2025-01-01).
    pub async fn join(&self, person: Uuid, memberships: &[(Uuid, &[MembershipRole])]) {
        for (org, roles) in memberships {
            self.store
                .add_membership(&NewMembership {
                    person_id: person,
                    organization_id: *org,
                    roles: roles.to_vec(),
                    stakeholder: None,
                    since: "2025-01-01".parse().unwrap(),
                })
                .await
                .unwrap();
        }
    }

    /// A request as the holder of `token` (or anonymous), with a JSON body when given.
    pub async fn send(
        &self,
        token: Option<&str>,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> reqwest::Response {
        let mut req = self.http.request(method.parse().unwrap(), self.url(path));
        if let Some(t) = token {
            req = req.bearer_auth(t);
        }
        if let Some(b) = body {
            req = req.json(&b);
        }
        req.send().await.unwrap()
    }

    /// A person who can sign in with a password.
    pub async fn person_with_password(&self, email: &str, password: &str) -> Uuid {
        let hash = auth::hash_password(password.into()).await.unwrap();
        self.store
            .create_person(
                &Email::parse(email).unwrap(),
                &PersonName::parse("Someone").unwrap(),
                Some(&hash),
            )
            .await
            .unwrap()
    }

    /// The body of a GET, as text.
    pub async fn text(&self, path: &str) -> String {
        self.http
            .get(self.url(path))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }

    pub async fn count_orgs(&self) -> i64 {
        self.store
            .list_organizations(&Default::default(), 1, 0)
            .await
            .unwrap()
            .total
    }
}

/// Asserts a problem+json answer with `status`, returning the document.
pub async fn problem(res: reqwest::Response, status: u16) -> Value {
    assert_eq!(res.status().as_u16(), status, "unexpected status");
    let ct = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert_eq!(ct, "application/problem+json");
    let v: Value = res.json().await.unwrap();
    assert_eq!(v["status"], status);
    assert!(v["title"].as_str().is_some_and(|t| !t.is_empty()));
    assert!(v["detail"].as_str().is_some_and(|t| !t.is_empty()));
    v
}

/// The fields named in a 422 problem document.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|e| e["field"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// A PNG photo of `w` × `h` pixels (a gradient), as a phone might send.
pub fn png(w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([(x % 251) as u8, (y % 241) as u8, ((x + y) % 239) as u8])
    });
    let mut out = Vec::new();
    image::codecs::png::PngEncoder::new(&mut out)
        .write_image(img.as_raw(), w, h, image::ExtendedColorType::Rgb8)
        .unwrap();
    out
}

/// One message a test SMTP server received.
#[derive(Debug, Clone)]
pub struct Mail {
    pub to: Vec<String>,
    /// The body, its transfer encoding undone.
    pub body: String,
    pub raw: String,
}

/// A real SMTP server on a local port that keeps what it receives: tests send mail through it
/// with the application's own SMTP client and read what arrived.
pub struct SmtpSink {
    pub url: String,
    pub received: std::sync::Arc<std::sync::Mutex<Vec<Mail>>>,
}

impl SmtpSink {
    pub async fn start() -> SmtpSink {
        use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!("smtp://{}", listener.local_addr().unwrap());
        let received = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let keep = received.clone();
        tokio::spawn(async move {
            while let Ok((socket, _)) = listener.accept().await {
                let keep = keep.clone();
                tokio::spawn(async move {
                    let (read, mut write) = socket.into_split();
                    let mut lines = BufReader::new(read).lines();
                    let _ = write.write_all(b"220 sink.test ESMTP\r\n").await;
                    let mut to = Vec::new();
                    while let Ok(Some(line)) = lines.next_line().await {
                        let upper = line.to_ascii_uppercase();
                        let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO")
                        {
                            b"250 sink.test\r\n"
                        } else if upper.starts_with("RCPT TO:") {
                            to.push(line[8..].trim().trim_matches(['<', '>']).to_string());
                            b"250 OK\r\n"
                        } else if upper.starts_with("DATA") {
                            let _ = write.write_all(b"354 go ahead\r\n").await;
                            let mut raw = String::new();
                            while let Ok(Some(l)) = lines.next_line().await {
                                if l == "." {
                                    break;
                                }
                                raw.push_str(l.strip_prefix('.').unwrap_or(&l));
                                raw.push('\n');
                            }
                            keep.lock().unwrap().push(Mail {
                                to: std::mem::take(&mut to),
                                body: decode_body(&raw),
                                raw,
                            });
                            b"250 kept\r\n"
                        } else if upper.starts_with("QUIT") {
                            let _ = write.write_all(b"221 bye\r\n").await;
                            break;
                        } else {
                            b"250 OK\r\n"
                        };
                        if write.write_all(reply).await.is_err() {
                            break;
                        }
                    }
                });
            }
        });
        SmtpSink { url, received }
    }

    pub fn mails(&self) -> Vec<Mail> {
        self.received.lock().unwrap().clone()
    }
}

/// The body of a one-part message with its Content-Transfer-Encoding undone.
fn decode_body(raw: &str) -> String {
    let (head, body) = raw.split_once("\n\n").unwrap_or((raw, ""));
    let head = head.to_ascii_lowercase();
    if head.contains("content-transfer-encoding: base64") {
        use base64::Engine;
        let joined: String = body.split_whitespace().collect();
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(joined)
            .unwrap_or_default();
        String::from_utf8_lossy(&bytes).into_owned()
    } else if head.contains("content-transfer-encoding: quoted-printable") {
        let joined = body.replace("=\n", "");
        let mut out = Vec::new();
        let b = joined.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if b[i] == b'=' && i + 2 < b.len() {
                if let Ok(v) = u8::from_str_radix(&joined[i + 1..i + 3], 16) {
                    out.push(v);
                    i += 3;
                    continue;
                }
            }
            out.push(b[i]);
            i += 1;
        }
        String::from_utf8_lossy(&out).into_owned()
    } else {
        body.to_string()
    }
}
