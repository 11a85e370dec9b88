#!/usr/bin/env python3
"""PAR30 and PAR90 of a federation as at past dates, computed by DuckDB from the raw loan
rows, then compared date by date with Bayanihan's figures from the loans' stored changes.

usage: par_duckdb.py OUT_DIR [RUNS]   (OUT_DIR holds loans.csv, instalments.csv,
                                       repayments.csv and ours.json from
                                       `bayanihan-bench par --out OUT_DIR`)

The definition is crates/domain/src/finance/portfolio.rs's, written independently: a loan
counts on day D when it was made by D, is not written off by D and has principal left; it is
at risk (PAR30) when the instalments of its schedule as it stood on D that fell due before
D - 30 ask for more than everything repaid by D (instalments are covered oldest first, so
its oldest unpaid instalment is then more than 30 days past due). Percentages have two
decimals, rounded half away from zero.
"""
import json
import os
import resource
import statistics
import sys
import time

import duckdb

out = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
ours = json.load(open(os.path.join(out, "ours.json")))

con = duckdb.connect()
t = time.perf_counter()
COLUMNS = {
    "loans": "{'id': 'VARCHAR', 'principal': 'BIGINT', 'disbursed_on': 'DATE', "
    "'written_off_on': 'DATE', 'rescheduled_on': 'DATE'}",
    "instalments": "{'loan_id': 'VARCHAR', 'number': 'BIGINT', 'due_on': 'DATE', 'principal': 'BIGINT', "
    "'interest': 'BIGINT', 'set_on': 'DATE', 'replaced_on': 'DATE'}",
    "repayments": "{'loan_id': 'VARCHAR', 'occurred_on': 'DATE', 'account': 'VARCHAR', 'amount': 'BIGINT'}",
}
for table, columns in COLUMNS.items():
    path = os.path.join(out, table + ".csv")
    con.execute(
        f"CREATE TABLE {table} AS SELECT * FROM read_csv('{path}', header = true, columns = {columns})"
    )
load_s = time.perf_counter() - t
counts = {
    t: con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
    for t in ["loans", "instalments", "repayments"]
}

QUERY = """
WITH l AS (
    SELECT id, principal FROM loans
    WHERE disbursed_on <= CAST($d AS DATE) AND (written_off_on IS NULL OR written_off_on > CAST($d AS DATE))
), paid AS (
    SELECT loan_id,
           SUM(CASE WHEN account = 'loan' THEN -amount ELSE 0 END) AS principal,
           SUM(-amount) AS total
    FROM repayments WHERE occurred_on <= CAST($d AS DATE) AND account IN ('loan', 'interest')
    GROUP BY loan_id
), owed AS (
    SELECT loan_id,
           SUM(principal + interest) FILTER (WHERE due_on < CAST($d AS DATE) - 30) AS o30,
           SUM(principal + interest) FILTER (WHERE due_on < CAST($d AS DATE) - 90) AS o90
    FROM instalments
    WHERE (set_on IS NULL OR set_on <= CAST($d AS DATE)) AND (replaced_on IS NULL OR replaced_on > CAST($d AS DATE))
    GROUP BY loan_id
), s AS (
    SELECT l.principal - COALESCE(paid.principal, 0) AS outstanding,
           COALESCE(owed.o30, 0) > COALESCE(paid.total, 0) AS r30,
           COALESCE(owed.o90, 0) > COALESCE(paid.total, 0) AS r90
    FROM l LEFT JOIN paid ON paid.loan_id = l.id LEFT JOIN owed ON owed.loan_id = l.id
)
SELECT COUNT(*), COALESCE(SUM(outstanding), 0),
       COALESCE(SUM(outstanding) FILTER (WHERE r30), 0),
       COALESCE(SUM(outstanding) FILTER (WHERE r90), 0)
FROM s WHERE outstanding > 0
"""


def percent(part, whole):
    if whole == 0:
        return "0.00"
    q = (2 * 10_000 * part + whole) // (2 * whole)  # half away from zero, two decimals
    return f"{q // 100}.{q % 100:02d}"


rows, bad = [], 0
for f in ours["figures"]:
    d = f["date"]
    times, r = [], None
    for _ in range(runs):
        t = time.perf_counter()
        r = con.execute(QUERY, {"d": d}).fetchone()
        times.append((time.perf_counter() - t) * 1e3)
    times.sort()
    loans, gross, r30, r90 = (int(x) for x in r)
    theirs = {
        "loans": loans,
        "gross_outstanding": gross,
        "at_risk_30": r30,
        "at_risk_90": r90,
        "par30": percent(r30, gross),
        "par90": percent(r90, gross),
    }
    same = all(f[k] == v for k, v in theirs.items())
    bad += not same
    rows.append({
        "date": d,
        "par30": f["par30"],
        "duckdb_par30": theirs["par30"],
        "same": same,
        "ours_ms_best": round(f["ms_best"], 1),
        "ours_ms_median": round(f["ms_median"], 1),
        "duckdb_ms_best": round(times[0], 1),
        "duckdb_ms_median": round(times[len(times) // 2], 1),
        "ratio_best": round(times[0] / f["ms_best"], 2),
    })
    if not same:
        print(f"MISMATCH on {d}: ours {f}, duckdb {theirs}", file=sys.stderr)

print(f"{'date':<12}{'PAR30':>8}{'DuckDB':>8}  same{'ours ms':>10}{'DuckDB ms':>11}{'DuckDB/ours':>13}")
for r in rows:
    print(
        f"{r['date']:<12}{r['par30']:>8}{r['duckdb_par30']:>8}  {'yes ' if r['same'] else 'NO  '}"
        f"{r['ours_ms_best']:>10}{r['duckdb_ms_best']:>11}{r['ratio_best']:>13}"
    )
summary = {
    "dates": len(rows),
    "same": len(rows) - bad,
    "ours_ms_worst_best": max(r["ours_ms_best"] for r in rows),
    "ours_ms_worst_median": max(r["ours_ms_median"] for r in rows),
    "duckdb_ms_median_of_best": statistics.median(r["duckdb_ms_best"] for r in rows),
    "ours_ms_median_of_best": statistics.median(r["ours_ms_best"] for r in rows),
    "duckdb_load_s": round(load_s, 1),
    "duckdb_rows": counts,
    "duckdb_threads": con.execute("SELECT current_setting('threads')").fetchone()[0],
    "duckdb_version": duckdb.__version__,
    "python_peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
}
print(json.dumps(summary))
json.dump({"rows": rows, "summary": summary}, open(os.path.join(out, "duckdb.json"), "w"), indent=1)
sys.exit(1 if bad else 0)
