//! IP functions (validity, private/public, `ipv4ToNumber`, CIDR) and `haversine` distance.

use super::number::num_arg;
use super::{EvalCtx, FnError, FnResult, FuncDef};
use crate::value::Value;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

#[rustfmt::skip]
pub static FUNCS: &[FuncDef] = &[
    FuncDef { name: "isValidIP", min_args: 1, max_args: 1, eval: |a, _| valid::<IpAddr>(a), usage: "isValidIP(ip)" },
    FuncDef { name: "isValidIPv4", min_args: 1, max_args: 1, eval: |a, _| valid::<Ipv4Addr>(a), usage: "isValidIPv4(ip)" },
    FuncDef { name: "isValidIPv6", min_args: 1, max_args: 1, eval: |a, _| valid::<Ipv6Addr>(a), usage: "isValidIPv6(ip)" },
    FuncDef { name: "isPrivateIP", min_args: 1, max_args: 1, eval: |a, _| private(a, true), usage: "isPrivateIP(ipv4)" },
    FuncDef { name: "isPublicIP", min_args: 1, max_args: 1, eval: |a, _| private(a, false), usage: "isPublicIP(ipv4)" },
    FuncDef { name: "isReservedIP", min_args: 1, max_args: 1, eval: |a, _| reserved(a), usage: "isReservedIP(ipv4)" },
    FuncDef { name: "ipv4ToNumber", min_args: 1, max_args: 1, eval: ipv4_to_number, usage: "ipv4ToNumber(ip)" },
    FuncDef { name: "getCIDRPrefix", min_args: 2, max_args: 2, eval: get_cidr_prefix, usage: "getCIDRPrefix(ip, prefix_length)" },
    FuncDef { name: "compareCIDRPrefix", min_args: 3, max_args: 3, eval: compare_cidr_prefix, usage: "compareCIDRPrefix(ip1, ip2, prefix_length)" },
    FuncDef { name: "maskFromCIDR", min_args: 1, max_args: 1, eval: mask_from_cidr, usage: "maskFromCIDR(prefix_length)" },
    FuncDef { name: "haversine", min_args: 4, max_args: 4, eval: haversine, usage: "haversine(lat1, lon1, lat2, lon2)" },
];

/// Parsing follows Rust's std: a strict dotted quad for IPv4, which rejects leading zeros
/// ("08.1.2.3", "010.0.0.1") because Java-style tools disagree on whether they are octal.
fn valid<T: std::str::FromStr>(args: &[Value]) -> FnResult {
    Ok(Value::Bool(matches!(&args[0], Value::Str(s) if s.parse::<T>().is_ok())))
}

fn ipv4(v: &Value) -> Option<Ipv4Addr> {
    match v {
        Value::Str(s) => s.parse().ok(),
        _ => None,
    }
}

/// Sumo Logic drops the row for anything that is not an IPv4 address (IPv6 and null included).
/// Private means RFC 1918 only: loopback 127.0.0.1 is not private, hence public.
fn private(args: &[Value], want_private: bool) -> FnResult {
    let ip = ipv4(&args[0]).ok_or(FnError::DropRow)?;
    Ok(Value::Bool(ip.is_private() == want_private))
}

/// RFC 5735's special-use IPv4 blocks, with RFC 6598's shared space 100.64/10 (which updates
/// RFC 5735): (network, prefix length).
const RESERVED: &[([u8; 4], u32)] = &[
    ([0, 0, 0, 0], 8),       // "this" network
    ([10, 0, 0, 0], 8),      // private
    ([100, 64, 0, 0], 10),   // shared address space (carrier-grade NAT)
    ([127, 0, 0, 0], 8),     // loopback
    ([169, 254, 0, 0], 16),  // link local
    ([172, 16, 0, 0], 12),   // private
    ([192, 0, 0, 0], 24),    // IETF protocol assignments
    ([192, 0, 2, 0], 24),    // TEST-NET-1
    ([192, 88, 99, 0], 24),  // 6to4 relay anycast
    ([192, 168, 0, 0], 16),  // private
    ([198, 18, 0, 0], 15),   // benchmarking
    ([198, 51, 100, 0], 24), // TEST-NET-2
    ([203, 0, 113, 0], 24),  // TEST-NET-3
    ([224, 0, 0, 0], 4),     // multicast
    ([240, 0, 0, 0], 4),     // reserved for future use, and 255.255.255.255 broadcast
];

/// The docs: IPv4 only, per RFC 5735; like isPrivateIP, anything that is not an IPv4 address
/// (an IPv6 address, null, a host name) drops the row.
fn reserved(args: &[Value]) -> FnResult {
    let ip = u32::from(ipv4(&args[0]).ok_or(FnError::DropRow)?);
    Ok(Value::Bool(RESERVED.iter().any(|&(net, len)| (ip ^ u32::from(Ipv4Addr::from(net))) & mask(len) == 0)))
}

fn ipv4_to_number(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(ipv4(&args[0]).map_or(Value::Null, |ip| Value::Num(u32::from(ip) as f64)))
}

/// The prefix length arrives as a string ("24") per the docs; a number is accepted too.
fn prefix_len(func: &str, v: &Value) -> Result<Option<u32>, FnError> {
    match num_arg(func, v)? {
        None => Ok(None),
        Some(n) if n.fract() == 0.0 && (0.0..=32.0).contains(&n) => Ok(Some(n as u32)),
        Some(n) => Err(FnError::Warn(format!("{func}: prefix length {n} is not between 0 and 32"))),
    }
}

fn mask(len: u32) -> u32 {
    u32::MAX.checked_shl(32 - len).unwrap_or(0)
}

/// Null in, null out; a value that is not an IPv4 address warns.
fn ip_arg(func: &str, v: &Value) -> Result<Option<Ipv4Addr>, FnError> {
    match v {
        Value::Null => Ok(None),
        _ => ipv4(v).map(Some).ok_or_else(|| FnError::Warn(format!("{func}: \"{v}\" is not an IPv4 address"))),
    }
}

fn get_cidr_prefix(args: &[Value], _: &EvalCtx) -> FnResult {
    let (Some(ip), Some(len)) = (ip_arg("getCIDRPrefix", &args[0])?, prefix_len("getCIDRPrefix", &args[1])?) else {
        return Ok(Value::Null);
    };
    Ok(Value::from(Ipv4Addr::from(u32::from(ip) & mask(len)).to_string()))
}

fn compare_cidr_prefix(args: &[Value], _: &EvalCtx) -> FnResult {
    let f = "compareCIDRPrefix";
    match (ip_arg(f, &args[0])?, ip_arg(f, &args[1])?, prefix_len(f, &args[2])?) {
        (Some(a), Some(b), Some(len)) => Ok(Value::Bool((u32::from(a) ^ u32::from(b)) & mask(len) == 0)),
        _ => Ok(Value::Null),
    }
}

fn mask_from_cidr(args: &[Value], _: &EvalCtx) -> FnResult {
    Ok(prefix_len("maskFromCIDR", &args[0])?
        .map_or(Value::Null, |len| Value::from(Ipv4Addr::from(mask(len)).to_string())))
}

/// Great-circle distance in km; coordinates in signed degrees. The radius is 6372.8 km, not the
/// usual mean of 6371: it is the one that reproduces the docs' example (3,512.71 km).
fn haversine(args: &[Value], _: &EvalCtx) -> FnResult {
    let mut c = [0.0f64; 4];
    for (slot, v) in c.iter_mut().zip(args) {
        match num_arg("haversine", v)? {
            Some(x) => *slot = x.to_radians(),
            None => return Ok(Value::Null), // a geo lookup that missed gives null coordinates
        }
    }
    let [lat1, lon1, lat2, lon2] = c;
    let h = ((lat2 - lat1) / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * ((lon2 - lon1) / 2.0).sin().powi(2);
    Ok(Value::Num(2.0 * 6372.8 * h.sqrt().min(1.0).asin()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::funcs::test_support::{call, s};

    fn b(x: bool) -> FnResult {
        Ok(Value::Bool(x))
    }

    #[test]
    fn validity() {
        assert_eq!(call("isValidIP", &[s("10.255.255.255")]), b(true));
        assert_eq!(call("isValidIP", &[s("2001:db8::ff00:42:8329")]), b(true));
        assert_eq!(call("isValidIP", &[s("127.0.500.1")]), b(false));
        assert_eq!(call("isValidIP", &[Value::Null]), b(false));
        assert_eq!(call("isValidIPv4", &[s("192.168.0.1")]), b(true));
        assert_eq!(call("isValidIPv4", &[s("08.1.2.3")]), b(false));
        assert_eq!(call("isValidIPv4", &[s("AWS Internal")]), b(false));
        assert_eq!(call("isValidIPv4", &[s("::1")]), b(false));
        assert_eq!(call("isValidIPv6", &[s("::ffff:1.2.3.4")]), b(true));
        assert_eq!(call("isValidIPv6", &[s("1.2.3.4")]), b(false));
    }

    #[test]
    fn private_and_public() {
        for ip in ["10.255.255.255", "172.16.0.1", "172.31.255.255", "192.168.0.1"] {
            assert_eq!(call("isPrivateIP", &[s(ip)]), b(true), "{ip}");
            assert_eq!(call("isPublicIP", &[s(ip)]), b(false), "{ip}");
        }
        for ip in ["127.0.0.1", "172.32.0.1", "8.8.8.8", "11.0.0.1"] {
            assert_eq!(call("isPrivateIP", &[s(ip)]), b(false), "{ip}");
            assert_eq!(call("isPublicIP", &[s(ip)]), b(true), "{ip}");
        }
        for bad in [s("::1"), s("s3.amazonaws.com"), Value::Null] {
            let args = [bad];
            assert_eq!(call("isPrivateIP", &args), Err(FnError::DropRow));
            assert_eq!(call("isPublicIP", &args), Err(FnError::DropRow));
        }
    }

    #[test]
    fn reserved_ranges() {
        // The docs' examples are the first three; then each block's first and last address.
        let inside = [
            "127.0.0.0",
            "169.254.0.0",
            "192.0.0.0",
            "0.0.0.0",
            "0.255.255.255",
            "10.0.0.0",
            "10.255.255.255",
            "100.64.0.0",
            "100.127.255.255",
            "127.255.255.255",
            "169.254.255.255",
            "172.16.0.0",
            "172.31.255.255",
            "192.0.0.255",
            "192.0.2.0",
            "192.0.2.255",
            "192.88.99.1",
            "192.168.0.0",
            "192.168.255.255",
            "198.18.0.0",
            "198.19.255.255",
            "198.51.100.7",
            "203.0.113.255",
            "224.0.0.1",
            "239.255.255.255",
            "240.0.0.0",
            "255.255.255.255",
        ];
        for ip in inside {
            assert_eq!(call("isReservedIP", &[s(ip)]), b(true), "{ip}");
        }
        let outside = [
            "1.0.0.0",
            "9.255.255.255",
            "11.0.0.0",
            "100.63.255.255",
            "100.128.0.0",
            "126.255.255.255",
            "128.0.0.0",
            "169.253.255.255",
            "169.255.0.0",
            "172.15.255.255",
            "172.32.0.0",
            "192.0.1.0",
            "192.0.3.0",
            "192.88.98.255",
            "192.167.255.255",
            "192.169.0.0",
            "198.17.255.255",
            "198.20.0.0",
            "198.51.101.0",
            "203.0.112.255",
            "223.255.255.255",
            "8.8.8.8",
            "52.95.110.1",
        ];
        for ip in outside {
            assert_eq!(call("isReservedIP", &[s(ip)]), b(false), "{ip}");
        }
        for bad in [s("::1"), s("fe80::1"), s("fc00::1"), s("256.0.0.1"), s("AWS Internal"), Value::Null] {
            assert_eq!(call("isReservedIP", &[bad]), Err(FnError::DropRow));
        }
    }

    #[test]
    fn to_number() {
        assert_eq!(call("ipv4ToNumber", &[s("192.168.1.10")]), Ok(Value::Num(3232235786.0)));
        assert_eq!(call("ipv4ToNumber", &[s("255.255.255.255")]), Ok(Value::Num(4294967295.0)));
        assert_eq!(call("ipv4ToNumber", &[s("::1")]), Ok(Value::Null));
        assert_eq!(call("ipv4ToNumber", &[Value::Null]), Ok(Value::Null));
    }

    #[test]
    fn cidr() {
        assert_eq!(call("getCIDRPrefix", &[s("10.10.1.35"), s("24")]), Ok(s("10.10.1.0")));
        assert_eq!(call("getCIDRPrefix", &[s("10.10.1.35"), s("27")]), Ok(s("10.10.1.32")));
        assert_eq!(call("getCIDRPrefix", &[s("10.10.1.35"), s("0")]), Ok(s("0.0.0.0")));
        assert_eq!(call("getCIDRPrefix", &[s("10.10.1.35"), Value::Num(32.0)]), Ok(s("10.10.1.35")));
        assert!(matches!(call("getCIDRPrefix", &[s("10.10.1.35"), s("33")]), Err(FnError::Warn(_))));
        assert!(matches!(call("getCIDRPrefix", &[s("nope"), s("24")]), Err(FnError::Warn(m)) if m.contains("nope")));
        assert_eq!(call("getCIDRPrefix", &[Value::Null, s("24")]), Ok(Value::Null));
        assert_eq!(call("compareCIDRPrefix", &[s("10.10.1.32"), s("10.10.1.63"), s("27")]), b(true));
        assert_eq!(call("compareCIDRPrefix", &[s("10.10.1.32"), s("10.10.1.64"), s("27")]), b(false));
        assert_eq!(call("compareCIDRPrefix", &[s("1.2.3.4"), s("9.9.9.9"), s("0")]), b(true));
        assert_eq!(call("maskFromCIDR", &[s("24")]), Ok(s("255.255.255.0")));
        assert_eq!(call("maskFromCIDR", &[s("29")]), Ok(s("255.255.255.248")));
        assert_eq!(call("maskFromCIDR", &[s("0")]), Ok(s("0.0.0.0")));
        assert_eq!(call("maskFromCIDR", &[s("32")]), Ok(s("255.255.255.255")));
        assert!(matches!(call("maskFromCIDR", &[s("-1")]), Err(FnError::Warn(_))));
    }

    #[test]
    fn distance() {
        // The docs' example: 3,512.71 km.
        let args = [39.04380, -77.48790, 45.73723, -119.81143].map(Value::Num);
        let Ok(Value::Num(d)) = call("haversine", &args) else { panic!() };
        assert!((d - 3512.71).abs() < 0.01, "{d}");
        let same = [s("10"), s("20"), s("10"), s("20")];
        assert_eq!(call("haversine", &same), Ok(Value::Num(0.0)));
        let missing = [Value::Null, Value::Num(1.0), Value::Num(2.0), Value::Num(3.0)];
        assert_eq!(call("haversine", &missing), Ok(Value::Null));
        assert!(matches!(call("haversine", &[s("x"), s("1"), s("2"), s("3")]), Err(FnError::Warn(_))));
    }
}
