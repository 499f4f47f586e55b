//! The location dictionary: countries, regions, city names and coordinates, in the order
//! that gives each location its id (country, region, city, latitude, longitude).

use super::bits::get_varint;

/// Every location, decoded once at load into one word per id, so a lookup touches a single
/// cache line for the location (its region comes from a small table searched by id).
pub struct Places {
    /// ISO 3166-1 alpha-2 codes, one per country.
    pub countries: Vec<[u8; 2]>,
    /// The same codes as one string (two letters each), so a lookup slices rather than
    /// validates.
    codes: String,
    /// Per country, the first location id; the last entry ends the list (the range stream's
    /// groups).
    pub country_start: Vec<u32>,
    /// Region names; `region_country[r]` is the country of region r.
    pub regions: Vec<String>,
    region_country: Vec<u16>,
    /// Per region, its first id (ids are in region order), then the end.
    region_start: Vec<u32>,
    /// Per 64 ids, the region of the first: a lookup steps forward from there over a region
    /// or two instead of searching them all.
    region_hint: Vec<u16>,
    /// Per id: latitude and longitude in hundredths of a degree (16 bits each), the city
    /// name's offset in `names` (24 bits) and length (8 bits).
    rec: Vec<u64>,
    /// City names, each distinct one once.
    names: String,
}

/// Limits of a record's name fields.
const NAME_OFFSETS: usize = 1 << 24;
const NAME_LEN: usize = 255;

/// What one location says.
pub struct Place<'a> {
    pub country: &'a str,
    pub region: &'a str,
    pub city: &'a str,
    pub lat: f64,
    pub lon: f64,
}

pub(crate) fn zigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

/// Reads a front-coded string: bytes shared with `prev`, then the new tail.
pub(crate) fn front(data: &[u8], at: &mut usize, prev: &str) -> Option<String> {
    let keep = get_varint(data, at)? as usize;
    let add = get_varint(data, at)? as usize;
    let tail = data.get(*at..*at + add)?;
    *at += add;
    let mut s = prev.get(..keep)?.to_string();
    s.push_str(std::str::from_utf8(tail).ok()?);
    Some(s)
}

/// The three columns of the section, read in step.
struct Columns<'a> {
    nums: &'a [u8],
    at: usize,
    text: &'a [u8],
    t: usize,
    coords: &'a [u8],
    c: usize,
}

impl<'a> Columns<'a> {
    fn split(data: &'a [u8]) -> Option<Columns<'a>> {
        let mut at = 0;
        let mut col = || {
            let n = get_varint(data, &mut at)? as usize;
            let c = data.get(at..at + n)?;
            at += n;
            Some(c)
        };
        let (nums, text, coords) = (col()?, col()?, col()?);
        (at == data.len()).then_some(Columns { nums, at: 0, text, t: 0, coords, c: 0 })
    }
    fn num(&mut self) -> Option<u64> {
        get_varint(self.nums, &mut self.at)
    }
    fn delta(&mut self) -> Option<i64> {
        get_varint(self.coords, &mut self.c).map(zigzag)
    }
    fn bytes(&mut self, n: usize) -> Option<&'a [u8]> {
        let b = self.text.get(self.t..self.t + n)?;
        self.t += n;
        Some(b)
    }
    /// A name: the shared prefix of `prev`, then a tail up to a newline.
    fn name(&mut self, prev: &str) -> Option<String> {
        let keep = self.num()? as usize;
        let len = self.text.get(self.t..)?.iter().position(|&b| b == b'\n')?;
        let mut s = prev.get(..keep)?.to_string();
        s.push_str(std::str::from_utf8(self.bytes(len)?).ok()?);
        self.t += 1;
        Some(s)
    }
    fn done(&self) -> bool {
        self.at == self.nums.len() && self.t == self.text.len() && self.c == self.coords.len()
    }
}

impl Places {
    /// Parses the section; `None` when malformed (or past the record's limits: 16 MB of
    /// distinct city names, 255 bytes a name).
    pub fn parse(data: &[u8]) -> Option<Places> {
        let mut d = Columns::split(data)?;
        let mut p = Places {
            countries: Vec::new(),
            codes: String::new(),
            country_start: vec![0],
            regions: Vec::new(),
            region_country: Vec::new(),
            region_start: Vec::new(),
            region_hint: Vec::new(),
            rec: Vec::new(),
            names: String::new(),
        };
        let mut seen: std::collections::HashMap<String, u32> = std::collections::HashMap::new();
        let (mut lat, mut lon) = (0i64, 0i64);
        let word = |la: i64, lo: i64, name: u64| -> Option<u64> {
            let (la, lo) = (i16::try_from(la).ok()? as u16 as u64, i16::try_from(lo).ok()? as u16 as u64);
            Some(la << 48 | lo << 32 | name)
        };
        for c in 0..d.num()? {
            let code: [u8; 2] = d.bytes(2)?.try_into().ok()?;
            if !code.is_ascii() {
                return None;
            }
            p.codes.push_str(std::str::from_utf8(&code).ok()?);
            p.countries.push(code);
            let mut region = String::new();
            for _ in 0..d.num()? {
                region = d.name(&region)?;
                p.regions.push(region.clone());
                p.region_country.push(u16::try_from(c).ok()?);
                p.region_start.push(p.rec.len() as u32);
                let mut city = String::new();
                for _ in 0..d.num()? {
                    city = d.name(&city)?;
                    let at = match seen.get(&city) {
                        Some(&at) => at as usize,
                        None => {
                            let at = p.names.len();
                            p.names.push_str(&city);
                            seen.insert(city.clone(), at as u32);
                            at
                        }
                    };
                    if city.len() > NAME_LEN || at + city.len() > NAME_OFFSETS {
                        return None;
                    }
                    let name = (at as u64) << 8 | city.len() as u64;
                    // First variant: from the previous place's first; the others: from it.
                    let n = d.num()?;
                    lat += d.delta()?;
                    lon += d.delta()?;
                    p.rec.push(word(lat, lon, name)?);
                    for _ in 1..n {
                        let (la, lo) = (lat + d.delta()?, lon + d.delta()?);
                        p.rec.push(word(la, lo, name)?);
                    }
                }
            }
            p.country_start.push(p.rec.len() as u32);
        }
        p.region_start.push(p.rec.len() as u32);
        if p.regions.len() > u16::MAX as usize {
            return None;
        }
        p.region_hint = (0..p.rec.len().div_ceil(64))
            .map(|k| (p.region_start.partition_point(|&s| s as usize <= k * 64) - 1) as u16)
            .collect();
        // Vectors grew by doubling: give the slack back (it would be up to half the memory).
        p.regions.shrink_to_fit();
        p.region_country.shrink_to_fit();
        p.region_start.shrink_to_fit();
        p.rec.shrink_to_fit();
        p.names.shrink_to_fit();
        d.done().then_some(p)
    }

    /// Heap bytes held.
    pub fn memory(&self) -> usize {
        self.countries.capacity() * 2
            + self.codes.capacity()
            + self.country_start.capacity() * 4
            + self.regions.iter().map(|r| r.capacity() + 24).sum::<usize>()
            + self.region_country.capacity() * 2
            + self.region_start.capacity() * 4
            + self.region_hint.capacity() * 2
            + self.rec.capacity() * 8
            + self.names.capacity()
    }

    /// Per region its first id, then the end (the escape code's second level).
    pub fn region_starts(&self) -> &[u32] {
        &self.region_start
    }

    /// Number of location ids.
    pub fn len(&self) -> usize {
        self.rec.len()
    }

    pub fn is_empty(&self) -> bool {
        self.rec.is_empty()
    }

    /// Location `id`.
    pub fn get(&self, id: u32) -> Option<Place<'_>> {
        let &r = self.rec.get(id as usize)?;
        let mut region = self.region_hint[id as usize / 64] as usize;
        while self.region_start[region + 1] <= id {
            region += 1;
        }
        let c = self.region_country[region] as usize * 2;
        let at = (r >> 8) as usize & (NAME_OFFSETS - 1);
        Some(Place {
            country: self.codes.get(c..c + 2).unwrap_or(""),
            region: &self.regions[region],
            city: self.names.get(at..at + (r & 0xff) as usize).unwrap_or(""),
            lat: (r >> 48) as u16 as i16 as f64 / 100.0,
            lon: (r >> 32) as u16 as i16 as f64 / 100.0,
        })
    }
}
