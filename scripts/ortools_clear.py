#!/usr/bin/env python3
"""Optimal multilateral set-off with Google OR-Tools' SimpleMinCostFlow, for benchmarking.

Usage: scripts/ortools_clear.py NETWORK.csv [--repeat N]

Reads the `id,debtor,creditor,amount` CSV of `bayanihan clear`, aggregates the amounts per
ordered pair (debtor, creditor) into O_ij, and solves the min-cost flow with unit arc cost,
capacity O_ij and node supply -b_i (b_i = owed - owes): the optimal cost is the debt that must
remain, so cleared = total debt - optimal cost. The whole network is given to OR-Tools (no
component split: that is our solver's trick, not the peer's).

Only `smcf.solve()` is timed ("solve"); reading the CSV, aggregating and adding the arcs are
excluded. A fresh SimpleMinCostFlow is built for each repetition. The last line is
`RESULT key=value ...` for scripts; peak memory is VmHWM of this process, overall and during the
solves alone (reset through /proc/self/clear_refs after building).
"""

import csv
import sys
import time

import numpy as np
from ortools.graph.python import min_cost_flow

INT64_MAX = 2**63 - 1


def status_kib(field):
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def main():
    args = sys.argv[1:]
    if not args:
        sys.exit(__doc__)
    path = args[0]
    repeat = 3
    if "--repeat" in args:
        repeat = int(args[args.index("--repeat") + 1])

    index = {}
    pairs = {}
    total_debt = 0
    with open(path, newline="") as f:
        reader = csv.reader(f)
        header = [h.strip().lower() for h in next(reader)]
        d, c, a = header.index("debtor"), header.index("creditor"), header.index("amount")
        for row in reader:
            if not row:
                continue
            debtor = index.setdefault(row[d].strip(), len(index))
            creditor = index.setdefault(row[c].strip(), len(index))
            amount = int(row[a])
            total_debt += amount
            key = (debtor, creditor)
            pairs[key] = pairs.get(key, 0) + amount

    n = len(index)
    tails = np.fromiter((k[0] for k in pairs), dtype=np.int64, count=len(pairs))
    heads = np.fromiter((k[1] for k in pairs), dtype=np.int64, count=len(pairs))
    caps_py = list(pairs.values())
    net = [0] * n  # b_i = owed - owes, exact Python integers
    for (i, j), o in pairs.items():
        net[j] += o
        net[i] -= o
    # OR-Tools works in int64: capacities, supplies and the optimal cost (<= total debt) must fit.
    if max(caps_py, default=0) > INT64_MAX or max((abs(b) for b in net), default=0) > INT64_MAX:
        sys.exit("ortools_clear: a capacity or supply exceeds int64; OR-Tools cannot solve this")
    if total_debt > INT64_MAX:
        sys.exit("ortools_clear: total debt exceeds int64; OR-Tools' cost would overflow")
    caps = np.array(caps_py, dtype=np.int64)
    costs = np.ones(len(pairs), dtype=np.int64)
    supplies = np.array([-b for b in net], dtype=np.int64)
    nodes = np.arange(n, dtype=np.int64)

    rss_before = status_kib("VmRSS")
    hwm_load = status_kib("VmHWM")
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass

    times = []
    cleared = None
    for _ in range(max(repeat, 1)):
        smcf = min_cost_flow.SimpleMinCostFlow()
        smcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
        smcf.set_nodes_supplies(nodes, supplies)
        t = time.perf_counter()
        status = smcf.solve()
        times.append(time.perf_counter() - t)
        if status != smcf.OPTIMAL:
            sys.exit(f"ortools_clear: solver status {status}, not OPTIMAL")
        run_cleared = total_debt - smcf.optimal_cost()
        if cleared is not None and run_cleared != cleared:
            sys.exit("ortools_clear: repetitions disagree")
        cleared = run_cleared
        del smcf
    hwm_solve = status_kib("VmHWM")

    print(
        f"RESULT orgs={n} obligations=- total_debt={total_debt} cleared={cleared} "
        f"solve_min={min(times):.4f} solve_max={max(times):.4f} "
        f"peak_rss_kib={max(hwm_load, hwm_solve)} solve_peak_rss_kib={hwm_solve} "
        f"rss_before_solve_kib={rss_before}"
    )


if __name__ == "__main__":
    main()
