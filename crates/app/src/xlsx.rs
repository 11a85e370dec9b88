//! Sheets saved as XLSX (Excel, LibreOffice, Google Sheets' download), read as the CSV text
//! the import's parsers take: one set of rules for both, every problem still named by the
//! spreadsheet's row and column.
//!
//! The first worksheet is read; the others (notes, lookups) are not. A cell is written as a
//! person reads it: a whole number without `.0` (a key typed as `1001`, a quantity), other
//! numbers in their shortest exact form (`16.4`, `0.35`), dates as `2024-03-05` (with the
//! time, `2024-03-05T14:30:00`, when there is one), `true`/`false`. A cell holding a
//! spreadsheet error (`#DIV/0!`, `#REF!`) is refused by row and column: importing the word
//! would hide that the sheet is broken.
//!
//! An XLSX file is a zip: before anything is parsed, it is unpacked once into nothing to
//! count what it holds, and more than [`MAX_UNPACKED`] is refused (a 64 MB upload must not
//! become gigabytes).

use std::io::{Cursor, Read};

use bayanihan_domain::import::{ProblemKind, RowProblem};
use calamine::{Data, Reader, Xlsx};

/// The most a workbook may unpack to.
pub const MAX_UNPACKED: u64 = 256 * 1024 * 1024;

/// Whether the bytes are a zip (an XLSX file) rather than text.
pub fn is_xlsx(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn whole(reason: impl Into<String>) -> Vec<RowProblem> {
    vec![RowProblem {
        row: 1,
        column: String::new(),
        kind: ProblemKind::File,
        reason: reason.into(),
    }]
}

/// [`to_csv`] on a thread for blocking work: unpacking and reading a large workbook takes
/// seconds of CPU that must not hold up the server's other requests.
pub async fn to_csv_blocking(bytes: Vec<u8>) -> Result<String, Vec<RowProblem>> {
    tokio::task::spawn_blocking(move || to_csv(&bytes))
        .await
        .unwrap_or_else(|e| Err(whole(format!("cannot be read as XLSX: {e}"))))
}

/// The first worksheet as CSV text, or its problems.
pub fn to_csv(bytes: &[u8]) -> Result<String, Vec<RowProblem>> {
    let unreadable = |e: &dyn std::fmt::Display| whole(format!("cannot be read as XLSX: {e}"));
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    // Counted by unpacking, not by the sizes the zip declares (a forged entry may say 1 KB
    // and inflate to gigabytes): at most MAX_UNPACKED bytes are ever inflated here.
    let mut unpacked = 0u64;
    for i in 0..zip.len() {
        let entry = zip.by_index(i).map_err(|e| unreadable(&e))?;
        let room = MAX_UNPACKED - unpacked + 1;
        unpacked += std::io::copy(&mut entry.take(room), &mut std::io::sink())
            .map_err(|e| unreadable(&e))?;
        if unpacked > MAX_UNPACKED {
            break;
        }
    }
    if unpacked > MAX_UNPACKED {
        return Err(whole(format!(
            "the workbook unpacks to more than {} MB: save the sheet as CSV, or split it",
            MAX_UNPACKED / (1024 * 1024)
        )));
    }
    // Dates count from 1904 in workbooks that say so (old Mac Excel), from 1900 otherwise.
    let from_1904 = match zip.by_name("xl/workbook.xml") {
        Ok(f) => {
            let mut head = String::new();
            let _ = f.take(1024 * 1024).read_to_string(&mut head);
            head.contains("date1904=\"1\"") || head.contains("date1904=\"true\"")
        }
        Err(_) => false,
    };
    drop(zip);
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| unreadable(&e))?;
    let Some(first) = book.sheet_names().first().cloned() else {
        return Err(whole("the workbook has no worksheet"));
    };
    // Cell by cell, as the sheet's XML stores them (row after row), never as one grid: a
    // grid is as large as the sheet's last cell says, and a few bytes can put a cell at
    // XFD1048576.
    let mut cells = book
        .worksheet_cells_reader(&first)
        .map_err(|e| unreadable(&e))?;
    let mut sheet = Writer::default();
    while let Some(cell) = cells.next_cell().map_err(|e| unreadable(&e))? {
        let (row, column) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        if !sheet.cell(row, column, &value, from_1904) {
            return Err(whole(
                "the cells are not stored row after row: open the workbook and save it again, or save the sheet as CSV",
            ));
        }
    }
    sheet.finish()
}

/// The CSV text of a worksheet, written as its cells arrive.
#[derive(Default)]
struct Writer {
    out: String,
    /// The row being gathered, and its cells by column.
    row: Option<(u32, Vec<(u32, String)>)>,
    /// The last row written (0-based), to keep blank rows as blank lines.
    written: Option<u32>,
    /// The header's cells by column, to name a problem's column.
    header: Vec<(u32, String)>,
    problems: Vec<RowProblem>,
}

impl Writer {
    /// Takes a cell; `false` when it comes before one already taken.
    fn cell(&mut self, row: u32, column: u32, value: &Data, from_1904: bool) -> bool {
        if matches!(value, Data::Empty) {
            return true;
        }
        match &self.row {
            Some((r, _)) if *r == row => {}
            Some((r, _)) if *r > row => return false,
            _ => {
                self.flush();
                if self.written.is_some_and(|w| w >= row) {
                    return false;
                }
                self.row = Some((row, Vec::new()));
            }
        }
        if let Data::Error(e) = value {
            let named = self
                .header
                .iter()
                .find(|(c, h)| *c == column && !h.is_empty())
                .map(|(_, h)| h.clone());
            self.problems.push(RowProblem {
                row: row as usize + 1,
                column: named.unwrap_or_else(|| column_letters(column as usize)),
                kind: ProblemKind::Cell,
                reason: format!("the spreadsheet shows an error here ({e}): fix the formula"),
            });
        }
        if let Some((_, cells)) = &mut self.row {
            cells.push((column, plain(value, from_1904)));
        }
        true
    }

    /// Writes the row gathered, after a line for each blank row before it (a problem's row is
    /// the workbook's).
    fn flush(&mut self) {
        let Some((row, mut cells)) = self.row.take() else {
            return;
        };
        // Blank rows after the header as empty cells (the CSV reader would not count a blank
        // line); above the header as blank lines (the header must be the first record).
        let (from, blank) = match self.written {
            Some(w) => (w + 1, ",\n"),
            None => (0, "\n"),
        };
        for _ in from..row {
            self.out.push_str(blank);
        }
        cells.sort_by_key(|(c, _)| *c);
        let mut line = Vec::new();
        let mut next = 0u32;
        for (c, v) in &cells {
            while next < *c {
                line.push(String::new());
                next += 1;
            }
            line.push(quoted(v));
            next = c + 1;
        }
        self.out.push_str(&line.join(","));
        self.out.push('\n');
        if self.written.is_none() {
            self.header = cells;
        }
        self.written = Some(row);
    }

    fn finish(mut self) -> Result<String, Vec<RowProblem>> {
        self.flush();
        if self.written.is_none() {
            return Err(whole("the first worksheet is empty"));
        }
        if self.problems.is_empty() {
            Ok(self.out)
        } else {
            Err(self.problems)
        }
    }
}

/// A cell as a person reads it.
fn plain(cell: &Data, from_1904: bool) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        // A line break inside a cell (Alt+Enter) reads as a space: written into the CSV text
        // it would count as a row of its own, and every problem after it would be named a
        // row off.
        Data::String(s) => s
            .split(['\r', '\n'])
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" "),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number(*f),
        Data::Bool(b) => b.to_string(),
        Data::DateTime(d) if d.is_datetime() => {
            date(d.as_f64(), from_1904).unwrap_or_else(|| number(d.as_f64()))
        }
        Data::DateTime(d) => number(d.as_f64()),
    }
}

/// A number without a trailing `.0` when whole; otherwise Rust's shortest form that reads
/// back as the same number (what the spreadsheet showed, unless it rounded for show).
fn number(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// A spreadsheet date serial as ISO 8601: days since 1899-12-30 (the 1900 system, whose
/// leap day of 1900 that never was is behind every serial from 61 on), or since 1904-01-01.
fn date(serial: f64, from_1904: bool) -> Option<String> {
    if !serial.is_finite() || !(0.0..3_000_000.0).contains(&serial) {
        return None;
    }
    let epoch = if from_1904 {
        jiff::civil::date(1904, 1, 1)
    } else if serial < 61.0 {
        // January and February 1900: Excel counts from 1899-12-31 there.
        jiff::civil::date(1899, 12, 31)
    } else {
        jiff::civil::date(1899, 12, 30)
    };
    let days = serial.floor() as i64;
    // To the second, rounded: 14:30 is stored as 0.6041666….
    let seconds = ((serial - serial.floor()) * 86_400.0).round() as i64;
    let day = epoch
        .checked_add(jiff::Span::new().days(days + seconds / 86_400))
        .ok()?;
    let seconds = seconds % 86_400;
    if seconds == 0 {
        Some(day.to_string())
    } else {
        let t = jiff::civil::Time::new(
            (seconds / 3600) as i8,
            (seconds / 60 % 60) as i8,
            (seconds % 60) as i8,
            0,
        )
        .ok()?;
        Some(format!("{day}T{t}"))
    }
}

/// A CSV field, quoted when it holds a separator, a quote or a line break.
fn quoted(s: &str) -> String {
    if s.contains([',', ';', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// `A`, `B`, …, `Z`, `AA`, … for a 0-based column.
fn column_letters(mut i: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORGS: &[u8] = include_bytes!("../tests/fixtures/xlsx/organizations.xlsx");
    const PEOPLE: &[u8] = include_bytes!("../tests/fixtures/xlsx/people.xlsx");
    const ERROR: &[u8] = include_bytes!("../tests/fixtures/xlsx/error.xlsx");

    #[test]
    fn a_workbook_reads_as_the_csv_the_parsers_take() {
        assert!(is_xlsx(ORGS) && !is_xlsx(b"key,name\n"));
        let csv = to_csv(ORGS).unwrap();
        let rows = bayanihan_domain::import::directory::organizations(&csv).unwrap();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].key, "1001", "a whole number without .0");
        assert_eq!(rows[0].draft.name.as_str(), "Bukid, Inc. — 日本の友");
        let at = rows[0].draft.location.unwrap();
        assert_eq!((at.lat.degrees(), at.lon.degrees()), (16.4, 120.6));
        // The blank row counts, as in the sheet: PH-2 is on row 4.
        assert_eq!((rows[0].row, rows[1].row), (2, 4));
        assert_eq!(rows[1].draft.name.as_str(), "Barangay \"Malaya\"");
        assert!(rows[1].draft.location.is_none());
        // Only the first worksheet.
        assert!(!csv.contains("not,read"));
    }

    #[test]
    fn numbers_keys_and_dates_read_as_typed() {
        let csv = to_csv(PEOPLE).unwrap();
        let mut lines = csv.lines().skip(1);
        assert_eq!(
            lines.next(),
            Some("bea@bukid.example,Bea Cruz,1001,admin,2024-03-05")
        );
        assert_eq!(
            lines.next(),
            Some("carlo@malaya.example,Carlo Reyes,PH-2,coordinator,2024-03-05T14:30:00")
        );
    }

    #[test]
    fn an_error_cell_is_named_by_row_and_column() {
        let problems = to_csv(ERROR).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(
            (problems[0].row, problems[0].column.as_str()),
            (3, "unit_mass_kg")
        );
        assert_eq!(problems[0].kind, ProblemKind::Cell);
    }

    #[test]
    fn a_far_cell_costs_its_row_not_a_grid_and_line_breaks_read_as_spaces() {
        let csv = to_csv(include_bytes!("../tests/fixtures/xlsx/far.xlsx")).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next(), Some("key,name"));
        assert_eq!(lines.next(), Some("PH-1,Line one line two"));
        // Row 1,048,576: a line for each blank row before it, 16,383 empty cells before "far".
        assert_eq!(csv.lines().count(), 1_048_576);
        let last = csv.lines().last().unwrap();
        assert!(
            last.ends_with(",far") && last.len() == 16_383 + 3,
            "{}",
            last.len()
        );
    }

    #[test]
    fn what_is_not_a_workbook_is_refused_whole() {
        let p = to_csv(b"PK\x03\x04 not really a zip").unwrap_err();
        assert_eq!((p.len(), p[0].kind), (1, ProblemKind::File));
        assert!(p[0].reason.contains("XLSX"), "{}", p[0].reason);
    }

    #[test]
    fn a_workbook_that_would_unpack_past_the_limit_is_refused_before_reading() {
        // A zip whose entry unpacks to 300 MB (deflated zeros: a few hundred KB packed).
        use std::io::Write;
        let mut out = Cursor::new(Vec::new());
        {
            let mut w = zip::ZipWriter::new(&mut out);
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Deflated)
                .large_file(true);
            w.start_file("xl/worksheets/sheet1.xml", opts).unwrap();
            let zeros = vec![0u8; 1024 * 1024];
            for _ in 0..300 {
                w.write_all(&zeros).unwrap();
            }
            w.finish().unwrap();
        }
        let bytes = out.into_inner();
        assert!(bytes.len() < 4 * 1024 * 1024, "{} bytes", bytes.len());
        let p = to_csv(&bytes).unwrap_err();
        assert!(
            p[0].reason.contains("unpacks to more than"),
            "{}",
            p[0].reason
        );
    }

    #[test]
    fn dates_count_from_the_right_epoch() {
        assert_eq!(date(45356.0, false).as_deref(), Some("2024-03-05"));
        assert_eq!(date(43894.0, true).as_deref(), Some("2024-03-05"));
        assert_eq!(date(1.0, false).as_deref(), Some("1900-01-01"));
        assert_eq!(date(61.0, false).as_deref(), Some("1900-03-01"));
        assert_eq!(date(-1.0, false), None);
        assert_eq!(number(30.0), "30");
        assert_eq!(number(0.35), "0.35");
        assert_eq!(number(85.5), "85.5");
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(27), "AB");
    }
}
