//! The story's sign-ins: every console login the schedule planned (failed ones, ones without
//! MFA, the New York trip), the SSO contractors, the root user and a mistyped user name.

use super::agents::BROWSERS;
use super::calls::host;
use super::humans::{home_region, session_key};
use super::record::{Event, Identity, RequestId};
use super::schedule::{Login, Plan, Shift, Who, ROOT_CALLS};
use super::traffic::Cx;

/// Writes the day's sign-ins (and what root did after signing in).
pub fn story(plan: &Plan, k: usize, cx: &mut Cx) {
    let d = &plan.days[k];
    for s in &d.shifts {
        for l in &s.logins {
            login(cx, s, l);
        }
    }
    if let Some((t, ip)) = d.root {
        root(cx, t, ip);
    }
    if let Some((t, ip)) = d.hidden {
        let mut ev = sign_in(t, Identity::Hidden, "us-east-1", ip, BROWSERS[0]);
        let extra = r#"{"LoginTo":"https://console.aws.amazon.com/console/home?state=hashArgs%23&isauthcode=true","MobileVersion":"No","MFAUsed":"No"}"#;
        ev.error_message = Some("Failed authentication");
        ev.response = Some(r#"{"ConsoleLogin":"Failure"}"#);
        ev.additional = Some(extra);
        ev.tls_host = Some("signin.aws.amazon.com");
        cx.emit(&ev);
    }
}

/// A ConsoleLogin with what every sign-in has; the caller adds the outcome.
fn sign_in<'a>(t: i64, identity: Identity<'a>, region: &'a str, ip: &'a str, agent: &'a str) -> Event<'a> {
    let mut ev = Event::call(t, identity, "signin.amazonaws.com", "ConsoleLogin", region);
    ev.ip = ip;
    ev.agent = agent;
    ev.request_id = RequestId::None;
    ev.read_only = false;
    ev.event_type = "AwsConsoleSignIn";
    ev
}

/// Where the browser signed in: the global endpoint, or the person's region's.
fn endpoint(region: &str) -> String {
    if region == "us-east-1" {
        "signin.aws.amazon.com".into()
    } else {
        format!("{region}.signin.aws.amazon.com")
    }
}

fn login(cx: &mut Cx, s: &Shift, l: &Login) {
    let cast = cx.cast;
    let mut state = String::new();
    cx.rng.hex(16, &mut state);
    match s.who {
        Who::User(u) => {
            let user = &cast.users[u];
            // Half the people bookmark the global sign-in page, half their region's.
            let region = if u % 2 == 0 { "us-east-1" } else { user.region };
            let login_to = format!(
                "https://{region}.console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&region={region}&state=hashArgsFromTB_{region}_{state}"
            );
            let mfa = if l.ok && user.mfa {
                format!(r#","MFAIdentifier":"arn:aws:iam::{}:mfa/{}","MFAUsed":"Yes""#, cast.account, user.name)
            } else {
                r#","MFAUsed":"No""#.to_string()
            };
            let extra = format!(r#"{{"LoginTo":"{login_to}","MobileVersion":"No"{mfa}}}"#);
            let tls = endpoint(region);
            let identity = Identity::SignIn { user, failed: !l.ok };
            let mut ev = sign_in(l.at, identity, region, s.ip, BROWSERS[user.browser]);
            if l.ok {
                ev.response = Some(r#"{"ConsoleLogin":"Success"}"#);
            } else {
                ev.error_message = Some("Failed authentication");
                ev.response = Some(r#"{"ConsoleLogin":"Failure"}"#);
            }
            ev.additional = Some(&extra);
            ev.tls_host = Some(&tls);
            cx.emit(&ev);
        }
        Who::Contractor(c) => {
            let con = &cast.contractors[c];
            let region = home_region(cast, s);
            let key = session_key(cx.seed, 100 + c as u64, l.at);
            let identity = Identity::Assumed {
                role: &cast.sso_role,
                session: con.session,
                key: &key,
                since: l.at,
                invoked_by: None,
            };
            let tls = endpoint(region);
            let mut ev = sign_in(l.at, identity, region, s.ip, BROWSERS[con.browser]);
            ev.response = Some(r#"{"ConsoleLogin":"Success"}"#);
            ev.additional = Some(r#"{"MobileVersion":"No","MFAUsed":"No"}"#);
            ev.tls_host = Some(&tls);
            cx.emit(&ev);
        }
    }
}

/// The root user signs in (with MFA) from the Berlin office and looks at the account.
fn root(cx: &mut Cx, t: i64, ip: &str) {
    const CALLS: [&str; ROOT_CALLS as usize] =
        ["GetAccountSummary", "ListUsers", "GetAccountPasswordPolicy", "ListMFADevices"];
    let agent = BROWSERS[0];
    let tls = endpoint("us-east-1");
    let mut ev = sign_in(t, Identity::Root { key: None, since: t }, "us-east-1", ip, agent);
    let extra = r#"{"LoginTo":"https://console.aws.amazon.com/console/home?hashArgs=%23&isauthcode=true&state=hashArgsFromTB_us-east-1","MobileVersion":"No","MFAUsed":"Yes"}"#;
    ev.response = Some(r#"{"ConsoleLogin":"Success"}"#);
    ev.additional = Some(extra);
    ev.tls_host = Some(&tls);
    cx.emit(&ev);
    let key = session_key(cx.seed, 4000, t);
    let iam = host("iam.amazonaws.com", "us-east-1", None);
    for (i, name) in CALLS.iter().enumerate() {
        let at = t + 30 + i as i64 * cx.rng.range(20, 240);
        let mut ev =
            Event::call(at, Identity::Root { key: Some(&key), since: t }, "iam.amazonaws.com", name, "us-east-1");
        ev.ip = ip;
        ev.agent = agent;
        ev.tls_host = Some(&iam);
        ev.from_console = true;
        cx.emit(&ev);
    }
}
