use bayanihan_domain::{Conflict, Invalid};

/// What can go wrong in the store, sorted by what the caller should do about it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The thing asked for does not exist (or is not visible).
    #[error("{0} not found")]
    NotFound(&'static str),
    /// The person may not make this change, as the stored state shows (e.g. accepting an
    /// invitation on behalf of the network that sent it).
    #[error("{0}")]
    Forbidden(String),
    /// The write clashes with what is stored (a duplicate e-mail, a membership that exists),
    /// said as a value: the adapters put it into words.
    #[error("{0}")]
    Conflict(Conflict),
    /// The input breaks a rule that needs the database to check (e.g. a network loop).
    #[error(transparent)]
    Invalid(#[from] Invalid),
    /// The configuration (database URL) is unusable.
    #[error("{0}")]
    Config(String),
    /// Stored data that this version cannot read back.
    #[error("corrupt data in the database: {0}")]
    Corrupt(String),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// An error of the native SQLite connection used for bulk work; `true` when retrying may help.
    #[error("database error: {0}")]
    Native(String, bool),
}

impl StoreError {
    /// True for errors a retry of the whole transaction may cure: serialization failures
    /// (SQLSTATE 40001 on PostgreSQL, CockroachDB, YugabyteDB) and SQLite's busy/locked codes.
    pub fn is_retryable(&self) -> bool {
        match self {
            StoreError::Database(sqlx::Error::Database(e)) => {
                matches!(
                    e.code().as_deref(),
                    Some("40001") | Some("5") | Some("6") | Some("517") | Some("261")
                ) || (
                    // Two writers appending the same entry number to one ledger chain: the
                    // loser reads the new head on its retry (an engine may report this as a
                    // duplicate key rather than a serialization failure).
                    e.kind() == sqlx::error::ErrorKind::UniqueViolation
                        && e.constraint()
                            .is_some_and(|c| c.starts_with("ledger_chain"))
                )
            }
            StoreError::Native(_, retryable) => *retryable,
            _ => false,
        }
    }

    /// True when the database cannot be reached or cannot take writes right now — a server
    /// gone or restarting, a primary just demoted to read-only during a failover, every
    /// connection busy — so trying again in a moment may succeed. The transaction was rolled
    /// back, except when the connection broke during its commit: then whether it committed is
    /// unknown, which is why such errors are not retried here (a client repeats a write
    /// safely with an `Idempotency-Key`).
    pub fn is_unavailable(&self) -> bool {
        match self {
            StoreError::Database(
                sqlx::Error::PoolTimedOut | sqlx::Error::PoolClosed | sqlx::Error::Io(_),
            ) => true,
            StoreError::Database(sqlx::Error::Database(e)) => e.code().is_some_and(|c| {
                // 25006 read_only_sql_transaction; 57P01–57P03 the server shutting down or
                // starting; class 08, connection exceptions.
                matches!(&*c, "25006" | "57P01" | "57P02" | "57P03") || c.starts_with("08")
            }),
            _ => false,
        }
    }

    /// Maps a unique-constraint violation to the conflict it means.
    pub(crate) fn unique(self, conflict: Conflict) -> StoreError {
        match &self {
            StoreError::Database(sqlx::Error::Database(e))
                if e.kind() == sqlx::error::ErrorKind::UniqueViolation =>
            {
                StoreError::Conflict(conflict)
            }
            _ => self,
        }
    }
}
