#!/usr/bin/env python3
"""Natural Earth admin-0 countries GeoJSON -> compact countries.tsv.

Standard library only.  Usage:

    python3 make.py INPUT.geojson [OUTPUT.tsv] [--scale 110m] [--decimals 2]
                    [--source TEXT] [--only-missing-from EXISTING.tsv]

Output, one line per country (sorted by code):

    CC<TAB>ring|ring|...      ring = lon,lat;lon,lat;...

* CC: ISO 3166-1 alpha-2.  ISO_A2 is used when it is two letters A-Z;
  otherwise (NE writes -99, or e.g. "CN-TW") ISO_A2_EH, then WB_A2, is tried.
  A feature with no usable code is skipped (reported on stderr).
  Two features that resolve to the same code are merged (rings appended).
* Coordinates are first normalised to 6 decimals (the precision of the
  upstream nvkelso/natural-earth-vector GeoJSON; copies re-exported with
  ogr2ogr carry full doubles) and then rounded half-away-from-zero to
  --decimals places on their decimal text, so any faithful copy of the same
  Natural Earth release gives byte-identical output.
* Numbers are written without trailing zeros ("67.8", "10", never "-0").
* Consecutive points that are equal after rounding are collapsed, and the
  closing point (equal to the first) is dropped: rings are implicitly closed.
* Rings with fewer than 3 distinct points after that are dropped.
  Outer rings and holes are all kept, in source order (outer ring first for
  each polygon), so an SVG path with fill-rule="evenodd" renders holes.
"""
import argparse
import json
import re
import sys
from decimal import ROUND_HALF_UP, Decimal

TWO_LETTERS = re.compile(r"^[A-Z]{2}$")
CODE_FIELDS = ("ISO_A2", "ISO_A2_EH", "WB_A2")


def country_code(props):
    """First usable alpha-2 code from ISO_A2, ISO_A2_EH, WB_A2 (any key case)."""
    lower = {k.lower(): v for k, v in props.items()}
    for field in CODE_FIELDS:
        value = lower.get(field.lower())
        if isinstance(value, str) and TWO_LETTERS.match(value.strip()):
            return value.strip(), field
    return None, None


def fmt(value, quantum):
    """Round a coordinate: 6-decimal normalisation, then half-up to quantum."""
    d = Decimal(repr(round(float(value), 6)))
    q = d.quantize(quantum, rounding=ROUND_HALF_UP)
    if q == 0:
        return "0"
    text = format(q, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def rings_of(geometry):
    if geometry is None:
        return []
    kind = geometry["type"]
    if kind == "Polygon":
        return list(geometry["coordinates"])
    if kind == "MultiPolygon":
        return [ring for polygon in geometry["coordinates"] for ring in polygon]
    if kind == "GeometryCollection":
        return [r for g in geometry["geometries"] for r in rings_of(g)]
    return []


def ring_text(ring, quantum):
    points = []
    for coord in ring:
        point = (fmt(coord[0], quantum), fmt(coord[1], quantum))
        if not points or points[-1] != point:
            points.append(point)
    while len(points) > 1 and points[-1] == points[0]:
        points.pop()
    if len(points) < 3:
        return None, 0
    return ";".join(f"{x},{y}" for x, y in points), len(points)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("input")
    ap.add_argument("output", nargs="?", default="countries.tsv")
    ap.add_argument("--scale", default="110m")
    ap.add_argument("--decimals", type=int, default=2)
    ap.add_argument(
        "--source",
        default="Natural Earth v5.1.x ne_{scale}_admin_0_countries "
        "(upstream github.com/nvkelso/natural-earth-vector geojson/; copy used: "
        "github.com/GIScience/ai-assisted-osm-mapping-stats@7f5e492 "
        "data/ne_110m_admin_0_countries.geojson)",
    )
    ap.add_argument(
        "--only-missing-from",
        metavar="TSV",
        help="write only codes absent from this existing countries TSV "
        "(e.g. to add small states from 1:50m to the 1:110m file)",
    )
    args = ap.parse_args(argv)
    quantum = Decimal(1).scaleb(-args.decimals)

    with open(args.input, encoding="utf-8") as fh:
        data = json.load(fh)

    countries = {}  # code -> list of ring strings
    points = {}
    for feature in data["features"]:
        props = feature.get("properties") or {}
        code, field = country_code(props)
        name = props.get("ADMIN") or props.get("admin") or props.get("NAME") or "?"
        if code is None:
            print(f"skipped (no alpha-2 code): {name}", file=sys.stderr)
            continue
        if field != "ISO_A2":
            print(f"{name}: ISO_A2={props.get('ISO_A2')!r}, used {field}={code}",
                  file=sys.stderr)
        if code in countries:
            print(f"{name}: merged into existing {code}", file=sys.stderr)
        out = countries.setdefault(code, [])
        for ring in rings_of(feature.get("geometry")):
            text, n = ring_text(ring, quantum)
            if text is not None:
                out.append(text)
                points[code] = points.get(code, 0) + n

    header = (
        f"# source: {args.source.format(scale=args.scale)}; scale 1:{args.scale}; "
        "licence: public domain (Natural Earth terms of use: no permission needed, "
        "credit optional; 'Made with Natural Earth' given as courtesy); "
        f"simplification: coordinates rounded to {args.decimals} decimals "
        "(half away from zero, after 6-decimal normalisation), consecutive "
        "duplicates and ring closing point removed, rings <3 points dropped; "
        "format: ISO3166-1 alpha-2 TAB rings separated by '|', points by ';', "
        "point = lon,lat (WGS84 degrees); code = ISO_A2, else ISO_A2_EH, else WB_A2"
    )
    if args.only_missing_from:
        with open(args.only_missing_from, encoding="utf-8") as fh:
            have = {l.split("\t", 1)[0] for l in fh if not l.startswith("#")}
        countries = {c: r for c, r in countries.items() if c not in have}
        points = {c: n for c, n in points.items() if c not in have}

    with open(args.output, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(header + "\n")
        for code in sorted(countries):
            if countries[code]:
                fh.write(code + "\t" + "|".join(countries[code]) + "\n")
    total = sum(points.values())
    print(f"wrote {args.output}: {sum(1 for c in countries.values() if c)} countries, "
          f"{total} points", file=sys.stderr)


if __name__ == "__main__":
    main()
