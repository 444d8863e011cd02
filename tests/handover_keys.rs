//! The local-storage keys the browser shell uses (hand-overs, outbox, receipt) and a hand-over
//! made without Global Privacy Control. Each case was a mutant of `src/handover.rs` (the keys
//! now live in `src/storage.rs`) that no other native test caught (see the book, "Testing").
#![cfg(not(target_arch = "wasm32"))]

use kelisim::consent::{Action, RecordEvent, Surface};
use kelisim::handover::{ConfigMark, Handover};
use kelisim::storage as handover;

#[test]
fn storage_keys_name_the_cookie() {
    assert_eq!(
        handover::legacy_outbox_key("kelisim"),
        "kelisim:outbox:kelisim"
    );
    assert_eq!(handover::receipt_key("shop_kz"), "kelisim:receipt:shop_kz");
    assert_ne!(
        handover::legacy_outbox_key("a"),
        handover::legacy_outbox_key("b")
    );
    assert_ne!(handover::receipt_key("a"), handover::legacy_outbox_key("a"));
    // One key per outbox record: its time, its record id, the cookie's name.
    let id = "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f";
    let record = handover::outbox_key(7, id, "k");
    assert_eq!(record, format!("kelisim:outbox:000000000000007:{id}:k"));
    assert_eq!(handover::outbox_record_id(&record, "k"), Some(id));
    assert_eq!(handover::outbox_record_id(&record, "other"), None);
    assert_eq!(
        handover::outbox_record_id(&handover::receipt_key("k"), "k"),
        None
    );
    // None of them is taken for a hand-over.
    assert!(!handover::is_choice_key(
        &handover::legacy_outbox_key("k"),
        "k"
    ));
    assert!(!handover::is_choice_key(&record, "k"));
    assert!(!handover::is_choice_key(&handover::receipt_key("k"), "k"));
}

#[test]
fn a_handover_key_has_time_record_id_and_cookie() {
    let key = handover::choice_key(7, "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f", "k");
    assert_eq!(
        key,
        "kelisim:choice:000000000000007:5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f:k"
    );
    assert!(handover::is_choice_key(&key, "k"));
    // The shortest key that still has a (one-character) record id, and one without any.
    assert!(handover::is_choice_key(
        "kelisim:choice:000000000000007:x:k",
        "k"
    ));
    assert!(!handover::is_choice_key(
        "kelisim:choice:000000000000007:k",
        "k"
    ));
    assert!(!handover::is_choice_key(
        "kelisim:choice:00000000000007:k",
        "k"
    ));
}

#[test]
fn a_choice_without_gpc_round_trips() {
    let h = Handover {
        record_id: "5f0c6f7e-3b1a-4c2d-8e9f-0a1b2c3d4e5f".into(),
        config: Some(ConfigMark::of(None, 1)),
        cookie: "2.x.1.1769853600.kk.necessary.0.00000000".into(),
        event: RecordEvent::Given,
        action: Action::RejectAll,
        surface: Surface::Banner,
        page_url: "https://shop.kz/".into(),
        user_agent: "Mozilla/5.0".into(),
        gpc: false,
    };
    let text = h.encode();
    assert!(text.contains("\nbanner\n0\n"), "{text}");
    assert_eq!(Handover::decode(&text), Some(h));
}
