//! Reference lists used to validate declarations and to generate realistic data.
//! Shares are approximate population shares (2019 census) in per-mille, for the generator.

/// The 54 recognised ethnic groups, with their approximate share of the population (‰).
pub const ETHNICITIES: &[(&str, u32)] = &[
    ("Kinh", 853),
    ("Tày", 19),
    ("Thái", 18),
    ("Mường", 15),
    ("H'Mông", 15),
    ("Khmer", 14),
    ("Nùng", 11),
    ("Dao", 9),
    ("Hoa", 8),
    ("Gia Rai", 5),
    ("Ê Đê", 4),
    ("Ba Na", 3),
    ("Xơ Đăng", 2),
    ("Sán Chay", 2),
    ("Cơ Ho", 2),
    ("Chăm", 2),
    ("Sán Dìu", 2),
    ("Hrê", 1),
    ("Ra Glai", 1),
    ("Mnông", 1),
    ("Thổ", 1),
    ("Xtiêng", 1),
    ("Khơ Mú", 1),
    ("Bru - Vân Kiều", 1),
    ("Cơ Tu", 1),
    ("Giáy", 1),
    ("Tà Ôi", 1),
    ("Mạ", 1),
    ("Giẻ Triêng", 1),
    ("Co", 1),
    ("Chơ Ro", 1),
    ("Xinh Mun", 1),
    ("Hà Nhì", 1),
    ("Chu Ru", 1),
    ("Lào", 1),
    ("La Chí", 1),
    ("Kháng", 1),
    ("Phù Lá", 1),
    ("La Hủ", 1),
    ("La Ha", 1),
    ("Pà Thẻn", 1),
    ("Lự", 1),
    ("Ngái", 1),
    ("Chứt", 1),
    ("Lô Lô", 1),
    ("Mảng", 1),
    ("Cờ Lao", 1),
    ("Bố Y", 1),
    ("Cống", 1),
    ("Si La", 1),
    ("Pu Péo", 1),
    ("Rơ Măm", 1),
    ("Brâu", 1),
    ("Ơ Đu", 1),
];

/// Religions recognised by the state, "Không" first; shares among party members (‰) are
/// rough guesses for synthetic data only.
pub const RELIGIONS: &[(&str, u32)] = &[
    ("Không", 930),
    ("Phật giáo", 40),
    ("Công giáo", 20),
    ("Tin Lành", 4),
    ("Cao Đài", 3),
    ("Phật giáo Hòa Hảo", 2),
    ("Hồi giáo", 1),
    ("Bà La Môn", 1),
    ("Tịnh độ Cư sĩ Phật hội Việt Nam", 1),
    ("Bửu Sơn Kỳ Hương", 1),
];

pub fn is_ethnicity(s: &str) -> bool {
    ETHNICITIES.iter().any(|(e, _)| crate::text::fold(e) == crate::text::fold(s))
}

pub fn canonical_ethnicity(s: &str) -> Option<&'static str> {
    let f = crate::text::fold(s);
    ETHNICITIES.iter().find(|(e, _)| crate::text::fold(e) == f).map(|(e, _)| *e)
}

#[cfg(test)]
mod tests {
    #[test]
    fn there_are_54_ethnicities() {
        assert_eq!(super::ETHNICITIES.len(), 54);
    }
}
