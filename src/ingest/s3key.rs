//! Metadata from the S3 key layout `AWSLogs/<account>/CloudTrail/<region>/<yyyy>/<mm>/<dd>/<file>`.

/// The account and region a path names, if it follows CloudTrail's layout.
pub fn account_region(path: &str) -> (Option<String>, Option<String>) {
    let parts: Vec<&str> = path.split(['/', '\\']).collect();
    for (i, p) in parts.iter().enumerate() {
        if *p == "CloudTrail" && i >= 1 && i + 1 < parts.len() {
            let account = parts[i - 1];
            let account = if account.len() == 12 && account.bytes().all(|c| c.is_ascii_digit()) {
                Some(account.to_string())
            } else if i >= 2 && parts[i - 2].len() == 12 {
                Some(parts[i - 2].to_string()) // organization trails: AWSLogs/<org>/<account>/CloudTrail
            } else {
                None
            };
            return (account, Some(parts[i + 1].to_string()).filter(|r| r.contains('-')));
        }
    }
    (None, None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s3_layout() {
        let (a, r) = account_region("bucket/AWSLogs/123456789012/CloudTrail/eu-west-1/2024/01/02/x.json.gz");
        assert_eq!(a.as_deref(), Some("123456789012"));
        assert_eq!(r.as_deref(), Some("eu-west-1"));
        assert_eq!(account_region("logs/x.json"), (None, None));
    }
}
