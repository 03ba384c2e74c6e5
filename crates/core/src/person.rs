//! Items (1)–(13) of Mẫu 2-KNĐ: who the person is.

use crate::date::PartialDate;
use crate::error::{FieldError, FieldErrors};
use crate::identity::{Cccd, HistoryNo, PartyCardNo, Sex};
use serde::{Deserialize, Serialize};

/// A place as the form writes it: the current name, and the old one where names changed
/// ("xã Tân Phong (xã Tân Hòa cũ)").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Place {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_name: Option<String>,
    /// Province code (the CCCD code list), when known; it lets the CCCD be cross-checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub province_code: Option<String>,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.old_name {
            Some(old) => write!(f, "{} ({} cũ)", self.name, old),
            None => f.write_str(&self.name),
        }
    }
}

/// Item (11).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Education {
    /// Giáo dục phổ thông, e.g. "12/12".
    #[serde(default)]
    pub general: String,
    #[serde(default)]
    pub vocational: String,
    #[serde(default)]
    pub highest_degree: String,
    #[serde(default)]
    pub academic_title: String,
    #[serde(default)]
    pub political_theory: String,
    #[serde(default)]
    pub foreign_language: String,
    #[serde(default)]
    pub it: String,
    #[serde(default)]
    pub minority_language: String,
}

/// A date and place of joining (Youth Union, first admission, …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Joined {
    pub date: PartialDate,
    #[serde(default)]
    pub place: String,
}

/// Item (13), for re-admission only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readmission {
    pub first_admitted: Joined,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_full_member: Option<Joined>,
    #[serde(default)]
    pub first_referees: Vec<String>,
}

/// Party standing of the person; an applicant has none of the dates yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemberStatus {
    /// Quần chúng xin vào Đảng.
    Applicant,
    /// Đảng viên dự bị.
    Probationary,
    /// Đảng viên chính thức.
    Full,
}

impl MemberStatus {
    pub const ALL: [MemberStatus; 3] = [MemberStatus::Applicant, MemberStatus::Probationary, MemberStatus::Full];

    /// The stored code, as serde writes it.
    pub fn code(&self) -> &'static str {
        match self {
            MemberStatus::Applicant => "applicant",
            MemberStatus::Probationary => "probationary",
            MemberStatus::Full => "full",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.code() == s)
    }

    /// The label of a stored code, or the code itself when unknown.
    pub fn label_of(code: &str) -> &str {
        Self::from_code(code).map_or(code, |m| m.label())
    }

    pub fn label(&self) -> &'static str {
        match self {
            MemberStatus::Applicant => "Người xin vào Đảng",
            MemberStatus::Probationary => "Đảng viên dự bị",
            MemberStatus::Full => "Đảng viên chính thức",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartyInfo {
    pub status: MemberStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card_no: Option<PartyCardNo>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admitted_on: Option<PartialDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub full_member_on: Option<PartialDate>,
}

/// Items (1)–(13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// (1) Birth name. Stored as written (NFC); printed in capitals on the form.
    pub full_name: String,
    /// (2)
    #[serde(default)]
    pub other_names: Vec<String>,
    /// (3)
    pub birth_date: PartialDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cccd: Option<Cccd>,
    /// (4)
    pub sex: Sex,
    /// (5) Place of birth registration.
    pub birth_place: Place,
    /// (6)
    pub hometown: Place,
    /// (7)
    pub permanent_residence: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub temporary_residence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub foreign_address: Option<String>,
    /// (8)
    pub ethnicity: String,
    #[serde(default = "default_nationality")]
    pub nationality: String,
    /// (9) `None` means "Không".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub religion: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub religious_rank: Option<String>,
    /// (10)
    #[serde(default)]
    pub occupation: String,
    /// (11)
    #[serde(default)]
    pub education: Education,
    /// (12)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub youth_union: Option<Joined>,
    /// (13)
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub readmission: Option<Readmission>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub history_no: Option<HistoryNo>,
}

pub fn default_nationality() -> String {
    "Việt Nam".to_string()
}

pub fn is_default_nationality(s: &str) -> bool {
    s == "Việt Nam"
}

impl Identity {
    /// Rules that span several fields; single-field rules are enforced by the types.
    pub fn validate(&self) -> FieldErrors {
        let mut errs = FieldErrors::default();
        if let Err(e) = crate::text::normalize_name(&self.full_name) {
            errs.push(FieldError::new("full_name", e.to_string()));
        }
        if let Some(c) = &self.cccd {
            if let Err(e) = Cccd::parse(c.as_str(), &self.birth_date, self.sex) {
                errs.push(e);
            } else if let Some(code) = &self.birth_place.province_code
                && code != c.province_code()
            {
                errs.push(FieldError::new(
                    "cccd",
                    format!(
                        "Mã tỉnh {} của số CCCD ({}) khác nơi đăng ký khai sinh ({})",
                        c.province_code(),
                        c.province(),
                        self.birth_place
                    ),
                ));
            }
        }
        if self.birth_place.name.trim().is_empty() {
            errs.push(FieldError::new("birth_place.name", "Nơi đăng ký khai sinh không được để trống"));
        }
        if self.hometown.name.trim().is_empty() {
            errs.push(FieldError::new("hometown.name", "Quê quán không được để trống"));
        }
        if self.permanent_residence.trim().is_empty() {
            errs.push(FieldError::new("permanent_residence", "Nơi thường trú không được để trống"));
        }
        if !crate::reference::is_ethnicity(&self.ethnicity) {
            errs.push(FieldError::new("ethnicity", format!("\"{}\" không thuộc danh mục 54 dân tộc", self.ethnicity)));
        }
        if let Some(yu) = &self.youth_union
            && yu.date.cmp_honest(&self.birth_date) != Some(std::cmp::Ordering::Greater)
        {
            errs.push(FieldError::new("youth_union.date", "Ngày vào Đoàn phải sau ngày sinh"));
        }
        errs
    }
}

impl PartyInfo {
    pub fn validate(&self, birth: &PartialDate) -> FieldErrors {
        let mut errs = FieldErrors::default();
        if self.status != MemberStatus::Applicant && self.admitted_on.is_none() {
            errs.push(FieldError::new("admitted_on", "Đảng viên phải có ngày vào Đảng"));
        }
        if self.status == MemberStatus::Full && self.full_member_on.is_none() {
            errs.push(FieldError::new("full_member_on", "Đảng viên chính thức phải có ngày chính thức"));
        }
        if let Some(a) = &self.admitted_on {
            if let Some(age) = a.age_on_date_of(birth)
                && age < 18
            {
                errs.push(FieldError::new("admitted_on", "Ngày vào Đảng phải từ đủ 18 tuổi trở lên"));
            }
            if let Some(f) = &self.full_member_on
                && f.cmp_honest(a) != Some(std::cmp::Ordering::Greater)
            {
                errs.push(FieldError::new("full_member_on", "Ngày chính thức phải sau ngày vào Đảng"));
            }
        }
        errs
    }
}
