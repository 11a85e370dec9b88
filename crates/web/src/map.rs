//! The public map, drawn on the server as one SVG: country outlines from Natural Earth
//! (1:110m, public domain, shipped in `data/naturalearth/`), in Web Mercator so that an
//! operator's OpenStreetMap tiles line up under them, and a point per organization, each a
//! link. No tile server, no script: the map is part of the page.

use std::collections::HashMap;
use std::fmt::Write;
use std::sync::OnceLock;

/// The drawing's width in SVG units; its height follows the view's shape.
pub const WIDTH: f64 = 1000.0;

const OUTLINES_110M: &str = include_str!("../data/naturalearth/countries.tsv");
const OUTLINES_50M_EXTRA: &str = include_str!("../data/naturalearth/countries_50m_extra.tsv");

/// A country's rings, in degrees (lon, lat), and its bounding box.
struct Country {
    code: String,
    rings: Vec<Vec<(f64, f64)>>,
    bbox: BBox,
}

/// A box in degrees: west, south, east, north.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BBox {
    pub west: f64,
    pub south: f64,
    pub east: f64,
    pub north: f64,
}

impl BBox {
    fn of(points: impl IntoIterator<Item = (f64, f64)>) -> Option<BBox> {
        let mut b: Option<BBox> = None;
        for (lon, lat) in points {
            b = Some(match b {
                None => BBox {
                    west: lon,
                    south: lat,
                    east: lon,
                    north: lat,
                },
                Some(b) => BBox {
                    west: b.west.min(lon),
                    south: b.south.min(lat),
                    east: b.east.max(lon),
                    north: b.north.max(lat),
                },
            });
        }
        b
    }

    fn intersects(&self, o: &BBox) -> bool {
        self.west <= o.east && o.west <= self.east && self.south <= o.north && o.south <= self.north
    }

    /// Grown by `f` of its size on each side, and at least `min` degrees wide and high.
    fn padded(&self, f: f64, min: f64) -> BBox {
        let w = (self.east - self.west).max(min);
        let h = (self.north - self.south).max(min);
        let cx = (self.east + self.west) / 2.0;
        let cy = (self.north + self.south) / 2.0;
        BBox {
            west: (cx - w * (0.5 + f)).max(-180.0),
            east: (cx + w * (0.5 + f)).min(180.0),
            south: (cy - h * (0.5 + f)).max(-MAX_LAT),
            north: (cy + h * (0.5 + f)).min(MAX_LAT),
        }
    }
}

/// Web Mercator's limit.
const MAX_LAT: f64 = 85.05;

/// The whole world as far as a map needs it (no Antarctica).
pub const WORLD: BBox = BBox {
    west: -180.0,
    south: -58.0,
    east: 180.0,
    north: 80.0,
};

fn parse_outlines(text: &str, out: &mut Vec<Country>) {
    for line in text.lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let Some((code, rings)) = line.split_once('\t') else {
            continue;
        };
        let rings: Vec<Vec<(f64, f64)>> = rings
            .split('|')
            .map(|ring| {
                ring.split(';')
                    .filter_map(|p| {
                        let (lon, lat) = p.split_once(',')?;
                        Some((lon.parse().ok()?, lat.parse().ok()?))
                    })
                    .collect::<Vec<_>>()
            })
            .filter(|r| r.len() >= 3)
            .collect();
        if let Some(bbox) = BBox::of(rings.iter().flatten().copied()) {
            out.push(Country {
                code: code.to_string(),
                rings,
                bbox,
            });
        }
    }
}

fn countries() -> &'static (Vec<Country>, HashMap<String, usize>) {
    static C: OnceLock<(Vec<Country>, HashMap<String, usize>)> = OnceLock::new();
    C.get_or_init(|| {
        let mut v = Vec::new();
        parse_outlines(OUTLINES_110M, &mut v);
        parse_outlines(OUTLINES_50M_EXTRA, &mut v);
        let index = v
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.clone(), i))
            .collect();
        (v, index)
    })
}

/// The bounding box of a country's outline, when the data has it.
pub fn country_bbox(code: &str) -> Option<BBox> {
    let (v, index) = countries();
    index.get(code).map(|i| v[*i].bbox)
}

/// Mercator: degrees to the unit square (x east, y south).
fn project(lon: f64, lat: f64) -> (f64, f64) {
    let lat = lat.clamp(-MAX_LAT, MAX_LAT).to_radians();
    let x = (lon + 180.0) / 360.0;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0;
    (x, y)
}

/// A point on the map.
#[derive(Debug, Clone)]
pub struct Point<'a> {
    /// The organization the point stands for (and links to).
    pub org: uuid::Uuid,
    pub name: &'a str,
    pub lon: f64,
    pub lat: f64,
    /// A pickup point (drawn as a square) rather than the organization itself.
    pub pickup: bool,
}

/// An operator's tile layer: a URL with `{z}`, `{x}` and `{y}`.
#[derive(Debug, Clone)]
pub struct Tiles<'a> {
    pub url: &'a str,
    pub attribution: &'a str,
}

/// The view a map shows: `focus` (a country's box, or the points'), padded; the world when
/// neither is known.
pub fn view(focus: Option<BBox>, points: &[Point<'_>]) -> BBox {
    match focus.or_else(|| BBox::of(points.iter().map(|p| (p.lon, p.lat)))) {
        Some(b) => b.padded(0.08, 2.0),
        None => WORLD,
    }
}

fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Draws the map of `view` with its points, as an SVG element (to be put into a page as is).
/// `label` names the map for screen readers.
pub fn svg(view: BBox, points: &[Point<'_>], tiles: Option<&Tiles<'_>>, label: &str) -> String {
    let (x0, y0) = project(view.west, view.north);
    let (x1, y1) = project(view.east, view.south);
    let scale = WIDTH / (x1 - x0).max(1e-9);
    let height = ((y1 - y0) * scale).clamp(100.0, 2.0 * WIDTH);
    let to_svg = |lon: f64, lat: f64| {
        let (x, y) = project(lon, lat);
        ((x - x0) * scale, (y - y0) * scale)
    };
    let mut out = String::with_capacity(16 * 1024 + points.len() * 120);
    let _ = write!(
        out,
        "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH:.0} {height:.0}\" role=\"group\" aria-label=\"{}\">",
        xml_escape(label)
    );
    let _ = write!(
        out,
        "<rect class=\"sea\" width=\"{WIDTH:.0}\" height=\"{height:.0}\"/>"
    );
    if let Some(t) = tiles {
        tile_layer(&mut out, t, (x0, y0, x1, y1), scale);
    }
    // Outlines: only countries in view; one path for them all, coordinates rounded to the
    // unit (a 1000-unit drawing needs no more), repeated points dropped.
    let (all, _) = countries();
    out.push_str("<path class=\"land\" fill-rule=\"evenodd\" d=\"");
    for c in all.iter().filter(|c| c.bbox.intersects(&view)) {
        for ring in &c.rings {
            let mut last: Option<(i64, i64)> = None;
            let mut first = true;
            for &(lon, lat) in ring {
                let (x, y) = to_svg(lon, lat);
                let p = (x.round() as i64, y.round() as i64);
                if last == Some(p) {
                    continue;
                }
                if first {
                    let _ = write!(out, "M{} {}", p.0, p.1);
                    first = false;
                } else {
                    let (dx, dy) = (p.0 - last.map_or(0, |l| l.0), p.1 - last.map_or(0, |l| l.1));
                    let _ = write!(out, "l{dx} {dy}");
                }
                last = Some(p);
            }
            if !first {
                out.push('z');
            }
        }
    }
    out.push_str("\"/>");
    let r = if points.len() > 2000 { 2.5 } else { 6.0 };
    for p in points {
        let (x, y) = to_svg(p.lon, p.lat);
        let name = xml_escape(p.name);
        if p.pickup {
            let _ = write!(
                out,
                "<a href=\"/organizations/{0}\" data-pickup=\"{0}\"><rect class=\"pickup\" x=\"{1:.1}\" y=\"{2:.1}\" width=\"{3:.0}\" height=\"{3:.0}\"><title>{4}</title></rect></a>",
                p.org,
                x - r * 0.8,
                y - r * 0.8,
                r * 1.6,
                name
            );
        } else {
            let _ = write!(
                out,
                "<a href=\"/organizations/{0}\"><circle class=\"org\" data-org=\"{0}\" cx=\"{1:.1}\" cy=\"{2:.1}\" r=\"{3}\"><title>{4}</title></circle></a>",
                p.org, x, y, r, name
            );
        }
    }
    if let Some(t) = tiles {
        let _ = write!(
            out,
            "<text class=\"attribution\" x=\"{:.0}\" y=\"{:.0}\" text-anchor=\"end\">{}</text>",
            WIDTH - 4.0,
            height - 4.0,
            xml_escape(t.attribution)
        );
    }
    out.push_str("</svg>");
    out
}

/// Tiles under the outlines, at the deepest zoom where a tile is at least 256 units wide.
fn tile_layer(out: &mut String, t: &Tiles<'_>, (x0, y0, x1, y1): (f64, f64, f64, f64), scale: f64) {
    let z = ((WIDTH / 256.0) / (x1 - x0))
        .log2()
        .floor()
        .clamp(0.0, 18.0) as i32;
    let n = f64::from(1 << z);
    let (tx0, tx1) = ((x0 * n).floor() as i64, (x1 * n).ceil() as i64);
    let (ty0, ty1) = ((y0 * n).floor() as i64, (y1 * n).ceil() as i64);
    // A wide view at a deep zoom would ask for too many tiles: none rather than hundreds.
    if (tx1 - tx0) * (ty1 - ty0) > 64 {
        return;
    }
    let size = scale / n;
    for ty in ty0.max(0)..ty1.min(n as i64) {
        for tx in tx0.max(0)..tx1.min(n as i64) {
            let href = t
                .url
                .replace("{z}", &z.to_string())
                .replace("{x}", &tx.to_string())
                .replace("{y}", &ty.to_string());
            let _ = write!(
                out,
                "<image href=\"{}\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\"/>",
                xml_escape(&href),
                (tx as f64 / n - x0) * scale,
                (ty as f64 / n - y0) * scale,
                size + 0.5,
                size + 0.5
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outlines_hold_the_region_and_the_small_states() {
        for code in ["PH", "ID", "MY", "JP", "NP", "SG"] {
            assert!(country_bbox(code).is_some(), "{code} has no outline");
        }
        let ph = country_bbox("PH").unwrap();
        assert!(ph.west > 116.0 && ph.east < 127.0 && ph.south > 4.0 && ph.north < 19.0);
    }

    #[test]
    fn points_land_inside_the_drawing_and_link_to_their_organization() {
        let id = uuid::Uuid::new_v4();
        let pts = [Point {
            org: id,
            name: "Samahan <&> \"Kape\"",
            lon: 120.59,
            lat: 16.41,
            pickup: false,
        }];
        let v = view(country_bbox("PH"), &pts);
        let s = svg(v, &pts, None, "Map");
        assert!(s.contains(&format!("data-org=\"{id}\"")));
        assert!(s.contains(&format!("href=\"/organizations/{id}\"")));
        assert!(s.contains("Samahan &lt;&amp;&gt; &quot;Kape&quot;"));
        let cx: f64 = s
            .split("cx=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        assert!((0.0..=WIDTH).contains(&cx));
    }

    #[test]
    fn a_country_view_stays_light() {
        for code in ["PH", "ID", "MY", "JP", "NP"] {
            let s = svg(view(country_bbox(code), &[]), &[], None, "Map");
            assert!(s.len() < 30_000, "{code}: {} bytes", s.len());
        }
    }

    #[test]
    fn tiles_are_drawn_only_when_configured_and_few() {
        let t = Tiles {
            url: "https://tile.example.org/{z}/{x}/{y}.png",
            attribution: "© OpenStreetMap contributors",
        };
        let s = svg(view(country_bbox("PH"), &[]), &[], Some(&t), "Map");
        let n = s.matches("<image ").count();
        assert!((1..=64).contains(&n), "{n} tiles in {}", &s[..300]);
        assert!(s.contains("https://tile.example.org/"));
        assert!(!svg(WORLD, &[], None, "Map").contains("<image "));
    }
}
