//! Where an address is (country, city, coordinates, network), looked up once per distinct address.

use crate::lookup::IpTable;
use crate::store::hot::HotColumns;

/// Columns of the geo table read here (indexes into `lookup::GEO_COLUMNS`).
const LAT: usize = 0;
const LON: usize = 1;
const COUNTRY: usize = 3;
const CITY: usize = 6;
/// Columns of the ASN table (`lookup::ASN_COLUMNS`).
const ASN: usize = 0;
const ORG: usize = 1;

#[derive(Clone, Debug, PartialEq)]
pub struct Place {
    pub lat: f64,
    pub lon: f64,
    pub country: String,
    pub city: String,
}

impl Place {
    /// `City, CC` (or the country alone).
    pub fn name(&self) -> String {
        if self.city.is_empty() {
            self.country.clone()
        } else {
            format!("{}, {}", self.city, self.country)
        }
    }
}

/// The network an address belongs to: its number and organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub asn: String,
    pub org: String,
}

/// Lookups by an address's code in the hot `sourceIPAddress` column, each done once.
pub struct Places<'a> {
    geo: Option<&'a dyn IpTable>,
    asn: Option<&'a dyn IpTable>,
    /// The hot column of the addresses.
    hot: &'a HotColumns,
    col: usize,
    places: Vec<Option<Option<Place>>>,
    networks: Vec<Option<Option<Network>>>,
}

impl<'a> Places<'a> {
    pub fn new(
        geo: Option<&'a dyn IpTable>,
        asn: Option<&'a dyn IpTable>,
        hot: &'a HotColumns,
        col: usize,
    ) -> Places<'a> {
        let codes = hot.codes_len(col);
        Places { geo, asn, hot, col, places: vec![None; codes], networks: vec![None; codes] }
    }

    /// The place of the address with hot code `code`; `None` for what is not a public address
    /// with a location (`AWS Internal`, `ec2.amazonaws.com`, private ranges, unknown).
    pub fn place(&mut self, code: u32) -> Option<&Place> {
        let (geo, hot, col) = (self.geo, self.hot, self.col);
        self.places[code as usize]
            .get_or_insert_with(|| {
                let ip = hot.value(col, code).as_text().into_owned();
                let v = geo?.lookup(&ip, &[LAT, LON, COUNTRY, CITY])?;
                let country = v[2].as_text().into_owned();
                Some(Place { lat: v[0].as_num()?, lon: v[1].as_num()?, city: v[3].as_text().into_owned(), country })
                    .filter(|p| !p.country.is_empty())
            })
            .as_ref()
    }

    pub fn network(&mut self, code: u32) -> Option<&Network> {
        let (asn, hot, col) = (self.asn, self.hot, self.col);
        self.networks[code as usize]
            .get_or_insert_with(|| {
                let ip = hot.value(col, code).as_text().into_owned();
                let v = asn?.lookup(&ip, &[ASN, ORG])?;
                let asn = v[0].as_text().into_owned();
                (!asn.is_empty()).then(|| Network { asn, org: v[1].as_text().into_owned() })
            })
            .as_ref()
    }
}

/// Networks of the large clouds and hosters (Amazon, Microsoft, Google, Oracle, IBM, Alibaba,
/// DigitalOcean, Akamai/Linode, OVH, Hetzner): their addresses' places are a data centre's, and
/// CI runners and instances hop between them within minutes.
const CLOUDS: &[&str] = &[
    "16509", "14618", "8987", "8075", "8068", "15169", "396982", "19527", "31898", "36351", "45102", "14061", "63949",
    "16276", "24940",
];

impl Network {
    pub fn is_cloud(&self) -> bool {
        CLOUDS.contains(&self.asn.as_str())
    }
}

/// Great-circle distance in km (haversine, mean Earth radius).
pub fn distance_km(a: &Place, b: &Place) -> f64 {
    let (la1, la2) = (a.lat.to_radians(), b.lat.to_radians());
    let dla = la2 - la1;
    let dlo = (b.lon - a.lon).to_radians();
    let h = (dla / 2.0).sin().powi(2) + la1.cos() * la2.cos() * (dlo / 2.0).sin().powi(2);
    2.0 * 6371.0 * h.sqrt().min(1.0).asin()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(lat: f64, lon: f64) -> Place {
        Place { lat, lon, country: "X".into(), city: String::new() }
    }

    #[test]
    fn distances_match_known_city_pairs() {
        // Berlin - New York is about 6,385 km; Tokyo - Vancouver about 7,560 km.
        let d = distance_km(&at(52.52, 13.405), &at(40.7128, -74.006));
        assert!((d - 6385.0).abs() < 15.0, "{d}");
        let d = distance_km(&at(35.6762, 139.6503), &at(49.2827, -123.1207));
        assert!((d - 7560.0).abs() < 40.0, "{d}");
        assert_eq!(distance_km(&at(1.0, 2.0), &at(1.0, 2.0)), 0.0);
    }
}
