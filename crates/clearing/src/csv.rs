//! The CSV format of `bayanihan clear`.
//!
//! **Input**: a header line naming the columns, then one obligation per line. Columns
//! `debtor`, `creditor` and `amount` are required, `id` is optional; any order, names are
//! case-insensitive, no other column is accepted. Debtor and creditor are any non-empty
//! strings (organization ids); amounts are non-negative integers in minor units (digits only,
//! at most `i64::MAX`); ids, when present, are non-empty and unique. Fields may be quoted with
//! double quotes (RFC 4180, `""` for a quote inside; a quoted field cannot span lines).
//! Unquoted fields are trimmed of surrounding spaces. Blank lines are skipped. A debtor equal to
//! its creditor is rejected: a self-obligation can never be set off, so such a line is almost
//! certainly a data error.
//!
//! The CSV has no due date column: the input order stands for the spreading order (put older
//! obligations first), so within a pair the earlier line is set off first.
//!
//! **Output**: `id,debtor,creditor,amount,set_off,remainder`, one line per input obligation, in
//! input order. Without an `id` column, the id written is the obligation's 1-based row number.
//!
//! Errors carry the 1-based line number (the header is line 1) and the reason; parsing stops at
//! the first error and returns no partial result, so a caller writes nothing.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{self, BufRead, Write};

use crate::Obligation;

/// A parsed input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvInput {
    /// The `id` column, when the input has one.
    pub ids: Option<Vec<String>>,
    /// Organization names; `organizations[i]` is organization index `i`.
    pub organizations: Vec<String>,
    /// The obligations in input order; `due` is the row index (input order = spreading order).
    pub obligations: Vec<Obligation>,
}

/// A malformed input: the 1-based line number and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {reason}")]
pub struct CsvError {
    pub line: usize,
    pub reason: CsvReason,
}

/// Why a line was rejected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CsvReason {
    #[error(
        "missing header: the first line must name the columns, e.g. id,debtor,creditor,amount"
    )]
    MissingHeader,
    #[error("unknown column {0:?} (expected id, debtor, creditor, amount)")]
    UnknownColumn(String),
    #[error("column {0:?} appears twice")]
    DuplicateColumn(String),
    #[error("header lacks the required column {0:?}")]
    MissingColumn(&'static str),
    #[error("expected {expected} fields, found {found}")]
    WrongFieldCount { expected: usize, found: usize },
    #[error("empty {0}")]
    EmptyField(&'static str),
    #[error("amount {0:?} is negative")]
    NegativeAmount(String),
    #[error("amount {0:?} is not a whole number of minor units")]
    NotAnInteger(String),
    #[error("amount {0:?} exceeds the largest amount ({max})", max = i64::MAX)]
    AmountTooLarge(String),
    #[error(
        "debtor and creditor are the same organization {0:?}: a self-obligation cannot be set off"
    )]
    SelfObligation(String),
    #[error("id {id:?} already used on line {first_line}")]
    DuplicateId { id: String, first_line: usize },
    #[error("unterminated quoted field")]
    UnterminatedQuote,
    #[error("unexpected character after a closing quote")]
    TextAfterQuote,
    #[error("quote inside an unquoted field")]
    StrayQuote,
    #[error("not valid UTF-8")]
    InvalidUtf8,
    #[error("too many obligations or organizations")]
    TooLarge,
    #[error("read error: {0}")]
    Io(String),
}

/// Parse a whole input held in memory.
pub fn parse(input: &str) -> Result<CsvInput, CsvError> {
    read(input.as_bytes())
}

/// Parse an input from a reader, line by line.
pub fn read<R: BufRead>(mut reader: R) -> Result<CsvInput, CsvError> {
    let mut buf: Vec<u8> = Vec::with_capacity(256);
    let mut line_no = 0usize;
    let mut columns: Option<Columns> = None;
    let mut ids: Vec<String> = Vec::new();
    let mut id_lines: HashMap<String, usize> = HashMap::new();
    let mut org_index: HashMap<String, u32> = HashMap::new();
    let mut organizations: Vec<String> = Vec::new();
    let mut obligations: Vec<Obligation> = Vec::new();

    loop {
        buf.clear();
        let read = reader.read_until(b'\n', &mut buf).map_err(|e| CsvError {
            line: line_no + 1,
            reason: CsvReason::Io(e.to_string()),
        })?;
        if read == 0 {
            break;
        }
        line_no += 1;
        let err = |reason| CsvError {
            line: line_no,
            reason,
        };
        let mut bytes: &[u8] = &buf;
        if let Some(b) = bytes.strip_suffix(b"\n") {
            bytes = b;
        }
        if let Some(b) = bytes.strip_suffix(b"\r") {
            bytes = b;
        }
        if line_no == 1 {
            bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes); // UTF-8 BOM
        }
        let line = std::str::from_utf8(bytes).map_err(|_| err(CsvReason::InvalidUtf8))?;
        if line.trim().is_empty() {
            continue;
        }
        let fields = split_fields(line).map_err(err)?;

        let Some(cols) = &columns else {
            columns = Some(Columns::from_header(&fields).map_err(err)?);
            continue;
        };
        if fields.len() != cols.count {
            return Err(err(CsvReason::WrongFieldCount {
                expected: cols.count,
                found: fields.len(),
            }));
        }
        if let Some(c) = cols.id {
            let id = &fields[c];
            if id.is_empty() {
                return Err(err(CsvReason::EmptyField("id")));
            }
            if let Some(&first_line) = id_lines.get(id.as_ref()) {
                return Err(err(CsvReason::DuplicateId {
                    id: id.to_string(),
                    first_line,
                }));
            }
            id_lines.insert(id.to_string(), line_no);
            ids.push(id.to_string());
        }
        let debtor = &fields[cols.debtor];
        let creditor = &fields[cols.creditor];
        if debtor.is_empty() {
            return Err(err(CsvReason::EmptyField("debtor")));
        }
        if creditor.is_empty() {
            return Err(err(CsvReason::EmptyField("creditor")));
        }
        if debtor == creditor {
            return Err(err(CsvReason::SelfObligation(debtor.to_string())));
        }
        let amount = parse_amount(&fields[cols.amount]).map_err(err)?;
        if obligations.len() >= (u32::MAX - 2) as usize {
            return Err(err(CsvReason::TooLarge));
        }
        let mut intern = |name: &str| -> u32 {
            if let Some(&i) = org_index.get(name) {
                return i;
            }
            let i = organizations.len() as u32;
            organizations.push(name.to_string());
            org_index.insert(name.to_string(), i);
            i
        };
        let debtor = intern(debtor);
        let creditor = intern(creditor);
        let due = obligations.len() as i64;
        obligations.push(Obligation {
            debtor,
            creditor,
            amount,
            due,
        });
    }
    let Some(cols) = columns else {
        return Err(CsvError {
            line: 1,
            reason: CsvReason::MissingHeader,
        });
    };
    Ok(CsvInput {
        ids: cols.id.map(|_| ids),
        organizations,
        obligations,
    })
}

/// Write the result `id,debtor,creditor,amount,set_off,remainder` in input order.
/// `set_off` must have one entry per obligation (as returned by [`crate::clear`]).
pub fn write_result<W: Write>(input: &CsvInput, set_off: &[i64], out: W) -> io::Result<()> {
    assert_eq!(
        input.obligations.len(),
        set_off.len(),
        "one set-off per obligation"
    );
    let mut w = io::BufWriter::with_capacity(1 << 16, out);
    w.write_all(b"id,debtor,creditor,amount,set_off,remainder\n")?;
    for (k, (o, &s)) in input.obligations.iter().zip(set_off).enumerate() {
        match &input.ids {
            Some(ids) => write_field(&mut w, &ids[k])?,
            None => write!(w, "{}", k + 1)?,
        }
        w.write_all(b",")?;
        write_field(&mut w, &input.organizations[o.debtor as usize])?;
        w.write_all(b",")?;
        write_field(&mut w, &input.organizations[o.creditor as usize])?;
        writeln!(w, ",{},{},{}", o.amount, s, o.amount - s)?;
    }
    w.flush()
}

/// [`write_result`] into a `String`.
pub fn render_result(input: &CsvInput, set_off: &[i64]) -> String {
    let mut out = Vec::new();
    write_result(input, set_off, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("all fields are UTF-8")
}

/// Write one field, quoted when reading it back unquoted would change it.
fn write_field<W: Write>(w: &mut W, s: &str) -> io::Result<()> {
    let needs_quotes = s.contains([',', '"', '\n', '\r']) || s.trim() != s;
    if needs_quotes {
        write!(w, "\"{}\"", s.replace('"', "\"\""))
    } else {
        w.write_all(s.as_bytes())
    }
}

/// Positions of the known columns.
struct Columns {
    count: usize,
    id: Option<usize>,
    debtor: usize,
    creditor: usize,
    amount: usize,
}

impl Columns {
    fn from_header(fields: &[Cow<'_, str>]) -> Result<Self, CsvReason> {
        let names: Vec<String> = fields
            .iter()
            .map(|f| f.trim().to_ascii_lowercase())
            .collect();
        const KNOWN: [&str; 4] = ["id", "debtor", "creditor", "amount"];
        // A first line naming none of the columns is data, not a header.
        if !names.iter().any(|n| KNOWN.contains(&n.as_str())) {
            return Err(CsvReason::MissingHeader);
        }
        let mut pos: [Option<usize>; 4] = [None; 4];
        for (i, name) in names.iter().enumerate() {
            let Some(k) = KNOWN.iter().position(|&c| c == name) else {
                return Err(CsvReason::UnknownColumn(fields[i].to_string()));
            };
            if pos[k].is_some() {
                return Err(CsvReason::DuplicateColumn(name.clone()));
            }
            pos[k] = Some(i);
        }
        let need = |k: usize| pos[k].ok_or(CsvReason::MissingColumn(KNOWN[k]));
        Ok(Columns {
            count: fields.len(),
            id: pos[0],
            debtor: need(1)?,
            creditor: need(2)?,
            amount: need(3)?,
        })
    }
}

fn parse_amount(s: &str) -> Result<i64, CsvReason> {
    if s.is_empty() {
        return Err(CsvReason::EmptyField("amount"));
    }
    if let Some(rest) = s.strip_prefix('-') {
        if !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_digit()) {
            return Err(CsvReason::NegativeAmount(s.to_string()));
        }
    }
    if !s.bytes().all(|b| b.is_ascii_digit()) {
        return Err(CsvReason::NotAnInteger(s.to_string()));
    }
    s.parse::<i64>()
        .map_err(|_| CsvReason::AmountTooLarge(s.to_string()))
}

/// Split one line into fields (RFC 4180 quoting within the line).
fn split_fields(line: &str) -> Result<Vec<Cow<'_, str>>, CsvReason> {
    let mut fields = Vec::with_capacity(4);
    let bytes = line.as_bytes();
    let mut i = 0;
    loop {
        // Leading spaces before an opening quote are allowed.
        let start = i;
        let mut j = i;
        while j < bytes.len() && bytes[j] == b' ' {
            j += 1;
        }
        if j < bytes.len() && bytes[j] == b'"' {
            let mut value = String::new();
            let mut k = j + 1;
            let mut seg = k;
            loop {
                match line[k..].find('"') {
                    None => return Err(CsvReason::UnterminatedQuote),
                    Some(q) => {
                        let q = k + q;
                        if bytes.get(q + 1) == Some(&b'"') {
                            value.push_str(&line[seg..=q]);
                            k = q + 2;
                            seg = k;
                        } else {
                            value.push_str(&line[seg..q]);
                            k = q + 1;
                            break;
                        }
                    }
                }
            }
            while k < bytes.len() && (bytes[k] == b' ' || bytes[k] == b'\t') {
                k += 1;
            }
            if k < bytes.len() && bytes[k] != b',' {
                return Err(CsvReason::TextAfterQuote);
            }
            fields.push(Cow::Owned(value));
            i = k;
        } else {
            let end = line[start..].find(',').map_or(bytes.len(), |p| start + p);
            let raw = &line[start..end];
            if raw.contains('"') {
                return Err(CsvReason::StrayQuote);
            }
            fields.push(Cow::Borrowed(raw.trim()));
            i = end;
        }
        if i >= bytes.len() {
            return Ok(fields);
        }
        i += 1; // skip the comma
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_quoted_fields() {
        let f = split_fields(r#"1, "a, ""b""" ,c,"""",x"#).unwrap();
        assert_eq!(f, vec!["1", "a, \"b\"", "c", "\"", "x"]);
        let f = split_fields("a,,b,").unwrap();
        assert_eq!(f, vec!["a", "", "b", ""]);
        assert_eq!(split_fields(r#""abc"#), Err(CsvReason::UnterminatedQuote));
        assert_eq!(split_fields(r#""a"b,c"#), Err(CsvReason::TextAfterQuote));
        assert_eq!(split_fields(r#"a"b,c"#), Err(CsvReason::StrayQuote));
    }

    #[test]
    fn output_fields_round_trip() {
        for s in ["plain", "with,comma", "quote\"inside", " padded "] {
            let mut out = Vec::new();
            write_field(&mut out, s).unwrap();
            let text = String::from_utf8(out).unwrap();
            assert_eq!(split_fields(&text).unwrap(), vec![s]);
        }
    }
}
