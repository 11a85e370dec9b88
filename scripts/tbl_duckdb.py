#!/usr/bin/env python3
"""The triple-bottom-line figures of a year, computed by DuckDB from the raw delivered lines,
then compared figure by figure with Bayanihan's report made from its rollups.

usage: tbl_duckdb.py OUT_DIR [RUNS]   (OUT_DIR holds lines.csv and ours.json from
                                       `bayanihan-bench tbl --out OUT_DIR`)

Rounding follows crates/domain/src/impact/report.rs: half away from zero; percentages with two
decimals, food km with one, emissions in kg with three (whole grams per transport mode).
"""
import json
import os
import resource
import sys
import time

import duckdb

out = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 5
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
factors = json.load(open(os.path.join(root, "crates/domain/data/emission_factors.json")))
F = {f["mode"]: round(f["value"] * 100_000) for f in factors["factors"]}
EXP = {"JPY": 0}
FEES = ["processing", "packing", "transport", "coordination", "solidarity_fund", "tax"]
THRESHOLD = 5


def div_round(n, d):
    q = (2 * abs(n) + d) // (2 * d)
    return -q if n < 0 else q


def decimal(v, places):
    sign = "-" if v < 0 else ""
    v = abs(v)
    if places == 0:
        return f"{sign}{v}"
    p = 10 ** places
    return f"{sign}{v // p}.{v % p:0{places}d}"


def percent(part, whole):
    return decimal(div_round(part * 10_000, whole), 2) if whole > 0 else None


def money(v, cy):
    return decimal(v, EXP.get(cy, 2))


con = duckdb.connect()
t = time.perf_counter()
con.execute(
    "CREATE TABLE lines AS SELECT * FROM read_csv(?, header = true, columns = {"
    "'day': 'DATE', 'currency': 'VARCHAR', 'category': 'VARCHAR', 'country': 'VARCHAR',"
    "'producer': 'BIGINT', 'household': 'BIGINT', 'units': 'BIGINT', 'unit_mass_g': 'BIGINT',"
    "'producer_minor': 'BIGINT', 'total_minor': 'BIGINT', 'processing': 'BIGINT', 'packing': 'BIGINT',"
    "'transport': 'BIGINT', 'coordination': 'BIGINT', 'solidarity_fund': 'BIGINT', 'tax': 'BIGINT',"
    "'local': 'INTEGER', 'certified': 'INTEGER', 'mode': 'VARCHAR', 'metres': 'BIGINT',"
    "'packaging': 'VARCHAR', 'reference_unit_minor': 'BIGINT'})",
    [os.path.join(out, "lines.csv")],
)
load_s = time.perf_counter() - t
n_lines = con.execute("SELECT COUNT(*) FROM lines").fetchone()[0]

SETS = "GROUPING SETS ((), (country), (category), (month))"
MONEY = f"""
SELECT grouping(country) g_country, grouping(category) g_category, grouping(month) g_month,
       country, category, month, currency, COUNT(*) n,
       SUM(producer_minor)::HUGEINT p, SUM(total_minor)::HUGEINT t,
       {", ".join(f"SUM({f})::HUGEINT {f}" for f in FEES)},
       SUM(CASE WHEN local = 1 THEN total_minor ELSE 0 END)::HUGEINT local_t,
       SUM(CASE WHEN certified = 1 THEN total_minor ELSE 0 END)::HUGEINT cert_t,
       SUM(CASE WHEN reference_unit_minor IS NOT NULL THEN units * reference_unit_minor ELSE 0 END)::HUGEINT ref,
       SUM(CASE WHEN reference_unit_minor IS NOT NULL THEN producer_minor ELSE 0 END)::HUGEINT ref_p
FROM (SELECT *, strftime(day, '%Y-%m') AS month FROM lines WHERE day BETWEEN $1 AND $2)
GROUP BY currency, {SETS}"""
PLAIN = f"""
SELECT grouping(country) g_country, grouping(category) g_category, grouping(month) g_month,
       country, category, month, COUNT(*) n,
       COUNT(DISTINCT producer) producers, COUNT(DISTINCT household) households,
       SUM(CASE WHEN packaging = 'single_use' THEN units ELSE 0 END)::HUGEINT single_use
FROM (SELECT *, strftime(day, '%Y-%m') AS month FROM lines WHERE day BETWEEN $1 AND $2)
GROUP BY {SETS}"""
LEGS = f"""
SELECT grouping(country) g_country, grouping(category) g_category, grouping(month) g_month,
       country, category, month, mode,
       SUM(units * unit_mass_g)::HUGEINT mass, SUM(units::HUGEINT * unit_mass_g * metres) mm
FROM (SELECT *, strftime(day, '%Y-%m') AS month FROM lines WHERE day BETWEEN $1 AND $2)
GROUP BY mode, {SETS}"""


def section(row):
    g_country, g_category, g_month, country, category, month = row[:6]
    if not g_country:
        return f"country:{country}"
    if not g_category:
        return f"value_chain:{category}"
    if not g_month:
        return f"trend:{month}"
    return "total"


def aggregates(frm, to):
    return (
        con.execute(MONEY, [frm, to]).fetchall(),
        con.execute(PLAIN, [frm, to]).fetchall(),
        con.execute(LEGS, [frm, to]).fetchall(),
    )


times = []
for _ in range(runs):
    t = time.perf_counter()
    now = aggregates("2026-01-01", "2026-12-31")
    before = aggregates("2025-01-01", "2025-12-31")
    times.append(time.perf_counter() - t)

money_rows, plain_rows, leg_rows = now
figures = {}
for r in money_rows:
    s, cy = section(r), r[6]
    p, t_ = r[8], r[9]
    fees = dict(zip(FEES, r[10:10 + len(FEES)]))
    local_t, cert_t, ref, ref_p = r[10 + len(FEES):]
    figures[(s, "producer_share", "", cy)] = percent(p, t_)
    figures[(s, "value_paid_to_producers", "", cy)] = money(p, cy)
    figures[(s, "price_premium", "", cy)] = percent(ref_p - ref, ref)
    figures[(s, "solidarity_fund", "", cy)] = money(fees["solidarity_fund"], cy)
    figures[(s, "local_retention", "", cy)] = percent(local_t, t_)
    figures[(s, "certified_share", "", cy)] = percent(cert_t, t_)
    figures[(s, "money_flow", "producer", cy)] = money(p, cy)
    for k, v in fees.items():
        if v:
            figures[(s, "money_flow", k, cy)] = money(v, cy)
legs = {}
for r in leg_rows:
    legs.setdefault(section(r), {})[r[6]] = (r[7], r[8])
for r in plain_rows:
    s = section(r)
    figures[(s, "producers_reached", "", "")] = str(r[7])
    figures[(s, "households_reached", "", "")] = str(r[8]) if r[8] >= THRESHOLD else f"<{THRESHOLD}"
    figures[(s, "packaging_returned", "", "")] = percent(0, r[9])
    ls = legs.get(s, {})
    mass = sum(v[0] for v in ls.values())
    mm = sum(v[1] for v in ls.values())
    figures[(s, "food_km", "", "")] = decimal(div_round(mm, mass * 100), 1) if mass > 0 else None
    figures[(s, "transport_emissions", "", "")] = decimal(sum(div_round(v[1] * F[m], 10**11) for m, v in ls.items()), 3)
    for m, v in ls.items():
        figures[(s, "transport_emissions", m, "")] = decimal(div_round(v[1] * F[m], 10**11), 3)

ours = json.load(open(os.path.join(out, "ours.json")))
theirs = {}
for s in ours["sections"]:
    for v in s["values"]:
        theirs[(s["key"], v["indicator"], v["key"] or "", v["currency"] or "")] = v["current"]
differ = [(k, v, theirs.get(k, "missing")) for k, v in figures.items() if theirs.get(k, "missing") != v]
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({
    "benchmark": "tbl-duckdb",
    "duckdb": duckdb.__version__,
    "lines": n_lines,
    "load_seconds": load_s,
    "aggregate_seconds": times,
    "figures_compared": len(figures),
    "figures_differing": len(differ),
    "peak_rss_mib": peak,
}))
for d in differ[:20]:
    print("DIFFERS", d, file=sys.stderr)
sys.exit(1 if differ else 0)
