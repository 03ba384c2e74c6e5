//! Who may do what: the roles of DOMAIN §2 and the state-secret clearance levels (Luật 29/2018).
//! The decisions themselves are cedar policies in the web layer; these are the vocabulary.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Quản trị hệ thống: accounts, organisation tree, reference data. Does not read dossiers.
    Admin,
    /// Cán bộ BVCTNB: prepares cases, keeps dossiers and registers in scope.
    Officer,
    /// Cấp ủy / ban thường vụ, through an authorised signer: reads and decides.
    Committee,
    /// Bí thư chi bộ / cấp ủy cơ sở: comments, keeps member dossiers of the unit.
    CellSecretary,
    /// Cơ quan phối hợp: answers verification requests; no dossier access of its own.
    Coordinator,
    /// Kiểm tra, giám sát: reads in scope, never changes, sees the audit trail.
    Inspector,
    /// Đảng viên / quần chúng: sees and declares only their own dossier.
    Subject,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::Admin,
        Role::Officer,
        Role::Committee,
        Role::CellSecretary,
        Role::Coordinator,
        Role::Inspector,
        Role::Subject,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Officer => "officer",
            Role::Committee => "committee",
            Role::CellSecretary => "cell_secretary",
            Role::Coordinator => "coordinator",
            Role::Inspector => "inspector",
            Role::Subject => "subject",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị hệ thống",
            Role::Officer => "Cán bộ BVCTNB",
            Role::Committee => "Cấp ủy (người ký)",
            Role::CellSecretary => "Bí thư chi bộ / cấp ủy cơ sở",
            Role::Coordinator => "Cơ quan phối hợp",
            Role::Inspector => "Kiểm tra, giám sát",
            Role::Subject => "Đảng viên / người khai lý lịch",
        }
    }
}

/// State-secret clearance, ordered: a user may read what is classified at or below theirs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Clearance {
    None,
    Mat,
    ToiMat,
    TuyetMat,
}

impl Clearance {
    pub const ALL: [Clearance; 4] = [Clearance::None, Clearance::Mat, Clearance::ToiMat, Clearance::TuyetMat];

    pub fn level(self) -> i64 {
        self as i64
    }

    pub fn from_level(v: i64) -> Option<Clearance> {
        Clearance::ALL.into_iter().find(|c| c.level() == v)
    }

    pub fn code(self) -> &'static str {
        match self {
            Clearance::None => "none",
            Clearance::Mat => "mat",
            Clearance::ToiMat => "toi_mat",
            Clearance::TuyetMat => "tuyet_mat",
        }
    }

    pub fn from_code(s: &str) -> Option<Clearance> {
        Clearance::ALL.into_iter().find(|c| c.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            Clearance::None => "Không",
            Clearance::Mat => "Mật",
            Clearance::ToiMat => "Tối mật",
            Clearance::TuyetMat => "Tuyệt mật",
        }
    }

    /// Administrators and holders of Tối mật and above must use a second factor.
    pub fn requires_second_factor(self, role: Role) -> bool {
        role == Role::Admin || self >= Clearance::ToiMat
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for r in Role::ALL {
            assert_eq!(Role::from_code(r.code()), Some(r));
        }
        for c in Clearance::ALL {
            assert_eq!(Clearance::from_code(c.code()), Some(c));
            assert_eq!(Clearance::from_level(c.level()), Some(c));
        }
        assert!(Clearance::Mat < Clearance::ToiMat);
        assert!(Clearance::ToiMat.requires_second_factor(Role::Officer));
        assert!(!Clearance::Mat.requires_second_factor(Role::Officer));
        assert!(Clearance::None.requires_second_factor(Role::Admin));
    }
}
