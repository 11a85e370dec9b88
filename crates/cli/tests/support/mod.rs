//! Helpers shared by the CLI's test binaries.
#![allow(dead_code)] // each test binary uses its own subset

use std::process::{Child, Command, Stdio};

use bayanihan_store::testing::TempDir;
use std::time::Duration;

/// The `bayanihan` binary, with no configuration leaking in from the environment.
pub fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_bayanihan"));
    c.env_remove("BAYANIHAN_DATABASE")
        .env_remove("BAYANIHAN_CONFIG")
        .env("BAYANIHAN_LOG", "warn");
    c
}

/// Runs the command, expects success, and returns its standard output.
pub fn stdout_of(c: &mut Command) -> String {
    let out = c.output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Kills and reaps the server when dropped, so no test leaves one running, even on failure.
pub struct Server(pub Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Waits until `/healthz` answers 200, for at most `limit`.
pub async fn wait_until_up(base: &str, limit: Duration) -> bool {
    let deadline = std::time::Instant::now() + limit;
    while std::time::Instant::now() < deadline {
        if reqwest::get(format!("{base}/healthz"))
            .await
            .is_ok_and(|r| r.status() == 200)
        {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    false
}

/// `bayanihan serve` on a free port over `db`, up: (server, base URL).
pub async fn start(db: &str) -> (Server, String) {
    start_with(db, &[]).await
}

/// [`start`], with more arguments for `serve`.
pub async fn start_with(db: &str, args: &[&str]) -> (Server, String) {
    let port = free_port();
    // Owned by the guard at once, so it is reaped on every path, a failed start included.
    let server = Server(
        bin()
            .args([
                "serve",
                "--database",
                db,
                "--listen",
                &format!("127.0.0.1:{port}"),
            ])
            .args(args)
            .stdout(Stdio::null())
            .stderr(if std::env::var_os("BAYANIHAN_TEST_SERVER_LOG").is_some() {
                Stdio::inherit()
            } else {
                Stdio::null()
            })
            .spawn()
            .unwrap(),
    );
    let base = format!("http://127.0.0.1:{port}");
    assert!(
        wait_until_up(&base, Duration::from_secs(20)).await,
        "server did not start"
    );
    (server, base)
}

/// A new API token of the person with `email`.
pub fn token(db: &str, email: &str) -> String {
    stdout_of(bin().args(["token", "create", "--email", email, "--database", db]))
        .trim()
        .to_string()
}

/// The demo network in a fresh folder; returns (folder, database URL).
pub fn demo() -> (TempDir, String) {
    let dir = bayanihan_store::testing::temp_dir("bayanihan-crash");
    stdout_of(
        bin()
            .args(["demo", "--no-serve", "--data-dir"])
            .arg(dir.path()),
    );
    let db = format!("sqlite:{}", dir.path().join("bayanihan-demo.db").display());
    (dir, db)
}

/// The ids of a cycle's offers.
pub async fn offer_ids(store: &bayanihan_store::Store, cycle: uuid::Uuid) -> Vec<uuid::Uuid> {
    store
        .offers(cycle)
        .await
        .unwrap()
        .iter()
        .map(|o| o.id)
        .collect()
}

/// The demo's open weekly cycle (the rice season's open delivery takes no orders).
pub async fn open_cycle(store: &bayanihan_store::Store) -> bayanihan_store::trade::Cycle {
    store
        .cycles(None)
        .await
        .unwrap()
        .into_iter()
        .find(|c| !c.is_closed() && c.name.contains("Likha weekly box"))
        .expect("the demo's open cycle")
}

/// The demo loaded into a fresh database of the shared PostgreSQL test cluster; returns
/// (database URL, the demo's data folder).
pub fn demo_on_postgres() -> (String, bayanihan_store::testing::TempDir) {
    let url = std::thread::spawn(|| {
        tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap()
            .block_on(bayanihan_store::testing::PgCluster::shared().fresh_url())
    })
    .join()
    .unwrap();
    let dir = bayanihan_store::testing::temp_dir("bayanihan-pg-demo");
    stdout_of(
        bin()
            .args(["demo", "--no-serve", "--database", &url, "--data-dir"])
            .arg(dir.path()),
    );
    (url, dir)
}
