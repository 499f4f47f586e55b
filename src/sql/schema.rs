//! The CloudTrail table AWS documents for Athena, as data: its columns (camelCase as CloudTrail
//! writes them; Athena's names are these in lower case), read by the DDL, by field mapping and
//! by the rebuilt event text.

use super::quote::{ident, lit};
use super::Dialect;

/// A column's type.
pub enum Ty {
    Str,
    /// JSON kept as text (`requestParameters`): read with JSON functions.
    Json,
    /// `readOnly`: text in the table, a boolean in the event.
    Bool,
    Struct(&'static [Col]),
    /// `resources`: an array of structs.
    Array(&'static [Col]),
    /// `webIdFederationData.attributes`.
    Map,
}

pub struct Col {
    pub name: &'static str,
    pub ty: Ty,
}

const fn s(name: &'static str) -> Col {
    Col { name, ty: Ty::Str }
}

const ISSUER: &[Col] = &[s("type"), s("principalId"), s("arn"), s("accountId"), s("userName")];
const ATTRIBUTES: &[Col] = &[s("mfaAuthenticated"), s("creationDate")];
const WEB_ID: &[Col] = &[s("federatedProvider"), Col { name: "attributes", ty: Ty::Map }];
const SESSION: &[Col] = &[
    Col { name: "attributes", ty: Ty::Struct(ATTRIBUTES) },
    Col { name: "sessionIssuer", ty: Ty::Struct(ISSUER) },
    s("ec2RoleDelivery"),
    Col { name: "webIdFederationData", ty: Ty::Struct(WEB_ID) },
];
const ON_BEHALF: &[Col] = &[s("userId"), s("identityStoreArn")];
const IDENTITY: &[Col] = &[
    s("type"),
    s("principalId"),
    s("arn"),
    s("accountId"),
    s("invokedBy"),
    s("accessKeyId"),
    s("userName"),
    Col { name: "onBehalfOf", ty: Ty::Struct(ON_BEHALF) },
    Col { name: "sessionContext", ty: Ty::Struct(SESSION) },
];
const RESOURCE: &[Col] = &[s("ARN"), s("accountId"), s("type")];
const ADDENDUM: &[Col] = &[s("reason"), s("updatedFields"), s("originalRequestID"), s("originalEventID")];
const TLS: &[Col] = &[s("tlsVersion"), s("cipherSuite"), s("clientProvidedHostHeader")];

/// Every column, in the documented order.
pub const COLUMNS: &[Col] = &[
    s("eventVersion"),
    Col { name: "userIdentity", ty: Ty::Struct(IDENTITY) },
    s("eventTime"),
    s("eventSource"),
    s("eventName"),
    s("awsRegion"),
    s("sourceIPAddress"),
    s("userAgent"),
    s("errorCode"),
    s("errorMessage"),
    Col { name: "requestParameters", ty: Ty::Json },
    Col { name: "responseElements", ty: Ty::Json },
    Col { name: "additionalEventData", ty: Ty::Json },
    s("requestID"),
    s("eventID"),
    Col { name: "readOnly", ty: Ty::Bool },
    Col { name: "resources", ty: Ty::Array(RESOURCE) },
    s("eventType"),
    s("apiVersion"),
    s("recipientAccountId"),
    Col { name: "serviceEventDetails", ty: Ty::Json },
    s("sharedEventID"),
    s("vpcEndpointId"),
    s("vpcEndpointAccountId"),
    s("eventCategory"),
    Col { name: "addendum", ty: Ty::Struct(ADDENDUM) },
    s("sessionCredentialFromConsole"),
    s("edgeDeviceDetails"),
    Col { name: "tlsDetails", ty: Ty::Struct(TLS) },
];

/// How a `json` path over the event reads from the table.
pub enum Access {
    /// A text column or struct leaf: `useridentity.arn`.
    Column(String),
    /// Inside a JSON text column: the column and the JSON path (`$.bucketName`).
    Json(String, String),
}

/// The column expression for a JSON path over the event (`userIdentity.sessionContext.sessionIssuer.arn`,
/// `requestParameters.bucketName`), if the table holds it. Keys compare exactly, as `json` does.
pub fn access(d: Dialect, path: &str) -> Option<Access> {
    if path.contains(['[', '*']) || path.contains("..") {
        return None;
    }
    let mut cols = COLUMNS;
    let mut sql = String::new();
    let mut parts = path.split('.');
    while let Some(key) = parts.next() {
        let col = cols.iter().find(|c| c.name == key)?;
        let name = ident(d, &col.name.to_ascii_lowercase());
        sql = if sql.is_empty() { name } else { format!("{sql}.{name}") };
        match &col.ty {
            Ty::Str | Ty::Bool => return parts.next().is_none().then_some(Access::Column(sql)),
            Ty::Json => {
                let rest: Vec<&str> = parts.collect();
                if rest.is_empty() {
                    return Some(Access::Column(sql));
                }
                let path = rest.iter().map(|k| json_key(k)).collect::<String>();
                return Some(Access::Json(sql, format!("${path}")));
            }
            Ty::Struct(inner) => cols = inner,
            Ty::Array(_) | Ty::Map => return None,
        }
    }
    None
}

/// One key of a JSON path: `.name`, or `["na.me"]` when it holds anything else.
fn json_key(k: &str) -> String {
    if !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!(".{k}")
    } else {
        format!("[\"{}\"]", k.replace('"', "\\\""))
    }
}

/// The event as JSON text, rebuilt from the columns with CloudTrail's key names and order:
/// a missing value leaves its key out, as CloudTrail does (`errorCode` as a
/// keyword means "has an error code"), and JSON text columns are JSON again, not escaped text.
/// Built by concatenation: a ROW cast to JSON would keep every NULL as `"key":null`.
pub fn raw_text(d: Dialect) -> String {
    object(d, COLUMNS, "")
}

/// `{"key":value,...}` of a struct's members that have a value; NULL when none has.
fn object(d: Dialect, cols: &[Col], prefix: &str) -> String {
    let members: Vec<String> = cols
        .iter()
        .map(|c| {
            let path = format!("{prefix}{}", ident(d, &c.name.to_ascii_lowercase()));
            let key = format!("'\"{}\":'", c.name);
            match &c.ty {
                Ty::Str => format!("CASE WHEN {path} IS NOT NULL THEN {key} || {} END", quoted(d, &path)),
                Ty::Json => format!("{key} || {path}"),
                Ty::Bool => format!(
                    "CASE WHEN lower({path}) IN ('true', 'false') THEN {key} || lower({path}) WHEN {path} IS NOT NULL THEN {key} || {} END",
                    quoted(d, &path)
                ),
                Ty::Map => match d {
                    Dialect::Athena => format!("{key} || json_format(CAST({path} AS JSON))"),
                    Dialect::Spark => format!("{key} || to_json({path})"),
                },
                // Each element with CloudTrail's keys (`ARN`), which a cast to JSON would lose.
                Ty::Array(inner) => {
                    format!("{key} || '[' || array_join(transform({path}, r -> {}), ',') || ']'", object(d, inner, "r."))
                }
                Ty::Struct(inner) => format!("{key} || {}", object(d, inner, &format!("{path}."))),
            }
        })
        .collect();
    // concat_ws skips NULLs in both engines (and costs a tenth of array_join over an ARRAY in DuckDB).
    format!("NULLIF('{{' || concat_ws(',',\n    {}) || '}}', '{{}}')", members.join(",\n    "))
}

/// A text value as a JSON string: quote, backslash and the control characters CloudTrail
/// text holds escaped as JSON escapes them. (`CAST(text AS JSON)` would quote in Trino but
/// parses in DuckDB, and the quoting through a JSON array costs a regex per value.)
fn quoted(d: Dialect, x: &str) -> String {
    let mut e = x.to_string();
    let q = |s: &str| lit(d, s);
    for (from, to) in [
        (q("\\"), q("\\\\")),
        (q("\""), q("\\\"")),
        ("chr(10)".into(), q("\\n")),
        ("chr(13)".into(), q("\\r")),
        ("chr(9)".into(), q("\\t")),
    ] {
        e = format!("replace({e}, {from}, {to})");
    }
    format!("{} || {e} || {}", q("\""), q("\""))
}
