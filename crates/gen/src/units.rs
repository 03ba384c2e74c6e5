//! Provincial agencies and their names: the intermediate committees of a province (cơ quan
//! Đảng, Ủy ban nhân dân, Công an, Quân sự, and in some provinces a khối doanh nghiệp) and
//! the grassroots organisations under them.

use crate::orgs::{Builder, HolderCtx, Sector, agency_grassroots};
use crate::places::PROVINCES;
use crate::rng::{one, pm};
use bvctnb_core::OrgId;
use bvctnb_core::org::OrgKind;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Parent {
    PartyAgencies,
    People,
    Police,
    Military,
    Business,
    Direct,
}

const PARTY_UNITS: &[&str] = &[
    "Văn phòng Tỉnh ủy",
    "Ban Tổ chức Tỉnh ủy",
    "Ủy ban Kiểm tra Tỉnh ủy",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy",
    "Ban Nội chính Tỉnh ủy",
    "Trường Chính trị tỉnh",
    "Báo và Phát thanh, Truyền hình tỉnh",
    "Cơ quan Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh",
    "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
    "Tòa án nhân dân tỉnh",
    "Viện Kiểm sát nhân dân tỉnh",
];
const PEOPLE_UNITS: &[(&str, Sector)] = &[
    ("Văn phòng Ủy ban nhân dân tỉnh", Sector::Office),
    ("Sở Nội vụ", Sector::Office),
    ("Sở Tài chính", Sector::Office),
    ("Sở Xây dựng", Sector::Office),
    ("Sở Nông nghiệp và Môi trường", Sector::Office),
    ("Sở Công Thương", Sector::Office),
    ("Sở Giáo dục và Đào tạo", Sector::Office),
    ("Sở Y tế", Sector::Health),
    ("Sở Khoa học và Công nghệ", Sector::Office),
    ("Sở Văn hóa, Thể thao và Du lịch", Sector::Office),
    ("Sở Tư pháp", Sector::Office),
    ("Sở Dân tộc và Tôn giáo", Sector::Office),
    ("Thanh tra tỉnh", Sector::Office),
    ("Bệnh viện Đa khoa tỉnh", Sector::Health),
    ("Bệnh viện Nhi", Sector::Health),
    ("Bệnh viện Y học cổ truyền", Sector::Health),
    ("Bệnh viện Lao và Bệnh phổi", Sector::Health),
    ("Trung tâm Kiểm soát bệnh tật", Sector::Health),
    ("Trường Đại học", Sector::University),
    ("Trường Cao đẳng Kỹ thuật", Sector::University),
    ("Trường Cao đẳng Y tế", Sector::University),
    ("Ban Quản lý các khu công nghiệp", Sector::Office),
    ("Ban Quản lý dự án đầu tư xây dựng tỉnh", Sector::Office),
];
const POLICE_UNITS: &[&str] = &[
    "Phòng Tham mưu",
    "Phòng Tổ chức cán bộ",
    "Phòng An ninh chính trị nội bộ",
    "Phòng An ninh điều tra",
    "Phòng Cảnh sát hình sự",
    "Phòng Cảnh sát kinh tế",
    "Phòng Cảnh sát điều tra tội phạm về ma túy",
    "Phòng Cảnh sát giao thông",
    "Phòng Cảnh sát quản lý hành chính về trật tự xã hội",
    "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ",
    "Phòng Quản lý xuất nhập cảnh",
    "Phòng Cảnh sát cơ động",
    "Phòng Hậu cần",
    "Phòng Kỹ thuật hình sự",
    "Trại tạm giam",
];
const MILITARY_UNITS: &[&str] =
    &["Cơ quan Bộ Chỉ huy Quân sự tỉnh", "Trường Quân sự tỉnh", "Tiểu đoàn Bộ binh", "Đại đội Trinh sát"];
const BUSINESS: &[&str] = &[
    "Cấp thoát nước",
    "Xổ số kiến thiết",
    "Môi trường đô thị",
    "Vận tải",
    "Phát triển hạ tầng khu công nghiệp",
    "Cao su",
    "Dược phẩm",
    "May mặc",
    "Xây dựng và Thương mại",
    "Lâm nghiệp",
    "Điện nước",
    "Thủy lợi",
    "Cơ khí",
    "Vật liệu xây dựng",
    "Thực phẩm",
    "Phát triển nhà",
];
const SCHOOL_KINDS: &[&str] =
    &["Trường Trung học phổ thông", "Trung tâm Y tế khu vực", "Trường Phổ thông Dân tộc nội trú"];

/// Grassroots organisations of a province outside the communes: `n` of them shared among
/// the intermediate committees (some provinces have no khối doanh nghiệp) and direct units.
pub(crate) fn agencies(b: &mut Builder, pid: OrgId, p: usize, n: usize) {
    let prov = &PROVINCES[p];
    let admin = prov.admin_name();
    let business_bloc = pm(&mut b.rng, 450);
    let shares: [(Parent, f64); 5] = [
        (Parent::PartyAgencies, 0.05),
        (Parent::People, 0.47),
        (Parent::Police, 0.2),
        (Parent::Military, 0.06),
        (Parent::Business, if business_bloc { 0.12 } else { 0.0 }),
    ];
    let mut counts: Vec<(Parent, usize)> = shares.iter().map(|&(k, s)| (k, (n as f64 * s).round() as usize)).collect();
    let assigned: usize = counts.iter().map(|c| c.1).sum();
    counts.push((Parent::Direct, n.saturating_sub(assigned)));
    let mut left = n;
    for (kind, count) in counts {
        let count = count.min(left);
        left -= count;
        if count == 0 {
            continue;
        }
        let parent = match kind {
            Parent::Direct => pid,
            _ => {
                let name = match kind {
                    Parent::PartyAgencies => format!("Đảng bộ các cơ quan Đảng {admin}"),
                    Parent::People => format!("Đảng bộ Ủy ban nhân dân {admin}"),
                    Parent::Police => format!("Đảng bộ Công an {admin}"),
                    Parent::Military => format!("Đảng bộ Quân sự {admin}"),
                    _ => format!("Đảng bộ Khối Doanh nghiệp {admin}"),
                };
                b.node(Some(pid), OrgKind::Intermediate, name, "ĐUK")
            }
        };
        for k in 0..count {
            unit(b, parent, p, kind, k);
        }
    }
}

fn unit(b: &mut Builder, parent: OrgId, p: usize, kind: Parent, k: usize) {
    let prov = &PROVINCES[p];
    let pname = prov.name;
    let commune = b.any_commune(p);
    let cname = b.tree.communes[commune as usize].name.clone();
    let (name, sector, committee_pm) = match kind {
        Parent::PartyAgencies => match PARTY_UNITS.get(k) {
            Some(u) if prov.city => (city_wording(u), Sector::Office, 350),
            Some(u) => ((*u).to_string(), Sector::Office, 350),
            None => (format!("Tòa án nhân dân khu vực {}", k - PARTY_UNITS.len() + 1), Sector::Office, 100),
        },
        Parent::People => match PEOPLE_UNITS.get(k) {
            Some((u, s)) if u.starts_with("Trường Đại học") => (format!("{u} {pname}"), *s, 900),
            Some((u, s)) if prov.city => (city_wording(u), *s, 450),
            Some((u, s)) => ((*u).to_string(), *s, 450),
            None => {
                let kind = one(&mut b.rng, SCHOOL_KINDS);
                let sector = if kind.contains("Y tế") { Sector::Health } else { Sector::School };
                (format!("{kind} {cname}"), sector, 150)
            }
        },
        Parent::Police => match POLICE_UNITS.get(k) {
            Some(u) => ((*u).to_string(), Sector::Police, 300),
            None => {
                let c = &b.tree.communes[commune as usize];
                (format!("Công an {} {}", c.kind.label(), c.name), Sector::Police, 120)
            }
        },
        Parent::Military => match MILITARY_UNITS.get(k) {
            Some(u) => ((*u).to_string(), Sector::Military, 500),
            None => (format!("Ban Chỉ huy Phòng thủ khu vực {}", k - MILITARY_UNITS.len() + 1), Sector::Military, 200),
        },
        Parent::Business | Parent::Direct => {
            let what = one(&mut b.rng, BUSINESS);
            let form = if pm(&mut b.rng, 500) { "Công ty TNHH Một thành viên" } else { "Công ty Cổ phần" };
            let place = if pm(&mut b.rng, 500) { pname } else { cname.as_str() };
            (format!("{form} {what} {place}"), Sector::Enterprise, 300)
        }
    };
    let place = b.text(name.clone());
    let ctx = HolderCtx { province: p as u8, commune, place, sector };
    agency_grassroots(b, parent, &name, committee_pm, 1.0, ctx);
}

/// A city's committee is the Thành ủy and its agencies are "of the city", not "of the province".
fn city_wording(u: &str) -> String {
    u.replace("Tỉnh ủy", "Thành ủy").replace(" tỉnh", " thành phố")
}

/// Names of đảng bộ bộ phận inside a grassroots committee.
pub(crate) fn sub_unit_name(sector: Sector, s: usize) -> String {
    let list: &[&str] = match sector {
        Sector::Health => &["Khối Nội", "Khối Ngoại", "Khối Cận lâm sàng"],
        Sector::University | Sector::School => &["Khối Khoa học tự nhiên", "Khối Khoa học xã hội", "Sinh viên"],
        Sector::Enterprise => &["Xí nghiệp 1", "Xí nghiệp 2", "Xí nghiệp 3"],
        Sector::Police => &["Khối Nghiệp vụ", "Khối Tham mưu - Hậu cần", "Khối Cơ động"],
        _ => &["Khối Nghiệp vụ", "Khối Văn phòng", "Khối Đơn vị trực thuộc"],
    };
    list.get(s - 1).map(|x| (*x).to_string()).unwrap_or_else(|| format!("số {s}"))
}

/// Name of the `i`-th cell of an agency committee, in the vocabulary of its sector.
pub(crate) fn cell_name(sector: Sector, i: usize) -> String {
    let list: &[&str] = match sector {
        Sector::Health => &[
            "Khoa Khám bệnh",
            "Khoa Nội",
            "Khoa Ngoại",
            "Khoa Sản",
            "Khoa Nhi",
            "Khoa Hồi sức cấp cứu",
            "Khoa Xét nghiệm",
            "Khoa Chẩn đoán hình ảnh",
            "Khoa Dược",
            "Phòng Điều dưỡng",
            "Phòng Kế hoạch tổng hợp",
        ],
        Sector::University | Sector::School => &[
            "Khoa Kinh tế",
            "Khoa Công nghệ thông tin",
            "Khoa Sư phạm",
            "Khoa Ngoại ngữ",
            "Khoa Luật",
            "Khoa Kỹ thuật",
            "Phòng Đào tạo",
            "Phòng Tổ chức - Hành chính",
            "Sinh viên",
        ],
        Sector::Enterprise => &[
            "Phòng Tổ chức - Hành chính",
            "Phòng Kỹ thuật",
            "Phòng Kế toán",
            "Phân xưởng 1",
            "Phân xưởng 2",
            "Phân xưởng 3",
            "Đội Thi công",
            "Phòng Kinh doanh",
        ],
        Sector::Police => &[
            "Đội Tổng hợp",
            "Đội Điều tra",
            "Đội Trinh sát",
            "Đội Nghiệp vụ",
            "Đội Cảnh sát giao thông",
            "Đội Quản lý hành chính",
            "Đội Phòng cháy chữa cháy",
            "Đội Cơ động",
        ],
        Sector::Military => &[
            "Ban Tham mưu",
            "Ban Chính trị",
            "Ban Hậu cần - Kỹ thuật",
            "Đại đội 1",
            "Đại đội 2",
            "Đại đội 3",
            "Đại đội 4",
            "Đại đội 5",
            "Đại đội 6",
            "Đại đội 7",
            "Đại đội 8",
            "Đại đội 9",
        ],
        Sector::Abroad => &["Phòng Lãnh sự", "Phòng Kinh tế", "Phòng Chính trị", "Phòng Văn hóa - Giáo dục"],
        _ => &[
            "Văn phòng",
            "Phòng Tổ chức cán bộ",
            "Phòng Kế hoạch - Tài chính",
            "Phòng Nghiệp vụ 1",
            "Phòng Nghiệp vụ 2",
            "Phòng Thanh tra - Pháp chế",
            "Phòng Tổng hợp",
            "Trung tâm Thông tin",
        ],
    };
    match list.get(i) {
        Some(x) => format!("Chi bộ {x}"),
        None => format!("Chi bộ số {}", i + 1),
    }
}
