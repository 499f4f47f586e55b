//! The location dictionary: countries, regions, city names and coordinates, in the order
//! that gives each location its id (country, region, city, latitude, longitude).

use super::bits::get_varint;

/// Every location, decoded once at load.
pub struct Places {
    /// ISO 3166-1 alpha-2 codes, one per country.
    pub countries: Vec<[u8; 2]>,
    /// Per country, the first location id; the last entry ends the list (the range stream's
    /// groups).
    pub country_start: Vec<u32>,
    /// Region names; `region_country[r]` is the country of region r.
    pub regions: Vec<String>,
    region_country: Vec<u16>,
    /// Per region, its first place (places are in region order).
    region_start: Vec<u32>,
    /// Per place (a city in a region): its name's end offset in `names`.
    name_end: Vec<u32>,
    names: String,
    /// Per place, its first location id.
    place_start: Vec<u32>,
    /// Per 256 ids, the place of the first: narrows the search in `place_start`.
    hint: Vec<u32>,
    /// Per location: latitude and longitude in hundredths of a degree.
    coords: Vec<(i16, i16)>,
}

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
    /// Parses the section; `None` when malformed.
    pub fn parse(data: &[u8]) -> Option<Places> {
        let mut d = Columns::split(data)?;
        let mut p = Places {
            countries: Vec::new(),
            country_start: vec![0],
            regions: Vec::new(),
            region_country: Vec::new(),
            region_start: Vec::new(),
            name_end: Vec::new(),
            names: String::new(),
            place_start: Vec::new(),
            hint: Vec::new(),
            coords: Vec::new(),
        };
        let (mut lat, mut lon) = (0i64, 0i64);
        let pair = |la: i64, lo: i64| Some((i16::try_from(la).ok()?, i16::try_from(lo).ok()?));
        for c in 0..d.num()? {
            p.countries.push(d.bytes(2)?.try_into().ok()?);
            let mut region = String::new();
            for _ in 0..d.num()? {
                region = d.name(&region)?;
                p.regions.push(region.clone());
                p.region_country.push(c as u16);
                p.region_start.push(p.name_end.len() as u32);
                let mut city = String::new();
                for _ in 0..d.num()? {
                    city = d.name(&city)?;
                    p.names.push_str(&city);
                    p.name_end.push(p.names.len() as u32);
                    p.place_start.push(p.coords.len() as u32);
                    // First variant: from the previous place's first; the others: from it.
                    let n = d.num()?;
                    lat += d.delta()?;
                    lon += d.delta()?;
                    p.coords.push(pair(lat, lon)?);
                    for _ in 1..n {
                        let (la, lo) = (lat + d.delta()?, lon + d.delta()?);
                        p.coords.push(pair(la, lo)?);
                    }
                }
            }
            p.country_start.push(p.coords.len() as u32);
        }
        // Vectors grew by doubling: give the slack back (it would be up to half the memory).
        p.regions.shrink_to_fit();
        p.region_country.shrink_to_fit();
        p.region_start.shrink_to_fit();
        p.name_end.shrink_to_fit();
        p.names.shrink_to_fit();
        p.place_start.shrink_to_fit();
        p.coords.shrink_to_fit();
        p.hint = (0..p.coords.len().div_ceil(256) + 1)
            .map(|k| p.place_start.partition_point(|&s| s as usize <= k * 256).saturating_sub(1) as u32)
            .collect();
        d.done().then_some(p)
    }

    /// Heap bytes held.
    pub fn memory(&self) -> usize {
        self.countries.capacity() * 2
            + self.country_start.capacity() * 4
            + self.regions.iter().map(|r| r.capacity() + 24).sum::<usize>()
            + self.region_country.capacity() * 2
            + (self.region_start.capacity() + self.name_end.capacity() + self.place_start.capacity()) * 4
            + self.names.capacity()
            + self.coords.capacity() * 4
            + self.hint.capacity() * 4
    }

    /// Number of location ids.
    pub fn len(&self) -> usize {
        self.coords.len()
    }

    pub fn is_empty(&self) -> bool {
        self.coords.is_empty()
    }

    /// Location `id`.
    pub fn get(&self, id: u32) -> Option<Place<'_>> {
        let &(lat, lon) = self.coords.get(id as usize)?;
        let (lo, hi) = (self.hint[id as usize >> 8] as usize, self.hint[(id as usize >> 8) + 1] as usize + 1);
        let place = lo + self.place_start[lo..hi.min(self.place_start.len())].partition_point(|&s| s <= id) - 1;
        let region = self.region_start.partition_point(|&s| s as usize <= place) - 1;
        let from = if place == 0 { 0 } else { self.name_end[place - 1] as usize };
        let country = &self.countries[self.region_country[region] as usize];
        Some(Place {
            country: std::str::from_utf8(country).unwrap_or(""),
            region: &self.regions[region],
            city: &self.names[from..self.name_end[place] as usize],
            lat: lat as f64 / 100.0,
            lon: lon as f64 / 100.0,
        })
    }
}
