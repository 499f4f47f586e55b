//! Reads the sources: the DB-IP city mmdb files and the ASN CSV files.

use maxminddb::{Reader, WithinOptions};
use std::collections::HashMap;
use std::net::IpAddr;
use trailscope::geo::places_write::Loc;

/// A record of the source database (DB-IP Lite city as ip-location-db repackages it: flat
/// fields; postcode, state2 and timezone are empty throughout).
#[derive(serde::Deserialize)]
struct Rec<'a> {
    country_code: Option<&'a str>,
    state1: Option<&'a str>,
    city: Option<&'a str>,
    latitude: Option<f32>,
    longitude: Option<f32>,
}

/// Coordinates are kept in hundredths of a degree (rounded), which the table stores exactly.
pub fn hundredths(x: f32) -> i32 {
    (x as f64 * 100.0).round() as i32
}

/// Inclusive ranges with a location index into `locs` (shared by both families), sorted;
/// neighbours with the same location merged.
pub fn read_city(path: &str, locs: &mut Vec<Loc>, ids: &mut HashMap<Loc, u32>) -> (Vec<(u128, u128, u32)>, u64) {
    let reader = Reader::open_readfile(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let epoch = reader.metadata().build_epoch;
    let mut out: Vec<(u128, u128, u32)> = Vec::new();
    for item in reader.networks(WithinOptions::default()).expect("iterate networks") {
        let item = item.expect("network");
        let net = item.network().expect("network");
        let Some(rec) = item.decode::<Rec>().expect("record") else { continue };
        let loc = Loc {
            country: rec.country_code.unwrap_or("").to_string(),
            region: rec.state1.unwrap_or("").to_string(),
            city: rec.city.unwrap_or("").to_string(),
            lat: hundredths(rec.latitude.unwrap_or(0.0)),
            lon: hundredths(rec.longitude.unwrap_or(0.0)),
        };
        let id = *ids.entry(loc.clone()).or_insert_with(|| {
            locs.push(loc);
            locs.len() as u32 - 1
        });
        let (start, end) = bounds(net.network(), net.prefix());
        match out.last_mut() {
            Some(last) if last.1 + 1 == start && last.2 == id => last.1 = end,
            Some(last) => {
                assert!(start > last.1, "{path}: networks out of order at {net}");
                out.push((start, end, id))
            }
            None => out.push((start, end, id)),
        }
    }
    (out, epoch)
}

/// First and last address of a network, as integers (IPv4 in the low 32 bits).
pub fn bounds(ip: IpAddr, prefix: u8) -> (u128, u128) {
    let (v, bits) = match ip {
        IpAddr::V4(a) => (u32::from(a) as u128, 32),
        IpAddr::V6(a) => (u128::from(a), 128),
    };
    let host = bits - prefix as u32;
    let mask = if host == 128 { u128::MAX } else { (1u128 << host) - 1 };
    (v & !mask, v | mask)
}

/// ASN ranges from a `-num.csv` file (start, end, number, organization); organizations
/// collected by number (the first spelling wins); overlapping rows are clipped and counted.
pub fn read_asn(path: &str, orgs: &mut HashMap<u32, String>, overlaps: &mut usize) -> Vec<(u128, u128, u32)> {
    let mut rdr =
        csv::ReaderBuilder::new().has_headers(false).from_path(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let mut out: Vec<(u128, u128, u32)> = Vec::new();
    for rec in rdr.records() {
        let rec = rec.expect("csv record");
        let num = |i: usize| rec[i].parse::<u128>().unwrap_or_else(|e| panic!("{path}: {e}: {:?}", &rec));
        let (s, e, n) = (num(0), num(1), num(2) as u32);
        orgs.entry(n).or_insert_with(|| rec[3].to_string());
        match out.last_mut() {
            Some(last) if last.1 + 1 == s && last.2 == n => last.1 = e,
            Some(last) => {
                assert!(s > last.0, "{path}: ranges out of order at {s}");
                if s <= last.1 {
                    // The source has a few overlapping rows: the later, narrower one wins.
                    *overlaps += 1;
                    last.1 = s - 1;
                }
                out.push((s, e, n))
            }
            None => out.push((s, e, n)),
        }
    }
    out
}
