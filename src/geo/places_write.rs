//! Writes the location dictionary read by [`super::places`].

use super::bits::put_varint;

/// A location as the generator hands it over; coordinates in hundredths of a degree.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Loc {
    pub country: String,
    pub region: String,
    pub city: String,
    pub lat: i32,
    pub lon: i32,
}

pub(crate) fn put_zigzag(out: &mut Vec<u8>, v: i64) {
    put_varint(out, ((v << 1) ^ (v >> 63)) as u64);
}

/// Front-codes `s` against `prev` (shared prefix on a character boundary).
pub(crate) fn put_front(out: &mut Vec<u8>, prev: &str, s: &str) {
    let mut keep = prev.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count();
    while !s.is_char_boundary(keep) {
        keep -= 1;
    }
    put_varint(out, keep as u64);
    put_varint(out, (s.len() - keep) as u64);
    out.extend_from_slice(&s.as_bytes()[keep..]);
}

/// Front-codes `s` against `prev`: the shared prefix length (on a character boundary) goes to
/// `nums`, the rest and a newline to `text`.
fn put_name(nums: &mut Vec<u8>, text: &mut Vec<u8>, prev: &str, s: &str) {
    assert!(!s.contains('\n'), "names are single lines");
    let mut keep = prev.bytes().zip(s.bytes()).take_while(|(a, b)| a == b).count();
    while !s.is_char_boundary(keep) {
        keep -= 1;
    }
    put_varint(nums, keep as u64);
    text.extend_from_slice(&s.as_bytes()[keep..]);
    text.push(b'\n');
}

/// Encodes `locs`, which must be sorted and distinct (their index is their id), with
/// two-letter country codes and coordinates that fit 16 bits. Three columns, each a varint
/// length and bytes (like with like, which gzip rewards): counts and shared-prefix lengths,
/// name tails, coordinate deltas.
/// Returns the section, the groups (first id of each country, then the end) and the regions
/// (first id of each region, then the end).
pub fn write(locs: &[Loc]) -> (Vec<u8>, Vec<u32>, Vec<u32>) {
    assert!(locs.windows(2).all(|w| w[0] < w[1]), "locations sorted and distinct");
    let (mut nums, mut text, mut coords) = (Vec::new(), Vec::new(), Vec::new());
    let mut groups = vec![0u32];
    let mut region_start = Vec::new();
    let countries = runs(locs, |l| &l.country);
    put_varint(&mut nums, countries.len() as u64);
    let (mut lat, mut lon) = (0i64, 0i64);
    for c in countries {
        let cl = &locs[c.clone()];
        assert_eq!(cl[0].country.len(), 2, "country codes have two letters");
        text.extend_from_slice(cl[0].country.as_bytes());
        let regions = runs(cl, |l| &l.region);
        put_varint(&mut nums, regions.len() as u64);
        let mut prev_region = "";
        for r in regions {
            region_start.push(groups.last().unwrap() + r.start as u32);
            let rl = &cl[r];
            put_name(&mut nums, &mut text, prev_region, &rl[0].region);
            prev_region = &rl[0].region;
            let places = runs(rl, |l| &l.city);
            put_varint(&mut nums, places.len() as u64);
            let mut prev_city = "";
            for pl in places {
                let vl = &rl[pl];
                put_name(&mut nums, &mut text, prev_city, &vl[0].city);
                prev_city = &vl[0].city;
                put_varint(&mut nums, vl.len() as u64);
                put_zigzag(&mut coords, vl[0].lat as i64 - lat);
                put_zigzag(&mut coords, vl[0].lon as i64 - lon);
                (lat, lon) = (vl[0].lat as i64, vl[0].lon as i64);
                for v in &vl[1..] {
                    put_zigzag(&mut coords, v.lat as i64 - lat);
                    put_zigzag(&mut coords, v.lon as i64 - lon);
                }
            }
        }
        groups.push(groups.last().unwrap() + cl.len() as u32);
    }
    let mut out = Vec::new();
    for col in [nums, text, coords] {
        put_varint(&mut out, col.len() as u64);
        out.extend_from_slice(&col);
    }
    region_start.push(locs.len() as u32);
    (out, groups, region_start)
}

/// Index ranges of equal keys in a sorted slice.
fn runs<T, K: PartialEq + ?Sized>(v: &[T], key: impl Fn(&T) -> &K) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    for i in 1..=v.len() {
        if i == v.len() || key(&v[i]) != key(&v[from]) {
            out.push(from..i);
            from = i;
        }
    }
    out
}
