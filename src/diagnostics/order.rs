//! The order diagnostics are reported in: by position, then code, ties kept in the order the
//! rules found them.

use super::Diagnostic;

/// Sorts `diagnostics` by range start, range end and code, stably, without a second list of
/// diagnostics: a stable sort of the diagnostics themselves would take scratch space the size
/// of the list (measured in `examples/phases`: the rules' share of a check's peak heap).
pub fn sort(diagnostics: &mut [Diagnostic]) {
    let key = |d: &Diagnostic| (d.range.start, d.range.end, d.code);
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_by(|&a, &b| key(&diagnostics[a]).cmp(&key(&diagnostics[b])));
    permute(diagnostics, order);
}

/// Rearranges `items` in place so that position `i` holds what was at `order[i]` (`order` is
/// a permutation of the indices), one cycle of the permutation at a time.
fn permute<T>(items: &mut [T], mut order: Vec<usize>) {
    const DONE: usize = usize::MAX;
    for start in 0..items.len() {
        let mut at = start;
        while order[at] != DONE {
            let from = order[at];
            order[at] = DONE;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::permute;
    use proptest::prelude::*;

    proptest! {
        /// Permuting in place gives what collecting by the order does.
        #[test]
        fn permuting_in_place_agrees_with_collecting(
            order in (0usize..40).prop_flat_map(|n| Just((0..n).collect::<Vec<_>>()).prop_shuffle())
        ) {
            let items: Vec<usize> = (100..100 + order.len()).collect();
            let expected: Vec<usize> = order.iter().map(|&i| items[i]).collect();
            let mut permuted = items.clone();
            permute(&mut permuted, order);
            prop_assert_eq!(permuted, expected);
        }
    }
}
