//! Several PostgreSQL servers, one of them the primary: finding it, and finding the next one
//! after a failover.
//!
//! sqlx takes one host per URL (sqlx issue #2290), so a database URL may list several in
//! libpq's form, `postgres://user@host1:5432,host2:5432/db` — what `pg_autoctl show uri`
//! prints. The store connects to the first that is a writable primary (not in recovery, and
//! not read-only: pg_auto_failover keeps a freshly promoted node read-only for a moment). A
//! watcher then asks that server once every [`WATCH_EVERY`], on a connection of its own kept
//! for that; when it is gone or has become a standby, every listed server is asked again and
//! the pool's future connections go to the new primary. Connections made before the switch are closed
//! as they are next taken from the pool (the pool's `before_acquire` compares their age with
//! the switch).
//!
//! A write in flight when the primary dies fails (the client sees 503 and may try again):
//! whether its commit reached the server is unknown, so it is not retried blindly. What was
//! acknowledged was committed on the synchronous standby too (pg_auto_failover's
//! `synchronous_standby_names`), so the promoted server has it.

use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use sqlx::{AnyConnection, AnyPool, Connection, Row};

use crate::StoreError;

/// How often the watcher asks whether the pool's server is still a writable primary.
pub(crate) const WATCH_EVERY: Duration = Duration::from_millis(500);
/// How long one server may take to answer that question.
const ASK_WITHIN: Duration = Duration::from_secs(2);
/// How long a request waits for a connection when several servers are listed.
pub(crate) const ACQUIRE_WITHIN: Duration = Duration::from_secs(5);

/// The servers a store may use, and which of them it uses now.
#[derive(Debug)]
pub(crate) struct Hosts {
    pub urls: Vec<String>,
    current: Mutex<usize>,
    /// When the pool last moved to another server: connections older than that go.
    switched: Arc<Mutex<Option<Instant>>>,
}

impl Hosts {
    pub fn new(urls: Vec<String>, current: usize) -> Hosts {
        Hosts {
            urls,
            current: Mutex::new(current),
            switched: Default::default(),
        }
    }

    /// What the pool's `before_acquire` reads.
    pub fn switched(&self) -> Arc<Mutex<Option<Instant>>> {
        self.switched.clone()
    }

    pub fn current(&self) -> usize {
        *self.current.lock().expect("failover lock")
    }
}

/// True when a connection of age `age` was made before the last switch, so may lead to the
/// old server.
pub(crate) fn from_before_switch(switched: &Mutex<Option<Instant>>, age: Duration) -> bool {
    switched
        .lock()
        .expect("failover lock")
        .is_some_and(|at| age > at.elapsed())
}

/// The single-host URLs a database URL names: itself when it names one host, one per host
/// when it lists several (`host1:port1,host2:port2`), each keeping the user, database and
/// parameters. libpq's `target_session_attrs` is dropped: choosing the writable server is
/// what this module does.
pub(crate) fn expand(url: &str) -> Result<Vec<String>, StoreError> {
    let Some((scheme, rest)) = url.split_once("://") else {
        return Ok(vec![url.to_string()]);
    };
    let end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    let (user, hosts) = match authority.rfind('@') {
        Some(at) => (&authority[..=at], &authority[at + 1..]),
        None => ("", authority),
    };
    let (path, query) = match tail.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (tail, None),
    };
    let query: Vec<&str> = query
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter(|kv| !kv.is_empty() && !kv.starts_with("target_session_attrs="))
        .collect();
    let query = if query.is_empty() {
        String::new()
    } else {
        format!("?{}", query.join("&"))
    };
    let hosts: Vec<&str> = hosts.split(',').collect();
    if hosts.len() == 1 {
        return Ok(vec![url.to_string()]);
    }
    if let Some(empty) = hosts.iter().position(|h| h.is_empty()) {
        return Err(StoreError::Config(format!(
            "the database URL lists {} hosts, and host {} of them is empty",
            hosts.len(),
            empty + 1
        )));
    }
    Ok(hosts
        .iter()
        .map(|h| format!("{scheme}://{user}{h}{path}{query}"))
        .collect())
}

/// A database URL fit to print in logs and errors: a password, in the user part or as a
/// `password` parameter, shows as "…". The user part ends at the last `@`, so a password
/// holding an unescaped `@` is hidden whole; an `@` in the parameters hides more than it must,
/// never less.
pub fn redacted_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let rest = match rest.rsplit_once('@') {
        Some((user, host)) if user.contains(':') => {
            let name = user.split(':').next().unwrap_or_default();
            format!("{name}:…@{host}")
        }
        _ => rest.to_string(),
    };
    match rest.split_once('?') {
        Some((place, query)) => {
            let query = query
                .split('&')
                .map(|pair| match pair.split_once('=') {
                    Some((key, _)) if key.eq_ignore_ascii_case("password") => {
                        format!("{key}=…")
                    }
                    _ => pair.to_string(),
                })
                .collect::<Vec<_>>()
                .join("&");
            format!("{scheme}://{place}?{query}")
        }
        None => format!("{scheme}://{rest}"),
    }
}

/// Whether the server behind `conn` takes writes now.
async fn writable(conn: &mut AnyConnection) -> Result<bool, sqlx::Error> {
    let r = sqlx::query(
        "SELECT CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END, \
         current_setting('transaction_read_only')",
    )
    .fetch_one(conn)
    .await?;
    Ok(r.try_get::<i32, _>(0)? == 0 && r.try_get::<String, _>(1)? == "off")
}

/// Asks the server at `url` on a connection of its own.
async fn ask(url: &str) -> bool {
    let asked = async {
        let mut conn = AnyConnection::connect(url).await?;
        let w = writable(&mut conn).await;
        let _ = conn.close().await;
        w
    };
    matches!(tokio::time::timeout(ASK_WITHIN, asked).await, Ok(Ok(true)))
}

/// Whether the server at `url` still takes writes, asked on `conn` (connected first when
/// `None`, and dropped when it fails, so the next question connects afresh).
async fn still_writable(conn: &mut Option<AnyConnection>, url: &str) -> bool {
    if conn.is_none() {
        *conn = match tokio::time::timeout(ASK_WITHIN, AnyConnection::connect(url)).await {
            Ok(Ok(c)) => Some(c),
            _ => return false,
        };
    }
    let Some(c) = conn.as_mut() else {
        return false;
    };
    match tokio::time::timeout(ASK_WITHIN, writable(c)).await {
        Ok(Ok(true)) => true,
        _ => {
            *conn = None;
            false
        }
    }
}

/// The index of the first of `urls` that is a writable primary now.
pub(crate) async fn find_primary(urls: &[String]) -> Option<usize> {
    for (i, url) in urls.iter().enumerate() {
        if ask(url).await {
            return Some(i);
        }
    }
    None
}

/// Like [`find_primary`], waiting up to `within` for one to appear (a formation coming up,
/// or a failover under way when the process starts).
pub(crate) async fn wait_for_primary(
    urls: &[String],
    within: Duration,
) -> Result<usize, StoreError> {
    let until = Instant::now() + within;
    loop {
        if let Some(i) = find_primary(urls).await {
            return Ok(i);
        }
        if Instant::now() >= until {
            return Err(StoreError::Config(format!(
                "none of the {} database servers is a writable primary: {}",
                urls.len(),
                urls.iter()
                    .map(|u| redacted_url(u))
                    .collect::<Vec<_>>()
                    .join(", ")
            )));
        }
        tokio::time::sleep(WATCH_EVERY).await;
    }
}

/// Watches the pool's server while `hosts` lives (it lives as long as a handle of the store);
/// `options` makes the connect options of a URL.
pub(crate) fn watch(
    hosts: Weak<Hosts>,
    pool: AnyPool,
    options: impl Fn(&str) -> Result<sqlx::any::AnyConnectOptions, StoreError> + Send + 'static,
) {
    tokio::spawn(async move {
        // Said once when the primary is lost, not every half second until it is back.
        let mut lost = false;
        // The watcher's own connection to the current server, kept between questions: the
        // pool's connections may all be stuck on a dead server.
        let mut own: Option<AnyConnection> = None;
        loop {
            tokio::time::sleep(WATCH_EVERY).await;
            let Some(hosts) = hosts.upgrade() else { break };
            if pool.is_closed() {
                break;
            }
            if still_writable(&mut own, &hosts.urls[hosts.current()]).await {
                lost = false;
                continue;
            }
            let Some(next) = find_primary(&hosts.urls).await else {
                if !lost {
                    tracing::warn!("no database server is a writable primary now; asking again");
                }
                lost = true;
                continue;
            };
            lost = false;
            let now = hosts.current();
            if next == now {
                continue;
            }
            match options(&hosts.urls[next]) {
                Ok(o) => {
                    own = None;
                    pool.set_connect_options(o);
                    *hosts.switched.lock().expect("failover lock") = Some(Instant::now());
                    *hosts.current.lock().expect("failover lock") = next;
                    tracing::warn!(
                        from = %redacted_url(&hosts.urls[now]),
                        to = %redacted_url(&hosts.urls[next]),
                        "the database primary moved: writing to the new one"
                    );
                }
                Err(e) => tracing::error!(error = %e, "cannot use the new primary's URL"),
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_listing_hosts_gives_one_url_a_host_keeping_user_database_and_parameters() {
        assert_eq!(
            expand("postgres://app:secret@10.0.0.1:5432,10.0.0.2:5433/bayanihan?sslmode=disable&target_session_attrs=read-write")
                .unwrap(),
            vec![
                "postgres://app:secret@10.0.0.1:5432/bayanihan?sslmode=disable",
                "postgres://app:secret@10.0.0.2:5433/bayanihan?sslmode=disable",
            ]
        );
        assert_eq!(
            expand("postgresql://a:1,b:2/db").unwrap(),
            vec!["postgresql://a:1/db", "postgresql://b:2/db"]
        );
        assert_eq!(
            expand("postgres://a:1,b:2").unwrap(),
            vec!["postgres://a:1", "postgres://b:2"]
        );
    }

    #[test]
    fn a_url_naming_one_host_is_kept_whole() {
        let one = "postgres://u:p@host:5432/db?target_session_attrs=read-write";
        assert_eq!(expand(one).unwrap(), vec![one]);
    }

    #[test]
    fn an_empty_host_in_the_list_is_refused_by_its_place() {
        let e = expand("postgres://u@a:1,,c:3/db").unwrap_err().to_string();
        assert!(e.contains("host 2"), "{e}");
    }

    #[test]
    fn a_printed_url_shows_no_password() {
        for (url, printed) in [
            ("postgres://app:secret@h:1/db", "postgres://app:…@h:1/db"),
            // An unescaped `@` in the password.
            (
                "postgres://demo:s3cr@t@db.example:5432/bayanihan",
                "postgres://demo:…@db.example:5432/bayanihan",
            ),
            (
                "postgres://app@a:1,b:2/db?sslmode=require&password=secret",
                "postgres://app@a:1,b:2/db?sslmode=require&password=…",
            ),
            (
                "postgres://app:x@h/db?PASSWORD=y",
                "postgres://app:…@h/db?PASSWORD=…",
            ),
            ("postgres://demo@localhost/b", "postgres://demo@localhost/b"),
            ("postgres://h:1/db", "postgres://h:1/db"),
            ("sqlite:demo.db", "sqlite:demo.db"),
        ] {
            assert_eq!(redacted_url(url), printed, "{url}");
            assert!(!redacted_url(url).contains("secret"));
        }
    }

    #[test]
    fn only_connections_older_than_the_switch_are_from_before_it() {
        let switched = Mutex::new(None);
        assert!(!from_before_switch(&switched, Duration::from_secs(100)));
        *switched.lock().unwrap() = Some(Instant::now() - Duration::from_secs(10));
        assert!(from_before_switch(&switched, Duration::from_secs(11)));
        assert!(!from_before_switch(&switched, Duration::from_secs(9)));
    }
}
