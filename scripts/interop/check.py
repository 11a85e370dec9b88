#!/usr/bin/env python3
"""Checks the demo's published documents with the field's own tools (see scripts/interop-check).

Usage: check.py BASE_URL MURMURATIONS_SCHEMA_DIR
Exit status 0 only when every document passes every check.
"""
import copy
import json
import os
import sys
import time
import urllib.request

from jsonschema import Draft7Validator
from pyld import jsonld
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

BASE, SCHEMAS = sys.argv[1], sys.argv[2]
# The schemas' own "$id" is https://test-library.murmurations.network/v2/schemas/<name>, so
# their "../fields/x.json" references resolve under this base.
FIELDS_BASE = "https://test-library.murmurations.network/v2/fields/"
failures = []


def get(path):
    with urllib.request.urlopen(BASE + path, timeout=10) as r:
        return json.load(r)


def wait_for_server():
    for _ in range(300):
        try:
            urllib.request.urlopen(BASE + "/healthz", timeout=1)
            return
        except Exception:
            time.sleep(0.1)
    sys.exit("the server did not start")


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def murmurations_validators():
    registry = Registry()
    fields = os.path.join(SCHEMAS, "fields")
    for name in sorted(os.listdir(fields)):
        registry = registry.with_resource(
            FIELDS_BASE + name,
            Resource.from_contents(load(os.path.join(fields, name)), default_specification=DRAFT7),
        )
    out = {}
    for name in ("default-v2.1.0", "organizations_schema-v1.0.0"):
        schema = load(os.path.join(SCHEMAS, "schemas", name + ".json"))
        Draft7Validator.check_schema(schema)
        out[name] = Draft7Validator(schema, registry=registry)
    return out


def check_murmurations(org_ids):
    validators = murmurations_validators()
    for oid in org_ids:
        profile = get(f"/api/v1/organizations/{oid}/murmurations")
        # The index validates against default-v2.1.0 and every linked schema.
        names = ["default-v2.1.0"] + profile.get("linked_schemas", [])
        for name in names:
            v = validators.get(name)
            if v is None:
                failures.append(f"{oid}: links {name}, which is not in the fixtures")
                continue
            for e in v.iter_errors(profile):
                failures.append(f"murmurations {oid} [{name}] /{'/'.join(map(str, e.absolute_path))}: {e.message}")
        for key in ("primary_url", "tags", "country_iso_3166"):
            if key not in profile:
                failures.append(f"murmurations {oid}: no {key}")
    print(f"murmurations: {len(org_ids)} profiles validated against the library's schemas")


ALLOWED_PREFIXES = (
    "https://lod.coop/essglobal/2.1/",
    "http://purl.org/goodrelations/v1#",
    "http://purl.org/dc/terms/",
    "http://xmlns.com/foaf/0.1/",
    "http://www.w3.org/2006/vcard/ns#",
    "http://www.w3.org/2003/01/geo/wgs84_pos#",
)


def keys_in(node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            out.add(k)
            keys_in(v, out)
    elif isinstance(node, list):
        for v in node:
            keys_in(v, out)
    return out


def check_essglobal(org_ids):
    feed = get("/api/v1/essglobal")
    docs = [get(f"/api/v1/organizations/{oid}/essglobal") for oid in org_ids] + [feed]
    statements = 0
    graph_ids = {n["id"] for n in feed.get("@graph", [])}
    if len(graph_ids) != len(org_ids):
        failures.append(f"essglobal feed: {len(graph_ids)} initiatives, {len(org_ids)} published")
    for doc in docs:
        label = doc.get("id", "the feed")
        expanded = jsonld.expand(copy.deepcopy(doc))
        # Every predicate is a full URI of the vocabularies the context names: a term the
        # context lacks would have been dropped by the expansion and never reach here.
        predicates = {k for k in keys_in(expanded, set()) if not k.startswith("@")}
        for p in sorted(predicates):
            if not p.startswith(ALLOWED_PREFIXES):
                failures.append(f"essglobal {label}: predicate {p} is outside the vocabularies")
        source_terms = {k for k in keys_in({k: v for k, v in doc.items() if k != "@context"}, set())}
        known = set(doc["@context"].keys()) | {"@graph", "@id", "@type", "@value", "@language"}
        for t in sorted(source_terms - known):
            failures.append(f"essglobal {label}: term {t} is not in the context")
        # The type is the vocabulary's.
        types = {t for n in (expanded if isinstance(expanded, list) else [expanded]) for t in n.get("@type", [])}
        if "https://lod.coop/essglobal/2.1/vocab/SSEInitiative" not in types and doc is not feed:
            failures.append(f"essglobal {label}: not an SSEInitiative after expansion ({types})")
        # Round trip: compacted with the same context (the processor writes IRIs as the
        # context's compact forms, `bmt:BMT10`) and expanded again, the same statements come
        # back — compared as expanded JSON-LD and as canonical N-Quads (URDNA2015).
        back = jsonld.compact(copy.deepcopy(expanded), {"@context": doc["@context"]})
        again = jsonld.expand(copy.deepcopy(back))
        if normalise(again) != normalise(expanded):
            failures.append(
                f"essglobal {label}: does not round-trip\n  sent: {json.dumps(expanded, sort_keys=True)[:400]}\n  back: {json.dumps(again, sort_keys=True)[:400]}"
            )
        quads = lambda d: jsonld.normalize(copy.deepcopy(d), {"algorithm": "URDNA2015", "format": "application/n-quads"})
        first, second = quads(doc), quads(back)
        if first != second or not first.strip():
            failures.append(f"essglobal {label}: statements differ after the round trip")
        statements += first.count("\n")
    print(f"essglobal: {len(docs)} documents ({statements} statements) expanded, compacted back and compared")


def normalise(v):
    """Order-free comparison: sets of statements have no order, single values are lists of one."""
    if isinstance(v, dict):
        return {k: normalise(x) for k, x in v.items()}
    if isinstance(v, list):
        items = [normalise(x) for x in v]
        return sorted(items, key=lambda x: json.dumps(x, sort_keys=True)) if len(items) != 1 else items[0]
    return v


def check_dfc():
    """Every open cycle's sale session and its hub's catalog, read by the DFC connector."""
    import subprocess
    import tempfile

    here = os.path.join(os.path.dirname(os.path.abspath(__file__)), "dfc")
    cycles = get("/api/v1/cycles")
    cycles = cycles if isinstance(cycles, list) else cycles.get("items", [])
    checked = 0
    for c in cycles:
        # A season's shares (prepaid) are on no sale list.
        offers = [o for o in get(f"/api/v1/cycles/{c['id']}/offers") if not o["prepaid"]]
        if c.get("status") != "open" or not offers:
            continue
        for path in (f"/api/v1/dfc/sale-sessions/{c['id']}", f"/api/v1/dfc/enterprises/{c['hub_id']}"):
            doc = get(path)
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                json.dump(doc, f)
                name = f.name
            run = subprocess.run(["node", os.path.join(here, "check.mjs"), name, "--strict"], capture_output=True, text=True)
            os.unlink(name)
            if run.returncode != 0:
                failures.append(f"dfc {path}: the connector refused it (exit {run.returncode}): {run.stderr[-400:]} {run.stdout[-400:]}")
                continue
            seen = json.loads(run.stdout)
            items = {i["productName"]: i for i in seen["catalogItems"]}
            for o in offers:
                name = o["product"]["name"]
                item = items.get(name)
                if item is None:
                    failures.append(f"dfc {path}: {name} did not come through")
                    continue
                total = o["unit_breakdown"]["total"]
                want_price = total["minor"] / (10 ** {"JPY": 0}.get(total["currency"], 2))
                if item["price"] is None or abs(item["price"] - want_price) > 1e-9:
                    failures.append(f"dfc {path}: {name} price {item['price']} != {want_price}")
                if not str(item["currency"]).endswith("/" + total["currency"]):
                    failures.append(f"dfc {path}: {name} currency {item['currency']}")
                want_stock = o["quantity"] - o["reserved"]
                if item["stock"] != want_stock:
                    failures.append(f"dfc {path}: {name} stock {item['stock']} != {want_stock}")
            for name, item in items.items():
                if name not in {o["product"]["name"] for o in offers} and (item["offers"] or item["stock"] != 0):
                    failures.append(f"dfc {path}: {name}, on sale nowhere, has {item['offers']} offers and stock {item['stock']}")
            if path.startswith("/api/v1/dfc/sale-sessions/") and (
                len(seen["saleSessions"]) != 1 or seen["saleSessions"][0]["offers"] != len(offers)
            ):
                failures.append(f"dfc {path}: the sale session does not list the {len(offers)} offers")
            checked += 1
    if checked == 0:
        failures.append("dfc: the demo has no open cycle with offers to check")
    print(f"dfc: {checked} documents read by @datafoodconsortium/connector 1.0.0-beta.2, names, prices and stock compared")


def main():
    wait_for_server()
    points = get("/api/v1/map")
    ids = sorted({p["organization"] for p in points if p.get("pickup_point") is None})
    # Published but not on the map (a network at the top, approved nowhere) are in the feeds too.
    feed = get("/api/v1/essglobal")
    for n in feed.get("@graph", []):
        oid = n["id"].rsplit("/", 1)[-1]
        if oid not in ids:
            ids.append(oid)
    if not ids:
        sys.exit("the demo publishes nothing: nothing to check")
    check_murmurations(ids)
    check_essglobal(ids)
    check_dfc()
    for f in failures:
        print("FAIL", f)
    if failures:
        sys.exit(1)
    print("interop: every document passed")


main()
