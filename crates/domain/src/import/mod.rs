//! Bringing the spreadsheet in: members and products from CSV. A file is read whole and every
//! row checked before anything is written; each problem names its row (the header is row 1)
//! and column. Rows are matched by a key column (a member's e-mail or sign-in name, a
//! product's name), so importing the same file again changes nothing.

pub mod directory;
pub mod encoding;

use crate::person::{Email, MembershipRole, PersonName, StakeholderCategory};
use crate::trade::catalog::{ProductDraft, ProductInput};

/// The largest file read: some 20 000 rows of a usual sheet.
pub const MAX_BYTES: usize = 2 * 1024 * 1024;
/// The most rows one import takes.
pub const MAX_ROWS: usize = 5_000;

/// A problem of one cell (or of a whole row, `column` empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    /// 1 is the header; data starts at 2.
    pub row: usize,
    pub column: String,
    /// What kind of problem, for saying it in the reader's language.
    pub kind: ProblemKind,
    /// The rule's own words (English), for the API and the command line.
    pub reason: String,
}

/// What kind of problem a row has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// The file (or a row of it) cannot be read as CSV, is too large, or has no rows.
    File,
    /// The header lacks a required column.
    MissingColumn,
    /// The same key as an earlier row (its row number).
    Duplicate { first: usize },
    /// A cell's value is refused by the rule of its column.
    Cell,
}

/// A member to bring in.
#[derive(Debug, Clone, PartialEq)]
pub struct MemberRow {
    pub row: usize,
    pub email: Email,
    pub name: Option<PersonName>,
    pub roles: Vec<MembershipRole>,
    pub stakeholder: Option<StakeholderCategory>,
}

/// A product to bring in.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductRow {
    pub row: usize,
    pub draft: ProductDraft,
}

/// A file read: its rows, or every problem found in it.
pub type Parsed<T> = Result<Vec<T>, Vec<RowProblem>>;

/// The records of a CSV text with their row numbers, the header's columns lower-cased; `;`
/// is taken as the separator when the header has more of them than commas (spreadsheets in
/// much of the region save so).
/// A file's header (lower-cased column names) and its data rows with their row numbers.
pub(crate) type Sheet = (Vec<String>, Vec<(usize, csv::StringRecord)>);

fn records(text: &str) -> Result<Sheet, Vec<RowProblem>> {
    records_within(text, MAX_BYTES, MAX_ROWS)
}

/// [`records`] with limits of the caller's (a whole directory is larger than a members list).
pub(crate) fn records_within(
    text: &str,
    max_bytes: usize,
    max_rows: usize,
) -> Result<Sheet, Vec<RowProblem>> {
    let whole = |reason: String| {
        vec![RowProblem {
            row: 1,
            column: String::new(),
            kind: ProblemKind::File,
            reason,
        }]
    };
    if text.len() > max_bytes {
        return Err(whole(format!(
            "the file is larger than {} MB: split it",
            max_bytes / (1024 * 1024)
        )));
    }
    let text = text.trim_start_matches('\u{feff}');
    let first = text.lines().next().unwrap_or("");
    let sep = if first.matches(';').count() > first.matches(',').count() {
        b';'
    } else {
        b','
    };
    let mut r = csv::ReaderBuilder::new()
        .delimiter(sep)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let head: Vec<String> = match r.headers() {
        Ok(h) => h.iter().map(|c| c.trim().to_lowercase()).collect(),
        Err(e) => return Err(whole(format!("the first row cannot be read: {e}"))),
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for (i, rec) in r.records().enumerate() {
        // The line the record starts on: blank lines and cells running over several lines
        // (a quoted description) count as the sheet counts them.
        let row = match &rec {
            Ok(rec) => rec.position().map_or(i + 2, |p| p.line() as usize),
            Err(e) => e.position().map_or(i + 2, |p| p.line() as usize),
        };
        match rec {
            Ok(rec) if rec.iter().all(|c| c.trim().is_empty()) => {}
            Ok(rec) => rows.push((row, rec)),
            Err(e) => problems.push(RowProblem {
                row,
                column: String::new(),
                kind: ProblemKind::File,
                reason: format!("cannot be read: {e}"),
            }),
        }
        if rows.len() > max_rows {
            return Err(whole(format!("more than {max_rows} rows: split the file")));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    if rows.is_empty() {
        return Err(whole("the file has no rows under its header".into()));
    }
    Ok((head, rows))
}

/// A row's cell by column name ("" when absent).
/// A row's cell by column name ("" when absent). A cell our export defused (`'=…`, see
/// `csv_out`) reads back as it was written.
pub(crate) fn cell<'a>(head: &[String], rec: &'a csv::StringRecord, col: &str) -> &'a str {
    let c = head
        .iter()
        .position(|h| h == col)
        .and_then(|i| rec.get(i))
        .unwrap_or("");
    match c.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => c,
    }
}

pub(crate) fn need_columns(head: &[String], cols: &[&str]) -> Result<(), Vec<RowProblem>> {
    let missing: Vec<RowProblem> = cols
        .iter()
        .filter(|c| !head.iter().any(|h| h == *c))
        .map(|c| RowProblem {
            row: 1,
            column: c.to_string(),
            kind: ProblemKind::MissingColumn,
            reason: format!("the header has no column \"{c}\""),
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(missing)
    }
}

/// Members: columns `email` (or a sign-in name) and `name` required; `role` (member,
/// coordinator, treasurer, admin; several separated by `;` or `|`; member when empty) and
/// `stakeholder` optional. The same address twice in one file is a problem.
pub fn members(text: &str) -> Parsed<MemberRow> {
    let (head, rows) = records(text)?;
    need_columns(&head, &["email", "name"])?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (row, rec) in rows {
        let mut bad = |column: &str, kind: ProblemKind, reason: String| {
            problems.push(RowProblem {
                row,
                column: column.into(),
                kind,
                reason,
            })
        };
        let email = match Email::parse_sign_in(cell(&head, &rec, "email")) {
            Ok(e) => {
                if let Some(first) = seen.insert(e.as_str().to_string(), row) {
                    bad(
                        "email",
                        ProblemKind::Duplicate { first },
                        format!("the same as row {first}"),
                    );
                }
                Some(e)
            }
            Err(e) => {
                bad("email", ProblemKind::Cell, e.reason().to_string());
                None
            }
        };
        let name = match PersonName::parse(cell(&head, &rec, "name")) {
            Ok(n) => Some(n),
            Err(e) => {
                bad("name", ProblemKind::Cell, e.reason().to_string());
                None
            }
        };
        let mut roles = Vec::new();
        for r in cell(&head, &rec, "role")
            .split([';', '|'])
            .map(str::trim)
            .filter(|r| !r.is_empty())
        {
            match MembershipRole::parse(&r.to_lowercase()) {
                Ok(r) if !roles.contains(&r) => roles.push(r),
                Ok(_) => {}
                Err(e) => bad("role", ProblemKind::Cell, e.reason().to_string()),
            }
        }
        if roles.is_empty() {
            roles.push(MembershipRole::Member);
        }
        let stakeholder = match cell(&head, &rec, "stakeholder") {
            "" => None,
            s => match StakeholderCategory::parse(&s.to_lowercase()) {
                Ok(s) => Some(s),
                Err(e) => {
                    bad("stakeholder", ProblemKind::Cell, e.reason().to_string());
                    None
                }
            },
        };
        if let (Some(email), Some(name)) = (email, name) {
            out.push(MemberRow {
                row,
                email,
                name: Some(name),
                roles,
                stakeholder,
            });
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Products: columns `name`, `category`, `unit` and `unit_mass_kg` required; `description`,
/// `qualifiers` (separated by `;` or `|`) and `packaging` optional. A decimal comma in the
/// mass is read as such ("0,35"). The same name twice in one file is a problem.
pub fn products(text: &str) -> Parsed<ProductRow> {
    let (head, rows) = records(text)?;
    product_rows(&head, rows, |_| String::new())
}

/// The product rows of a sheet; two rows with the same `scope` (the organization, in a
/// directory) and name are a problem.
pub(crate) fn product_rows(
    head: &[String],
    rows: Vec<(usize, csv::StringRecord)>,
    scope: impl Fn(&csv::StringRecord) -> String,
) -> Parsed<ProductRow> {
    need_columns(head, &["name", "category", "unit", "unit_mass_kg"])?;
    let mut out = Vec::new();
    let mut problems = Vec::new();
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (row, rec) in rows {
        let get = |c: &str| cell(head, &rec, c).to_string();
        let opt = |c: &str| Some(get(c)).filter(|s| !s.is_empty());
        let mass_text = get("unit_mass_kg");
        let mass = if mass_text.contains(',') && !mass_text.contains('.') {
            mass_text.replace(',', ".")
        } else {
            mass_text.clone()
        }
        .parse::<f64>()
        .ok();
        if mass.is_none() {
            problems.push(RowProblem {
                row,
                column: "unit_mass_kg".into(),
                kind: ProblemKind::Cell,
                reason: format!("\"{mass_text}\" is not a number of kilograms, such as 0.5"),
            });
        }
        let input = ProductInput {
            name: opt("name"),
            category: opt("category").map(|c| c.to_lowercase()),
            unit: opt("unit"),
            unit_mass_kg: mass.or(Some(1.0)),
            qualifiers: opt("qualifiers").map(|q| {
                q.split([';', '|'])
                    .map(|x| x.trim().to_lowercase())
                    .filter(|x| !x.is_empty())
                    .collect()
            }),
            origin: None,
            packaging: opt("packaging").map(|p| p.to_lowercase()),
            description: opt("description"),
        };
        match ProductDraft::parse(&input) {
            Ok(draft) if mass.is_some() => {
                let key = format!(
                    "{}\u{0}{}",
                    scope(&rec),
                    crate::trade::naming::comparable(&draft.name)
                );
                if let Some(first) = seen.insert(key, row) {
                    problems.push(RowProblem {
                        row,
                        column: "name".into(),
                        kind: ProblemKind::Duplicate { first },
                        reason: format!("the same as row {first}"),
                    });
                }
                out.push(ProductRow { row, draft });
            }
            Ok(_) => {}
            Err(inv) => {
                for f in inv.errors {
                    // "qualifiers[1]" is the column "qualifiers".
                    let column = f.field.split(['[', '.']).next().unwrap_or("").to_string();
                    problems.push(RowProblem {
                        row,
                        column,
                        kind: ProblemKind::Cell,
                        reason: f.reason,
                    });
                }
            }
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_are_read_with_every_problem_named_by_row_and_column() {
        let ok = members("\u{feff}Email;Name;Role\nana@example.org;Ana Reyes;\npedro.santos;Pedro;coordinator|member\n\n").unwrap();
        assert_eq!(ok.len(), 2);
        assert_eq!(ok[0].roles, [MembershipRole::Member]);
        assert_eq!(ok[1].email.as_str(), "pedro.santos@no-email.invalid");
        assert_eq!(ok[1].row, 3);
        let bad = members("email,name,role,stakeholder\nnot an address,,boss,\nana@example.org,Ana,,\nANA@example.org,Ana again,,alien\n").unwrap_err();
        let cells: Vec<(usize, &str)> = bad.iter().map(|p| (p.row, p.column.as_str())).collect();
        assert_eq!(
            cells,
            [
                (2, "email"),
                (2, "name"),
                (2, "role"),
                (4, "email"),
                (4, "stakeholder")
            ]
        );
        assert!(bad[3].reason.contains("row 3"));
        // Rows as the sheet counts them: a blank line and a cell over two lines included.
        let shifted = products(
            "name,category,unit,unit_mass_kg,description\n\nJam,processed_food,jar,0.3,\"Made\nby hand\"\nRice,rice,bag,x,\n",
        )
        .unwrap_err();
        assert_eq!(
            (shifted[0].row, shifted[0].column.as_str()),
            (5, "unit_mass_kg")
        );
        let no_column = members("mail,name\nx@y.org,X\n").unwrap_err();
        assert_eq!(
            (no_column[0].row, no_column[0].column.as_str()),
            (1, "email")
        );
        assert!(members("email,name\n").is_err(), "no rows");
    }

    #[test]
    fn products_are_read_with_decimal_commas_and_problems_by_cell() {
        let ok = products("name;category;unit;unit_mass_kg;qualifiers\nUbe jam;Processed_food;jar;0,35;organic; local\n").unwrap();
        assert_eq!(ok[0].draft.unit_mass_g, 350);
        let bad = products("name,category,unit,unit_mass_kg,qualifiers\nRice,rice,bag,heavy,\n,cars,bag,5,magic\nRice,rice,bag,5,\n").unwrap_err();
        let cells: Vec<(usize, &str)> = bad.iter().map(|p| (p.row, p.column.as_str())).collect();
        assert_eq!(
            cells,
            [
                (2, "unit_mass_kg"),
                (3, "name"),
                (3, "category"),
                (3, "qualifiers")
            ]
        );
    }

    proptest::proptest! {
        /// Whatever the bytes, reading never panics: rows or problems.
        #[test]
        fn any_text_is_read_or_refused(text in "\\PC{0,300}") {
            let _ = members(&text);
            let _ = products(&text);
        }
    }
}
