//! Keeping a sorted list sorted when one element changes, by moving only the elements between its
//! old place and its new one (the cockpit's list of 100 000 summaries, its agenda of 500 000
//! items: removing and inserting would move everything after each place).

/// Move `v[i]`, whose key may have changed, to its place in `v` sorted by `key`. Where it stands
/// in order it stays (among equal keys too: an item whose key did not change keeps its place);
/// else it goes after every element whose key is not greater, as `insert_sorted` puts it. The
/// rest of `v` must be sorted. Returns where it is now.
pub fn settle<T, K: Ord>(v: &mut [T], i: usize, key: impl Fn(&T) -> K) -> usize {
    let k = key(&v[i]);
    if i > 0 && key(&v[i - 1]) > k {
        let to = v[..i].partition_point(|x| key(x) <= k);
        v[to..=i].rotate_right(1);
        to
    } else if i + 1 < v.len() && key(&v[i + 1]) < k {
        let to = i + 1 + v[i + 1..].partition_point(|x| key(x) <= k);
        v[i..to].rotate_left(1);
        to - 1
    } else {
        i
    }
}

/// Insert `item` into `v` sorted by `key`, after every element whose key is not greater.
pub fn insert_sorted<T, K: Ord>(v: &mut Vec<T>, item: T, key: impl Fn(&T) -> K) {
    let k = key(&item);
    let at = v.partition_point(|x| key(x) <= k);
    v.insert(at, item);
}

/// Reorder `v` in place so that the new `v[i]` is the old `v[order[i]]` (`order` a permutation).
pub fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for i in 0..v.len() {
        // Follow the cycle through i; a position done points at itself.
        let mut j = i;
        while order[j] != i {
            let k = order[j];
            v.swap(j, k);
            order[j] = j;
            j = k;
        }
        order[j] = j;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_element_moves_to_where_a_stable_sort_puts_it_last_among_equals() {
        let sorted = |v: &[(u8, char)]| v.windows(2).all(|w| w[0].0 <= w[1].0);
        for i in 0..7 {
            for new in 0..=9u8 {
                let mut v = vec![
                    (1, 'a'),
                    (3, 'b'),
                    (3, 'c'),
                    (5, 'd'),
                    (5, 'e'),
                    (7, 'f'),
                    (9, 'g'),
                ];
                let moved = v[i].1;
                v[i].0 = new;
                let now_at = settle(&mut v, i, |x| x.0);
                assert!(sorted(&v), "{v:?}");
                let at = v.iter().position(|x| x.1 == moved).unwrap();
                assert_eq!(now_at, at);
                // Moved, it is last among its equals; in order already, it stays.
                if at != i {
                    assert!(
                        v[at + 1..].iter().all(|x| x.0 != new),
                        "{i} -> {new}: {v:?}"
                    );
                }
                let was = [1, 3, 3, 5, 5, 7, 9];
                let in_order = (i == 0 || was[i - 1] <= new) && (i == 6 || new <= was[i + 1]);
                assert_eq!(at == i, in_order, "{i} -> {new}: {v:?}");
            }
        }
        let mut v = vec![(2, 'x')];
        assert_eq!(settle(&mut v, 0, |x| x.0), 0);
        assert_eq!(v, vec![(2, 'x')]);
        let mut w = vec![(1, 'a'), (3, 'b')];
        insert_sorted(&mut w, (3, 'c'), |x| x.0);
        insert_sorted(&mut w, (0, 'z'), |x| x.0);
        assert_eq!(w, vec![(0, 'z'), (1, 'a'), (3, 'b'), (3, 'c')]);
    }

    #[test]
    fn permute_puts_each_row_where_the_order_says() {
        let mut v = vec!['a', 'b', 'c', 'd', 'e', 'f'];
        permute(&mut v, vec![2, 0, 1, 5, 4, 3]);
        assert_eq!(v, vec!['c', 'a', 'b', 'f', 'e', 'd']);
        let mut one = vec![1];
        permute(&mut one, vec![0]);
        assert_eq!(one, vec![1]);
        let mut none: Vec<u8> = Vec::new();
        permute(&mut none, Vec::new());
        assert!(none.is_empty());
    }
}
