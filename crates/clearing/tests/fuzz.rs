//! Fuzzing the obligations CSV reader (`bayanihan clear --input`): arbitrary bytes and
//! near-valid CSV, for a bounded number of cases. Every input is answered — obligations or a
//! reason — without a panic and within a second, and what is read can be written back.

use std::sync::mpsc;
use std::time::Duration;

use bayanihan_clearing::csv;
use proptest::prelude::*;

/// Runs `f` on another thread and fails the test if it takes longer than a second (a hang).
fn answers<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    rx.recv_timeout(Duration::from_secs(1))
        .expect("the reader did not answer within a second (or panicked)")
}

const PIECES: &[&str] = &[
    "id,debtor,creditor,amount\n",
    "debtor,creditor,amount\n",
    "a",
    "b",
    "c",
    ",",
    "\n",
    "\r\n",
    "\"",
    "\"\"",
    "1",
    "0",
    "-5",
    "9223372036854775807",
    "9223372036854775808",
    "1.5",
    " ",
    "x1",
    "\u{feff}",
    "\u{0}",
];

fn near_csv() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        proptest::collection::vec(proptest::sample::select(PIECES), 0..40)
            .prop_map(|v| v.concat().into_bytes()),
        proptest::collection::vec(any::<u8>(), 0..200),
        proptest::collection::vec((0usize..6, 0usize..6, 0i64..1000), 0..30).prop_map(|rows| {
            let mut s = String::from("debtor,creditor,amount\n");
            for (d, c, a) in rows {
                s.push_str(&format!("o{d},o{c},{a}\n"));
            }
            s.into_bytes()
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    #[test]
    fn any_bytes_are_answered(bytes in near_csv()) {
        answers(move || {
            if let Ok(input) = csv::read(bytes.as_slice()) {
                let _ = csv::render_result(&input, &vec![0; input.obligations.len()]);
            }
        });
    }
}
