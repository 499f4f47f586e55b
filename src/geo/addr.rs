//! Which text is an address, and which addresses have no location (private, reserved,
//! documentation, multicast): those give null fields, never an error.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// An address as the tables key it: IPv4 (low 32 bits) or IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addr {
    V4(u32),
    V6(u128),
}

/// Parses an address the way CloudTrail writes one. Leading zeros (`08.1.250.216`, an
/// anonymized form), host names, `AWS Internal` and the like are not addresses. IPv4-mapped
/// IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
pub fn parse(s: &str) -> Option<Addr> {
    // std rejects leading zeros in IPv4 octets; the length check skips long non-addresses cheaply.
    if s.len() > 45 || s.is_empty() {
        return None;
    }
    match s.parse::<IpAddr>().ok()? {
        IpAddr::V4(a) => Some(Addr::V4(u32::from(a))),
        IpAddr::V6(a) => match a.to_ipv4_mapped() {
            Some(v4) => Some(Addr::V4(u32::from(v4))),
            None => Some(Addr::V6(u128::from(a))),
        },
    }
}

/// IPv4 blocks with no geography (RFC 6890 and successors): this network, private, shared,
/// loopback, link-local, protocol assignments, documentation, benchmarking, multicast, reserved.
pub const SPECIAL_V4: &[(u32, u8)] = &[
    (0x0000_0000, 8),  // 0.0.0.0/8
    (0x0a00_0000, 8),  // 10.0.0.0/8
    (0x6440_0000, 10), // 100.64.0.0/10
    (0x7f00_0000, 8),  // 127.0.0.0/8
    (0xa9fe_0000, 16), // 169.254.0.0/16
    (0xac10_0000, 12), // 172.16.0.0/12
    (0xc000_0000, 24), // 192.0.0.0/24
    (0xc000_0200, 24), // 192.0.2.0/24
    (0xc058_6300, 24), // 192.88.99.0/24
    (0xc0a8_0000, 16), // 192.168.0.0/16
    (0xc612_0000, 15), // 198.18.0.0/15
    (0xc633_6400, 24), // 198.51.100.0/24
    (0xcb00_7100, 24), // 203.0.113.0/24
    (0xe000_0000, 4),  // 224.0.0.0/4
    (0xf000_0000, 4),  // 240.0.0.0/4
];

/// IPv6 blocks with no geography: everything outside global unicast 2000::/3, IETF protocol
/// assignments (2001::/23, Teredo among them), documentation, 6to4.
pub const SPECIAL_V6: &[(u128, u8)] = &[
    (0, 3),                                 // ::/3 (loopback, mapped, NAT64, discard)
    (0x4000 << 112, 2),                     // 4000::/2
    (0x8000 << 112, 1),                     // 8000::/1 (ULA, link-local, multicast)
    (0x2001 << 112, 23),                    // 2001::/23
    ((0x2001 << 112) | (0x0db8 << 96), 32), // 2001:db8::/32
    (0x2002 << 112, 16),                    // 2002::/16
    (0x3fff << 112, 20),                    // 3fff::/20
];

fn within(a: u128, net: u128, prefix: u8, bits: u32) -> bool {
    let host = bits - prefix as u32;
    host >= bits || (a ^ net) >> host == 0
}

/// Per first octet, whether some special IPv4 block starts with it (a bit per octet): most
/// addresses are decided by this alone, without the list.
const SPECIAL_OCTETS: [u64; 4] = {
    let mut t = [0u64; 4];
    let mut i = 0;
    while i < SPECIAL_V4.len() {
        let (net, prefix) = SPECIAL_V4[i];
        // A block shorter than /8 covers several octets.
        let span = if prefix >= 8 { 1 } else { 1u32 << (8 - prefix) };
        let mut o = net >> 24;
        while o < (net >> 24) + span {
            t[o as usize / 64] |= 1 << (o % 64);
            o += 1;
        }
        i += 1;
    }
    t
};

/// True when the address is in a block with no geography.
pub fn is_special(a: Addr) -> bool {
    match a {
        Addr::V4(v) => {
            let o = v >> 24;
            SPECIAL_OCTETS[o as usize / 64] >> (o % 64) & 1 != 0
                && SPECIAL_V4.iter().any(|&(n, p)| within(v as u128, n as u128, p, 32))
        }
        Addr::V6(v) => SPECIAL_V6.iter().any(|&(n, p)| within(v, n, p, 128)),
    }
}

/// A public address: parsed and not special.
pub fn public(s: &str) -> Option<Addr> {
    parse(s).filter(|&a| !is_special(a))
}

/// The address as text (for output).
pub fn to_string(a: Addr) -> String {
    match a {
        Addr::V4(v) => Ipv4Addr::from(v).to_string(),
        Addr::V6(v) => Ipv6Addr::from(v).to_string(),
    }
}

/// The special blocks of a family as sorted, merged inclusive intervals (for the writer,
/// which stores no data there).
pub fn special_intervals(v6: bool) -> Vec<(u128, u128)> {
    let bits = if v6 { 128 } else { 32 };
    let blocks: Vec<(u128, u8)> =
        if v6 { SPECIAL_V6.to_vec() } else { SPECIAL_V4.iter().map(|&(n, p)| (n as u128, p)).collect() };
    let mut v: Vec<(u128, u128)> = blocks
        .into_iter()
        .map(|(n, p)| {
            let host = bits - p as u32;
            let span = if host >= 128 { u128::MAX } else { (1u128 << host) - 1 };
            (n, n | span)
        })
        .collect();
    v.sort();
    let mut out: Vec<(u128, u128)> = Vec::new();
    for (s, e) in v {
        match out.last_mut() {
            Some(last) if s <= last.1.saturating_add(1) => last.1 = last.1.max(e),
            _ => out.push((s, e)),
        }
    }
    out
}
