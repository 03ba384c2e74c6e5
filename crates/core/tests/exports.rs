//! What other crates use from core compiles outside it: the `coded_enum!` macro (with no
//! serde dependency of the caller's own beyond what core re-exports) and the newtype ids.

use bvctnb_core::ids::{
    AttachmentId, CampaignId, ConclusionId, DelegationId, NoteId, NoticeId, PassportId, RelationId, TripId,
};

bvctnb_core::coded_enum! {
    /// An enum of another crate.
    Colour {
        Red = "red" => "Đỏ",
        DarkBlue = "dark_blue" => "Xanh đậm",
    }
}

#[test]
fn coded_enum_works_from_another_crate() {
    assert_eq!(Colour::ALL, &[Colour::Red, Colour::DarkBlue]);
    assert_eq!(Colour::DarkBlue.code(), "dark_blue");
    assert_eq!(Colour::from_code("red"), Some(Colour::Red));
    assert_eq!(Colour::from_code("blue"), None);
    assert_eq!(Colour::Red.to_string(), "Đỏ");
    assert_eq!(serde_json::to_string(&Colour::DarkBlue).unwrap(), "\"dark_blue\"");
    assert_eq!(serde_json::from_str::<Colour>("\"red\"").unwrap(), Colour::Red);
    let e = serde_json::from_str::<Colour>("\"blue\"").unwrap_err();
    assert!(e.to_string().contains("giá trị không hợp lệ cho Colour: blue"), "{e}");
}

#[test]
fn the_old_path_still_names_the_macro() {
    bvctnb_core::case::coded_enum! {
        Side { Left = "left" => "Trái", }
    }
    assert_eq!(Side::Left.label(), "Trái");
}

#[test]
fn new_ids_are_transparent_numbers() {
    assert_eq!(serde_json::to_string(&TripId(7)).unwrap(), "7");
    assert_eq!(serde_json::from_str::<DelegationId>("8").unwrap(), DelegationId(8));
    assert_eq!(PassportId::from(3).to_string(), "3");
    let _ = (RelationId(1), ConclusionId(1), AttachmentId(1), CampaignId(1), NoteId(1), NoticeId(1));
}
