//! The bundled geo and ASN tables (data/geo/), as the CLI and the page install them, for tests that look addresses up.

// Each test crate uses part of it.
#![allow(dead_code)]

use std::sync::OnceLock;
use trailscope::lookup::Lookups;

/// Sets `geo://location` and `asn://default` in `lookups` to the bundled tables.
pub fn install(lookups: &mut Lookups) {
    static CITY: &[u8] = include_bytes!("../../data/geo/city.tsgeo");
    static ASN: &[u8] = include_bytes!("../../data/geo/asn.tsgeo");
    trailscope::geo::install(lookups, CITY, ASN);
}

/// Lookups with only the bundled tables, made once per test binary.
pub fn lookups() -> &'static Lookups {
    static L: OnceLock<Lookups> = OnceLock::new();
    L.get_or_init(|| {
        let mut l = Lookups::default();
        install(&mut l);
        l
    })
}
