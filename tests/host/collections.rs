//! The small sorted collections that replace std's sort and BTreeMap in the wasm
//! behave exactly like them (model-based property tests).

use firstvalue::core::index::{heapsort, Index};
use firstvalue::core::snapshot::{Facts, Source, Status, StepFact};
use firstvalue::core::strs;
use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use std::collections::BTreeMap;

fn fact(at: u64) -> StepFact {
    StepFact {
        status: Status::Done,
        at,
        source: Source::Api,
    }
}

/// Short ids from a small alphabet, so duplicates are common.
fn id() -> impl Strategy<Value = String> {
    "[a-c]{0,3}"
}

proptest! {
    #![proptest_config(ProptestConfig {
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn heapsort_sorts_like_the_standard_library(mut v in proptest::collection::vec(any::<i32>(), 0..300)) {
        let mut want = v.clone();
        want.sort();
        heapsort(&mut v, |a, b| a < b);
        prop_assert_eq!(v, want);
    }

    #[test]
    fn index_finds_every_position_of_a_key(keys in proptest::collection::vec(id(), 0..80), probe in id()) {
        let ix = Index::new(keys.iter().enumerate().map(|(i, k)| (k.as_str(), i)));
        let want: Vec<usize> = keys.iter().enumerate().filter(|(_, k)| **k == probe).map(|(i, _)| i).collect();
        prop_assert_eq!(ix.all(&probe).collect::<Vec<_>>(), want.clone());
        prop_assert_eq!(ix.first(&probe), want.first().copied());
    }

    #[test]
    fn facts_behave_like_a_btreemap(
        entries in proptest::collection::vec((id(), 0u64..50), 0..60),
        ops in proptest::collection::vec((0u8..3, id(), 0u64..50), 0..60),
    ) {
        // Built from entries in any order: later entries win.
        let mut facts = Facts::from_entries(entries.iter().map(|(k, t)| (k.clone(), fact(*t))).collect());
        let mut model: BTreeMap<String, StepFact> = entries.iter().map(|(k, t)| (k.clone(), fact(*t))).collect();
        for (op, k, t) in ops {
            match op {
                0 | 1 => { facts.insert(k.clone(), fact(t)); model.insert(k, fact(t)); }
                _ => { prop_assert_eq!(facts.get(&k), model.get(&k)); prop_assert_eq!(facts.contains_key(&k), model.contains_key(&k)); }
            }
        }
        prop_assert_eq!(facts.len(), model.len());
        prop_assert_eq!(facts.iter().collect::<Vec<_>>(), model.iter().collect::<Vec<_>>());
    }

    #[test]
    fn string_helpers_agree_with_the_standard_library(
        words in proptest::collection::vec(any::<String>(), 0..8),
        sep in any::<String>(),
    ) {
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        prop_assert_eq!(strs::join(&refs, &sep), refs.join(&sep));
        for w in &words {
            prop_assert_eq!(strs::char_count(w), w.chars().count());
        }
    }
}
