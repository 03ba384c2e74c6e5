//! Case clocks: how long each step takes, p50 / p90 / max over all cases of a scope.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Spread {
    pub n: usize,
    pub p50: i64,
    pub p90: i64,
    pub max: i64,
}

/// Nearest-rank percentiles of `values` (any order); `None` for no values.
pub fn spread(mut values: Vec<i64>) -> Option<Spread> {
    if values.is_empty() {
        return None;
    }
    values.sort_unstable();
    let n = values.len();
    let rank = |p: usize| values[(p * n).div_ceil(100).clamp(1, n) - 1];
    Some(Spread { n, p50: rank(50), p90: rank(90), max: values[n - 1] })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank() {
        assert_eq!(spread(vec![]), None);
        assert_eq!(spread(vec![4]), Some(Spread { n: 1, p50: 4, p90: 4, max: 4 }));
        let s = spread((1..=10).rev().collect()).unwrap();
        assert_eq!((s.p50, s.p90, s.max), (5, 9, 10));
        let s = spread((1..=100).collect()).unwrap();
        assert_eq!((s.p50, s.p90), (50, 90));
    }
}
