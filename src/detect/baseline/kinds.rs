//! The behaviour baselines by name: what each one flags, its level and its MITRE ATT&CK tags, as a rule's metadata.

use super::Options;
use crate::detect::{Level, Meta};

/// One baseline: a kind of behaviour the events themselves define as unusual.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Kind {
    FirstCountry,
    FirstAsn,
    FirstAgent,
    FirstRegion,
    FirstService,
    ImpossibleTravel,
    ConsoleWithoutMfa,
    RootUse,
    FailedSignIns,
    DeniedBurst,
}

impl Kind {
    pub const ALL: [Kind; 10] = [
        Kind::FirstCountry,
        Kind::FirstAsn,
        Kind::FirstAgent,
        Kind::FirstRegion,
        Kind::FirstService,
        Kind::ImpossibleTravel,
        Kind::ConsoleWithoutMfa,
        Kind::RootUse,
        Kind::FailedSignIns,
        Kind::DeniedBurst,
    ];

    /// The name in ids and files (`trailscope-baseline-<slug>`).
    pub fn slug(self) -> &'static str {
        match self {
            Kind::FirstCountry => "first-seen-country",
            Kind::FirstAsn => "first-seen-asn",
            Kind::FirstAgent => "first-seen-user-agent",
            Kind::FirstRegion => "first-seen-region",
            Kind::FirstService => "first-seen-service",
            Kind::ImpossibleTravel => "impossible-travel",
            Kind::ConsoleWithoutMfa => "console-sign-in-without-mfa",
            Kind::RootUse => "root-use",
            Kind::FailedSignIns => "failed-sign-in-burst",
            Kind::DeniedBurst => "access-denied-burst",
        }
    }

    pub fn level(self) -> Level {
        match self {
            Kind::ImpossibleTravel | Kind::RootUse => Level::High,
            Kind::FirstCountry | Kind::ConsoleWithoutMfa | Kind::FailedSignIns | Kind::DeniedBurst => Level::Medium,
            Kind::FirstAsn | Kind::FirstAgent | Kind::FirstRegion => Level::Low,
            Kind::FirstService => Level::Informational,
        }
    }

    fn title(self) -> &'static str {
        match self {
            Kind::FirstCountry => "First Activity From A Country For This Principal",
            Kind::FirstAsn => "First Activity From A Network (ASN) For This Principal",
            Kind::FirstAgent => "First Use Of A User Agent Family By This Principal",
            Kind::FirstRegion => "First Activity In A Region For This Principal",
            Kind::FirstService => "First Call To An AWS Service By This Principal",
            Kind::ImpossibleTravel => "Impossible Travel Between Two Uses Of One Principal",
            Kind::ConsoleWithoutMfa => "Console Sign-In Without MFA",
            Kind::RootUse => "Root User Activity",
            Kind::FailedSignIns => "Burst Of Failed Console Sign-Ins",
            Kind::DeniedBurst => "Burst Of Access Denied Errors For One Principal And User Agent",
        }
    }

    fn tags(self) -> &'static [&'static str] {
        match self {
            Kind::FirstCountry | Kind::FirstAsn | Kind::ImpossibleTravel => {
                &["attack.initial_access", "attack.t1078.004"]
            }
            Kind::FirstAgent => &["attack.defense_evasion", "attack.t1078.004"],
            Kind::FirstRegion => &["attack.defense_evasion", "attack.t1535"],
            Kind::FirstService => &["attack.discovery", "attack.t1526"],
            Kind::ConsoleWithoutMfa => &["attack.initial_access", "attack.t1078.004"],
            Kind::RootUse => &["attack.privilege_escalation", "attack.t1078.004"],
            Kind::FailedSignIns => &["attack.credential_access", "attack.t1110"],
            Kind::DeniedBurst => &["attack.discovery", "attack.t1580"],
        }
    }

    /// What it flags, with the thresholds in force.
    fn description(self, o: &Options) -> String {
        let learn = match o.learn_until {
            Some(t) => format!("the events before {}", crate::ingest::time::iso(t)),
            None => format!("the first {} days of the loaded events", o.learn_days),
        };
        match self {
            Kind::FirstCountry | Kind::FirstAsn | Kind::FirstAgent | Kind::FirstRegion | Kind::FirstService => {
                let what = match self {
                    Kind::FirstCountry => "a country (of sourceIPAddress, from the bundled geo table)",
                    Kind::FirstAsn => "a network (the ASN of sourceIPAddress, from the bundled table)",
                    Kind::FirstAgent => "a user agent family (aws-cli, Boto3, a browser, Terraform ...)",
                    Kind::FirstRegion => "a region (awsRegion)",
                    _ => "an AWS service (eventSource)",
                };
                format!(
                    "A principal (userIdentity.arn, else its access key) acts from {what} it had not used \
                     before. The baseline is {learn}; only principals seen there are judged, once per new value."
                )
            }
            Kind::ImpossibleTravel => format!(
                "Two consecutive located uses of one principal (sign-ins or calls, by the geo of \
                 sourceIPAddress) more than {} km apart, faster than {} km/h. Addresses without a \
                 location (AWS Internal, service names, private) are left out. One alert per principal \
                 and pair of places a day.",
                o.travel_km, o.travel_kmh
            ),
            Kind::ConsoleWithoutMfa => "A successful ConsoleLogin of an IAM user or the root user with \
                additionalEventData.MFAUsed = No (federated sign-ins use their identity provider's MFA \
                and are left out)."
                .to_string(),
            Kind::RootUse => "Any call by the root user (userIdentity.type = Root), one alert per \
                episode (calls less than an hour apart)."
                .to_string(),
            Kind::FailedSignIns => format!(
                "At least {} failed ConsoleLogin attempts of one principal (or, when CloudTrail hides \
                 the user name, one address) with less than {} minutes between them; one alert per burst.",
                o.failed_sign_ins, o.failed_minutes
            ),
            Kind::DeniedBurst => format!(
                "At least {} AccessDenied / UnauthorizedOperation errors of one principal with one \
                 user agent with less than {} minutes between them; one alert per burst.",
                o.denied, o.denied_minutes
            ),
        }
    }

    /// The metadata alerts show, as for a Sigma rule.
    pub fn meta(self, o: &Options) -> Meta {
        Meta {
            title: self.title().to_string(),
            id: format!("trailscope-baseline-{}", self.slug()),
            status: "stable".to_string(),
            description: self.description(o),
            author: "Trailscope".to_string(),
            references: Vec::new(),
            tags: self.tags().iter().map(|t| t.to_string()).collect(),
            falsepositives: vec![match self {
                Kind::ImpossibleTravel => "VPNs, and scripts running elsewhere with the same key".to_string(),
                Kind::RootUse => "Tasks only the root user can do".to_string(),
                _ => "New but legitimate work".to_string(),
            }],
            level: Some(self.level()),
            product: "aws".to_string(),
            service: "cloudtrail".to_string(),
            ..Meta::default()
        }
    }
}
