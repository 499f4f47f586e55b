//! Who is in the account: fifteen engineers in three offices, two contractors signing in through
//! SSO, the machines and pipelines, and the two people the story is about.

use super::places::{Place, OFFICES};
use super::rng::{Rng, IAM_ALPHABET};

/// An engineer with an IAM user: signs in to the console and uses the CLI and SDKs.
#[derive(Debug)]
pub struct User {
    pub name: &'static str,
    pub office: &'static Place,
    /// `AIDA...`: the IAM user's unique id (`userIdentity.principalId`).
    pub principal_id: String,
    /// `AKIA...`: the long-term access key the CLI uses.
    pub access_key: String,
    pub home_ip: &'static str,
    /// Index into the browser and CLI tables of `agents`.
    pub browser: usize,
    pub laptop: usize,
    /// Has an MFA device: `MFAUsed` is "Yes" on every login.
    pub mfa: bool,
    /// How much API traffic the person makes, relative to others.
    pub activity: f64,
    /// Chance of signing in to the console on a working day (others live in the terminal).
    pub console_habit: f64,
    /// The region the person works in.
    pub region: &'static str,
}

/// Someone outside the company who signs in through IAM Identity Center (an assumed role).
#[derive(Debug)]
pub struct Contractor {
    pub session: &'static str,
    pub place: &'static Place,
    pub home_ip: &'static str,
    pub browser: usize,
}

/// An IAM role and its unique id (`AROA...`).
#[derive(Debug)]
pub struct Role {
    pub name: String,
    pub path: &'static str,
    pub id: String,
}

#[derive(Debug)]
pub struct Cast {
    pub account: String,
    pub users: Vec<User>,
    pub contractors: Vec<Contractor>,
    /// The SSO permission set's role the contractors sign in with.
    pub sso_role: Role,
    pub app_role: Role,
    pub deploy_role: Role,
    pub report_role: Role,
    pub config_role: Role,
    /// The engineers' sandbox accounts (what `sts:AssumeRole` switches into).
    pub sandboxes: Vec<String>,
    pub instances: Vec<String>,
    pub kms_key: String,
    /// The S3 buckets: (name, region).
    pub buckets: Vec<(String, &'static str)>,
    /// The engineer whose IntelliJ plugin keeps calling an action it may not.
    pub intellij: usize,
    /// The engineer who signs in from New York.
    pub traveller: usize,
}

/// Names by office: Tokyo, Vancouver, Berlin.
const NAMES: [[&str; 5]; 3] = [
    ["haruto.sato", "yui.tanaka", "kenji.watanabe", "aiko.yamamoto", "ren.kobayashi"],
    ["liam.chen", "olivia.martin", "noah.tremblay", "emma.wilson", "ethan.nguyen"],
    ["lukas.schmidt", "mia.mueller", "felix.wagner", "lena.becker", "jonas.hoffmann"],
];

/// Each office's working region (global services are logged in us-east-1 regardless).
const OFFICE_REGIONS: [&str; 3] = ["ap-northeast-1", "us-west-2", "eu-central-1"];

/// Every region the account's trail delivers files for.
pub const REGIONS: [&str; 5] = ["us-east-1", "eu-central-1", "ap-northeast-1", "us-west-2", "ca-central-1"];

impl Cast {
    pub fn new(seed: u64) -> Cast {
        let mut rng = Rng::new(seed, &[1]);
        let account = format!("{}{}", rng.range(1, 10), rng.string(b"0123456789", 11));
        let mut users = Vec::new();
        for (o, names) in NAMES.iter().enumerate() {
            let office = OFFICES[o];
            for (i, name) in names.iter().enumerate() {
                users.push(User {
                    name,
                    office,
                    principal_id: format!("AIDA{}", rng.string(IAM_ALPHABET, 17)),
                    access_key: format!("AKIA{}", rng.string(IAM_ALPHABET, 16)),
                    home_ip: office.home[i % office.home.len()],
                    browser: rng.below(5) as usize,
                    laptop: rng.below(4) as usize,
                    // A few never set up MFA: the logins-without-MFA part of the story.
                    mfa: !(o == 1 && i == 4 || o == 0 && i == 3 || o == 2 && i == 1),
                    activity: 0.4 + rng.f64() * 1.6,
                    console_habit: if rng.chance(0.25) { 0.45 } else { 0.9 },
                    region: if o == 1 && rng.chance(0.4) { "ca-central-1" } else { OFFICE_REGIONS[o] },
                });
            }
        }
        let contractors = vec![
            Contractor { session: "priya.raman", place: OFFICES[1], home_ip: OFFICES[1].home[4], browser: 0 },
            Contractor { session: "tomasz.nowak", place: OFFICES[2], home_ip: OFFICES[2].home[3], browser: 2 },
        ];
        let mut role =
            |name: String, path: &'static str| Role { name, path, id: format!("AROA{}", rng.string(IAM_ALPHABET, 17)) };
        let sso_role = role(
            format!("AWSReservedSSO_PowerUserAccess_{}", Rng::new(seed, &[2]).string(b"0123456789abcdef", 16)),
            "aws-reserved/sso.amazonaws.com/",
        );
        let app_role = role("app-server".into(), "");
        let deploy_role = role("github-actions-deploy".into(), "");
        let report_role = role("cost-report-lambda".into(), "service-role/");
        let config_role = role("AWSServiceRoleForConfig".into(), "aws-service-role/config.amazonaws.com/");
        let sandboxes = (0..5).map(|_| format!("{}{}", rng.range(1, 10), rng.string(b"0123456789", 11))).collect();
        let instances = (0..5).map(|_| format!("i-0{}", rng.string(b"0123456789abcdef", 16))).collect();
        let mut kms_key = String::new();
        rng.uuid(&mut kms_key);
        // The traveller works in Vancouver or Berlin (New York is a trip, not a commute); the
        // IntelliJ user is anyone else.
        let traveller = 5 + rng.below(10) as usize;
        let intellij = (traveller + 1 + rng.below(14) as usize) % 15;
        let buckets = vec![
            (format!("app-assets-{account}-eu-central-1"), "eu-central-1"),
            (format!("build-artifacts-{account}"), "us-east-1"),
            (format!("cost-reports-{account}"), "us-east-1"),
            (format!("tokyo-analytics-{account}"), "ap-northeast-1"),
        ];
        Cast {
            account,
            buckets,
            users,
            contractors,
            sso_role,
            app_role,
            deploy_role,
            report_role,
            config_role,
            sandboxes,
            instances,
            kms_key,
            intellij,
            traveller,
        }
    }

    pub fn user_arn(&self, u: &User) -> String {
        format!("arn:aws:iam::{}:user/{}", self.account, u.name)
    }

    pub fn role_arn(&self, r: &Role) -> String {
        format!("arn:aws:iam::{}:role/{}{}", self.account, r.path, r.name)
    }
}
