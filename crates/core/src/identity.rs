//! Identity items of Mẫu 2-KNĐ as validated types: each constructor checks the rule and names
//! the field in its error.

use crate::date::PartialDate;
use crate::error::FieldError;
use crate::provinces::province_name;
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    pub fn code(&self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
        }
    }

    pub fn label(&self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }
}

/// Căn cước công dân: 12 digits = province of birth registration (3), century and sex (1),
/// last two digits of the birth year (2), serial (6).
///
/// Read from JSON through [`Cccd::parse_format`], so a stored number is always 12 digits with a
/// known province (blanks around it dropped): what the accessors below rely on.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Cccd(String);

impl Cccd {
    /// Checks the number against the holder's birth date and sex, as a clerk would before
    /// accepting a declaration: a mismatch usually means a typo in one of the three fields.
    pub fn parse(s: &str, birth: &PartialDate, sex: Sex) -> Result<Self, FieldError> {
        let c = Self::parse_format(s)?;
        let year = birth.year();
        let digit = c.century_sex_digit();
        let expected = century_sex_digit(year, sex)
            .ok_or_else(|| FieldError::new("cccd", format!("Năm sinh {year} nằm ngoài phạm vi mã thế kỷ của CCCD")))?;
        if digit != expected {
            return Err(FieldError::new(
                "cccd",
                format!(
                    "Chữ số thứ 4 của số CCCD là {digit} nhưng người sinh năm {year}, giới tính {} phải là {expected}",
                    sex.label().to_lowercase()
                ),
            ));
        }
        let yy = (year.rem_euclid(100)) as u32;
        if c.birth_year_digits() != yy {
            return Err(FieldError::new(
                "cccd",
                format!("Chữ số thứ 5–6 của số CCCD là {:02} nhưng năm sinh là {year}", c.birth_year_digits()),
            ));
        }
        Ok(c)
    }

    /// Checks only the form: 12 digits and a known province code.
    pub fn parse_format(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("cccd", "Số CCCD phải gồm đúng 12 chữ số"));
        }
        if province_name(&s[..3]).is_none() {
            return Err(FieldError::new(
                "cccd",
                format!("Mã tỉnh \"{}\" ở 3 chữ số đầu của số CCCD không tồn tại", &s[..3]),
            ));
        }
        Ok(Self(s.to_string()))
    }

    pub fn province_code(&self) -> &str {
        &self.0[..3]
    }

    pub fn province(&self) -> &'static str {
        province_name(self.province_code()).expect("checked on parse")
    }

    fn century_sex_digit(&self) -> u32 {
        u32::from(self.0.as_bytes()[3] - b'0')
    }

    fn birth_year_digits(&self) -> u32 {
        self.0[4..6].parse().expect("digits")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Cccd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Digit 4 of a CCCD: 0/1 for men/women born 1900–1999, 2/3 for 2000–2099, … and 8/9 for
/// 2300–2399 (the scheme wraps: no digit is left for the 1800s).
pub fn century_sex_digit(year: i32, sex: Sex) -> Option<u32> {
    let base = match year {
        1900..=1999 => 0,
        2000..=2099 => 2,
        2100..=2199 => 4,
        2200..=2299 => 6,
        2300..=2399 => 8,
        _ => return None,
    };
    Some(base + u32::from(sex == Sex::Female))
}

/// Party card number (số thẻ đảng viên): 12 digits. Read from JSON through its parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct PartyCardNo(String);

impl PartyCardNo {
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        if s.len() != 12 || !s.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new("party_card_no", "Số thẻ đảng viên phải gồm đúng 12 chữ số"));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// Personal-history number (số lý lịch). Its format is set by each organisation board, so
/// only what every format shares is enforced: letters, digits and the separators `-` `/` `.`.
/// Read from JSON through its parse.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct HistoryNo(String);

impl HistoryNo {
    pub fn parse(s: &str) -> Result<Self, FieldError> {
        let s = s.trim();
        if s.is_empty() || s.len() > 32 {
            return Err(FieldError::new("history_no", "Số lý lịch phải có từ 1 đến 32 ký tự"));
        }
        if !s.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '/' | '.')) {
            return Err(FieldError::new("history_no", "Số lý lịch chỉ gồm chữ cái không dấu, chữ số và các dấu - / ."));
        }
        Ok(Self(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The three numbers are checked as they are read, whatever reads them (an import line, the
/// API's body, a stored version): a value that only looked checked once let a CCCD with a blank
/// before it through validation and then panic where its province was looked up (found by the
/// declaration fuzz target).
macro_rules! read_through_parse {
    ($t:ty, $parse:path) => {
        impl TryFrom<String> for $t {
            type Error = String;
            fn try_from(s: String) -> Result<Self, String> {
                $parse(&s).map_err(|e| e.message)
            }
        }
        impl From<$t> for String {
            fn from(v: $t) -> String {
                v.0
            }
        }
    };
}
read_through_parse!(Cccd, Cccd::parse_format);
read_through_parse!(PartyCardNo, PartyCardNo::parse);
read_through_parse!(HistoryNo, HistoryNo::parse);

#[cfg(test)]
mod tests {
    use super::*;

    fn born(s: &str) -> PartialDate {
        PartialDate::parse(s).unwrap()
    }

    #[test]
    fn accepts_a_consistent_cccd() {
        let c = Cccd::parse("001085012345", &born("12/03/1985"), Sex::Male).unwrap();
        assert_eq!(c.province(), "Hà Nội");
        Cccd::parse("079302012345", &born("2002"), Sex::Female).unwrap();
    }

    #[test]
    fn rejects_inconsistent_cccd_naming_the_field() {
        let e = Cccd::parse("001185012345", &born("1985"), Sex::Male).unwrap_err();
        assert_eq!(e.field, "cccd");
        assert!(e.message.contains("thứ 4"), "{}", e.message);
        let e = Cccd::parse("001086012345", &born("1985"), Sex::Male).unwrap_err();
        assert!(e.message.contains("5–6"), "{}", e.message);
        let e = Cccd::parse("003085012345", &born("1985"), Sex::Male).unwrap_err();
        assert!(e.message.contains("Mã tỉnh"), "{}", e.message);
        let e = Cccd::parse("00108501234", &born("1985"), Sex::Male).unwrap_err();
        assert!(e.message.contains("12 chữ số"));
        assert!(Cccd::parse("00108501234x", &born("1985"), Sex::Male).is_err());
    }

    #[test]
    fn party_card_and_history_numbers() {
        assert!(PartyCardNo::parse("123456789012").is_ok());
        assert_eq!(PartyCardNo::parse("12345").unwrap_err().field, "party_card_no");
        assert!(HistoryNo::parse("LL-2024/015").is_ok());
        assert_eq!(HistoryNo::parse("số 1").unwrap_err().field, "history_no");
    }
}
