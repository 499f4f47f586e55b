//! `CREATE EXTERNAL TABLE` for CloudTrail in Athena, with partition projection, for a trail of
//! one account or of an organization (the properties AWS documents).

use super::schema::{Col, Ty, COLUMNS};

/// Where the trail writes and what to call the table.
#[derive(Clone, Debug, Default)]
pub struct Layout {
    pub bucket: String,
    /// A prefix before `AWSLogs/`, if the trail has one.
    pub prefix: Option<String>,
    /// `o-...` for an organization trail.
    pub org: Option<String>,
    pub accounts: Vec<String>,
    pub regions: Vec<String>,
    /// The first day to project (`yyyy/MM/dd`).
    pub since: String,
    pub name: String,
}

/// The statement.
pub fn create_table(l: &Layout) -> String {
    let cols: Vec<String> = COLUMNS.iter().map(|c| format!("  {} {}", c.name.to_ascii_lowercase(), hive(c))).collect();
    let prefix = l.prefix.as_deref().map_or(String::new(), |p| format!("{}/", p.trim_matches('/')));
    let mut root = format!("s3://{}/{prefix}AWSLogs/", l.bucket);
    if let Some(org) = &l.org {
        root += &format!("{org}/");
    }
    let mut props = vec![
        ("projection.enabled".to_string(), "true".to_string()),
        ("projection.timestamp.type".into(), "date".into()),
        ("projection.timestamp.format".into(), "yyyy/MM/dd".into()),
        ("projection.timestamp.interval".into(), "1".into()),
        ("projection.timestamp.interval.unit".into(), "DAYS".into()),
        ("projection.timestamp.range".into(), format!("{},NOW", l.since)),
    ];
    let mut parts = vec!["timestamp string".to_string()];
    let mut template = root.clone();
    let projected = l.org.is_some() || l.accounts.len() > 1 || l.regions.len() != 1;
    if projected {
        parts.insert(0, "account string".into());
        parts.insert(1, "region string".into());
        props.extend(enum_or_injected("account", &l.accounts));
        props.extend(enum_or_injected("region", &l.regions));
        template += "${account}/CloudTrail/${region}/${timestamp}";
    } else {
        let account = l.accounts.first().map_or("ACCOUNT_ID", String::as_str);
        template += &format!("{account}/CloudTrail/{}/${{timestamp}}", l.regions[0]);
    }
    props.push(("storage.location.template".into(), template));
    let props: Vec<String> = props.iter().map(|(k, v)| format!("  '{k}'='{v}'")).collect();
    format!(
        "CREATE EXTERNAL TABLE {name} (\n{cols}\n)\nCOMMENT 'CloudTrail table for AWS Athena'\nPARTITIONED BY ({parts})\nROW FORMAT SERDE 'org.apache.hive.hcatalog.data.JsonSerDe'\nSTORED AS INPUTFORMAT 'com.amazon.emr.cloudtrail.CloudTrailInputFormat'\nOUTPUTFORMAT 'org.apache.hadoop.hive.ql.io.HiveIgnoreKeyTextOutputFormat'\nLOCATION '{root}'\nTBLPROPERTIES (\n{props}\n)",
        name = l.name,
        cols = cols.join(",\n"),
        parts = parts.join(", "),
        props = props.join(",\n"),
    )
}

/// A projected partition: the listed values, or `injected` (the query must name one).
fn enum_or_injected(col: &str, values: &[String]) -> Vec<(String, String)> {
    if values.is_empty() {
        vec![(format!("projection.{col}.type"), "injected".into())]
    } else {
        vec![(format!("projection.{col}.type"), "enum".into()), (format!("projection.{col}.values"), values.join(","))]
    }
}

/// A column's Hive type (lower-case names; backquoted where a name is a Hive keyword).
fn hive(c: &Col) -> String {
    match &c.ty {
        Ty::Str | Ty::Json | Ty::Bool => "STRING".into(),
        Ty::Map => "MAP<STRING,STRING>".into(),
        Ty::Struct(inner) => format!("STRUCT<{}>", fields(inner)),
        Ty::Array(inner) => format!("ARRAY<STRUCT<{}>>", fields(inner)),
    }
}

fn fields(cols: &[Col]) -> String {
    cols.iter().map(|c| format!("{}:{}", c.name.to_ascii_lowercase(), hive(c))).collect::<Vec<_>>().join(", ")
}
