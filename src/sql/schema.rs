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

/// The event as JSON text, rebuilt from the columns with CloudTrail's key names and order
/// (Athena only: Spark cannot embed JSON text unescaped).
pub fn raw_text() -> String {
    let (value, ty) = row(COLUMNS, "");
    format!("json_format(CAST(CAST({value} AS {ty}) AS JSON))")
}

/// A struct's value (a ROW of its leaves) and its type (with camelCase names).
fn row(cols: &[Col], prefix: &str) -> (String, String) {
    let d = Dialect::Athena;
    let (mut values, mut types) = (Vec::new(), Vec::new());
    for c in cols {
        let path = format!("{prefix}{}", ident(d, &c.name.to_ascii_lowercase()));
        let (v, t) = match &c.ty {
            Ty::Str => (path, "VARCHAR".to_string()),
            // `try`: text that is not JSON is left out of the event's text rather than failing.
            Ty::Json => (format!("try(json_parse({path}))"), "JSON".to_string()),
            Ty::Bool => (format!("CAST({path} AS BOOLEAN)"), "BOOLEAN".to_string()),
            Ty::Map => (path, "MAP(VARCHAR, VARCHAR)".to_string()),
            Ty::Array(inner) => {
                let t = format!("ARRAY({})", row_type(inner));
                (format!("CAST({path} AS {t})"), t)
            }
            Ty::Struct(inner) => {
                let (v, t) = row(inner, &format!("{path}."));
                (format!("CAST({v} AS {t})"), t)
            }
        };
        values.push(v);
        types.push(format!("{} {t}", ident(d, c.name)));
    }
    (format!("ROW({})", values.join(", ")), format!("ROW({})", types.join(", ")))
}

fn row_type(cols: &[Col]) -> String {
    let f: Vec<String> = cols.iter().map(|c| format!("{} VARCHAR", ident(Dialect::Athena, c.name))).collect();
    format!("ROW({})", f.join(", "))
}

/// A string literal for a JSON path.
pub fn path_lit(d: Dialect, path: &str) -> String {
    lit(d, path)
}
