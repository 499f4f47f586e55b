//! Calls that fail: other people's AccessDenied (several actions, agents and error codes, none
//! as frequent as the IntelliJ plugin's) and ordinary failures (missing things, throttling).

use super::agents::{self, BOTO3, TERRAFORM};
use super::calls::{host, is_global, shape};
use super::humans::{time_in, user};
use super::objects;
use super::record::{Event, Identity};
use super::schedule::Shift;
use super::traffic::Cx;

/// A denied call by the person of the shift.
pub fn denied(cx: &mut Cx, s: &Shift) {
    let cast = cx.cast;
    let u = user(cast, s);
    let t = time_in(&mut cx.rng, s);
    let arn = cast.user_arn(u);
    let acct = &cast.account;
    let why = |action: &str, resource: &str| {
        format!("User: {arn} is not authorized to perform: {action} on resource: {resource} because no identity-based policy allows the {action} action")
    };
    let case = cx.rng.below(7);
    if case == 2 {
        let bucket = &cast.buckets[2];
        return objects::s3(
            cx,
            t,
            Identity::Key(u),
            (&bucket.0, bucket.1),
            "GetObject",
            s.ip,
            BOTO3,
            Some("Access Denied"),
        );
    }
    let sandbox = cx.rng.pick(&cast.sandboxes).clone();
    let mut encoded = String::new();
    cx.rng.base64(340, &mut encoded);
    let (source, name, code, message, agent) = match case {
        0 => ("iam.amazonaws.com", "ListUsers", "AccessDenied", why("iam:ListUsers", &format!("arn:aws:iam::{acct}:user/")), None),
        1 => (
            "sts.amazonaws.com",
            "AssumeRole",
            "AccessDenied",
            format!("User: {arn} is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::{sandbox}:role/admin"),
            None,
        ),
        3 => (
            "ec2.amazonaws.com",
            "RunInstances",
            "Client.UnauthorizedOperation",
            format!("You are not authorized to perform this operation. {} Encoded authorization failure message: {encoded}", why("ec2:RunInstances", &format!("arn:aws:ec2:{}:{acct}:instance/*", u.region))),
            Some(TERRAFORM),
        ),
        4 => (
            "ssm.amazonaws.com",
            "GetParameter",
            "AccessDeniedException",
            why("ssm:GetParameter", &format!("arn:aws:ssm:{}:{acct}:parameter/app/prod/db-url", u.region)),
            None,
        ),
        5 => (
            "kms.amazonaws.com",
            "Decrypt",
            "AccessDeniedException",
            format!("User: {arn} is not authorized to perform: kms:Decrypt on this resource because the resource does not exist in this Region, no resource-based policies allow access, or a resource-based policy explicitly denies access"),
            Some(BOTO3),
        ),
        _ => ("iam.amazonaws.com", "GetAccountAuthorizationDetails", "AccessDenied", why("iam:GetAccountAuthorizationDetails", "*"), None),
    };
    // A denied AssumeRole names the role it asked for.
    let request = (case == 1).then(|| {
        format!(
            r#"{{"roleArn":"arn:aws:iam::{sandbox}:role/admin","roleSessionName":"{}","durationSeconds":3600}}"#,
            u.name
        )
    });
    failed(cx, s, t, (source, name), (code, &message), agent, request);
}

/// Calls that fail for ordinary reasons: things that are not there, throttling.
pub fn errors(cx: &mut Cx, s: &Shift) {
    let mut i = String::from("i-0");
    cx.rng.hex(16, &mut i);
    let (call, code, message) = match cx.rng.below(5) {
        0 => (
            ("s3.amazonaws.com", "GetBucketPolicy"),
            "NoSuchBucketPolicy",
            "The bucket policy does not exist".to_string(),
        ),
        1 => (
            ("iam.amazonaws.com", "GetRole"),
            "NoSuchEntityException",
            "The role with name deploy-legacy cannot be found.".into(),
        ),
        2 => (("monitoring.amazonaws.com", "GetMetricData"), "ThrottlingException", "Rate exceeded".into()),
        3 => (
            ("ec2.amazonaws.com", "DescribeInstances"),
            "Client.InvalidInstanceID.NotFound",
            format!("The instance ID '{i}' does not exist"),
        ),
        _ => (
            ("logs.amazonaws.com", "FilterLogEvents"),
            "ResourceNotFoundException",
            "The specified log group does not exist.".into(),
        ),
    };
    let t = time_in(&mut cx.rng, s);
    failed(cx, s, t, call, (code, &message), None, None);
}

fn failed(
    cx: &mut Cx,
    s: &Shift,
    t: i64,
    (source, name): (&str, &str),
    (code, message): (&str, &str),
    agent: Option<&str>,
    request: Option<String>,
) {
    let cast = cx.cast;
    let u = user(cast, s);
    let region = if is_global(source) { "us-east-1" } else { u.region };
    let shape = shape(cast, &mut cx.rng, name, region, u.name, t);
    let cli = agents::cli(u.laptop, source, name);
    let tls = host(source, region, None);
    let mut ev = Event::call(t, Identity::Key(u), source, name, region);
    ev.ip = s.ip;
    ev.agent = agent.unwrap_or(&cli);
    ev.error_code = Some(code);
    ev.error_message = Some(message);
    ev.request = request.as_deref().or(shape.request.as_deref());
    ev.tls_host = Some(&tls);
    cx.emit(&ev);
}
