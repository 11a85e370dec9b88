//! How failed sign-ins are slowed down: never a lock-out.
//!
//! Three counters are kept for each failed attempt, each with its own limit:
//!
//! - **the account from one address** (a person mistyping, or someone guessing one person's
//!   password from one place): a few free tries, then waits that double up to five minutes;
//! - **the address** (password spraying: one address trying many accounts): many free tries,
//!   because mobile carriers put whole villages behind one address, then waits up to a minute;
//! - **the account from anywhere** (guessing spread over many addresses): free tries, then
//!   waits up to a minute.
//!
//! A wait is only ever a wait: it is capped, it ends by itself, and a failure counted against
//! an account from a stranger's address does not touch the account's own owner elsewhere
//! beyond the capped account-wide wait. So a stranger can slow a named person down but never
//! lock them out. Counters are forgotten a quarter of an hour after the last failure, and a
//! successful sign-in clears the account's counters.

/// One counter's rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Failures allowed before any wait.
    pub free: u32,
    /// The longest wait, in seconds.
    pub cap_secs: u64,
}

/// The account, from one address.
pub const ACCOUNT_FROM_ADDRESS: Limit = Limit {
    free: 5,
    cap_secs: 300,
};
/// One address, over all accounts.
pub const ADDRESS: Limit = Limit {
    free: 50,
    cap_secs: 60,
};
/// One account, from all addresses.
pub const ACCOUNT: Limit = Limit {
    free: 20,
    cap_secs: 60,
};

/// Counters are forgotten this long after their last failure.
pub const FORGET_AFTER_SECS: u64 = 15 * 60;

impl Limit {
    /// Seconds to wait before the next attempt after `failures` failures in a row: none while
    /// they are free, then 1, 2, 4 … up to the cap.
    pub fn wait_after(&self, failures: u32) -> u64 {
        match failures.checked_sub(self.free) {
            None | Some(0) => 0,
            Some(n) => 1u64
                .checked_shl(n - 1)
                .unwrap_or(u64::MAX)
                .min(self.cap_secs),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn waits_double_then_stop_growing() {
        let l = ACCOUNT_FROM_ADDRESS;
        let waits: Vec<u64> = (0..=15).map(|n| l.wait_after(n)).collect();
        assert_eq!(
            waits,
            [0, 0, 0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
        );
        assert_eq!(ADDRESS.wait_after(50), 0);
        assert_eq!(ADDRESS.wait_after(51), 1);
    }

    proptest! {
        /// Never a lock-out: whatever the count, the wait is at most the cap, and it only
        /// grows with more failures.
        #[test]
        fn waits_are_capped_and_monotone(n in any::<u32>(), free in 0u32..100, cap in 1u64..10_000) {
            let l = Limit { free, cap_secs: cap };
            prop_assert!(l.wait_after(n) <= cap);
            prop_assert!(l.wait_after(n) <= l.wait_after(n.saturating_add(1)));
        }
    }
}
