//! S3 data events (object reads and writes: `eventCategory` Data, `managementEvent` false) and
//! the KMS calls S3 makes for encrypted objects, which CloudTrail shows as "AWS Internal".

use super::clock::{civil_from_days, DAY};
use super::record::{Event, Identity, RequestId};
use super::traffic::Cx;

/// An object key of a bucket, plausible for what the bucket holds.
fn object_key(cx: &mut Cx, bucket: &str, t: i64) -> String {
    let (y, m, d) = civil_from_days(t.div_euclid(DAY));
    let mut h = String::new();
    cx.rng.hex(12, &mut h);
    if bucket.starts_with("build-artifacts") {
        format!("releases/app/1.{m}.{}/app-{}.tar.gz", cx.rng.below(40), &h[..7])
    } else if bucket.starts_with("cost-reports") {
        format!("daily/{y}-{m:02}/cost-{y}-{m:02}-{d:02}.csv")
    } else if bucket.starts_with("tokyo-analytics") {
        format!("events/dt={y}-{m:02}-{d:02}/part-{:05}-{h}.snappy.parquet", cx.rng.below(64))
    } else {
        format!("static/img/{h}.webp")
    }
}

/// One S3 object call. `error` is an AccessDenied message, if the call was refused.
#[allow(clippy::too_many_arguments)]
pub fn s3(
    cx: &mut Cx,
    t: i64,
    identity: Identity,
    (bucket, region): (&str, &str),
    name: &str,
    ip: &str,
    agent: &str,
    error: Option<&str>,
) {
    let key = object_key(cx, bucket, t);
    let host = format!("{bucket}.s3.{region}.amazonaws.com");
    let acct = &cx.cast.account;
    let (request, resources) = if name == "ListObjects" {
        let prefix = key.rsplit_once('/').map_or("", |p| p.0);
        (
            format!(
                r#"{{"list-type":"2","bucketName":"{bucket}","encoding-type":"url","max-keys":"1000","prefix":"{prefix}/","Host":"{host}"}}"#
            ),
            format!(
                r#"[{{"type":"AWS::S3::Object","ARNPrefix":"arn:aws:s3:::{bucket}/{prefix}/"}},{{"accountId":"{acct}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::{bucket}"}}]"#
            ),
        )
    } else {
        (
            format!(r#"{{"bucketName":"{bucket}","Host":"{host}","key":"{key}"}}"#),
            format!(
                r#"[{{"type":"AWS::S3::Object","ARN":"arn:aws:s3:::{bucket}/{key}"}},{{"accountId":"{acct}","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::{bucket}"}}]"#
            ),
        )
    };
    let size = 200 + cx.rng.below(4_000_000) as i64;
    let (bytes_in, bytes_out) = match (name, error) {
        (_, Some(_)) => (0, 243),
        ("PutObject", _) => (size, 0),
        ("GetObject", _) => (0, size),
        ("ListObjects", _) => (0, 1200 + size % 9000),
        _ => (0, 0),
    };
    let mut id2 = String::with_capacity(76);
    cx.rng.base64(76, &mut id2);
    let additional = format!(
        r#"{{"SignatureVersion":"SigV4","CipherSuite":"TLS_AES_128_GCM_SHA256","bytesTransferredIn":{bytes_in},"AuthenticationMethod":"AuthHeader","x-amz-id-2":"{id2}","bytesTransferredOut":{bytes_out}}}"#
    );
    let response = (name == "PutObject" && error.is_none()).then_some(r#"{"x-amz-server-side-encryption":"AES256"}"#);
    let mut ev = Event::call(t, identity, "s3.amazonaws.com", name, region);
    ev.ip = ip;
    ev.agent = agent;
    if error.is_some() {
        ev.error_code = Some("AccessDenied");
        ev.error_message = error;
    }
    ev.request = Some(&request);
    ev.response = response;
    ev.additional = Some(&additional);
    ev.request_id = RequestId::S3;
    ev.resources = Some(&resources);
    ev.data = true;
    ev.tls_host = Some(&host);
    cx.emit(&ev);
}

/// S3 asking KMS for a data key (a write) or to decrypt one (a read) for a caller's object:
/// the caller's identity, "AWS Internal" as address and agent.
pub fn kms_for_s3(cx: &mut Cx, t: i64, identity: Identity, bucket: &str, region: &str) {
    let cast = cx.cast;
    let key = object_key(cx, bucket, t);
    let key_arn = format!("arn:aws:kms:{region}:{}:key/{}", cast.account, cast.kms_key);
    let context = format!(r#""encryptionContext":{{"aws:s3:arn":"arn:aws:s3:::{bucket}/{key}"}}"#);
    let (name, request) = if cx.rng.chance(0.7) {
        ("Decrypt", format!(r#"{{{context},"encryptionAlgorithm":"SYMMETRIC_DEFAULT"}}"#))
    } else {
        ("GenerateDataKey", format!(r#"{{"keyId":"{key_arn}",{context},"keySpec":"AES_256"}}"#))
    };
    let resources = format!(r#"[{{"accountId":"{}","type":"AWS::KMS::Key","ARN":"{key_arn}"}}]"#, cast.account);
    let mut ev = Event::call(t, identity, "kms.amazonaws.com", name, region);
    ev.ip = "AWS Internal";
    ev.agent = "AWS Internal";
    ev.request = Some(&request);
    ev.resources = Some(&resources);
    cx.emit(&ev);
}
