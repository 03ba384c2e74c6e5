//! State secrets (DOMAIN §6; Luật 117/2025/QH15 and NĐ 63/2026 from 1/3/2026, Luật 29/2018 and
//! NĐ 26/2020 before): the levels, the four register books, the forms of copying, and the rules
//! that change with the texts — default periods, envelopes, whether a Tuyệt mật item's summary
//! may be written, the columns of each book, who may approve a copy — read from
//! `rules/secrets.toml` ([`SecretRules`]), each with its effective date.

mod rules;

pub use rules::{Column, CopyAuthority, LevelRule, PaperRule, RegisterForm, SecretRules, SummaryRule, YearlyReport};

use crate::access::Clearance;

crate::coded_enum! {
    /// The three levels of a state secret, lowest first (so `Mat < ToiMat`).
    SecretLevel {
        Mat = "mat" => "Mật",
        ToiMat = "toi_mat" => "Tối mật",
        TuyetMat = "tuyet_mat" => "Tuyệt mật",
    }
}

impl SecretLevel {
    /// The clearance a reader needs.
    pub fn clearance(self) -> Clearance {
        match self {
            SecretLevel::Mat => Clearance::Mat,
            SecretLevel::ToiMat => Clearance::ToiMat,
            SecretLevel::TuyetMat => Clearance::TuyetMat,
        }
    }

    /// The stamp as printed: "MẬT", "TỐI MẬT", "TUYỆT MẬT".
    pub fn mark(self) -> String {
        self.label().to_uppercase()
    }

    /// Whether a reader with clearance `c` may see this level's content.
    pub fn readable_with(self, c: Clearance) -> bool {
        c >= self.clearance()
    }
}

crate::coded_enum! {
    /// The four books every body that handles secrets keeps (DOMAIN §6).
    RegisterKind {
        Outgoing = "outgoing" => "Sổ đăng ký bí mật nhà nước đi",
        Incoming = "incoming" => "Sổ đăng ký bí mật nhà nước đến",
        Handover = "handover" => "Sổ chuyển giao bí mật nhà nước",
        Copies = "copies" => "Sổ quản lý sao, chụp tài liệu bí mật nhà nước",
    }
}

crate::coded_enum! {
    /// How a copy is made (sao y, sao lục, trích sao, chụp).
    CopyForm {
        Verbatim = "sao_y" => "Sao y",
        Transcript = "sao_luc" => "Sao lục",
        Extract = "trich_sao" => "Trích sao",
        Photo = "chup" => "Chụp",
    }
}

crate::coded_enum! {
    /// Where a classified item came from, which decides the book it is first entered in.
    ItemOrigin {
        /// Issued by this body: the outgoing book.
        Issued = "issued" => "Do cơ quan ban hành",
        /// Received from another body: the incoming book.
        Received = "received" => "Nhận từ cơ quan khác",
    }
}

impl ItemOrigin {
    pub fn book(self) -> RegisterKind {
        match self {
            ItemOrigin::Issued => RegisterKind::Outgoing,
            ItemOrigin::Received => RegisterKind::Incoming,
        }
    }
}

crate::coded_enum! {
    /// Where a copy request stands. Refused and made are final.
    CopyStatus {
        Requested = "requested" => "Chờ duyệt",
        Approved = "approved" => "Đã duyệt, chưa sao đủ",
        Refused = "refused" => "Không duyệt",
        Made = "made" => "Đã sao đủ số bản được duyệt",
    }
}

crate::coded_enum! {
    /// Where a destruction stands. The council path runs proposed → minuted → decided →
    /// destroyed; the urgent path starts at destroyed and ends when the holder's written report
    /// reaches the head.
    DestructionStage {
        Proposed = "proposed" => "Đã lập danh sách đề nghị tiêu huỷ",
        Minuted = "minuted" => "Hội đồng đã họp, có biên bản",
        Decided = "decided" => "Đã có quyết định tiêu huỷ",
        Destroyed = "destroyed" => "Đã tiêu huỷ",
        Reported = "reported" => "Đã báo cáo người đứng đầu",
    }
}

impl DestructionStage {
    /// The stage the next step of a destruction on this path leads to, if any.
    pub fn next(self, urgent: bool) -> Option<Self> {
        use DestructionStage::*;
        match (self, urgent) {
            (Proposed, false) => Some(Minuted),
            (Minuted, false) => Some(Decided),
            (Decided, false) => Some(Destroyed),
            (Destroyed, true) => Some(Reported),
            _ => None,
        }
    }
}

crate::coded_enum! {
    /// Where a take-out stands (mang tài liệu ra khỏi nơi lưu giữ). Refused and returned are final.
    TakeoutStage {
        Requested = "requested" => "Chờ duyệt",
        Approved = "approved" => "Đã duyệt, chưa mang đi",
        Refused = "refused" => "Không duyệt",
        Out = "out" => "Đang mang ra ngoài",
        Returned = "returned" => "Đã trả lại nơi lưu giữ",
    }
}

crate::coded_enum! {
    /// The papers BVCTNB's own work produces. Each kind's level, and so whether it is entered
    /// in a register when issued or received, is data ([`PaperRule`]).
    PaperKind {
        VerificationLetter = "verification_letter" => "Công văn đề nghị thẩm tra, xác minh lý lịch",
        VerificationAnswer = "verification_answer" => "Văn bản trả lời thẩm tra, xác minh",
        Conclusion = "conclusion" => "Kết luận về tiêu chuẩn chính trị",
        ConclusionNotice = "conclusion_notice" => "Thông báo kết luận về tiêu chuẩn chính trị",
        TripListing = "trip_listing" => "Danh sách, báo cáo về đi nước ngoài",
    }
}

impl PaperKind {
    /// The book a paper of this kind is entered in: what the board receives goes in the
    /// incoming book, the rest it issues.
    pub fn origin(self) -> ItemOrigin {
        match self {
            PaperKind::VerificationAnswer => ItemOrigin::Received,
            _ => ItemOrigin::Issued,
        }
    }
}

crate::coded_enum! {
    /// What happened to an item reported in an incident.
    IncidentKind {
        Lost = "lost" => "Mất",
        Disclosed = "disclosed" => "Lộ",
        Tampered = "tampered" => "Bì có dấu hiệu bị bóc, mở",
    }
}

crate::coded_enum! {
    /// What a register column shows. The columns of each book are data (which fields, in which
    /// order, under which heading); the fields themselves are these.
    Field {
        Serial = "serial" => "Số thứ tự",
        EnteredOn = "entered_on" => "Ngày vào sổ",
        ArrivalNumber = "arrival_number" => "Số đến",
        NumberSymbol = "number_symbol" => "Số, ký hiệu",
        DocDate = "doc_date" => "Ngày, tháng, năm của văn bản",
        Issuer = "issuer" => "Cơ quan ban hành",
        Summary = "summary" => "Tên loại và trích yếu nội dung",
        Level = "level" => "Độ mật",
        Envelope = "envelope" => "Độ mật (A/B/C)",
        Signer = "signer" => "Người ký",
        Counterpart = "counterpart" => "Nơi nhận",
        Receipt = "receipt" => "Ký nhận",
        Unit = "unit" => "Đơn vị, người lưu giữ",
        Copies = "copies" => "Số lượng bản",
        CopyForm = "copy_form" => "Hình thức sao, chụp",
        CopyNumbers = "copy_numbers" => "Số bản sao",
        ApprovedBy = "approved_by" => "Người duyệt sao, chụp",
        Note = "note" => "Ghi chú",
    }
}

/// What a row shows where its reader may not see the content.
pub const WITHHELD: &str = "(nội dung mật — không hiển thị)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_order_and_clearance() {
        assert!(SecretLevel::Mat < SecretLevel::TuyetMat);
        assert!(SecretLevel::ToiMat.readable_with(Clearance::TuyetMat));
        assert!(SecretLevel::ToiMat.readable_with(Clearance::ToiMat));
        assert!(!SecretLevel::ToiMat.readable_with(Clearance::Mat));
        assert!(!SecretLevel::Mat.readable_with(Clearance::None));
        assert_eq!(SecretLevel::TuyetMat.mark(), "TUYỆT MẬT");
    }

    #[test]
    fn destruction_paths() {
        use DestructionStage::*;
        assert_eq!(Proposed.next(false), Some(Minuted));
        assert_eq!(Decided.next(false), Some(Destroyed));
        assert_eq!(Destroyed.next(false), None);
        assert_eq!(Destroyed.next(true), Some(Reported));
        assert_eq!(Proposed.next(true), None);
    }
}
