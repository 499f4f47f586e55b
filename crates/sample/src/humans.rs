//! What people do between signing in and going home: console clicks, CLI commands, S3 objects,
//! and the IntelliJ plugin (its failures included; other failures are in `errors`).

use super::agents::{self, AWS_INTERNAL, BOTO3, BROWSERS, INTELLIJ, PYCHARM, TERRAFORM};
use super::calls::{host, is_global, shape};
use super::cast::{Cast, User, REGIONS};
use super::clock::{DAY, HOUR};
use super::objects;
use super::record::{Event, Identity};
use super::rng::{Rng, IAM_ALPHABET};
use super::schedule::{Shift, Who};
use super::traffic::Cx;

/// A moment of the shift: fewer at lunch, a few after hours.
pub fn time_in(rng: &mut Rng, s: &Shift) -> i64 {
    loop {
        let t =
            if rng.chance(0.04) { s.end + rng.range(0, 3 * HOUR) } else { rng.range(s.start, s.end.max(s.start + 1)) };
        let local_hour = (t + s.offset).rem_euclid(DAY) / HOUR;
        if local_hour != 12 || rng.chance(0.3) {
            return t;
        }
    }
}

/// The temporary key of a session: stable for the session, different between sessions.
pub fn session_key(seed: u64, who: u64, since: i64) -> String {
    let mut rng = Rng::new(seed, &[6, who, since as u64]);
    format!("ASIA{}", rng.string(IAM_ALPHABET, 16))
}

fn who_id(w: Who) -> u64 {
    match w {
        Who::User(u) => u as u64,
        Who::Contractor(c) => 100 + c as u64,
    }
}

/// The region a person works in.
pub fn home_region(cast: &Cast, s: &Shift) -> &'static str {
    match s.who {
        Who::User(u) => cast.users[u].region,
        Who::Contractor(c) if cast.contractors[c].place.city == "Berlin" => "eu-central-1",
        Who::Contractor(_) => "us-west-2",
    }
}

fn region_for(rng: &mut Rng, source: &str, home: &'static str) -> &'static str {
    if is_global(source) {
        "us-east-1"
    } else if rng.chance(0.12) {
        REGIONS[rng.below(REGIONS.len() as u64) as usize]
    } else {
        home
    }
}

pub fn user<'a>(cast: &'a Cast, s: &Shift) -> &'a User {
    match s.who {
        Who::User(u) => &cast.users[u],
        Who::Contractor(_) => unreachable!("contractors have no IAM user"),
    }
}

/// A call from a console session: the browser's own, or the console's back end calling for
/// the person ("AWS Internal" as agent, sometimes as address too).
pub fn console(cx: &mut Cx, s: &Shift) {
    let cast = cx.cast;
    let mut t = time_in(&mut cx.rng, s);
    let first = s.logins.iter().find(|l| l.ok).map_or(s.start, |l| l.at);
    if t < first + 20 {
        t = first + cx.rng.range(20, 900);
    }
    let since = s.logins.iter().rev().find(|l| l.ok && l.at <= t).map_or(first, |l| l.at);
    let key = session_key(cx.seed, who_id(s.who), since);
    let (mut source, mut name) = cx.people_call();
    if source == "sts.amazonaws.com" {
        // The console does not call STS for you; it polls AWS Health instead.
        (source, name) = ("health.amazonaws.com", "DescribeEventAggregates");
    }
    let region = region_for(&mut cx.rng, source, home_region(cast, s));
    let (browser, caller) = match s.who {
        Who::User(u) => (BROWSERS[cast.users[u].browser], cast.users[u].name),
        Who::Contractor(c) => (BROWSERS[cast.contractors[c].browser], cast.contractors[c].session),
    };
    let shape = shape(cast, &mut cx.rng, name, region, caller, t);
    let r = cx.rng.f64();
    let (ip, agent) = if r < 0.65 {
        (s.ip, browser)
    } else if r < 0.85 {
        (s.ip, AWS_INTERNAL)
    } else {
        (AWS_INTERNAL, AWS_INTERNAL)
    };
    let identity = match s.who {
        Who::User(u) => Identity::Console { user: &cast.users[u], key: &key, since, mfa: cast.users[u].mfa },
        Who::Contractor(c) => Identity::Assumed {
            role: &cast.sso_role,
            session: cast.contractors[c].session,
            key: &key,
            since,
            invoked_by: None,
        },
    };
    let tls = (ip != AWS_INTERNAL).then(|| host(source, region, shape.bucket.as_deref()));
    let mut ev = Event::call(t, identity, source, name, region);
    ev.ip = ip;
    ev.agent = agent;
    ev.request = shape.request.as_deref();
    ev.response = shape.response.as_deref();
    ev.resources = shape.resources.as_deref();
    ev.tls_host = tls.as_deref();
    ev.from_console = true;
    cx.emit(&ev);
}

/// A call from the person's laptop with their access key: CLI, a script or Terraform, over
/// IPv4 or, on dual-stack networks, IPv6.
pub fn cli(cx: &mut Cx, s: &Shift) {
    let cast = cx.cast;
    let u = user(cast, s);
    let t = time_in(&mut cx.rng, s);
    let (source, name) = cx.people_call();
    let region = region_for(&mut cx.rng, source, u.region);
    let r = cx.rng.f64();
    let agent = match r {
        _ if r < 0.7 => agents::cli(u.laptop, source, name),
        _ if r < 0.85 => BOTO3.to_string(),
        _ if r < 0.95 && source != "sts.amazonaws.com" => TERRAFORM.to_string(),
        _ if u.laptop == 1 => PYCHARM.to_string(),
        _ => agents::cli(u.laptop, source, name),
    };
    let mut ip = if cx.rng.chance(0.25) { *cx.rng.pick(s.place.ipv6) } else { s.ip };
    if agent == BOTO3 && s.place.city != u.office.city {
        // Away from the office, a script on the office workstation keeps calling with the
        // same key: the trip's impossible travel (after the draws, so the rest is unchanged).
        ip = u.office.office[0];
    }
    let shape = shape(cast, &mut cx.rng, name, region, u.name, t);
    let tls = host(source, region, shape.bucket.as_deref());
    let mut ev = Event::call(t, Identity::Key(u), source, name, region);
    ev.ip = ip;
    ev.agent = &agent;
    ev.request = shape.request.as_deref();
    ev.response = shape.response.as_deref();
    ev.resources = shape.resources.as_deref();
    ev.tls_host = Some(&tls);
    cx.emit(&ev);
}

/// The one message every denied IntelliJ call carries.
pub fn intellij_message(cast: &Cast) -> String {
    let u = &cast.users[cast.intellij];
    format!(
        "User: {} is not authorized to perform: ssm:DescribeParameters on resource: arn:aws:ssm:{}:{}:* because no identity-based policy allows the ssm:DescribeParameters action",
        cast.user_arn(u),
        u.region,
        cast.account
    )
}

/// The AWS Toolkit in IntelliJ: its parameter browser retries DescribeParameters, which the
/// person's policy does not allow, all day long; its other calls succeed.
pub fn intellij(cx: &mut Cx, s: &Shift, denied: bool) {
    const ALLOWED: [(&str, &str); 6] = [
        ("sts.amazonaws.com", "GetCallerIdentity"),
        ("s3.amazonaws.com", "ListBuckets"),
        ("lambda.amazonaws.com", "ListFunctions20150331"),
        ("cloudformation.amazonaws.com", "DescribeStacks"),
        ("logs.amazonaws.com", "DescribeLogGroups"),
        ("ec2.amazonaws.com", "DescribeInstances"),
    ];
    let cast = cx.cast;
    let u = user(cast, s);
    let t = time_in(&mut cx.rng, s);
    let message = intellij_message(cast);
    let (source, name) = if denied { ("ssm.amazonaws.com", "DescribeParameters") } else { *cx.rng.pick(&ALLOWED) };
    let shape = shape(cast, &mut cx.rng, name, u.region, u.name, t);
    let tls = host(source, u.region, None);
    let mut ev = Event::call(t, Identity::Key(u), source, name, u.region);
    ev.ip = s.ip;
    ev.agent = INTELLIJ;
    if denied {
        ev.error_code = Some("AccessDenied");
        ev.error_message = Some(&message);
        ev.request = Some(r#"{"maxResults":50}"#);
    } else {
        ev.request = shape.request.as_deref();
    }
    ev.tls_host = Some(&tls);
    cx.emit(&ev);
}

/// People reading and writing objects: build artifacts and the analytics data.
pub fn data(cx: &mut Cx, s: &Shift) {
    let cast = cx.cast;
    let u = user(cast, s);
    let t = time_in(&mut cx.rng, s);
    let bucket = if cx.rng.chance(0.6) { &cast.buckets[1] } else { &cast.buckets[3] };
    let name = *cx.rng.pick(&["GetObject", "GetObject", "GetObject", "PutObject", "HeadObject", "ListObjects"]);
    let ip = if cx.rng.chance(0.3) { *cx.rng.pick(s.place.ipv6) } else { s.ip };
    let agent = if cx.rng.chance(0.7) {
        agents::cli(u.laptop, "s3", if name == "PutObject" { "Cp" } else { "Sync" })
    } else {
        BOTO3.into()
    };
    objects::s3(cx, t, Identity::Key(u), (&bucket.0, bucket.1), name, ip, &agent, None);
}
