//! Counting a suite: cases run, cases skipped (by reason), failures.
//!
//! Failures are collected rather than raised at the first one, so a broken build shows
//! every failing case at once. [`Tally::finish`] then prints the suite's one-line summary
//! and asserts that nothing failed and that exactly the documented cases were skipped.

use std::collections::BTreeMap;
use std::fmt::Display;

/// How many failures to print in full before summarising.
const SHOWN_FAILURES: usize = 20;

/// Counts for one vector suite.
pub struct Tally {
    suite: &'static str,
    run: usize,
    skipped: BTreeMap<&'static str, usize>,
    failures: Vec<String>,
}

impl Tally {
    /// A fresh tally for `suite` (the name printed in the summary).
    pub fn new(suite: &'static str) -> Self {
        Self { suite, run: 0, skipped: BTreeMap::new(), failures: Vec::new() }
    }

    /// Records one case that ran; `outcome` is `Err` with a description if it failed.
    pub fn record(&mut self, case: impl Display, outcome: Result<(), String>) {
        self.run += 1;
        if let Err(why) = outcome {
            self.failures.push(format!("{case}: {why}"));
        }
    }

    /// Records one case that was not run, and why.
    pub fn skip(&mut self, reason: &'static str) {
        *self.skipped.entry(reason).or_default() += 1;
    }

    /// Prints the summary and asserts the suite's contract: no failures, at least one
    /// case run, `cases_in_files` equal to `expected_total`, the skips exactly as
    /// `documented_skips` (reason, count), and everything else run.
    pub fn finish(self, cases_in_files: usize, expected_total: usize, documented_skips: &[(&str, usize)]) {
        let skipped: usize = self.skipped.values().sum();
        let reasons: Vec<String> = self.skipped.iter().map(|(reason, n)| format!("{n} {reason}")).collect();
        let detail = if reasons.is_empty() { String::new() } else { format!(" ({})", reasons.join("; ")) };
        super::report(format_args!("{}: {} cases run, {skipped} skipped{detail}", self.suite, self.run));
        for failure in self.failures.iter().take(SHOWN_FAILURES) {
            super::report(format_args!("  FAILED {failure}"));
        }
        assert!(
            self.failures.is_empty(),
            "{}: {} of {} cases failed (listed above)",
            self.suite,
            self.failures.len(),
            self.run
        );
        assert!(self.run > 0, "{}: no case ran", self.suite);
        assert_eq!(cases_in_files, expected_total, "{}: the vector files hold a different number of cases", self.suite);
        let actual: Vec<(&str, usize)> = self.skipped.iter().map(|(r, n)| (*r, *n)).collect();
        let mut documented = documented_skips.to_vec();
        documented.sort_unstable();
        assert_eq!(actual, documented, "{}: skips differ from those documented in tests/README.md", self.suite);
        let documented_total: usize = documented_skips.iter().map(|(_, n)| n).sum();
        assert_eq!(self.run, expected_total - documented_total, "{}: run count", self.suite);
        assert_eq!(self.run + skipped, cases_in_files, "{}: cases neither run nor skipped", self.suite);
    }
}
