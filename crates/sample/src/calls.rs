//! The API calls people and machines make, and what CloudTrail records of each: request
//! parameters, the endpoint host, whether it is read-only, the resources it names.

use super::cast::Cast;
use super::json::object;
use super::rng::Rng;

/// Calls engineers make from the console and the CLI: (eventSource, eventName, weight).
pub const PEOPLE_CALLS: &[(&str, &str, f64)] = &[
    ("ec2.amazonaws.com", "DescribeInstances", 9.0),
    ("ec2.amazonaws.com", "DescribeSecurityGroups", 3.0),
    ("ec2.amazonaws.com", "DescribeVpcs", 2.0),
    ("ec2.amazonaws.com", "DescribeSubnets", 1.5),
    ("ec2.amazonaws.com", "DescribeVolumes", 1.5),
    ("ec2.amazonaws.com", "DescribeRegions", 1.0),
    ("ec2.amazonaws.com", "DescribeInstanceStatus", 1.5),
    ("ec2.amazonaws.com", "StartInstances", 0.3),
    ("ec2.amazonaws.com", "StopInstances", 0.3),
    ("s3.amazonaws.com", "ListBuckets", 5.0),
    ("s3.amazonaws.com", "GetBucketLocation", 2.0),
    ("s3.amazonaws.com", "GetBucketVersioning", 0.8),
    ("iam.amazonaws.com", "GetUser", 1.5),
    ("iam.amazonaws.com", "ListUsers", 1.0),
    ("iam.amazonaws.com", "ListRoles", 1.5),
    ("iam.amazonaws.com", "GetRole", 1.0),
    ("iam.amazonaws.com", "ListAttachedRolePolicies", 0.8),
    ("iam.amazonaws.com", "ListMFADevices", 0.6),
    ("iam.amazonaws.com", "ListAccessKeys", 0.5),
    ("sts.amazonaws.com", "GetCallerIdentity", 4.0),
    ("sts.amazonaws.com", "AssumeRole", 4.0),
    ("kms.amazonaws.com", "ListAliases", 0.5),
    ("kms.amazonaws.com", "DescribeKey", 0.5),
    ("ssm.amazonaws.com", "GetParameter", 2.0),
    ("ssm.amazonaws.com", "GetParametersByPath", 1.0),
    ("ssm.amazonaws.com", "DescribeInstanceInformation", 0.8),
    ("lambda.amazonaws.com", "ListFunctions20150331", 1.5),
    ("lambda.amazonaws.com", "GetFunction20150331v2", 1.0),
    ("logs.amazonaws.com", "DescribeLogGroups", 2.0),
    ("logs.amazonaws.com", "FilterLogEvents", 1.5),
    ("cloudformation.amazonaws.com", "DescribeStacks", 2.0),
    ("cloudformation.amazonaws.com", "ListStacks", 0.8),
    ("monitoring.amazonaws.com", "DescribeAlarms", 1.2),
    ("monitoring.amazonaws.com", "GetMetricData", 2.0),
    ("dynamodb.amazonaws.com", "ListTables", 0.6),
    ("dynamodb.amazonaws.com", "DescribeTable", 0.6),
];

/// Services whose calls are logged in us-east-1 at a global endpoint.
pub fn is_global(source: &str) -> bool {
    matches!(source, "iam.amazonaws.com" | "signin.amazonaws.com" | "organizations.amazonaws.com" | "ce.amazonaws.com")
}

/// CloudTrail's `readOnly` for a call.
pub fn read_only(name: &str) -> bool {
    const READS: [&str; 11] = [
        "Describe",
        "List",
        "Get",
        "Head",
        "Lookup",
        "Search",
        "Filter",
        "Decrypt",
        "GenerateDataKey",
        "AssumeRole",
        "Check",
    ];
    READS.iter().any(|p| name.starts_with(p))
}

/// The endpoint a caller named (`tlsDetails.clientProvidedHostHeader`).
pub fn host(source: &str, region: &str, bucket: Option<&str>) -> String {
    let svc = source.strip_suffix(".amazonaws.com").unwrap_or(source);
    match (svc, bucket) {
        ("s3", Some(b)) => format!("{b}.s3.{region}.amazonaws.com"),
        ("iam" | "organizations", _) => format!("{svc}.amazonaws.com"),
        ("ce", _) => "ce.us-east-1.amazonaws.com".into(),
        _ => format!("{svc}.{region}.amazonaws.com"),
    }
}

/// What a call's request and response hold, for the calls above (null where CloudTrail
/// records nothing).
pub struct Shape {
    pub request: Option<String>,
    pub response: Option<String>,
    pub resources: Option<String>,
    /// The S3 bucket the call names (for the host header).
    pub bucket: Option<String>,
}

pub fn shape(cast: &Cast, rng: &mut Rng, name: &str, region: &str, caller: &str, time: i64) -> Shape {
    let acct = &cast.account;
    let mut s = Shape { request: None, response: None, resources: None, bucket: None };
    s.request = match name {
        "DescribeInstances" => Some(r#"{"instancesSet":{},"filterSet":{}}"#.into()),
        "DescribeSecurityGroups" => Some(r#"{"securityGroupSet":{},"securityGroupIdSet":{},"filterSet":{}}"#.into()),
        "DescribeVpcs" => Some(r#"{"vpcSet":{},"filterSet":{}}"#.into()),
        "DescribeSubnets" => Some(r#"{"subnetSet":{},"filterSet":{}}"#.into()),
        "DescribeVolumes" => Some(r#"{"volumeSet":{},"filterSet":{}}"#.into()),
        "DescribeRegions" => Some(r#"{"regionSet":{}}"#.into()),
        "DescribeInstanceStatus" => Some(r#"{"instancesSet":{},"filterSet":{},"includeAllInstances":false}"#.into()),
        "StartInstances" | "StopInstances" => {
            let i = rng.pick(&cast.instances).clone();
            let (from, to) = if name == "StartInstances" { (80, 0) } else { (16, 64) };
            let (fname, tname) = if name == "StartInstances" { ("stopped", "pending") } else { ("running", "stopping") };
            s.response = Some(format!(
                r#"{{"requestId":"{}","instancesSet":{{"items":[{{"instanceId":"{i}","currentState":{{"code":{to},"name":"{tname}"}},"previousState":{{"code":{from},"name":"{fname}"}}}}]}}}}"#,
                uuid(rng)
            ));
            Some(format!(r#"{{"instancesSet":{{"items":[{{"instanceId":"{i}"}}]}}}}"#))
        }
        "ListBuckets" => Some(format!(r#"{{"Host":"s3.{region}.amazonaws.com"}}"#)),
        "GetBucketLocation" | "GetBucketVersioning" => {
            let b = rng.pick(&cast.buckets).0.clone();
            let sub = if name == "GetBucketLocation" { "location" } else { "versioning" };
            let r = format!(r#"{{"bucketName":"{b}","Host":"{b}.s3.{region}.amazonaws.com","{sub}":""}}"#);
            s.resources = Some(format!(r#"[{{"accountId":"{acct}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::{b}"}}]"#));
            s.bucket = Some(b);
            Some(r)
        }
        "GetUser" | "ListAttachedRolePolicies" | "GetRole" | "ListMFADevices" | "ListAccessKeys" => {
            let (k, v) = match name {
                "GetRole" | "ListAttachedRolePolicies" => ("roleName", cast.app_role.name.as_str()),
                _ => ("userName", caller),
            };
            Some(object(|o| {
                o.str(k, v);
            }))
        }
        "ListRoles" | "ListUsers" => Some(r#"{"maxItems":100}"#.into()),
        "AssumeRole" => {
            let sandbox = rng.pick(&cast.sandboxes);
            let role = format!("arn:aws:iam::{sandbox}:role/engineer");
            let session = format!("{caller}-{}", rng.range(1_700_000_000, 1_800_000_000));
            s.response = Some(credentials(rng, &role, &session, sandbox, time));
            s.resources = Some(format!(r#"[{{"accountId":"{sandbox}","type":"AWS::IAM::Role","ARN":"{role}"}}]"#));
            Some(format!(r#"{{"roleArn":"{role}","roleSessionName":"{session}","durationSeconds":3600}}"#))
        }
        "DescribeKey" => Some(format!(r#"{{"keyId":"alias/app-{region}"}}"#)),
        "ListAliases" => Some(r#"{"limit":100}"#.into()),
        "GetParameter" => Some(format!(r#"{{"name":"/app/{}/db-url","withDecryption":true}}"#, rng.pick(&["prod", "staging"]))),
        "GetParametersByPath" => Some(r#"{"path":"/app/staging/","recursive":true,"withDecryption":false}"#.into()),
        "DescribeInstanceInformation" => Some(r#"{"maxResults":50}"#.into()),
        "ListFunctions20150331" => Some(r#"{"functionVersion":"ALL"}"#.into()),
        "GetFunction20150331v2" => Some(r#"{"functionName":"cost-report"}"#.into()),
        "DescribeLogGroups" => Some(r#"{"limit":50}"#.into()),
        "FilterLogEvents" => Some(format!(
            r#"{{"logGroupName":"/aws/lambda/cost-report","startTime":{},"interleaved":true}}"#,
            rng.range(1_725_000_000, 1_727_000_000) * 1000
        )),
        "DescribeStacks" => Some(r#"{"stackName":"app-prod"}"#.into()),
        "ListStacks" => Some(r#"{"stackStatusFilter":["CREATE_COMPLETE","UPDATE_COMPLETE"]}"#.into()),
        "DescribeAlarms" => Some(r#"{"maxRecords":100}"#.into()),
        "GetMetricData" => Some(r#"{"metricDataQueries":[{"id":"cpu","metricStat":{"metric":{"namespace":"AWS/EC2","metricName":"CPUUtilization"},"period":300,"stat":"Average"},"returnData":true}],"scanBy":"TimestampDescending"}"#.into()),
        "DescribeTable" => Some(r#"{"tableName":"sessions"}"#.into()),
        "ListTables" => Some(r#"{"limit":100}"#.into()),
        _ => None,
    };
    s
}

/// `responseElements` of an AssumeRole: the temporary credentials and the role session.
pub fn credentials(rng: &mut Rng, role_arn: &str, session: &str, account: &str, time: i64) -> String {
    let mut token = String::with_capacity(420);
    token.push_str("IQoJb3JpZ2luX2Vj");
    rng.base64(400, &mut token);
    let key = format!("ASIA{}", rng.string(super::rng::IAM_ALPHABET, 16));
    let role = role_arn.rsplit('/').next().unwrap_or("");
    let id = rng.string(super::rng::IAM_ALPHABET, 17);
    let expires = expiration(time + super::clock::HOUR);
    format!(
        r#"{{"credentials":{{"accessKeyId":"{key}","sessionToken":"{token}","expiration":"{expires}"}},"assumedRoleUser":{{"assumedRoleId":"AROA{id}:{session}","arn":"arn:aws:sts::{account}:assumed-role/{role}/{session}"}}}}"#
    )
}

/// `Sep 2, 2024, 8:45:00 PM`: how STS writes an expiry (in UTC).
fn expiration(t: i64) -> String {
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let (y, m, d) = super::clock::civil_from_days(t.div_euclid(super::clock::DAY));
    let s = t.rem_euclid(super::clock::DAY);
    let (h, ampm) = match s / 3600 {
        0 => (12, "AM"),
        h @ 1..=11 => (h, "AM"),
        12 => (12, "PM"),
        h => (h - 12, "PM"),
    };
    format!("{} {d}, {y}, {h}:{:02}:{:02} {ampm}", MONTHS[m as usize - 1], s / 60 % 60, s % 60)
}

pub fn uuid(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(36);
    rng.uuid(&mut s);
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn read_only_by_verb() {
        assert!(super::read_only("DescribeInstances"));
        assert!(super::read_only("AssumeRole"));
        assert!(!super::read_only("PutObject"));
        assert!(!super::read_only("ConsoleLogin"));
    }
}
