//! The logic of the `bayanihan clear` and `bayanihan clear generate` commands; the binary only
//! parses flags into [`ClearOptions`] / [`GenerateOptions`] and prints the returned report.
//!
//! Files are written to a temporary file next to the destination and renamed into place only
//! when complete, so a failure (malformed line, failed `--check`, full disk) leaves no output.

use std::fmt;
use std::fs::{self, File};
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::csv::{self, CsvError};
use crate::generate::{self, GenerateError, GenerateParams};
use crate::{check_optimal, clear, InputError, InvariantError, SolveStats, Summary};

/// `bayanihan clear --input FILE --output FILE [--check]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearOptions {
    pub input: PathBuf,
    pub output: PathBuf,
    /// Verify the invariants and the optimality certificate before writing.
    pub check: bool,
}

/// What `bayanihan clear` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClearReport {
    pub obligations: usize,
    pub organizations: usize,
    pub summary: Summary,
    pub stats: SolveStats,
    pub read_time: Duration,
    /// The clearing itself (aggregation, components, min-cost flow, spreading).
    pub solve_time: Duration,
    pub total_time: Duration,
    pub checked: bool,
}

impl fmt::Display for ClearReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = &self.summary;
        let bp = s.cleared_basis_points();
        writeln!(
            f,
            "{} obligations between {} organizations (amounts in minor units)",
            self.obligations, self.organizations
        )?;
        writeln!(f, "total debt:        {}", s.total_debt)?;
        writeln!(f, "net internal debt: {}", s.net_internal_debt)?;
        writeln!(
            f,
            "cleared:           {} ({}.{:02} % of total debt)",
            s.cleared,
            bp / 100,
            bp % 100
        )?;
        writeln!(f, "remaining:         {}", s.remaining())?;
        writeln!(
            f,
            "time:              {:.3} s clearing, {:.3} s in total (reading {:.3} s)",
            self.solve_time.as_secs_f64(),
            self.total_time.as_secs_f64(),
            self.read_time.as_secs_f64()
        )?;
        if self.checked {
            writeln!(
                f,
                "check:             invariants hold and the result is certified optimal"
            )?;
        }
        Ok(())
    }
}

/// Why `bayanihan clear` failed; nothing was written in every case.
#[derive(Debug, thiserror::Error)]
pub enum ClearCommandError {
    #[error("cannot read {path}: {source}")]
    Open { path: PathBuf, source: io::Error },
    #[error("{path}: {source}")]
    Csv { path: PathBuf, source: CsvError },
    #[error("invalid input: {0}")]
    Input(#[from] InputError),
    #[error("check failed: {0}")]
    Invariant(#[from] InvariantError),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// Run `bayanihan clear`: read, clear, optionally check, write atomically, report.
pub fn run_clear(opts: &ClearOptions) -> Result<ClearReport, ClearCommandError> {
    let start = Instant::now();
    let file = File::open(&opts.input).map_err(|source| ClearCommandError::Open {
        path: opts.input.clone(),
        source,
    })?;
    let input = csv::read(BufReader::with_capacity(1 << 16, file)).map_err(|source| {
        ClearCommandError::Csv {
            path: opts.input.clone(),
            source,
        }
    })?;
    let read_time = start.elapsed();

    let t = Instant::now();
    let result = clear(&input.obligations)?;
    let solve_time = t.elapsed();

    if opts.check {
        check_optimal(&input.obligations, &result.set_off, &result.potentials)?;
    }
    write_atomically(&opts.output, |w| {
        csv::write_result(&input, &result.set_off, w)
    })
    .map_err(|source| ClearCommandError::Write {
        path: opts.output.clone(),
        source,
    })?;

    Ok(ClearReport {
        obligations: input.obligations.len(),
        organizations: input.organizations.len(),
        summary: result.summary,
        stats: result.stats,
        read_time,
        solve_time,
        total_time: start.elapsed(),
        checked: opts.check,
    })
}

/// `bayanihan clear generate --organizations N --obligations M --profile P --seed S --output F`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    pub params: GenerateParams,
    pub output: PathBuf,
}

/// What `bayanihan clear generate` prints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateReport {
    pub organizations: usize,
    pub obligations: usize,
    pub total_debt: i128,
}

impl fmt::Display for GenerateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} obligations between {} organizations, total debt {} minor units",
            self.obligations, self.organizations, self.total_debt
        )
    }
}

#[derive(Debug, thiserror::Error)]
pub enum GenerateCommandError {
    #[error(transparent)]
    Params(#[from] GenerateError),
    #[error("cannot write {path}: {source}")]
    Write { path: PathBuf, source: io::Error },
}

/// Run `bayanihan clear generate`: generate the network and write it as input CSV.
pub fn run_generate(opts: &GenerateOptions) -> Result<GenerateReport, GenerateCommandError> {
    let network = generate::generate(&opts.params)?;
    write_atomically(&opts.output, |w| generate::write_csv(&network, w)).map_err(|source| {
        GenerateCommandError::Write {
            path: opts.output.clone(),
            source,
        }
    })?;
    Ok(GenerateReport {
        organizations: network.organizations.len(),
        obligations: network.obligations.len(),
        total_debt: network
            .obligations
            .iter()
            .map(|o| i128::from(o.amount))
            .sum(),
    })
}

/// Write through a temporary file in the destination's directory, then rename it into place.
fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "output is not a file path"))?;
    let mut tmp_name = std::ffi::OsString::from(".");
    tmp_name.push(name);
    tmp_name.push(format!(".tmp-{}", std::process::id()));
    let tmp = path.with_file_name(tmp_name);
    let result = (|| {
        let mut file = File::create(&tmp)?;
        write(&mut file)?;
        file.flush()?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}
