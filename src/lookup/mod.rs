//! Lookup sources: `geo://location`, `asn://default` (bundled tables) and CSV tables a user loads.

pub mod csv_table;
pub mod threat;

use crate::value::Value;
use std::collections::HashMap;
use std::sync::Arc;

pub use csv_table::CsvTable;

/// Columns `geo://location` documents (Sumo Logic's names, in its order).
pub const GEO_COLUMNS: &[&str] = &[
    "latitude",
    "longitude",
    "continent",
    "country_code",
    "country_name",
    "region",
    "city",
    "state",
    "postal_code",
    "connection_type",
    "country_cf",
    "state_cf",
    "city_cf",
    "area_code",
    "metro_code",
];

/// Columns `asn://default` documents.
pub const ASN_COLUMNS: &[&str] = &["asn", "organization", "registering_organization", "carrier_organization"];

/// A bundled table a `lookup ... from` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bundled {
    Geo,
    Asn,
}

/// Which bundled table `path` names (`geo://location`, `geo://default`, `asn://default`, any
/// case), if any: the planner and the page's "does this query need the geo tables" agree.
pub fn bundled(path: &str) -> Option<Bundled> {
    let lower = path.to_ascii_lowercase();
    match lower.as_str() {
        "geo://location" | "geo://default" => Some(Bundled::Geo),
        "asn://default" => Some(Bundled::Asn),
        _ => None,
    }
}

/// An IP-keyed table (the geo and ASN data): the values of `columns` for an address.
pub trait IpTable: Send + Sync {
    /// The value of each requested column (indices into [`GEO_COLUMNS`] or [`ASN_COLUMNS`]);
    /// `None` when the address is not one or has no data (private, reserved, unknown).
    fn lookup(&self, ip: &str, columns: &[usize]) -> Option<Vec<Value>>;
}

/// Everything `lookup` can read, shared by every query over a store.
#[derive(Default, Clone)]
pub struct Lookups {
    pub geo: Option<Arc<dyn IpTable>>,
    pub asn: Option<Arc<dyn IpTable>>,
    /// CSV tables by the path a query names (`/shared/...`, `https://...`, or a file name).
    pub tables: HashMap<String, Arc<CsvTable>>,
    /// CSV tables dropped on the page, by their file name without extension, lower case
    /// (`admin_users.csv` is `admin_users`): a query names one by that name or by any path
    /// whose last segment it is (`/shared/aws/cloudtrail/admin_users`), as saved queries do.
    pub dropped: HashMap<String, Arc<CsvTable>>,
    /// The threat-intel indicators the user loaded (`threat::install`), also the table
    /// `sumo://threat/cs` in `tables`.
    pub threat: Option<Arc<threat::Intel>>,
}

impl Lookups {
    /// The table a query's `lookup ... from PATH` names: one loaded under exactly that path,
    /// else a dropped table named as the path's last segment (not for `scheme://` paths).
    pub fn table(&self, path: &str) -> Option<&Arc<CsvTable>> {
        self.tables.get(path).or_else(|| {
            let last = path.rsplit('/').next().unwrap_or(path);
            (!path.contains("://")).then(|| self.dropped.get(&last.to_lowercase())).flatten()
        })
    }
}
