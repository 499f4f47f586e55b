//! A day's ordinary traffic: what share each kind of caller gets (people in proportion to who
//! is at work, machines steady around the clock), and the loop that draws the day's events.

use super::calls::PEOPLE_CALLS;
use super::cast::{Cast, REGIONS};
use super::record::{render, Event};
use super::rng::{Rng, Weighted};
use super::schedule::{DayPlan, Plan, Shift, Who};
use super::{errors, humans, machines, Raw};

/// Kinds of ordinary traffic.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Calls from a console session (people and SSO contractors).
    Console,
    /// The CLI, scripts and Terraform on people's laptops.
    Cli,
    /// The IntelliJ plugin's denied call, retried all day.
    IntellijDenied,
    /// What the plugin is allowed to do.
    Intellij,
    /// Other people's AccessDenied and kin.
    Denied,
    /// Other failed calls (missing things, throttling).
    Errors,
    /// People's S3 object reads and writes.
    PeopleData,
    /// The deploy pipeline, which runs when people push.
    Deploy,
    /// The SSM agent and the application on the instances.
    Instances,
    /// The application's S3 objects.
    AppData,
    /// Scheduled Lambda jobs.
    Jobs,
    /// AWS Config recording resources.
    Config,
    /// AWS services assuming roles on their own.
    Services,
    /// S3 calling KMS for encrypted objects ("AWS Internal").
    Kms,
}

/// The day's weights per kind. Machine weights are constant, so a day's total (and so its
/// share of all events) grows with the people at work: weekdays are busier.
pub struct Mix {
    kinds: Vec<Kind>,
    weights: Weighted,
}

impl Mix {
    pub fn new(d: &DayPlan, cast: &Cast) -> Mix {
        let sum = |f: &dyn Fn(&Shift) -> bool| d.shifts.iter().filter(|s| f(s)).map(|s| s.weight).sum::<f64>();
        let users = sum(&|s| matches!(s.who, Who::User(_)));
        let console = sum(&|s| s.logins.iter().any(|l| l.ok));
        let intellij = d
            .shifts
            .iter()
            .find(|s| s.who == Who::User(cast.intellij))
            .map_or(0.0, |s| (s.end - s.start) as f64 / (8.5 * 3600.0));
        let pairs = [
            (Kind::Console, 1.5 * console),
            (Kind::Cli, 0.95 * users),
            (Kind::IntellijDenied, 5.0 * intellij),
            (Kind::Intellij, 1.0 * intellij),
            (Kind::Denied, 0.1 * users),
            (Kind::Errors, 0.1 * users),
            (Kind::PeopleData, 0.25 * users),
            (Kind::Deploy, 0.3 * users),
            (Kind::Instances, 18.0),
            (Kind::AppData, 10.0),
            (Kind::Jobs, 2.0),
            (Kind::Config, 7.0),
            (Kind::Services, 6.0),
            (Kind::Kms, 4.0),
        ];
        Mix { kinds: pairs.iter().map(|p| p.0).collect(), weights: Weighted::new(pairs.iter().map(|p| p.1)) }
    }

    pub fn total(&self) -> f64 {
        self.weights.total()
    }

    fn sample(&self, rng: &mut Rng) -> Kind {
        self.kinds[self.weights.sample(rng)]
    }
}

/// Where a day's events are written: the records and the randomness they draw on.
pub struct Cx<'a> {
    pub cast: &'a Cast,
    pub seed: u64,
    pub rng: Rng,
    pub out: Vec<Raw>,
    /// People's calls, by weight.
    pub calls: Weighted,
}

impl<'a> Cx<'a> {
    pub fn new(plan: &'a Plan, k: usize) -> Cx<'a> {
        let d = &plan.days[k];
        Cx {
            cast: &plan.cast,
            seed: plan.opts.seed,
            rng: Rng::new(plan.opts.seed, &[5, k as u64]),
            out: Vec::with_capacity((d.story + d.filler) as usize),
            calls: Weighted::new(PEOPLE_CALLS.iter().map(|c| c.2)),
        }
    }

    /// Renders a record and keeps it with its time and region (for sorting into files).
    pub fn emit(&mut self, ev: &Event) {
        let mut json = String::with_capacity(1400);
        render(ev, self.cast, &mut self.rng, &mut json);
        let region = REGIONS.iter().position(|r| *r == ev.region).unwrap_or(0) as u8;
        self.out.push(Raw { time: ev.time, region, json });
    }

    /// One of the people's calls: (eventSource, eventName).
    pub fn people_call(&mut self) -> (&'static str, &'static str) {
        let (s, n, _) = PEOPLE_CALLS[self.calls.sample(&mut self.rng)];
        (s, n)
    }
}

/// Draws the day's ordinary events.
pub fn fill(plan: &Plan, k: usize, cx: &mut Cx) {
    let d = &plan.days[k];
    let cast = &plan.cast;
    let mix = Mix::new(d, cast);
    let by = |f: &dyn Fn(&Shift) -> bool| Weighted::new(d.shifts.iter().map(|s| if f(s) { s.weight } else { 0.0 }));
    let everyone = by(&|_| true);
    let users = by(&|s| matches!(s.who, Who::User(_)));
    let console = by(&|s| s.logins.iter().any(|l| l.ok));
    let intellij = d.shifts.iter().find(|s| s.who == Who::User(cast.intellij));
    for _ in 0..d.filler {
        let kind = mix.sample(&mut cx.rng);
        // The person whose shift the event falls in, for the kinds people make.
        let of = match kind {
            Kind::Console => Some(&console),
            Kind::Cli | Kind::Denied | Kind::Errors | Kind::PeopleData => Some(&users),
            Kind::Deploy => Some(&everyone),
            _ => None,
        };
        let shift = of.map(|w| &d.shifts[w.sample(&mut cx.rng)]);
        let person = || shift.expect("a person's kind has a shift");
        match kind {
            Kind::Console => humans::console(cx, person()),
            Kind::Cli => humans::cli(cx, person()),
            Kind::IntellijDenied => humans::intellij(cx, intellij.expect("weighted by the shift"), true),
            Kind::Intellij => humans::intellij(cx, intellij.expect("weighted by the shift"), false),
            Kind::Denied => errors::denied(cx, person()),
            Kind::Errors => errors::errors(cx, person()),
            Kind::PeopleData => humans::data(cx, person()),
            Kind::Deploy => machines::deploy(cx, person()),
            Kind::Instances => machines::instance(cx, d.day),
            Kind::AppData => machines::app_data(cx, d.day),
            Kind::Jobs => machines::job(cx, d.day),
            Kind::Config => machines::config(cx, d.day),
            Kind::Services => machines::service(cx, d.day),
            Kind::Kms => machines::kms(cx, d.day),
        }
    }
}
