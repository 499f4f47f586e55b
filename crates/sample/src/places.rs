//! Where callers are: the offices' and the New York trip's addresses, and the non-human sources.
//!
//! Every address in an office or New York table really geolocates to that city in DB-IP Lite
//! (the data behind `geo://location`): the login map must show the story. They were checked
//! against the DB-IP city database (2026 release) and `tests/generate.rs` checks them again
//! against the bundled geo table whenever it is present. Keep them in this one table.
//!
//! DB-IP names Tokyo's wards as the city (Chiyoda City, Minato) with the region "Tokyo", and some
//! IPv6 ranges carry a district after the city ("Berlin (Bezirk Mitte)"); [`Place::is_here`]
//! accepts both.

use chrono_tz::Tz;

/// A city the account's people work from.
#[derive(Debug)]
pub struct Place {
    pub city: &'static str,
    pub country_code: &'static str,
    pub tz: Tz,
    /// The office's fixed addresses (its NAT and its VPN).
    pub office: &'static [&'static str],
    /// Residential addresses in the city: one per person working from home.
    pub home: &'static [&'static str],
    /// Dual-stack addresses (office and home IPv6): API calls reach AWS over IPv6 too.
    pub ipv6: &'static [&'static str],
}

impl Place {
    /// Every address the place uses.
    pub fn addresses(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.office.iter().chain(self.home).chain(self.ipv6).copied()
    }

    /// Whether a geo lookup's answer is this place: same country, and the city (perhaps with a
    /// district after it) or the region is the place's name.
    pub fn is_here(&self, country_code: &str, region: &str, city: &str) -> bool {
        let city_ok = city == self.city || city.strip_prefix(self.city).is_some_and(|r| r.starts_with(" ("));
        country_code.eq_ignore_ascii_case(self.country_code) && (city_ok || region == self.city)
    }
}

pub static TOKYO: Place = Place {
    city: "Tokyo",
    country_code: "JP",
    tz: chrono_tz::Asia::Tokyo,
    // NTT OCN business line; home lines from SoftBank, KDDI, IIJ.
    office: &["153.156.88.131", "153.156.88.140"],
    home: &["126.0.133.77", "106.155.17.50", "210.130.1.37", "114.48.97.212", "126.1.58.19"],
    ipv6: &["2001:240:2400:1b::15", "2400:4051:11a0:3e00:5d1:8f42:a1c:7e3"],
};

pub static VANCOUVER: Place = Place {
    city: "Vancouver",
    country_code: "CA",
    tz: chrono_tz::America::Vancouver,
    // Telus business line; home lines from Shaw and Telus.
    office: &["207.216.17.132", "207.216.17.140"],
    home: &["24.86.133.84", "96.48.17.28", "70.71.17.190", "184.65.17.180", "96.49.133.124"],
    ipv6: &["2001:569:0:1a::8"],
};

pub static BERLIN: Place = Place {
    city: "Berlin",
    country_code: "DE",
    tz: chrono_tz::Europe::Berlin,
    // Deutsche Telekom business line; home lines from Telefonica, Vodafone, Telekom.
    office: &["87.153.133.131", "87.153.133.140"],
    home: &["89.14.17.66", "77.188.17.96", "92.224.17.28", "78.55.117.10", "46.142.17.152"],
    ipv6: &["2a02:8108:1f40:6e20:91c4:2e7:5ba:13f0", "2003:c0:13e:4a00::41"],
};

/// Not an office: the surprise on the login map. A hotel and a conference network.
pub static NEW_YORK: Place = Place {
    city: "New York",
    country_code: "US",
    tz: chrono_tz::America::New_York,
    office: &["72.229.58.201"],
    home: &["68.173.41.9"],
    ipv6: &["2600:4040:5e:a100:80c9:11ff:fe3a:2b7"],
};

/// The company's offices, in the order people are assigned to them.
pub static OFFICES: [&Place; 3] = [&TOKYO, &VANCOUVER, &BERLIN];

/// Every place whose addresses must geolocate to it.
pub static ALL: [&Place; 4] = [&TOKYO, &VANCOUVER, &BERLIN, &NEW_YORK];

/// Public addresses of the account's EC2 instances (Elastic IPs in eu-central-1 and
/// ap-northeast-1): where the SSM agent and the application servers call from.
pub const EC2_ADDRESSES: &[&str] = &["3.122.41.186", "18.195.207.33", "52.58.112.9", "3.113.205.77", "54.199.88.140"];

/// GitHub-hosted runners (Azure ranges): where the deploy pipeline calls from.
pub const CI_RUNNERS: &[&str] = &["20.57.44.171", "4.227.182.45", "52.176.73.200", "172.183.14.98", "20.118.62.13"];

/// Lambda functions' NAT addresses (the scheduled jobs).
pub const LAMBDA_ADDRESSES: &[&str] = &["3.69.214.3", "18.156.44.210"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn db_ip_names_count_as_the_city() {
        assert!(TOKYO.is_here("JP", "Tokyo", "Chiyoda City"), "a ward of Tokyo");
        assert!(BERLIN.is_here("DE", "State of Berlin", "Berlin (Bezirk Mitte)"), "a district of Berlin");
        assert!(VANCOUVER.is_here("CA", "British Columbia", "Vancouver"));
        assert!(!VANCOUVER.is_here("CA", "British Columbia", "White Rock"));
        assert!(!NEW_YORK.is_here("US", "Massachusetts", "Boston"));
        assert!(!BERLIN.is_here("US", "New Hampshire", "Berlin"), "the country counts");
    }

    #[test]
    fn every_place_has_addresses_of_both_families() {
        for p in ALL {
            assert!(p.addresses().any(|a| a.contains(':')) && p.addresses().any(|a| a.contains('.')), "{}", p.city);
        }
    }
}
