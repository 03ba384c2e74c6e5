//! Newtype ids, so a person id can never be passed where an organisation id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($(#[$m:meta])* $name:ident) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(v: i64) -> Self {
                Self(v)
            }
        }

        /// Read from a form or a path segment, as the number it is.
        impl std::str::FromStr for $name {
            type Err = std::num::ParseIntError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                s.parse().map(Self)
            }
        }
    };
}

id_type!(
    /// A node of the organisation tree.
    OrgId
);
id_type!(
    /// A person with a dossier: party member or applicant.
    PersonId
);
id_type!(
    /// A user account of the system (not a person: an account may be linked to one).
    AccountId
);
id_type!(
    /// A vetting case (hồ sơ thẩm tra, thẩm định).
    CaseId
);
id_type!(
    /// One verification request of a case (công văn đề nghị thẩm tra).
    RequestId
);
id_type!(
    /// A trip abroad of one person (đơn, chuyến đi nước ngoài).
    TripId
);
id_type!(
    /// A delegation sent abroad by a decision (đoàn ra).
    DelegationId
);
id_type!(
    /// An official or diplomatic passport kept by the managing agency.
    PassportId
);
id_type!(
    /// A declared foreign relation of a person (quan hệ với nước ngoài).
    RelationId
);
id_type!(
    /// A conclusion of a case (kết luận), or a review of one at the level above.
    ConclusionId
);
id_type!(
    /// A file attached to a case or a trip.
    AttachmentId
);
id_type!(
    /// A review campaign (rà soát) over an organisation's subtree.
    CampaignId
);
id_type!(
    /// A note of a case (ý kiến, nhận xét, giải trình, quyết định …).
    NoteId
);
id_type!(
    /// A notice addressed to a role at an organisation or to a person.
    NoticeId
);
id_type!(
    /// A classified document or object (văn bản, tài liệu, vật chứa bí mật nhà nước).
    SecretItemId
);
id_type!(
    /// One register book of an organisation for a year (sổ đăng ký).
    SecretBookId
);
id_type!(
    /// One line of a register book, numbered from 01 within the book.
    SecretEntryId
);
id_type!(
    /// A request to copy or extract a classified item, and its approval.
    CopyRequestId
);
id_type!(
    /// A destruction of classified items: by a council's decision, or the holder's urgent one.
    DestructionId
);
id_type!(
    /// A hold that keeps a classified item from destruction while a case or inspection needs it.
    SecretHoldId
);
id_type!(
    /// A classified item taken out of its keeping place, until it comes back.
    TakeoutId
);
id_type!(
    /// A report of a classified item lost or disclosed (mất, lộ).
    IncidentId
);
