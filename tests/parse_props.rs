//! Anything a user or a file can hand us parses to a value or an error, never a panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use proptest::prelude::*;
use reflect::content::Pack;
use reflect::content::cards::Card;
use reflect::journal::Store;

const MINI: &str = include_str!("fixtures/mini-pack.json");

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_bytes_as_a_pack_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let text = String::from_utf8_lossy(&bytes);
        if let Err(e) = Pack::parse("x.json", &text) {
            prop_assert!(!e.problems.is_empty());
            prop_assert!(e.problems.iter().all(|p| p.line >= 1 && p.col >= 1));
        }
        let _ = Card::parse("x.json", &text);
    }

    /// Small damage to a valid pack (a character cut, changed or added) is
    /// reported with a position inside the file.
    #[test]
    fn a_damaged_pack_reports_positions_inside_the_file(at in 0usize..MINI.len(), op in 0u8..3, c in any::<char>()) {
        let mut chars: Vec<char> = MINI.chars().collect();
        let at = at % chars.len();
        match op {
            0 => { chars.remove(at); }
            1 => chars[at] = c,
            _ => chars.insert(at, c),
        }
        let text: String = chars.into_iter().collect();
        let lines = text.lines().count().max(1) + 1;
        if let Err(e) = Pack::parse("x.json", &text) {
            for p in &e.problems {
                prop_assert!(p.line >= 1 && p.line <= lines, "{p:?}");
            }
        }
    }

    #[test]
    fn arbitrary_reflection_files_never_panic_the_store(files in proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..300), 1..5)) {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("reflections");
        std::fs::create_dir_all(&dir).unwrap();
        for (i, bytes) in files.iter().enumerate() {
            std::fs::write(dir.join(format!("2020010{i}-000000-0000.json")), bytes).unwrap();
        }
        let store = Store::open_read(tmp.path());
        let listing = store.list().unwrap();
        prop_assert_eq!(listing.summaries.len() + listing.problems.len(), files.len());
        let (all, problems) = store.load_all().unwrap();
        prop_assert_eq!(all.len() + problems.len(), files.len());
        let _ = reflect::export::read_bundle(&String::from_utf8_lossy(&files[0]));
    }
}
