//! User agents as CloudTrail records them: browsers, the AWS CLI (which names its command), SDKs,
//! the IntelliJ plugin, agents on instances, and the services that call on a user's behalf.

/// The console's browsers.
pub const BROWSERS: [&str; 5] = [
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36 Edg/128.0.2739.54",
    "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:129.0) Gecko/20100101 Firefox/129.0",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/127.0.0.0 Safari/537.36",
];

/// The AWS CLI v2 up to its command: the platform part of each laptop.
const CLI_PLATFORMS: [&str; 4] = [
    "aws-cli/2.17.20 md/awscrt#0.20.11 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
    "aws-cli/2.15.58 md/awscrt#0.19.19 ua/2.0 os/linux#6.8.0-40-generic md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.24 md/prompt#off",
    "aws-cli/2.17.37 md/awscrt#0.21.2 ua/2.0 os/windows#10 md/arch#amd64 lang/python#3.11.9 md/pyimpl#CPython cfg/retry-mode#standard md/installer#exe md/prompt#off",
    "aws-cli/2.16.12 md/awscrt#0.20.11 ua/2.0 os/macos#23.5.0 md/arch#x86_64 lang/python#3.11.8 md/pyimpl#CPython cfg/retry-mode#standard md/installer#source md/prompt#off",
];

/// Scripts on the engineers' laptops.
pub const BOTO3: &str = "Boto3/1.34.162 md/Botocore#1.34.162 ua/2.0 os/macos#23.6.0 md/arch#arm64 lang/python#3.12.4 md/pyimpl#CPython cfg/retry-mode#legacy Botocore/1.34.162";

pub const TERRAFORM: &str = "APN/1.0 HashiCorp/1.0 Terraform/1.9.5 (+https://www.terraform.io) terraform-provider-aws/5.64.0 (+https://registry.terraform.io/providers/hashicorp/aws) aws-sdk-go-v2/1.30.4 ua/2.1 os/macos lang/go#1.22.5 md/GOOS#darwin md/GOARCH#arm64 api/ec2#1.177.0";

/// The AWS Toolkit in one engineer's IntelliJ IDEA: the agent the AccessDenied errors come from.
pub const INTELLIJ: &str = "aws-toolkit-jetbrains/1.100-233 IntelliJ IDEA/2023.3.7 aws-sdk-java/2.26.25 Mac_OS_X/14.6.1 OpenJDK_64-Bit_Server_VM/17.0.11+1-b1207.30 Java/17.0.11 vendor/JetBrains_s.r.o. io/sync http/Apache cfg/retry-mode/standard";

/// The same toolkit in PyCharm, on a colleague's laptop (no errors: a decoy for `contains`).
pub const PYCHARM: &str = "aws-toolkit-jetbrains/1.100-241 PyCharm/2024.1.6 aws-sdk-java/2.26.25 Linux/6.8.0-40-generic OpenJDK_64-Bit_Server_VM/17.0.11+1-b1207.30 Java/17.0.11 vendor/JetBrains_s.r.o. io/sync http/Apache cfg/retry-mode/standard";

/// The console's own back end, and services acting for a caller.
pub const AWS_INTERNAL: &str = "AWS Internal";

pub const SSM_AGENT: &str = "aws-sdk-go/1.55.5 (go1.22.6; linux; amd64) amazon-ssm-agent/3.3.859.0";

pub const APP_SDK: &str = "aws-sdk-java/2.26.3 Linux/6.1.102-111.182.amzn2023.x86_64 OpenJDK_64-Bit_Server_VM/21.0.4+7-LTS Java/21.0.4 vendor/Amazon.com_Inc. exec-env/AWS_ECS_EC2 io/sync http/Apache cfg/retry-mode/standard";

pub const LAMBDA_BOTO3: &str = "Boto3/1.34.145 md/Botocore#1.34.145 ua/2.0 os/linux#5.10.224-234.864.amzn2.x86_64 md/arch#x86_64 lang/python#3.12.5 md/pyimpl#CPython exec-env/AWS_Lambda_python3.12 cfg/retry-mode#legacy Botocore/1.34.145";

pub const GITHUB_CREDENTIALS: &str =
    "aws-sdk-nodejs/2.1692.0 linux/v20.17.0 configure-aws-credentials-for-github-actions promise";

const CI_CLI: &str = "aws-cli/2.17.50 md/awscrt#0.21.2 ua/2.0 os/linux#6.5.0-1025-azure md/arch#x86_64 lang/python#3.11.9 md/pyimpl#CPython exec-env/GitHubActions cfg/retry-mode#standard md/installer#exe md/distrib#ubuntu.22 md/prompt#off";

/// The CLI as a person on `laptop` runs it: the command is part of the agent
/// (`md/command#ec2.describe-instances`), so every command is an agent of its own.
pub fn cli(laptop: usize, service: &str, event_name: &str) -> String {
    with_command(CLI_PLATFORMS[laptop % CLI_PLATFORMS.len()], service, event_name)
}

/// The CLI in the deploy pipeline.
pub fn ci_cli(service: &str, event_name: &str) -> String {
    with_command(CI_CLI, service, event_name)
}

fn with_command(base: &str, service: &str, event_name: &str) -> String {
    let svc = service.strip_suffix(".amazonaws.com").unwrap_or(service);
    let svc = if svc == "monitoring" { "cloudwatch" } else { svc };
    let mut s = String::with_capacity(base.len() + 48);
    s.push_str(base);
    s.push_str(" md/command#");
    s.push_str(svc);
    s.push('.');
    kebab_into(event_name.trim_end_matches(|c: char| c.is_ascii_digit()), &mut s);
    s
}

/// `DescribeInstances` -> `describe-instances`.
fn kebab_into(name: &str, out: &mut String) {
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn cli_names_its_command() {
        let a = super::cli(0, "ec2.amazonaws.com", "DescribeInstances");
        assert!(a.ends_with(" md/command#ec2.describe-instances"), "{a}");
        assert!(super::cli(1, "lambda.amazonaws.com", "ListFunctions20150331").ends_with("lambda.list-functions"));
        assert!(super::INTELLIJ.contains("IntelliJ"));
        assert!(!super::PYCHARM.contains("IntelliJ"));
    }
}
