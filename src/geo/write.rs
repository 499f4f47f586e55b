//! Builds whole table files from source ranges (used by the generator in tools/geo and by
//! tests): fills gaps, blanks special blocks, merges neighbours, encodes every section.

use super::addr::special_intervals;
use super::asn::write_asns;
use super::file;
use super::places_write::{self, Loc};
use super::ranges::{Params, NONE};
use super::ranges_write::{self, Costs};

/// Stream parameters of the bundled tables (see FORMAT.md for why these).
pub fn params(v6: bool) -> Params {
    if v6 {
        Params { bits: 128, block: 64, big: 20, align: 64, lo: 72, classes: 3, values: 255 }
    } else {
        Params { bits: 32, block: 16, big: 15, align: 0, lo: 0, classes: 1, values: 255 }
    }
}

/// Turns sorted, non-overlapping inclusive ranges `(start, end, id)` into lengths and ids
/// that tile the family's space: gaps and special blocks get NONE, equal neighbours merge.
pub fn tile(ranges: &[(u128, u128, u32)], v6: bool) -> Vec<(u128, u32)> {
    let last = if v6 { u128::MAX } else { u32::MAX as u128 };
    let holes = special_intervals(v6);
    let mut cut: Vec<(u128, u128, u32)> = Vec::new();
    let mut push = |s: u128, e: u128, id: u32| match cut.last_mut() {
        Some(l) if l.2 == id && l.1 + 1 == s => l.1 = e,
        _ => cut.push((s, e, id)),
    };
    let mut next = 0u128; // first address not yet covered
    let mut h = 0;
    let emit = |s: u128, e: u128, id: u32, h: &mut usize, push: &mut dyn FnMut(u128, u128, u32)| {
        let mut cur = s;
        loop {
            while *h < holes.len() && holes[*h].1 < cur {
                *h += 1;
            }
            let (end, here) = match holes.get(*h) {
                Some(&(hs, he)) if hs <= cur => (e.min(he), NONE),
                Some(&(hs, _)) => (e.min(hs - 1), id),
                None => (e, id),
            };
            push(cur, end, here);
            if end == e {
                break;
            }
            cur = end + 1;
        }
    };
    for &(s, e, id) in ranges {
        assert!(s >= next && s <= e && e <= last, "ranges sorted, non-overlapping, within the family");
        if s > next {
            emit(next, s - 1, NONE, &mut h, &mut push);
        }
        emit(s, e, id, &mut h, &mut push);
        next = e.wrapping_add(1);
        if e == last {
            next = 0;
            break;
        }
    }
    if next != 0 || ranges.is_empty() {
        emit(next, last, NONE, &mut h, &mut push);
    }
    cut.iter().map(|&(s, e, id)| (e - s + 1, id)).collect()
}

/// What the generator reports: bytes per section and, per stream, bits per part.
#[derive(Debug, Default)]
pub struct Report {
    pub sections: Vec<(String, usize)>,
    pub streams: Vec<(String, u64, Costs)>,
}

fn streams(
    v4: &[(u128, u128, u32)],
    v6: &[(u128, u128, u32)],
    groups: &[u32],
    regions: &[u32],
    report: &mut Report,
) -> (Vec<u8>, Vec<u8>) {
    let mut one = |name: &str, r: &[(u128, u128, u32)], six: bool| {
        let tiles = tile(r, six);
        let (bytes, costs) = ranges_write::write(&params(six), &tiles, groups, regions);
        report.streams.push((name.to_string(), tiles.len() as u64, costs));
        bytes
    };
    (one("v4", v4, false), one("v6", v6, true))
}

/// A city table. `locs` sorted and distinct; ranges index into them.
pub fn city(
    meta: &[(&str, String)],
    locs: &[Loc],
    v4: &[(u128, u128, u32)],
    v6: &[(u128, u128, u32)],
) -> (Vec<u8>, Report) {
    let mut report = Report::default();
    let (places, groups, regions) = places_write::write(locs);
    let (s4, s6) = streams(v4, v6, &groups, &regions, &mut report);
    let mut m = vec![("kind", "city".to_string())];
    m.extend(meta.iter().cloned());
    let sections: [(&str, &[u8]); 3] = [("places", &places), ("v4", &s4), ("v6", &s6)];
    report.sections = sections.iter().map(|(n, d)| (n.to_string(), d.len())).collect();
    (file::write(&m, &sections), report)
}

/// An ASN table. `entries` (number, organization) sorted by number; ranges index into them.
pub fn asn(
    meta: &[(&str, String)],
    entries: &[(u32, String)],
    v4: &[(u128, u128, u32)],
    v6: &[(u128, u128, u32)],
) -> (Vec<u8>, Report) {
    let mut report = Report::default();
    let dict = write_asns(entries);
    let groups = [0, entries.len() as u32];
    let (s4, s6) = streams(v4, v6, &groups, &groups, &mut report);
    let mut m = vec![("kind", "asn".to_string())];
    m.extend(meta.iter().cloned());
    let sections: [(&str, &[u8]); 3] = [("asns", &dict), ("v4", &s4), ("v6", &s6)];
    report.sections = sections.iter().map(|(n, d)| (n.to_string(), d.len())).collect();
    (file::write(&m, &sections), report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geo::addr::Addr;
    use crate::geo::GeoTable;

    fn loc(c: &str, r: &str, city: &str, lat: i32, lon: i32) -> Loc {
        Loc { country: c.into(), region: r.into(), city: city.into(), lat, lon }
    }

    #[test]
    fn tiles_fill_gaps_and_blank_special_blocks() {
        let t = tile(&[(0x0a00_0000 - 10, 0x0a00_0005, 1), (0x0b00_0000, 0x0b00_00ff, 1)], false);
        // 0..start: none; 10 addresses of id 1; 10.0.0.0/8 blanked; then none up to 11.0.0.0.
        assert_eq!(t[0], (0x0a00_0000 - 10, NONE));
        assert_eq!(t[1], (10, 1));
        assert_eq!(t[2], (0x0b00_0000 - 0x0a00_0000, NONE));
        assert_eq!(t[3], (256, 1));
        assert_eq!(t.iter().map(|x| x.0).sum::<u128>(), 1 << 32);
    }

    #[test]
    fn city_round_trip() {
        let locs = vec![
            loc("AU", "Queensland", "South Brisbane", -2748, 15302),
            loc("FR", "Occitanie", "Montpellier", 4361, 388),
            loc("FR", "Occitanie", "Montpellier", 4362, 390),
            loc("FR", "Provence-Alpes-Cote d'Azur", "Antibes", 4358, 712),
            loc("US", "California", "Mountain View", 3742, -12208),
        ];
        // Alternating neighbours, odd lengths, a huge IPv6 range and a host route.
        let mut v4 = Vec::new();
        let mut at = 0x0100_0000u128;
        for i in 0..200u128 {
            let len = [256, 768, 128, 1, 4096 * 3][i as usize % 5];
            v4.push((at, at + len - 1, [1, 3, 1, 2, 4, 0][i as usize % 6]));
            at += len;
        }
        let v6 = vec![
            (0x2001_4860u128 << 96, (0x2001_4861u128 << 96) - 1, 4),
            (0x2a02_a460u128 << 96, 0x2a02_a460u128 << 96, 1),
            ((0x2a02_a460u128 << 96) + 1, (0x2a02_a461u128 << 96) - 1, 2),
        ];
        let meta = [("source", "test".to_string())];
        let (bytes, _) = city(&meta, &locs, &v4, &v6);
        let t = GeoTable::from_bytes(bytes).expect("reads back");
        assert_eq!(t.ranges(false).iter().map(|r| (r.1, r.2)).collect::<Vec<_>>(), tile(&v4, false));
        assert_eq!(t.ranges(true).iter().map(|r| (r.1, r.2)).collect::<Vec<_>>(), tile(&v6, true));
        for &(s, e, id) in v4.iter().chain(&v6) {
            let key = |a: u128| if e >> 32 == 0 { Addr::V4(a as u32) } else { Addr::V6(a) };
            for a in [s, e, s + (e - s) / 2] {
                assert_eq!(t.id_of(key(a)), Some(id), "{a:x}");
            }
        }
        let p = t.locate("2001:4860::1").unwrap();
        assert_eq!((p.country, p.region, p.city, p.lat, p.lon), ("US", "California", "Mountain View", 37.42, -122.08));
        assert_eq!(t.locate("2a02:a460::").unwrap().city, "Montpellier");
        assert!(t.locate("9.9.9.9").is_none(), "no data");
    }
}
