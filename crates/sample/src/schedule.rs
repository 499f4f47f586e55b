//! The month at a glance: who works which day, from where, when they sign in (and fail to),
//! the New York trip, the root sign-ins, and how many other events each day gets.

use super::cast::Cast;
use super::clock::{is_weekend, local_to_utc, utc_offset, HOUR, MINUTE};
use super::places::{Place, BERLIN, NEW_YORK};
use super::rng::Rng;
use super::{traffic, Options};

/// Whose shift.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Who {
    User(usize),
    Contractor(usize),
}

/// A console sign-in attempt.
#[derive(Clone, Copy, Debug)]
pub struct Login {
    pub at: i64,
    pub ok: bool,
}

/// One person's working day: where, from which address, from when to when (UTC seconds).
#[derive(Debug)]
pub struct Shift {
    pub who: Who,
    pub place: &'static Place,
    pub ip: &'static str,
    pub start: i64,
    pub end: i64,
    /// Sign-in attempts in time order; empty on a terminal-only day.
    pub logins: Vec<Login>,
    /// How much of the day's human traffic is this person's.
    pub weight: f64,
    /// The place's offset from UTC that day, in seconds.
    pub offset: i64,
}

#[derive(Debug)]
pub struct DayPlan {
    /// The local date (days since the epoch) the shifts belong to; machine traffic fills this
    /// UTC day.
    pub day: i64,
    pub shifts: Vec<Shift>,
    /// A root sign-in: (time, address).
    pub root: Option<(i64, &'static str)>,
    /// A sign-in with a mistyped user name: (time, address).
    pub hidden: Option<(i64, &'static str)>,
    /// Events of the story (sign-ins and what root did), then everything else.
    pub story: u64,
    pub filler: u64,
}

/// Calls the root user makes after signing in.
pub const ROOT_CALLS: u64 = 4;

/// Length of the New York trip in days.
const TRIP_DAYS: i64 = 3;

pub struct Plan {
    pub opts: Options,
    pub cast: Cast,
    pub days: Vec<DayPlan>,
    /// Index of the trip's first day.
    pub trip: usize,
}

impl Plan {
    pub fn new(opts: Options) -> Result<Plan, String> {
        if opts.days == 0 {
            return Err("--days must be at least 1".into());
        }
        let cast = Cast::new(opts.seed);
        let mut rng = Rng::new(opts.seed, &[3]);
        let n = opts.days as i64;
        // The trip falls in the middle of the month, starting on a weekday.
        let mut trip = (n / 3 + rng.below((n / 3).max(1) as u64) as i64).min((n - TRIP_DAYS).max(0));
        while is_weekend(opts.start + trip) && trip > 0 {
            trip -= 1;
        }
        let root_days = [rng.below(n as u64) as i64, rng.below(n as u64) as i64];
        let vacations: Vec<(i64, i64)> = cast
            .users
            .iter()
            .map(|_| if rng.chance(0.5) { (rng.range(0, n), rng.range(2, 6)) } else { (-99, 0) })
            .collect();
        let mut days = Vec::with_capacity(n as usize);
        for k in 0..n {
            let day = opts.start + k;
            let mut rng = Rng::new(opts.seed, &[4, k as u64]);
            let on_trip = |u: usize| u == cast.traveller && (trip..trip + TRIP_DAYS).contains(&k);
            let mut shifts = Vec::new();
            for (u, user) in cast.users.iter().enumerate() {
                let away = k >= vacations[u].0 && k < vacations[u].0 + vacations[u].1;
                let present = on_trip(u) || !away && rng.chance(if is_weekend(day) { 0.06 } else { 0.93 });
                if !present {
                    continue;
                }
                let place = if on_trip(u) { &NEW_YORK } else { user.office };
                let ip = if on_trip(u) {
                    *rng.pick(&[NEW_YORK.office[0], NEW_YORK.home[0]])
                } else if rng.chance(0.3) {
                    user.home_ip
                } else {
                    *rng.pick(place.office)
                };
                let mut shift = shift(&mut rng, Who::User(u), place, ip, day, user.activity);
                if on_trip(u) || rng.chance(user.console_habit) {
                    let first = shift.start + rng.range(2 * MINUTE, 25 * MINUTE);
                    if on_trip(u) && k == trip {
                        // The surprise: two failed attempts from a hotel network, then in.
                        shift.logins.push(Login { at: first - rng.range(150, 300), ok: false });
                        shift.logins.push(Login { at: first - rng.range(40, 120), ok: false });
                    } else if !on_trip(u) && rng.chance(0.04) {
                        shift.logins.push(Login { at: first - rng.range(20, 90), ok: false });
                    }
                    shift.logins.push(Login { at: first, ok: true });
                    if rng.chance(0.2) {
                        shift.logins.push(Login { at: first + rng.range(4 * HOUR, 7 * HOUR), ok: true });
                    }
                }
                shifts.push(shift);
            }
            for (c, con) in cast.contractors.iter().enumerate() {
                if !is_weekend(day) && rng.chance(0.5) {
                    let mut s = shift(&mut rng, Who::Contractor(c), con.place, con.home_ip, day, 0.5);
                    s.end = s.start + (s.end - s.start) / 2;
                    s.logins.push(Login { at: s.start + rng.range(MINUTE, 10 * MINUTE), ok: true });
                    shifts.push(s);
                }
            }
            let root = root_days.contains(&k).then(|| {
                let at = local_to_utc(day, rng.normal(11.0, 1.5), utc_offset(BERLIN.tz, day));
                (at, BERLIN.office[0])
            });
            let hidden = (!is_weekend(day) && rng.chance(1.0 / 12.0)).then(|| {
                let place = *rng.pick(&super::places::OFFICES);
                (local_to_utc(day, rng.normal(10.0, 1.0), utc_offset(place.tz, day)), *rng.pick(place.office))
            });
            let logins: u64 = shifts.iter().map(|s| s.logins.len() as u64).sum();
            let story = logins + root.map_or(0, |_| 1 + ROOT_CALLS) + u64::from(hidden.is_some());
            days.push(DayPlan { day, shifts, root, hidden, story, filler: 0 });
        }
        let story: u64 = days.iter().map(|d| d.story).sum();
        if opts.events < story {
            return Err(format!(
                "--events {} is too few: the story alone (console sign-ins over {} days) has {story}",
                opts.events, opts.days
            ));
        }
        let weights: Vec<f64> = days.iter().map(|d| traffic::Mix::new(d, &cast).total()).collect();
        for (d, f) in days.iter_mut().zip(apportion(opts.events - story, &weights)) {
            d.filler = f;
        }
        Ok(Plan { opts, cast, days, trip: trip as usize })
    }
}

/// A working day: starts around nine local time (the afternoon, briefly, at a weekend), with
/// the time zone's offset of that date.
fn shift(rng: &mut Rng, who: Who, place: &'static Place, ip: &'static str, day: i64, activity: f64) -> Shift {
    let (start_h, hours) = if is_weekend(day) {
        (rng.normal(14.0, 1.5), 1.0 + rng.f64() * 2.0)
    } else {
        (rng.normal(9.0, 0.5).clamp(7.0, 11.5), rng.normal(8.5, 0.7).clamp(6.0, 11.0))
    };
    let offset = utc_offset(place.tz, day);
    let start = local_to_utc(day, start_h, offset);
    let end = start + (hours * HOUR as f64) as i64;
    Shift { who, place, ip, start, end, logins: Vec::new(), weight: activity * hours / 8.5, offset }
}

/// Splits `total` in proportion to `weights`, exactly (largest remainders get the spare units).
pub fn apportion(total: u64, weights: &[f64]) -> Vec<u64> {
    let sum: f64 = weights.iter().sum();
    if sum <= 0.0 {
        let mut v = vec![total / weights.len() as u64; weights.len()];
        v[0] += total % weights.len() as u64;
        return v;
    }
    let exact: Vec<f64> = weights.iter().map(|w| total as f64 * w / sum).collect();
    let mut out: Vec<u64> = exact.iter().map(|x| x.floor() as u64).collect();
    let mut order: Vec<usize> = (0..weights.len()).collect();
    order.sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
    let short = total - out.iter().sum::<u64>();
    for &i in order.iter().cycle().take(short as usize) {
        out[i] += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn apportion_is_exact() {
        let v = super::apportion(1000, &[1.0, 2.0, 0.5, 0.0]);
        assert_eq!(v.iter().sum::<u64>(), 1000);
        assert_eq!(v[3], 0);
        assert!(v[1] > v[0] && v[0] > v[2]);
    }
}
