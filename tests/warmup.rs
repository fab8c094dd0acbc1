//! Starting without an index (issue 17): Home's draft is told at once when
//! the drafts file can tell it, and otherwise the journal is listed on
//! another thread while the first handle keeps working.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::fs;

use reflect::content::Pack;
use reflect::journal::warmup::Warmup;
use reflect::journal::{Entry, Reflection, Store};

const MINI: &str = "tests/fixtures/mini-pack.json";

#[test]
fn without_an_index_home_does_not_wait_and_the_listing_runs_on_a_thread() {
    let tmp = tempfile::tempdir().unwrap();
    let pack = Pack::parse(MINI, &fs::read_to_string(MINI).unwrap()).unwrap();
    let q = pack.question("learned").unwrap().clone();
    let ids: Vec<String> = {
        let store = Store::open_write(tmp.path()).unwrap();
        (0..40)
            .map(|i| {
                let mut r = Reflection::new(format!("20260301-0000{i:02}-abcd"), &pack);
                r.set(&pack, Some(Entry::text(&q, None, "at school")), "learned");
                if i % 10 != 7 {
                    r.finished = Some(r.updated);
                }
                store.save(&r).unwrap();
                r.id
            })
            .collect()
    };
    // Files copied in by hand, or a restored backup: no index, no drafts file.
    for f in ["index.json", "drafts.json"] {
        let _ = fs::remove_file(tmp.path().join(f));
    }
    let store = Store::open_write(tmp.path()).unwrap();
    assert_eq!(
        store.latest_draft_now().unwrap(),
        None,
        "it cannot tell yet"
    );
    assert!(
        !tmp.path().join("index.json").exists(),
        "and it did not list the journal to find out"
    );

    let warm = Warmup::start(&store);
    // The first handle keeps working (and keeps the lock) meanwhile.
    assert!(Store::open_write(tmp.path()).is_err());
    let draft = warm.wait().unwrap().unwrap();
    assert_eq!(draft.id, ids[37]);
    assert!(
        tmp.path().join("index.json").exists(),
        "the index was rebuilt"
    );
    // From then on Home's answer comes at once.
    assert_eq!(store.latest_draft().unwrap().unwrap().id, ids[37]);
    assert_eq!(
        store.latest_draft_now().unwrap().flatten().map(|d| d.id),
        Some(ids[37].clone())
    );
}

#[test]
fn polling_never_blocks_and_the_answer_comes_once() {
    let tmp = tempfile::tempdir().unwrap();
    let store = Store::open_write(tmp.path()).unwrap();
    let warm = Warmup::start(&store);
    let answer = loop {
        if let Some(a) = warm.poll() {
            break a;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    assert_eq!(answer.unwrap(), None, "an empty journal has no draft");
}
