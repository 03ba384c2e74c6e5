//! Verification requests (công văn đề nghị thẩm tra) and their answers, item (24), with the rule
//! that neither the person verified nor any relative may carry a request (DOMAIN §5.1 step 3).

use crate::Declaration;
use crate::ids::PersonId;
use crate::text::fold;

coded_enum! {
    /// Where one request stands.
    RequestStatus {
        Planned = "planned" => "Chưa gửi",
        Sent = "sent" => "Đã gửi, chờ trả lời",
        Answered = "answered" => "Đã có kết quả",
        Dropped = "dropped" => "Đã bỏ",
        NotRequired = "not_required" => "Không phải thẩm tra",
    }
}

coded_enum! {
    /// The answer on one requested point.
    PointResult {
        Matches = "matches" => "Đúng như lý lịch đã khai",
        Differs = "differs" => "Khác với lý lịch đã khai",
        CannotVerify = "cannot_verify" => "Không xác minh được",
    }
}

coded_enum! {
    /// How a request travels.
    CarrierMode {
        Post = "post" => "Gửi theo đường công văn",
        InPerson = "in_person" => "Đảng viên trực tiếp mang đi",
    }
}

impl RequestStatus {
    /// Still waiting for something before verification can end.
    pub fn is_open(self) -> bool {
        matches!(self, RequestStatus::Planned | RequestStatus::Sent)
    }
}

/// The person or service that takes a request to the receiving committee.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Carrier {
    pub mode: CarrierMode,
    /// The party member carrying it, or the postal service.
    pub name: String,
    /// When the carrier was picked from the dossiers.
    pub person: Option<PersonId>,
}

/// Why `carrier` may not carry a request about `subject`, if it may not: the subject or a
/// relative, whether linked by dossier id (`related` are the persons linked to the subject) or
/// named in the subject's family table. A name match is refused too: a relative need not have
/// a dossier, and the rule admits no exception.
pub fn carrier_refusal(
    carrier: &Carrier,
    subject: PersonId,
    declaration: &Declaration,
    related: &[PersonId],
) -> Option<String> {
    if carrier.mode == CarrierMode::InPerson && carrier.name.trim().is_empty() {
        return Some("Phải ghi họ tên đảng viên mang công văn".into());
    }
    if let Some(p) = carrier.person {
        if p == subject {
            return Some("Không được giao người được thẩm tra tự đi thẩm tra lý lịch của mình".into());
        }
        if related.contains(&p) {
            return Some("Không được giao người thân của người được thẩm tra đi thẩm tra".into());
        }
    }
    let name = fold(&carrier.name);
    if name.is_empty() {
        return None;
    }
    let id = &declaration.identity;
    if fold(&id.full_name) == name || id.other_names.iter().any(|n| fold(n) == name) {
        return Some(format!(
            "Người mang công văn «{}» trùng họ tên với người được thẩm tra; không được giao người được thẩm tra tự đi thẩm tra",
            carrier.name.trim()
        ));
    }
    if let Some(r) = declaration.family.iter().find(|r| fold(&r.full_name) == name) {
        return Some(format!(
            "Người mang công văn «{}» trùng họ tên với người thân đã khai ({} {}); không được giao người thân đi thẩm tra",
            carrier.name.trim(),
            r.relation.label(),
            r.full_name
        ));
    }
    None
}

/// The committee of the commune-level unit named in a place ("Ấp Hòa Lập, xã Điện Hưng, tỉnh
/// Đồng Nai" → "Đảng ủy xã Điện Hưng"): where a request about someone living or born there goes.
pub fn grassroots_body(place: &str) -> Option<String> {
    const UNITS: [&str; 5] = ["xã ", "phường ", "thị trấn ", "đặc khu ", "thị xã "];
    place.split(',').map(str::trim).find_map(|part| {
        let lower = part.to_lowercase();
        UNITS.iter().any(|u| lower.starts_with(u)).then(|| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_lowercase().collect::<String>()).unwrap_or_default();
            format!("Đảng ủy {first}{}", chars.as_str())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_go_to_the_commune_committee_named_in_the_place() {
        assert_eq!(grassroots_body("Ấp Hòa Lập, xã Điện Hưng, tỉnh Đồng Nai").as_deref(), Some("Đảng ủy xã Điện Hưng"));
        assert_eq!(grassroots_body("Phường Bến Thành, TP Hồ Chí Minh").as_deref(), Some("Đảng ủy phường Bến Thành"));
        assert_eq!(grassroots_body("Hàn Quốc"), None);
        assert_eq!(grassroots_body("tỉnh Nghệ An"), None);
    }

    fn decl() -> Declaration {
        Declaration::from_json(include_str!("../../tests/fixtures/declaration.json")).unwrap()
    }

    fn carrier(name: &str, person: Option<i64>) -> Carrier {
        Carrier { mode: CarrierMode::InPerson, name: name.into(), person: person.map(PersonId) }
    }

    #[test]
    fn subject_and_relatives_never_carry() {
        let d = decl();
        let related = [PersonId(7)];
        assert!(carrier_refusal(&carrier("Lê Thị Hoa", Some(1)), PersonId(1), &d, &related).is_some());
        assert!(carrier_refusal(&carrier("Lê Thị Hoa", Some(7)), PersonId(1), &d, &related).is_some());
        assert!(carrier_refusal(&carrier("nguyen thi hong nhung", None), PersonId(1), &d, &related).is_some());
        let r = carrier_refusal(&carrier("NGUYỄN VĂN HÙNG", None), PersonId(1), &d, &related).unwrap();
        assert!(r.contains("Cha đẻ") || r.contains("người thân"), "{r}");
        assert!(carrier_refusal(&carrier("", None), PersonId(1), &d, &related).is_some());
        assert_eq!(carrier_refusal(&carrier("Lê Thị Hoa", Some(9)), PersonId(1), &d, &related), None);
        let post = Carrier { mode: CarrierMode::Post, name: String::new(), person: None };
        assert_eq!(carrier_refusal(&post, PersonId(1), &d, &related), None);
    }
}
