//! Traffic nobody types: instances and their SSM agent, the application's objects, the deploy
//! pipeline, a scheduled Lambda job, AWS Config, and services assuming roles.

use super::agents::{ci_cli, APP_SDK, GITHUB_CREDENTIALS, LAMBDA_BOTO3, SSM_AGENT};
use super::calls::{credentials, host, shape};
use super::cast::{Role, REGIONS};
use super::clock::{DAY, HOUR, MINUTE};
use super::humans::{session_key, time_in};
use super::objects;
use super::places::{CI_RUNNERS, EC2_ADDRESSES, LAMBDA_ADDRESSES};
use super::record::{Event, Identity};
use super::schedule::Shift;
use super::traffic::Cx;

/// The dual-stack address one instance also calls from (an eu-central-1 IPv6 range).
const INSTANCE_IPV6: &str = "2a05:d014:9c2:4d00:7f3e:91b2:c4a0:1d6";

fn instance_region(i: usize) -> &'static str {
    if i < 3 {
        "eu-central-1"
    } else {
        "ap-northeast-1"
    }
}

/// A role session whose credentials are renewed every `period` seconds.
fn session(cx: &Cx, role: usize, t: i64, period: i64) -> (String, i64) {
    let since = t - t.rem_euclid(period) + (role as i64 * 97) % 600;
    let since = if since > t { since - period } else { since };
    (session_key(cx.seed, 1000 + role as u64, since), since)
}

/// The SSM agent reporting in, and the application reading its secrets and keys.
pub fn instance(cx: &mut Cx, day: i64) {
    let cast = cx.cast;
    let i = cx.rng.below(cast.instances.len() as u64) as usize;
    let id = cast.instances[i].as_str();
    let region = instance_region(i);
    let t = day * DAY + cx.rng.range(0, DAY);
    let (key, since) = session(cx, 10 + i, t, 6 * HOUR);
    let r = cx.rng.f64();
    let (source, name, agent, request) = if r < 0.55 {
        let ip = format!("10.0.{}.{}", 1 + i, 20 + i * 7);
        let req = format!(
            r#"{{"instanceId":"{id}","agentVersion":"3.3.859.0","agentStatus":"Active","platformType":"Linux","platformName":"Amazon Linux","platformVersion":"2023","iPAddress":"{ip}","computerName":"ip-{}.{region}.compute.internal","agentName":"amazon-ssm-agent","availabilityZone":"{region}a","availabilityZoneId":"{}"}}"#,
            ip.replace('.', "-"),
            if i < 3 { "euc1-az2" } else { "apne1-az4" }
        );
        ("ssm.amazonaws.com", "UpdateInstanceInformation", SSM_AGENT, req)
    } else if r < 0.7 {
        (
            "ssm.amazonaws.com",
            "ListInstanceAssociations",
            SSM_AGENT,
            format!(r#"{{"instanceId":"{id}","maxResults":20}}"#),
        )
    } else if r < 0.8 {
        ("secretsmanager.amazonaws.com", "GetSecretValue", APP_SDK, r#"{"secretId":"prod/app/db"}"#.to_string())
    } else if r < 0.9 {
        ("kms.amazonaws.com", "Decrypt", APP_SDK, r#"{"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}"#.to_string())
    } else {
        let (y, m, d) = super::clock::civil_from_days(day);
        (
            "logs.amazonaws.com",
            "CreateLogStream",
            APP_SDK,
            format!(r#"{{"logGroupName":"/app/prod","logStreamName":"{id}/{y}-{m:02}-{d:02}"}}"#),
        )
    };
    let resources = (name == "Decrypt").then(|| {
        format!(
            r#"[{{"accountId":"{0}","type":"AWS::KMS::Key","ARN":"arn:aws:kms:{region}:{0}:key/{1}"}}]"#,
            cast.account, cast.kms_key
        )
    });
    let tls = host(source, region, None);
    let identity = Identity::Assumed { role: &cast.app_role, session: id, key: &key, since, invoked_by: None };
    let mut ev = Event::call(t, identity, source, name, region);
    ev.ip = EC2_ADDRESSES[i];
    ev.agent = agent;
    ev.request = Some(&request);
    ev.resources = resources.as_deref();
    ev.tls_host = Some(&tls);
    cx.emit(&ev);
}

/// The application serving and storing its objects; busier in Europe's daytime.
pub fn app_data(cx: &mut Cx, day: i64) {
    let cast = cx.cast;
    let i = cx.rng.below(3) as usize;
    let id = cast.instances[i].as_str();
    let hour = (cx.rng.normal(12.0, 5.0).rem_euclid(24.0) * HOUR as f64) as i64;
    let t = day * DAY + hour;
    let (key, since) = session(cx, 10 + i, t, 6 * HOUR);
    let name = *cx.rng.pick(&["GetObject", "GetObject", "GetObject", "GetObject", "PutObject", "HeadObject"]);
    let ip = if i == 0 && cx.rng.chance(0.4) { INSTANCE_IPV6 } else { EC2_ADDRESSES[i] };
    let bucket = &cast.buckets[0];
    let identity = Identity::Assumed { role: &cast.app_role, session: id, key: &key, since, invoked_by: None };
    objects::s3(cx, t, identity, (&bucket.0, bucket.1), name, ip, APP_SDK, None);
}

/// S3 calling KMS for the application's encrypted objects.
pub fn kms(cx: &mut Cx, day: i64) {
    let cast = cx.cast;
    let i = cx.rng.below(3) as usize;
    let t = day * DAY + cx.rng.range(0, DAY);
    let (key, since) = session(cx, 10 + i, t, 6 * HOUR);
    let identity = Identity::Assumed {
        role: &cast.app_role,
        session: &cast.instances[i],
        key: &key,
        since,
        invoked_by: Some("AWS Internal"),
    };
    objects::kms_for_s3(cx, t, identity, &cast.buckets[0].0, "eu-central-1");
}

/// The deploy pipeline: GitHub's OIDC token for the deploy role, then the deploy itself.
pub fn deploy(cx: &mut Cx, s: &Shift) {
    let cast = cx.cast;
    let t = time_in(&mut cx.rng, s);
    let ip = *cx.rng.pick(CI_RUNNERS);
    let role_arn = cast.role_arn(&cast.deploy_role);
    let region = "eu-central-1";
    if cx.rng.chance(0.12) {
        let response = credentials(&mut cx.rng, &role_arn, "GitHubActions", &cast.account, t);
        let request = format!(r#"{{"roleArn":"{role_arn}","roleSessionName":"GitHubActions","durationSeconds":3600}}"#);
        let resources = format!(r#"[{{"accountId":"{}","type":"AWS::IAM::Role","ARN":"{role_arn}"}}]"#, cast.account);
        let tls = host("sts.amazonaws.com", region, None);
        let subject = "repo:trailscope-demo/app:ref:refs/heads/main";
        let mut ev =
            Event::call(t, Identity::WebToken { subject }, "sts.amazonaws.com", "AssumeRoleWithWebIdentity", region);
        ev.ip = ip;
        ev.agent = GITHUB_CREDENTIALS;
        ev.request = Some(&request);
        ev.response = Some(&response);
        ev.resources = Some(&resources);
        ev.tls_host = Some(&tls);
        return cx.emit(&ev);
    }
    let since = t - cx.rng.range(MINUTE, 15 * MINUTE);
    let key = session_key(cx.seed, 2000 + (since / (15 * MINUTE)) as u64, since);
    let identity =
        Identity::Assumed { role: &cast.deploy_role, session: "GitHubActions", key: &key, since, invoked_by: None };
    const STEPS: [(&str, &str); 8] = [
        ("s3.amazonaws.com", "PutObject"),
        ("s3.amazonaws.com", "PutObject"),
        ("ecr.amazonaws.com", "GetAuthorizationToken"),
        ("cloudformation.amazonaws.com", "DescribeStacks"),
        ("cloudformation.amazonaws.com", "CreateChangeSet"),
        ("cloudformation.amazonaws.com", "ExecuteChangeSet"),
        ("lambda.amazonaws.com", "UpdateFunctionCode20150331v2"),
        ("sts.amazonaws.com", "GetCallerIdentity"),
    ];
    let (source, name) = *cx.rng.pick(&STEPS);
    let agent = ci_cli(source, name);
    if source == "s3.amazonaws.com" {
        let bucket = &cast.buckets[1];
        return objects::s3(cx, t, identity, (&bucket.0, bucket.1), name, ip, &agent, None);
    }
    let request = match name {
        "DescribeStacks" | "CreateChangeSet" | "ExecuteChangeSet" => {
            Some(format!(r#"{{"stackName":"app-prod","changeSetName":"deploy-{}"}}"#, since))
        }
        "UpdateFunctionCode20150331v2" => Some(r#"{"functionName":"app-api","publish":true}"#.to_string()),
        _ => None,
    };
    let tls = host(source, region, None);
    let mut ev = Event::call(t, identity, source, name, region);
    ev.ip = ip;
    ev.agent = &agent;
    ev.request = request.as_deref();
    ev.tls_host = Some(&tls);
    cx.emit(&ev);
}

/// The cost report: a Lambda function every morning at six (UTC).
pub fn job(cx: &mut Cx, day: i64) {
    let cast = cx.cast;
    let since = day * DAY + 6 * HOUR + 2;
    let t = since + cx.rng.range(0, 12 * MINUTE);
    let key = session_key(cx.seed, 3000, since);
    let identity =
        Identity::Assumed { role: &cast.report_role, session: "cost-report", key: &key, since, invoked_by: None };
    let ip = *cx.rng.pick(LAMBDA_ADDRESSES);
    if cx.rng.chance(0.5) {
        let bucket = &cast.buckets[2];
        let name = if cx.rng.chance(0.5) { "PutObject" } else { "ListObjects" };
        return objects::s3(cx, t, identity, (&bucket.0, bucket.1), name, ip, LAMBDA_BOTO3, None);
    }
    let (source, name, region) = if cx.rng.chance(0.6) {
        ("ce.amazonaws.com", "GetCostAndUsage", "us-east-1")
    } else {
        ("ssm.amazonaws.com", "GetParameter", "eu-central-1")
    };
    let request = if name == "GetParameter" {
        r#"{"name":"/jobs/cost-report/slack-webhook","withDecryption":true}"#.to_string()
    } else {
        let (y, m, d) = super::clock::civil_from_days(day - 1);
        let (y2, m2, d2) = super::clock::civil_from_days(day);
        format!(
            r#"{{"timePeriod":{{"start":"{y}-{m:02}-{d:02}","end":"{y2}-{m2:02}-{d2:02}"}},"granularity":"DAILY","metrics":["UnblendedCost"],"groupBy":[{{"type":"DIMENSION","key":"SERVICE"}}]}}"#
        )
    };
    let tls = host(source, region, None);
    let mut ev = Event::call(t, identity, source, name, region);
    ev.ip = ip;
    ev.agent = LAMBDA_BOTO3;
    ev.request = Some(&request);
    ev.tls_host = Some(&tls);
    cx.emit(&ev);
}

/// AWS Config describing resources in every region, from "config.amazonaws.com".
pub fn config(cx: &mut Cx, day: i64) {
    const CALLS: [(&str, &str); 7] = [
        ("ec2.amazonaws.com", "DescribeInstances"),
        ("ec2.amazonaws.com", "DescribeSecurityGroups"),
        ("ec2.amazonaws.com", "DescribeVpcs"),
        ("ec2.amazonaws.com", "DescribeVolumes"),
        ("ec2.amazonaws.com", "DescribeSubnets"),
        ("iam.amazonaws.com", "GetRole"),
        ("iam.amazonaws.com", "ListAttachedRolePolicies"),
    ];
    let cast = cx.cast;
    let t = day * DAY + cx.rng.range(0, DAY);
    let (source, name) = *cx.rng.pick(&CALLS);
    let region = if source == "iam.amazonaws.com" { "us-east-1" } else { *cx.rng.pick(&REGIONS) };
    let (key, since) = session(cx, 20, t, HOUR);
    let shape = shape(cast, &mut cx.rng, name, region, "", t);
    let role: &Role = &cast.config_role;
    let identity = Identity::Assumed {
        role,
        session: "AWSConfig-Describe",
        key: &key,
        since,
        invoked_by: Some("config.amazonaws.com"),
    };
    let mut ev = Event::call(t, identity, source, name, region);
    ev.ip = "config.amazonaws.com";
    ev.agent = "config.amazonaws.com";
    ev.request = shape.request.as_deref();
    cx.emit(&ev);
}

/// Services assuming the account's roles for their work (Lambda for the job, EC2 for the
/// instance profile, Config for its recorder).
pub fn service(cx: &mut Cx, day: i64) {
    let cast = cx.cast;
    let t = day * DAY + cx.rng.range(0, DAY);
    let i = cx.rng.below(cast.instances.len() as u64) as usize;
    let (by, role, session, region) = match cx.rng.below(3) {
        0 => ("lambda.amazonaws.com", &cast.report_role, "cost-report", "eu-central-1"),
        1 => ("ec2.amazonaws.com", &cast.app_role, cast.instances[i].as_str(), instance_region(i)),
        _ => ("config.amazonaws.com", &cast.config_role, "AWSConfig-Describe", *cx.rng.pick(&REGIONS)),
    };
    let role_arn = cast.role_arn(role);
    let request = format!(r#"{{"roleArn":"{role_arn}","roleSessionName":"{session}"}}"#);
    let response = credentials(&mut cx.rng, &role_arn, session, &cast.account, t);
    let resources = format!(r#"[{{"accountId":"{}","type":"AWS::IAM::Role","ARN":"{role_arn}"}}]"#, cast.account);
    let mut ev = Event::call(t, Identity::Service(by), "sts.amazonaws.com", "AssumeRole", region);
    ev.ip = by;
    ev.agent = by;
    ev.request = Some(&request);
    ev.response = Some(&response);
    ev.resources = Some(&resources);
    cx.emit(&ev);
}
