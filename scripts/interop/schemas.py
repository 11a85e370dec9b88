"""The command-line formats against their JSON Schemas, with a real validator (jsonschema):
each example file in examples/governance/ must fit its schema, and what the binary prints for it must fit
the schema's `$defs/output`.

Usage: schemas.py BINARY
"""
import json
import os
import subprocess
import sys

from jsonschema import Draft202012Validator

root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")
binary = sys.argv[1]
failures = []
checked = 0
for schema_file, args, examples in [
    ("decision-tally.schema.json", ["decision", "tally", "--input"], ["decision-network-assembly.json", "decision-ranked-choice.json"]),
    ("patronage.schema.json", ["patronage", "--input"], ["patronage-surplus.json"]),
]:
    schema = json.load(open(os.path.join(root, "docs", "schemas", schema_file)))
    Draft202012Validator.check_schema(schema)
    inputs = Draft202012Validator(schema)
    outputs = Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/output"})
    for name in examples:
        path = os.path.join(root, "examples", "governance", name)
        for e in inputs.iter_errors(json.load(open(path))):
            failures.append(f"{name}: {list(e.absolute_path)}: {e.message}")
        run = subprocess.run([binary, *args, path], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{name}: the binary refused it: {run.stderr}")
            continue
        for e in outputs.iter_errors(json.loads(run.stdout)):
            failures.append(f"{name} (output): {list(e.absolute_path)}: {e.message}")
        checked += 1
# The loan schedule is made from flags: its outputs must fit the schema, and add up.
schema = json.load(open(os.path.join(root, "docs", "schemas", "loan-schedule.schema.json")))
Draft202012Validator.check_schema(schema)
loans = Draft202012Validator(schema)
for method, per_year in [("declining", "12"), ("flat", "52")]:
    args = ["loan", "schedule", "--principal", "50000.00", "--currency", "INR", "--annual-rate", "12",
            "--instalments", "12", "--per-year", per_year, "--method", method, "--start", "2026-01-01"]
    run = subprocess.run([binary, *args], capture_output=True, text=True)
    if run.returncode != 0:
        failures.append(f"loan schedule ({method}): the binary refused it: {run.stderr}")
        continue
    out = json.loads(run.stdout)
    for e in loans.iter_errors(out):
        failures.append(f"loan schedule ({method}): {list(e.absolute_path)}: {e.message}")
    cents = lambda s: round(float(s) * 100)
    if sum(cents(i["principal"]) for i in out["instalments"]) != cents(out["principal"]) or \
            sum(cents(i["interest"]) for i in out["instalments"]) != cents(out["total_interest"]):
        failures.append(f"loan schedule ({method}): the parts do not add up")
    checked += 1
for f in failures:
    print("FAIL", f)
print(f"schemas: {checked} example files and command outputs validated against docs/schemas")
sys.exit(1 if failures else 0)
