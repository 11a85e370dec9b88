//! Worked cases: cyclic and acyclic networks, extremes, spreading, the keyed API, the CSV
//! format and its errors, the commands, and the generator.

mod common;

use bayanihan_clearing::cli::{
    run_clear, run_generate, ClearCommandError, ClearOptions, GenerateOptions,
};
use bayanihan_clearing::csv::{self, CsvReason};
use bayanihan_clearing::generate::{self, GenerateParams, Profile};
use bayanihan_clearing::{check_optimal, clear, clear_keyed, InputError, Obligation, Record};
use common::ob;

#[test]
fn a_cycle_is_cleared_up_to_its_smallest_debt() {
    let obs = [ob(0, 1, 100), ob(1, 2, 70), ob(2, 0, 90)];
    let r = clear(&obs).unwrap();
    assert_eq!(r.set_off, vec![70, 70, 70]);
    assert_eq!(r.summary.total_debt, 260);
    assert_eq!(r.summary.cleared, 210);
    assert_eq!(r.summary.net_internal_debt, 30); // B is owed 100, owes 70
    assert_eq!(r.summary.remaining(), 50);
    assert_eq!(r.summary.cleared_basis_points(), 8076);
}

#[test]
fn an_acyclic_network_clears_nothing() {
    // A diamond and a chain: no cycle, so nothing may be set off.
    let obs = [
        ob(0, 1, 10),
        ob(0, 2, 10),
        ob(1, 3, 10),
        ob(2, 3, 10),
        ob(3, 4, 5),
    ];
    let r = clear(&obs).unwrap();
    assert_eq!(r.set_off, vec![0; 5]);
    assert_eq!(r.summary.cleared, 0);
    assert_eq!(r.stats.components, 0);
    assert_eq!(check_optimal(&obs, &r.set_off, &r.potentials), Ok(()));
}

#[test]
fn a_longer_cycle_beats_bilateral_netting() {
    // A owes B 10, B owes A 5, A owes C 5, C owes B 5: clearing B→A→C→B (15) beats netting
    // A and B (10).
    let obs = [ob(0, 1, 10), ob(1, 0, 5), ob(0, 2, 5), ob(2, 1, 5)];
    let r = clear(&obs).unwrap();
    assert_eq!(r.summary.cleared, 15);
    assert_eq!(r.set_off, vec![0, 5, 5, 5]);
}

#[test]
fn components_joined_by_a_bridge_are_solved_separately() {
    // Two triangles joined by a one-way bridge 2→3, which can never be set off.
    let obs = [
        ob(0, 1, 5),
        ob(1, 2, 5),
        ob(2, 0, 5),
        ob(2, 3, 1_000),
        ob(3, 4, 7),
        ob(4, 5, 8),
        ob(5, 3, 9),
    ];
    let r = clear(&obs).unwrap();
    assert_eq!(r.set_off, vec![5, 5, 5, 0, 7, 7, 7]);
    assert_eq!(r.stats.components, 2);
    assert_eq!(check_optimal(&obs, &r.set_off, &r.potentials), Ok(()));
}

#[test]
fn totals_beyond_i64_are_exact() {
    let m = i64::MAX;
    // A cycle of three i64::MAX debts plus parallel ones: the pair totals and the total debt
    // exceed i64 and the component is solved in i128.
    let obs = [
        ob(0, 1, m),
        ob(0, 1, m),
        ob(1, 2, m),
        ob(1, 2, m - 1),
        ob(2, 0, m),
        ob(2, 0, m),
    ];
    let r = clear(&obs).unwrap();
    let big = i128::from(m);
    assert_eq!(r.summary.total_debt, 6 * big - 1);
    assert_eq!(r.summary.cleared, 3 * (2 * big - 1));
    assert_eq!(r.stats.wide_components, 1);
    assert_eq!(r.set_off, vec![m, m - 1, m, m - 1, m, m - 1]);
    assert_eq!(check_optimal(&obs, &r.set_off, &r.potentials), Ok(()));
}

#[test]
fn spreads_oldest_due_first() {
    let o = |amount, due| Obligation {
        debtor: 0,
        creditor: 1,
        amount,
        due,
    };
    // Pair 0→1 totals 60 but only 25 can be cleared around the cycle.
    let obs = [o(20, 30), o(20, 10), o(20, 20), ob(1, 0, 25)];
    let r = clear(&obs).unwrap();
    assert_eq!(r.set_off, vec![0, 20, 5, 25]);
}

#[test]
fn invalid_input_is_rejected() {
    assert_eq!(
        clear(&[ob(0, 1, 5), ob(1, 0, -1)]),
        Err(InputError::NegativeAmount {
            obligation: 1,
            amount: -1
        })
    );
    assert_eq!(
        clear(&[ob(0, 1, 5), ob(2, 2, 1)]),
        Err(InputError::SelfObligation {
            obligation: 1,
            organization: 2
        })
    );
    assert_eq!(clear(&[ob(0, u32::MAX, 5)]), Err(InputError::TooLarge));
    assert_eq!(clear(&[]).unwrap().summary.total_debt, 0);
}

#[test]
fn keyed_api_spreads_by_due_then_id() {
    let rec = |id: &str, d: &str, c: &str, amount, due| Record {
        id: id.to_string(),
        debtor: d.to_string(),
        creditor: c.to_string(),
        amount,
        due,
    };
    let records = [
        rec("b", "coop", "farm", 10, 5),
        rec("a", "coop", "farm", 10, 5), // same due date: id "a" goes first
        rec("c", "coop", "farm", 10, 1), // oldest
        rec("d", "farm", "coop", 15, 0),
    ];
    let r = clear_keyed(&records).unwrap();
    assert_eq!(r.set_off, vec![0, 5, 10, 15]);
    assert_eq!(
        r.organizations,
        vec!["coop".to_string(), "farm".to_string()]
    );
    let bad = [rec("x", "coop", "coop", 1, 0)];
    assert_eq!(
        clear_keyed(&bad).unwrap_err().to_string(),
        "obligation \"x\": debtor and creditor are the same organization"
    );
}

// ---------------------------------------------------------------- CSV

fn csv_err(input: &str) -> (usize, CsvReason) {
    let e = csv::parse(input).unwrap_err();
    (e.line, e.reason)
}

#[test]
fn csv_round_trip_with_and_without_ids() {
    let input = "id,debtor,creditor,amount\r\n\
                 i1,A,B,100\r\n\
                 i2,B,\"C, Ltd\",70\r\n\
                 \r\n\
                 i3,\"C, Ltd\",A,90\r\n";
    let parsed = csv::parse(input).unwrap();
    assert_eq!(parsed.organizations, vec!["A", "B", "C, Ltd"]);
    let r = clear(&parsed.obligations).unwrap();
    assert_eq!(
        csv::render_result(&parsed, &r.set_off),
        "id,debtor,creditor,amount,set_off,remainder\n\
         i1,A,B,100,70,30\n\
         i2,B,\"C, Ltd\",70,70,0\n\
         i3,\"C, Ltd\",A,90,70,20\n"
    );
    // Columns in another order, no id: ids are row numbers.
    let parsed = csv::parse("Amount,Creditor,Debtor\n5,B,A\n5,A,B\n").unwrap();
    assert_eq!(parsed.ids, None);
    let r = clear(&parsed.obligations).unwrap();
    assert_eq!(
        csv::render_result(&parsed, &r.set_off),
        "id,debtor,creditor,amount,set_off,remainder\n1,A,B,5,5,0\n2,B,A,5,5,0\n"
    );
}

#[test]
fn csv_errors_name_the_line_and_reason() {
    use CsvReason::*;
    let h = "id,debtor,creditor,amount\n";
    assert_eq!(csv_err(""), (1, MissingHeader));
    assert_eq!(csv_err("1,A,B,10\n2,B,A,5\n"), (1, MissingHeader));
    assert_eq!(
        csv_err("id,debtor,creditor,amount,note\n"),
        (1, UnknownColumn("note".into()))
    );
    assert_eq!(
        csv_err("debtor,creditor,debtor,amount\n"),
        (1, DuplicateColumn("debtor".into()))
    );
    assert_eq!(
        csv_err("id,debtor,creditor\n"),
        (1, MissingColumn("amount"))
    );
    assert_eq!(
        csv_err(&format!("{h}1,A,B,10\n2,A,B\n")),
        (
            3,
            WrongFieldCount {
                expected: 4,
                found: 3
            }
        )
    );
    assert_eq!(
        csv_err(&format!("{h}1,A,B,10,x\n")),
        (
            2,
            WrongFieldCount {
                expected: 4,
                found: 5
            }
        )
    );
    assert_eq!(
        csv_err(&format!("{h}1,A,B,-5\n")),
        (2, NegativeAmount("-5".into()))
    );
    assert_eq!(
        csv_err(&format!("{h}1,A,B,1.50\n")),
        (2, NotAnInteger("1.50".into()))
    );
    assert_eq!(
        csv_err(&format!("{h}1,A,B,1e3\n")),
        (2, NotAnInteger("1e3".into()))
    );
    assert_eq!(
        csv_err(&format!("{h}1,A,B,ten\n")),
        (2, NotAnInteger("ten".into()))
    );
    assert_eq!(csv_err(&format!("{h}1,A,B,\n")), (2, EmptyField("amount")));
    assert_eq!(
        csv_err(&format!("{h}1,A,B,9223372036854775808\n")),
        (2, AmountTooLarge("9223372036854775808".into()))
    );
    assert_eq!(csv_err(&format!("{h}1,,B,5\n")), (2, EmptyField("debtor")));
    assert_eq!(
        csv_err(&format!("{h}1,A,  ,5\n")),
        (2, EmptyField("creditor"))
    );
    assert_eq!(csv_err(&format!("{h},A,B,5\n")), (2, EmptyField("id")));
    assert_eq!(
        csv_err(&format!("{h}1,A,A,5\n")),
        (2, SelfObligation("A".into()))
    );
    assert_eq!(
        csv_err(&format!("{h}1,A,B,5\n\n1,B,A,5\n")),
        (
            4,
            DuplicateId {
                id: "1".into(),
                first_line: 2
            }
        )
    );
    assert_eq!(csv_err(&format!("{h}1,\"A,B,5\n")), (2, UnterminatedQuote));
    let e = csv::read(&b"id,debtor,creditor,amount\n1,A,B,\xFF\n"[..]).unwrap_err();
    assert_eq!((e.line, e.reason), (2, InvalidUtf8));
    // The largest amount is accepted.
    assert!(csv::parse(&format!("{h}1,A,B,9223372036854775807\n")).is_ok());
    assert_eq!(
        csv::parse(&format!("{h}1,A,B,-5\n"))
            .unwrap_err()
            .to_string(),
        "line 2: amount \"-5\" is negative"
    );
}

// ---------------------------------------------------------------- commands

fn temp_dir(name: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("bayanihan-clearing-{name}-"))
        .tempdir()
        .unwrap()
}

#[test]
fn clear_command_writes_result_and_checks() {
    let tmp = temp_dir("ok");
    let dir = tmp.path();
    let input = dir.join("in.csv");
    let output = dir.join("out.csv");
    std::fs::write(
        &input,
        "id,debtor,creditor,amount\n1,A,B,100\n2,B,C,70\n3,C,A,90\n",
    )
    .unwrap();
    let report = run_clear(&ClearOptions {
        input,
        output: output.clone(),
        check: true,
    })
    .unwrap();
    assert_eq!(report.summary.cleared, 210);
    let text = report.to_string();
    assert!(
        text.contains("cleared:           210 (80.76 % of total debt)"),
        "{text}"
    );
    assert!(text.contains("certified optimal"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&output).unwrap(),
        "id,debtor,creditor,amount,set_off,remainder\n1,A,B,100,70,30\n2,B,C,70,70,0\n3,C,A,90,70,20\n"
    );
    // Only the output is left behind (no temporary file).
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 2);
}

#[test]
fn clear_command_writes_nothing_on_a_malformed_line() {
    let tmp = temp_dir("bad");
    let dir = tmp.path();
    let input = dir.join("in.csv");
    let output = dir.join("out.csv");
    std::fs::write(&input, "id,debtor,creditor,amount\n1,A,B,100\n2,B,C,x\n").unwrap();
    let err = run_clear(&ClearOptions {
        input,
        output: output.clone(),
        check: false,
    })
    .unwrap_err();
    assert!(
        matches!(&err, ClearCommandError::Csv { source, .. } if source.line == 3),
        "{err}"
    );
    assert!(
        err.to_string()
            .ends_with("line 3: amount \"x\" is not a whole number of minor units"),
        "{err}"
    );
    assert!(!output.exists());
    assert_eq!(std::fs::read_dir(dir).unwrap().count(), 1);
}

#[test]
fn generate_command_output_clears() {
    let tmp = temp_dir("gen");
    let dir = tmp.path();
    let net = dir.join("net.csv");
    let params = GenerateParams::new(Profile::StronglyCyclic, 300, 2_000, 7);
    let report = run_generate(&GenerateOptions {
        params,
        output: net.clone(),
    })
    .unwrap();
    assert_eq!(report.obligations, 2_000);
    let out = dir.join("out.csv");
    let r = run_clear(&ClearOptions {
        input: net,
        output: out,
        check: true,
    })
    .unwrap();
    assert_eq!(r.summary.total_debt, report.total_debt);
    assert!(r.summary.cleared > 0);
}

// ---------------------------------------------------------------- generator

/// FNV-1a over the generated obligations, to pin the output.
fn fingerprint(obs: &[Obligation]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for o in obs {
        for v in [
            u64::from(o.debtor),
            u64::from(o.creditor),
            o.amount as u64,
            o.due as u64,
        ] {
            for b in v.to_le_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
    }
    h
}

#[test]
fn generator_is_reproducible_and_pinned() {
    let p = GenerateParams::new(Profile::NearlyAcyclic, 500, 3_000, 42);
    let a = generate::generate(&p).unwrap();
    let b = generate::generate(&p).unwrap();
    assert_eq!(a, b);
    assert_eq!(a.obligations.len(), 3_000);
    assert_eq!(fingerprint(&a.obligations), PINNED_FINGERPRINT);
    let other = generate::generate(&GenerateParams { seed: 43, ..p }).unwrap();
    assert_ne!(a, other);
    assert!(a.obligations.windows(2).all(|w| w[0].due <= w[1].due));
    assert!(a
        .obligations
        .iter()
        .all(|o| o.debtor != o.creditor && o.amount >= 1));
}

const PINNED_FINGERPRINT: u64 = 5954317895912777549;

#[test]
fn profiles_differ_in_how_much_clears() {
    let share = |profile| {
        let net = generate::generate(&GenerateParams::new(profile, 2_000, 10_000, 1)).unwrap();
        let r = clear(&net.obligations).unwrap();
        assert_eq!(
            check_optimal(&net.obligations, &r.set_off, &r.potentials),
            Ok(())
        );
        r.summary.cleared_basis_points()
    };
    let acyclic = share(Profile::NearlyAcyclic);
    let cyclic = share(Profile::StronglyCyclic);
    assert!(acyclic < 500, "nearly acyclic cleared {acyclic} bp");
    assert!(cyclic > 2_000, "strongly cyclic cleared {cyclic} bp");
}

#[test]
fn generator_rejects_bad_parameters() {
    assert!(generate::generate(&GenerateParams::new(Profile::NearlyAcyclic, 7, 10, 1)).is_err());
    let mut p = GenerateParams::new(Profile::NearlyAcyclic, 100, 10, 1);
    p.cycle_per_mille = 1_001;
    assert!(generate::generate(&p).is_err());
    assert_eq!(
        "strongly-cyclic".parse::<Profile>(),
        Ok(Profile::StronglyCyclic)
    );
    assert!("weird".parse::<Profile>().is_err());
}
