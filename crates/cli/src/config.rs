//! The optional TOML configuration file.

use std::net::SocketAddr;
use std::path::Path;

use serde::Deserialize;

/// Keys of the configuration file; each is overridden by its flag or `BAYANIHAN_*` variable.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    /// `sqlite:PATH` or `postgres://…` (several hosts in libpq's form follow a failover).
    pub database: Option<String>,
    /// A read replica for reports and exports.
    pub read_database: Option<String>,
    /// Address to listen on, e.g. `0.0.0.0:8080`.
    pub listen: Option<SocketAddr>,
    /// Mark session cookies Secure.
    pub secure_cookies: Option<bool>,
    /// Reverse proxies whose `X-Forwarded-For` names the client, e.g. `["127.0.0.1"]`.
    pub trusted_proxies: Option<Vec<std::net::IpAddr>>,
    /// Log filter.
    pub log: Option<String>,
    /// `text` or `json`.
    pub log_format: Option<crate::LogFormat>,
    /// The secret a scraper elsewhere sends to read /metrics.
    pub metrics_token: Option<String>,
    /// SMTP server for invitations and password resets (see `serve --help`).
    pub smtp_url: Option<String>,
    /// Sender of that mail.
    pub mail_from: Option<String>,
    /// The address people reach this server at, for links in mail.
    pub public_url: Option<String>,
    /// A Murmurations index to register published profiles with.
    pub murmurations_index: Option<String>,
    /// A tile server for the public map (`…/{z}/{x}/{y}.png`) and its attribution.
    pub map_tiles: Option<String>,
    pub map_attribution: Option<String>,
}

impl FileConfig {
    pub fn load(path: Option<&Path>) -> Result<FileConfig, String> {
        let Some(path) = path else {
            return Ok(FileConfig::default());
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read the config file {}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("config file {}: {e}", path.display()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_known_keys_and_refuses_unknown_ones() {
        let c: FileConfig =
            toml::from_str("database = \"sqlite:x.db\"\nlisten = \"0.0.0.0:9000\"\n").unwrap();
        assert_eq!(c.database.as_deref(), Some("sqlite:x.db"));
        assert_eq!(c.listen.unwrap().port(), 9000);
        let e = toml::from_str::<FileConfig>("databse = \"x\"").unwrap_err();
        assert!(e.to_string().contains("databse"));
    }
}
