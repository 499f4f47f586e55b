//! A user agent's family (`aws-cli`, `Boto3`, `Browser`, `Terraform` ...): versions change every week, families rarely.

/// The family of a CloudTrail `userAgent`: the first product name, browsers as one family.
pub fn family(agent: &str) -> String {
    let a = agent.trim().trim_start_matches('[');
    if a.is_empty() {
        return String::new();
    }
    if a.starts_with("Mozilla/") || a.starts_with("Opera/") {
        return "Browser".to_string();
    }
    if a.eq_ignore_ascii_case("AWS Internal") {
        return "AWS Internal".to_string();
    }
    // AWS Partner Network tools put `APN/1.0 <vendor>/<v>` first: the product comes after.
    if a.starts_with("APN/") {
        if a.contains("Terraform/") {
            return "Terraform".to_string();
        }
        if let Some(rest) = a.split_once(' ').map(|(_, r)| r.trim_start()).filter(|r| !r.is_empty()) {
            return family(rest);
        }
    }
    // `aws-cli/2.15.0 Python/3.11 ...`, `Boto3/1.34 ...`, `S3Console/0.4]`, `console.amazonaws.com`.
    let end = a.find(['/', ' ', ']', ',', ';', '(']).unwrap_or(a.len());
    let name = &a[..end];
    if name.is_empty() {
        a.chars().take(40).collect()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::family;

    #[test]
    fn families_ignore_versions_and_platforms() {
        assert_eq!(
            family("aws-cli/2.15.0 Python/3.11.6 Linux/6.5 exe/x86_64.ubuntu.22 prompt/off command/s3.ls"),
            "aws-cli"
        );
        assert_eq!(family("aws-cli/1.18.69 Python/3.8.10"), "aws-cli");
        assert_eq!(family("Boto3/1.34.2 md/Botocore#1.34.2 ua/2.0 os/linux#6.5"), "Boto3");
        assert_eq!(family("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36"), "Browser");
        assert_eq!(family("[S3Console/0.4, aws-internal/3 aws-sdk-java/1.12]"), "S3Console");
        assert_eq!(family("AWS Internal"), "AWS Internal");
        assert_eq!(family("console.amazonaws.com"), "console.amazonaws.com");
        assert_eq!(family("APN/1.0 HashiCorp/1.0 Terraform/1.6.5 (+https://www.terraform.io)"), "Terraform");
        assert_eq!(family("APN/1.0 Pulumi/1.0 pulumi-aws/6.1"), "Pulumi");
        assert_eq!(family("APN/1.0"), "APN");
        assert_eq!(family(""), "");
    }
}
