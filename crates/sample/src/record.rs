//! One CloudTrail record, written in CloudTrail's own key order, with the identity shapes AWS
//! uses for IAM users, console sessions, assumed roles, the root user and AWS services.

use super::cast::{Cast, Role, User};
use super::clock::push_event_time;
use super::json::Obj;
use super::rng::Rng;

/// Who made the call (`userIdentity`).
pub enum Identity<'a> {
    /// An IAM user with a long-term access key (CLI, SDK, plugin).
    Key(&'a User),
    /// An IAM user in a console session: temporary key and the session's context.
    Console { user: &'a User, key: &'a str, since: i64, mfa: bool },
    /// An IAM user signing in: no key yet (a failed sign-in has an empty one and no ARN).
    SignIn { user: &'a User, failed: bool },
    /// A sign-in with a user name IAM does not know (AWS hides what was typed).
    Hidden,
    /// A role session: `assumed-role/<role>/<session>`.
    Assumed { role: &'a Role, session: &'a str, key: &'a str, since: i64, invoked_by: Option<&'a str> },
    /// The root user: signing in (`key` None) or in the console.
    Root { key: Option<&'a str>, since: i64 },
    /// An AWS service acting on its own (`invokedBy`).
    Service(&'a str),
    /// A web-identity federation (GitHub's OIDC token) calling AssumeRoleWithWebIdentity.
    WebToken { subject: &'a str },
}

/// The fields of one record; `None` leaves a key out (or writes `null` where CloudTrail does).
pub struct Event<'a> {
    pub time: i64,
    pub identity: Identity<'a>,
    pub source: &'a str,
    pub name: &'a str,
    pub region: &'a str,
    pub ip: &'a str,
    pub agent: &'a str,
    pub error_code: Option<&'a str>,
    pub error_message: Option<&'a str>,
    pub request: Option<&'a str>,
    pub response: Option<&'a str>,
    pub additional: Option<&'a str>,
    pub request_id: RequestId,
    pub read_only: bool,
    pub resources: Option<&'a str>,
    pub event_type: &'a str,
    pub data: bool,
    /// `clientProvidedHostHeader` of `tlsDetails`; calls from inside AWS have none.
    pub tls_host: Option<&'a str>,
    pub from_console: bool,
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RequestId {
    /// Console sign-ins have none.
    None,
    Uuid,
    /// S3's 16-character ids.
    S3,
}

impl<'a> Event<'a> {
    /// A successful management API call with the usual defaults.
    pub fn call(time: i64, identity: Identity<'a>, source: &'a str, name: &'a str, region: &'a str) -> Event<'a> {
        Event {
            time,
            identity,
            source,
            name,
            region,
            ip: "",
            agent: "",
            error_code: None,
            error_message: None,
            request: None,
            response: None,
            additional: None,
            request_id: if source == "s3.amazonaws.com" { RequestId::S3 } else { RequestId::Uuid },
            read_only: super::calls::read_only(name),
            resources: None,
            event_type: "AwsApiCall",
            data: false,
            tls_host: None,
            from_console: false,
        }
    }
}

/// Appends the record's compact JSON.
pub fn render(ev: &Event, cast: &Cast, rng: &mut Rng, out: &mut String) {
    let account = cast.account.as_str();
    let mut o = Obj::open(out);
    o.str("eventVersion", if ev.source == "s3.amazonaws.com" { "1.10" } else { "1.09" });
    o.obj("userIdentity", |o| identity(o, &ev.identity, cast));
    let mut t = String::with_capacity(20);
    push_event_time(&mut t, ev.time);
    o.str("eventTime", &t).str("eventSource", ev.source).str("eventName", ev.name);
    o.str("awsRegion", ev.region).str("sourceIPAddress", ev.ip).str("userAgent", ev.agent);
    if let Some(c) = ev.error_code {
        o.str("errorCode", c);
    }
    if let Some(m) = ev.error_message {
        o.str("errorMessage", m);
    }
    o.raw("requestParameters", ev.request.unwrap_or("null"));
    o.raw("responseElements", ev.response.unwrap_or("null"));
    if let Some(a) = ev.additional {
        o.raw("additionalEventData", a);
    }
    let mut id = String::with_capacity(36);
    match ev.request_id {
        RequestId::None => {}
        RequestId::Uuid => rng.uuid(&mut id),
        RequestId::S3 => rng.chars(super::rng::UPPER_ALNUM, 16, &mut id),
    }
    if ev.request_id != RequestId::None {
        o.str("requestID", &id);
    }
    id.clear();
    rng.uuid(&mut id);
    o.str("eventID", &id).bool("readOnly", ev.read_only);
    if let Some(r) = ev.resources {
        o.raw("resources", r);
    }
    o.str("eventType", ev.event_type).bool("managementEvent", !ev.data).str("recipientAccountId", account);
    o.str("eventCategory", if ev.data { "Data" } else { "Management" });
    if let Some(host) = ev.tls_host {
        let tls13 = ev.event_type == "AwsConsoleSignIn" || ev.from_console;
        o.obj("tlsDetails", |o| {
            o.str("tlsVersion", if tls13 { "TLSv1.3" } else { "TLSv1.2" });
            o.str("cipherSuite", if tls13 { "TLS_AES_128_GCM_SHA256" } else { "ECDHE-RSA-AES128-GCM-SHA256" });
            o.str("clientProvidedHostHeader", host);
        });
    }
    if ev.from_console {
        o.str("sessionCredentialFromConsole", "true");
    }
    o.close();
}

fn identity(o: &mut Obj, id: &Identity, cast: &Cast) {
    let account = cast.account.as_str();
    match id {
        Identity::Key(u) => {
            o.str("type", "IAMUser").str("principalId", &u.principal_id).str("arn", &cast.user_arn(u));
            o.str("accountId", account).str("accessKeyId", &u.access_key).str("userName", u.name);
        }
        Identity::Console { user, key, since, mfa } => {
            o.str("type", "IAMUser").str("principalId", &user.principal_id).str("arn", &cast.user_arn(user));
            o.str("accountId", account).str("accessKeyId", key).str("userName", user.name);
            o.obj("sessionContext", |o| {
                o.empty("sessionIssuer").empty("webIdFederationData");
                attributes(o, *since, *mfa);
            });
        }
        Identity::SignIn { user, failed: false } => {
            o.str("type", "IAMUser").str("principalId", &user.principal_id).str("arn", &cast.user_arn(user));
            o.str("accountId", account).str("userName", user.name);
        }
        Identity::SignIn { user, failed: true } => {
            o.str("type", "IAMUser").str("principalId", &user.principal_id).str("accountId", account);
            o.str("accessKeyId", "").str("userName", user.name);
        }
        Identity::Hidden => {
            o.str("type", "IAMUser").str("accountId", account).str("accessKeyId", "");
            o.str("userName", "HIDDEN_DUE_TO_SECURITY_REASONS");
        }
        Identity::Assumed { role, session, key, since, invoked_by } => {
            o.str("type", "AssumedRole").str("principalId", &format!("{}:{session}", role.id));
            o.str("arn", &format!("arn:aws:sts::{account}:assumed-role/{}/{session}", role.name));
            o.str("accountId", account).str("accessKeyId", key);
            o.obj("sessionContext", |o| {
                o.obj("sessionIssuer", |o| {
                    o.str("type", "Role").str("principalId", &role.id).str("arn", &cast.role_arn(role));
                    o.str("accountId", account).str("userName", &role.name);
                });
                o.empty("webIdFederationData");
                attributes(o, *since, false);
                if session.starts_with("i-") {
                    o.str("ec2RoleDelivery", "2.0");
                }
            });
            if let Some(by) = invoked_by {
                o.str("invokedBy", by);
            }
        }
        Identity::Root { key, since } => {
            o.str("type", "Root").str("principalId", account).str("arn", &format!("arn:aws:iam::{account}:root"));
            o.str("accountId", account).str("accessKeyId", key.unwrap_or(""));
            if key.is_some() {
                o.obj("sessionContext", |o| {
                    o.empty("sessionIssuer").empty("webIdFederationData");
                    attributes(o, *since, true);
                });
            }
        }
        Identity::Service(by) => {
            o.str("type", "AWSService").str("invokedBy", by);
        }
        Identity::WebToken { subject } => {
            let provider = format!("arn:aws:iam::{account}:oidc-provider/token.actions.githubusercontent.com");
            o.str("type", "WebIdentityUser").str("principalId", &format!("{provider}:sts.amazonaws.com:{subject}"));
            o.str("userName", subject).str("identityProvider", &provider);
        }
    }
}

fn attributes(o: &mut Obj, since: i64, mfa: bool) {
    let mut t = String::with_capacity(20);
    push_event_time(&mut t, since);
    o.obj("attributes", |o| {
        o.str("creationDate", &t).str("mfaAuthenticated", if mfa { "true" } else { "false" });
    });
}
