//! The SQL stays within what PostgreSQL-compatible distributed engines (CockroachDB,
//! YugabyteDB) accept, checked over every migration and every string literal of the store's
//! sources (where all our SQL lives): no sequences or SERIAL columns (ids are UUIDs made in
//! the app), no advisory locks, no LISTEN/NOTIFY, no table locks, no triggers, stored
//! functions, rules, extensions or table inheritance. docs/operations.md says what running on
//! those engines would take beyond this.

use std::path::{Path, PathBuf};

/// Forbidden phrases, as sequences of upper-case words, and why.
const FORBIDDEN: &[(&[&str], &str)] = &[
    (&["SERIAL"], "a sequence behind the column"),
    (&["BIGSERIAL"], "a sequence behind the column"),
    (&["SMALLSERIAL"], "a sequence behind the column"),
    (&["SEQUENCE"], "sequences serialize inserts"),
    (&["NEXTVAL"], "a sequence"),
    (&["AS", "IDENTITY"], "an identity column is a sequence"),
    (&["AUTOINCREMENT"], "SQLite only, and a sequence"),
    (&["PG_ADVISORY_LOCK"], "advisory locks"),
    (&["PG_ADVISORY_XACT_LOCK"], "advisory locks"),
    (&["PG_TRY_ADVISORY_LOCK"], "advisory locks"),
    (&["PG_TRY_ADVISORY_XACT_LOCK"], "advisory locks"),
    (&["LISTEN"], "LISTEN/NOTIFY"),
    (&["NOTIFY"], "LISTEN/NOTIFY"),
    (&["PG_NOTIFY"], "LISTEN/NOTIFY"),
    (&["LOCK", "TABLE"], "explicit table locks"),
    (&["CREATE", "TRIGGER"], "triggers"),
    (&["CREATE", "FUNCTION"], "stored functions"),
    (&["CREATE", "OR", "REPLACE"], "stored functions"),
    (&["CREATE", "RULE"], "rules"),
    (&["CREATE", "EXTENSION"], "extensions"),
    (&["INHERITS"], "table inheritance"),
];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_uppercase)
        .collect()
}

/// The forbidden phrases found in `text`, with their reasons.
fn offences(text: &str) -> Vec<String> {
    let w = words(text);
    let mut out = Vec::new();
    for (phrase, why) in FORBIDDEN {
        if w.windows(phrase.len()).any(|win| win == *phrase) {
            out.push(format!("{} ({why})", phrase.join(" ")));
        }
    }
    out
}

/// SQL text without its `--` comments.
fn sql_code(sql: &str) -> String {
    sql.lines()
        .map(|l| l.split("--").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The contents of a Rust file's string literals (plain and raw), comments and char literals
/// skipped: where the store keeps its SQL.
fn string_literals(src: &str) -> Vec<String> {
    let b = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                i += 2;
                while i + 1 < b.len() && !(b[i] == b'*' && b[i + 1] == b'/') {
                    i += 1;
                }
                i += 2;
            }
            // A char literal: '"', '\'', '\\', 'x' (a lifetime has no closing quote).
            b'\'' if b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'') => i += 4,
            b'\'' if b.get(i + 2) == Some(&b'\'') => i += 3,
            b'r' if matches!(b.get(i + 1), Some(b'#' | b'"'))
                && (i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'_')) =>
            {
                let hashes = b[i + 1..].iter().take_while(|c| **c == b'#').count();
                let open = i + 1 + hashes;
                if b.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close: Vec<u8> = std::iter::once(b'"')
                    .chain(std::iter::repeat_n(b'#', hashes))
                    .collect();
                let start = open + 1;
                let end = b[start..]
                    .windows(close.len())
                    .position(|w| w == close.as_slice())
                    .map_or(b.len(), |p| start + p);
                out.push(src[start..end].to_string());
                i = end + close.len();
            }
            b'"' => {
                let start = i + 1;
                i = start;
                while i < b.len() && b[i] != b'"' {
                    i += if b[i] == b'\\' { 2 } else { 1 };
                }
                out.push(src[start..i.min(b.len())].to_string());
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

fn files(dir: &Path, ext: &str, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files(&p, ext, out);
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
}

#[test]
fn migrations_and_queries_stay_within_what_distributed_postgres_engines_accept() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut problems = Vec::new();
    let mut sql = Vec::new();
    files(&root.join("migrations"), "sql", &mut sql);
    assert!(sql.len() >= 20, "the migrations are read");
    for f in &sql {
        for o in offences(&sql_code(&std::fs::read_to_string(f).unwrap())) {
            problems.push(format!("{}: {o}", f.display()));
        }
    }
    let mut rs = Vec::new();
    files(&root.join("src"), "rs", &mut rs);
    let mut literals = 0;
    for f in &rs {
        for lit in string_literals(&std::fs::read_to_string(f).unwrap()) {
            literals += 1;
            for o in offences(&lit) {
                problems.push(format!("{}: {o} in {lit:?}", f.display()));
            }
        }
    }
    assert!(
        literals > 1_000,
        "the store's string literals are read ({literals})"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_check_finds_what_it_forbids_and_passes_what_is_allowed() {
    for bad in [
        "CREATE TABLE t (id BIGSERIAL PRIMARY KEY)",
        "CREATE TABLE t (id serial)",
        "id BIGINT GENERATED ALWAYS AS IDENTITY",
        "SELECT nextval('s')",
        "SELECT pg_advisory_xact_lock(1)",
        "LISTEN jobs",
        "SELECT pg_notify('jobs', '')",
        "LOCK TABLE cycles IN EXCLUSIVE MODE",
        "CREATE OR REPLACE FUNCTION f() RETURNS trigger",
        "CREATE TRIGGER t AFTER INSERT ON x",
    ] {
        assert!(!offences(bad).is_empty(), "{bad}");
    }
    for good in [
        "BEGIN ISOLATION LEVEL SERIALIZABLE",
        "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL SERIALIZABLE",
        "SELECT seq FROM order_lines ORDER BY seq",
        "INSERT INTO t (id) VALUES ($1) ON CONFLICT (id) DO NOTHING",
        "WITH RECURSIVE tree AS (SELECT 1) SELECT * FROM tree",
    ] {
        assert!(offences(good).is_empty(), "{good}: {:?}", offences(good));
    }
    let src = "let c = '\"'; // \"LISTEN\"\nlet s = \"SELECT 1\"; let r = r#\"LOCK TABLE x\"#;";
    assert_eq!(string_literals(src), ["SELECT 1", "LOCK TABLE x"]);
    assert_eq!(
        sql_code("SELECT 1; -- no SERIAL here\nSELECT 2"),
        "SELECT 1; \nSELECT 2"
    );
}

/// Every transaction the store opens is a write through `write_tx!` (tx.rs, which sets
/// SERIALIZABLE itself), or says READ ONLY where it opens.
#[test]
fn every_transaction_outside_write_tx_is_read_only() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut rs = Vec::new();
    files(&root.join("src"), "rs", &mut rs);
    let mut opened = 0;
    let mut problems = Vec::new();
    for f in rs.iter().filter(|f| !f.ends_with("tx.rs")) {
        let src = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = src.lines().collect();
        for (n, l) in lines.iter().enumerate() {
            if l.contains("begin_with(") || l.contains(".begin()") {
                opened += 1;
                let before = lines[n.saturating_sub(5)..n].join("\n");
                if !before.contains("READ ONLY") {
                    problems.push(format!("{}:{}: {}", f.display(), n + 1, l.trim()));
                }
            }
        }
    }
    assert!(
        opened >= 2,
        "the read-only transactions are found ({opened})"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// The test cluster keeps PostgreSQL's default isolation (read committed), so a write
/// transaction that forgot to ask for SERIALIZABLE would run below it, and this would show.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_write_transaction_is_serializable_by_itself() {
    let store = bayanihan_store::testing::PgCluster::shared()
        .fresh_store()
        .await;
    let (inside, default) = store.write_isolation().await.unwrap().expect("PostgreSQL");
    assert_eq!(inside, "serializable");
    if std::env::var("BAYANIHAN_TEST_POSTGRES_URL").is_err() {
        assert_eq!(default, "read committed", "the test cluster's own default");
    }
    store.close().await;
}
