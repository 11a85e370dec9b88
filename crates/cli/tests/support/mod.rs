//! Helpers shared by the CLI's test binaries.
#![allow(dead_code)] // each test binary uses its own subset

use std::process::{Child, Command};
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
