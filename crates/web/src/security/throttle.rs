//! Failed logins per client address. The account lockout stops guessing one account's
//! password; this stops one address from trying many accounts, and from spending the server's
//! cores on password hashing (a flood of posts slowed every page). Kept in memory: each server
//! limits the addresses it sees, and a restart forgets (the account lockout, in the database,
//! does not).

use std::collections::HashMap;
use std::sync::Mutex;

/// How many failures an address may have in a window, and how long it then waits.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub failures: u32,
    pub window_secs: i64,
    /// The first wait; each further time the address reaches the limit it doubles, up to `max_wait_secs`.
    pub wait_secs: i64,
    pub max_wait_secs: i64,
}

#[derive(Default, Clone, Copy)]
struct Entry {
    failures: u32,
    /// Attempts being checked now: they count against the limit until they end, so a burst of
    /// concurrent posts cannot all pass before the first failure is counted.
    in_flight: u32,
    window_start: i64,
    /// Times the limit was reached; the wait doubles with each.
    strikes: u32,
    blocked_until: i64,
}

/// Addresses kept at most; past it, entries whose window and wait are over are dropped first.
const MAX_ADDRESSES: usize = 100_000;

pub struct LoginThrottle {
    limits: Limits,
    seen: Mutex<HashMap<String, Entry>>,
}

/// A failure that made the address wait: for how long, to audit once, not at every refusal.
#[derive(Debug, PartialEq, Eq)]
pub struct Blocked {
    pub until: i64,
    pub strikes: u32,
}

/// The bucket of an address: an IPv4 address, or the /64 of an IPv6 one (one subscriber's
/// network, whose 2^64 addresses would otherwise each start afresh).
fn bucket(addr: &str) -> String {
    match addr.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V6(v6)) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
        _ => addr.to_string(),
    }
}

impl LoginThrottle {
    pub fn new(limits: Limits) -> Self {
        Self { limits, seen: Mutex::default() }
    }

    /// Starts an attempt from `addr`: `Err(until)` when the address must wait (or would reach
    /// the limit with the attempts already under way). An `Ok` must be followed by [`Self::end`].
    pub fn begin(&self, addr: &str, now: i64) -> Result<(), i64> {
        let l = self.limits;
        let mut seen = self.seen.lock().expect("throttle lock");
        if seen.len() >= MAX_ADDRESSES && !seen.contains_key(&bucket(addr)) {
            seen.retain(|_, e| e.in_flight > 0 || e.blocked_until > now || now - e.window_start < l.window_secs);
            if seen.len() >= MAX_ADDRESSES {
                // Still full of live entries (a spread-out flood): the older half of the windows go.
                let mut starts: Vec<i64> = seen.values().map(|e| e.window_start).collect();
                starts.sort_unstable();
                let cut = starts[starts.len() / 2];
                seen.retain(|_, e| e.in_flight > 0 || e.window_start > cut || e.blocked_until > now);
            }
        }
        let e = seen.entry(bucket(addr)).or_default();
        if e.blocked_until > now {
            return Err(e.blocked_until);
        }
        if now - e.window_start >= l.window_secs {
            e.failures = 0;
            e.window_start = now;
        }
        if e.failures + e.in_flight >= l.failures.max(1) {
            // As many attempts are under way as may still fail: wait for them.
            return Err(now + 1);
        }
        e.in_flight += 1;
        Ok(())
    }

    /// Ends an attempt begun with [`Self::begin`]; a failure counts, and `Some` when it starts
    /// a wait. A success forgives nothing: an address that holds one good account and guesses
    /// others between its own logins still reaches the limit.
    pub fn end(&self, addr: &str, now: i64, failed: bool) -> Option<Blocked> {
        let l = self.limits;
        let mut seen = self.seen.lock().expect("throttle lock");
        let e = seen.entry(bucket(addr)).or_default();
        e.in_flight = e.in_flight.saturating_sub(1);
        if !failed {
            return None;
        }
        if now - e.window_start >= l.window_secs {
            e.failures = 0;
            e.window_start = now;
        }
        e.failures += 1;
        if e.failures < l.failures.max(1) {
            return None;
        }
        e.strikes += 1;
        e.failures = 0;
        e.window_start = now;
        let factor = 1i64.checked_shl(e.strikes - 1).unwrap_or(i64::MAX);
        let wait = l.wait_secs.saturating_mul(factor).min(l.max_wait_secs);
        e.blocked_until = now + wait;
        Some(Blocked { until: e.blocked_until, strikes: e.strikes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const L: Limits = Limits { failures: 3, window_secs: 60, wait_secs: 10, max_wait_secs: 35 };

    fn fail(t: &LoginThrottle, addr: &str, now: i64) -> Option<Blocked> {
        t.begin(addr, now).expect("may try");
        t.end(addr, now, true)
    }

    #[test]
    fn an_address_waits_after_the_limit_and_longer_each_time() {
        let t = LoginThrottle::new(L);
        assert_eq!(fail(&t, "a", 100), None);
        assert_eq!(fail(&t, "a", 101), None);
        assert_eq!(fail(&t, "a", 102), Some(Blocked { until: 112, strikes: 1 }));
        assert_eq!(t.begin("a", 111), Err(112));
        assert_eq!(t.begin("b", 105), Ok(()), "another address is not held back");
        for now in [113, 114] {
            assert_eq!(fail(&t, "a", now), None);
        }
        assert_eq!(fail(&t, "a", 115), Some(Blocked { until: 135, strikes: 2 }), "twice as long");
        fail(&t, "a", 140);
        fail(&t, "a", 141);
        assert_eq!(fail(&t, "a", 142).unwrap().until, 142 + 35, "capped");
    }

    #[test]
    fn old_failures_are_forgotten_but_a_success_forgives_none() {
        let t = LoginThrottle::new(L);
        fail(&t, "a", 0);
        fail(&t, "a", 1);
        assert_eq!(fail(&t, "a", 61), None, "a new window");
        fail(&t, "a", 62);
        t.begin("a", 62).unwrap();
        assert_eq!(t.end("a", 62, false), None);
        assert!(fail(&t, "a", 63).is_some(), "the good login in between changed nothing");
    }

    #[test]
    fn attempts_under_way_count_and_an_ipv6_network_is_one_address() {
        let t = LoginThrottle::new(L);
        // Three posts at once: the third waits for the first two to end.
        assert!(t.begin("a", 0).is_ok() && t.begin("a", 0).is_ok());
        assert!(t.begin("a", 0).is_ok());
        assert!(t.begin("a", 0).is_err());
        t.end("a", 0, false);
        assert!(t.begin("a", 0).is_ok());
        for i in 1..=3u16 {
            fail(&t, &format!("2001:db8:1:2::{i:x}"), 10);
        }
        assert!(t.begin("2001:db8:1:2:ffff::9", 11).is_err(), "the same /64");
        assert!(t.begin("2001:db8:1:3::1", 11).is_ok(), "another network");
    }
}
