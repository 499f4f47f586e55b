//! What the baselines read of each event (principal, address, agent, region, service, error), from the hot columns, in time order.

use crate::detect::event::{values, Val};
use crate::store::hot::{HotColumns, HOT_PATHS};
use crate::store::{Store, NO_TIME};
use rustc_hash::FxHashMap as HashMap;

/// A hot column by its path (the paths are fixed: a typo fails every baseline test).
fn col(path: &str) -> usize {
    HOT_PATHS.iter().position(|p| *p == path).expect("a hot path")
}

/// No principal: a service acting for itself, or a user CloudTrail hides.
pub const NOBODY: u32 = u32::MAX;
/// An arn code not looked at yet, and one whose arn is empty.
const UNSET: u32 = u32::MAX - 1;
const EMPTY: u32 = u32::MAX - 2;

/// One event as the baselines see it: codes of the hot columns, the principal interned (made
/// on the fly: only the time order and the principals are kept, 8 bytes an event).
#[derive(Clone, Copy, Debug)]
pub struct Fact {
    pub ev: u32,
    pub time: i64,
    pub principal: u32,
    pub ip: u32,
    pub agent: u32,
    pub region: u32,
    pub service: u32,
    pub name: u32,
    pub error: u32,
    pub user_type: u32,
}

/// Every timed event, oldest first, and the tables their codes point into.
pub struct Facts<'s> {
    store: &'s Store,
    /// Event indexes in time order.
    order: Vec<u32>,
    /// The principal of each event, by event index.
    principal: Vec<u32>,
    pub hot: &'s HotColumns,
    pub principals: Vec<String>,
    pub cols: Cols,
}

/// The hot columns the baselines read.
pub struct Cols {
    pub ip: usize,
    pub agent: usize,
    pub region: usize,
    pub service: usize,
    pub name: usize,
    pub error: usize,
    pub user_type: usize,
    pub error_message: usize,
}

impl Cols {
    fn new() -> Cols {
        Cols {
            ip: col("sourceIPAddress"),
            agent: col("userAgent"),
            region: col("awsRegion"),
            service: col("eventSource"),
            name: col("eventName"),
            error: col("errorCode"),
            user_type: col("userIdentity.type"),
            error_message: col("errorMessage"),
        }
    }
}

impl<'s> Facts<'s> {
    /// Reads the facts of `store`'s events through `hot` (the store's columns, or built for it).
    pub fn read(store: &'s Store, hot: &'s HotColumns) -> Facts<'s> {
        let cols = Cols::new();
        let (arn, user, account) =
            (col("userIdentity.arn"), col("userIdentity.userName"), col("userIdentity.accountId"));
        let mut ids: HashMap<String, u32> = HashMap::default();
        let mut principals = Vec::new();
        // The principal of an arn code, once per code.
        let mut by_arn: Vec<u32> = vec![UNSET; hot.codes_len(arn)];
        let mut timed = Vec::with_capacity(store.len());
        let mut principal_of = Vec::with_capacity(store.len());
        let mut intern = |key: String, principals: &mut Vec<String>| -> u32 {
            *ids.entry(key).or_insert_with_key(|k| {
                principals.push(k.clone());
                principals.len() as u32 - 1
            })
        };
        for ev in 0..store.len() {
            let time = store.event(ev).time;
            if time == NO_TIME {
                principal_of.push(NOBODY);
                continue;
            }
            let text = |c: usize| hot.value(c, hot.code(c, ev)).as_text().into_owned();
            let code = hot.code(arn, ev) as usize;
            // Each arn's principal once: interned, or EMPTY for an empty arn.
            if code >= 2 && by_arn[code] == UNSET {
                let t = hot.value(arn, code as u32).as_text().into_owned();
                by_arn[code] = if t.is_empty() { EMPTY } else { intern(t, &mut principals) };
            }
            let principal = match by_arn[code] {
                UNSET | EMPTY => match fallback(store.raw(ev), &text(cols.user_type), &text(user), &text(account)) {
                    Some(k) => intern(k, &mut principals),
                    None => NOBODY,
                },
                p => p,
            };
            timed.push(ev as u32);
            principal_of.push(principal);
        }
        // Ties in time are ordered by the event's text (its length first, which settles most
        // ties without reading it): the same findings whatever order the files were loaded in
        // (the CLI, the page and a reload agree).
        let mut keyed: Vec<(i64, u32)> = timed.iter().map(|&e| (store.event(e as usize).time, e)).collect();
        keyed.sort_unstable_by_key(|k| k.0);
        for tie in keyed.chunk_by_mut(|a, b| a.0 == b.0).filter(|t| t.len() > 1) {
            tie.sort_unstable_by_key(|k| {
                let raw = store.raw(k.1 as usize);
                (raw.len(), raw)
            });
        }
        let order: Vec<u32> = keyed.into_iter().map(|k| k.1).collect();
        Facts { store, order, principal: principal_of, hot, principals, cols }
    }

    /// The events in time order.
    pub fn iter(&self) -> impl Iterator<Item = Fact> + '_ {
        self.order.iter().map(|&ev| {
            let e = ev as usize;
            let code = |c: usize| self.hot.code(c, e);
            let c = &self.cols;
            Fact {
                ev,
                time: self.store.event(e).time,
                principal: self.principal[e],
                ip: code(c.ip),
                agent: code(c.agent),
                region: code(c.region),
                service: code(c.service),
                name: code(c.name),
                error: code(c.error),
                user_type: code(c.user_type),
            }
        })
    }

    /// The text of a hot code (empty for missing and null).
    pub fn text(&self, col: usize, code: u32) -> String {
        self.hot.value(col, code).as_text().into_owned()
    }
}

/// The principal of an event without an arn: the IAM user's arn when CloudTrail names the user
/// (a failed sign-in), else its access key; the root user; nobody for services and hidden users.
fn fallback(raw: &str, user_type: &str, user: &str, account: &str) -> Option<String> {
    match user_type {
        "IAMUser" if !user.is_empty() && user != "HIDDEN_DUE_TO_SECURITY_REASONS" && !account.is_empty() => {
            Some(format!("arn:aws:iam::{account}:user/{user}"))
        }
        "Root" if !account.is_empty() => Some(format!("arn:aws:iam::{account}:root")),
        "AWSService" | "AWSAccount" => None,
        _ => {
            let mut out = Vec::new();
            values(raw, &["userIdentity".to_string(), "accessKeyId".to_string()], &mut out);
            out.into_iter().find_map(|v| match v {
                Val::Text(t) if !t.is_empty() => Some(t.into_owned()),
                _ => None,
            })
        }
    }
}

/// The text of one field of an event's raw JSON (`None` when absent, null or not a string).
pub fn field(raw: &str, path: &[&str]) -> Option<String> {
    let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
    let mut out = Vec::new();
    values(raw, &path, &mut out);
    out.into_iter().find_map(|v| v.text().map(str::to_string))
}
