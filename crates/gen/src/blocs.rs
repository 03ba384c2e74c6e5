//! The party organisations directly under the Central Committee other than the provinces:
//! the central blocs formed in 2025, the army, the police and the organisations abroad.

use crate::orgs::{Builder, HolderCtx, Sector, agency_committee, agency_grassroots};
use crate::places::{HA_NOI, PROVINCES};
use bvctnb_core::OrgId;
use bvctnb_core::org::OrgKind;

/// Members of the 34 provincial committees in the national scale; the blocs below hold the
/// rest of the ≈ 5.6 M.
pub(crate) const PROVINCE_MEMBERS: f64 = 4_853_000.0;

/// Intended members per grassroots organisation in the blocs: units there are larger.
const BLOC_AVG: f64 = 200.0;
/// Share (‰) of bloc grassroots organisations that are committees rather than cells, and
/// the size multiplier that brings their mean to [`BLOC_AVG`].
const BLOC_COMMITTEE_PM: u32 = 700;
const BLOC_SCALE: f64 = BLOC_AVG / (0.7 * 104.5 + 0.3 * 25.0);

#[derive(Clone, Copy)]
enum Sub {
    /// The part is itself one grassroots committee.
    Own,
    Ministry,
    /// Branches named after each province: "Công ty Điện lực Nghệ An".
    PerProvince(&'static str),
    Fixed(&'static [&'static str]),
    Army,
    Police,
    Academy,
    /// "Kiểm toán Nhà nước khu vực IV".
    Numbered(&'static str),
    Embassy,
}

struct Part {
    name: &'static str,
    weight: f64,
    sub: Sub,
    home: &'static str,
    sector: Sector,
}

const fn part(name: &'static str, weight: f64, sub: Sub, home: &'static str, sector: Sector) -> Part {
    Part { name, weight, sub, home, sector }
}

struct Bloc {
    name: &'static str,
    code: &'static str,
    members: f64,
    parts: &'static [Part],
}

use Sector::{Enterprise as E, Military as M, Office as O, Police as P, University as U};
use Sub::*;

const HN: &str = "Hà Nội";

const BLOCS: &[Bloc] = &[
    Bloc {
        name: "Đảng bộ các cơ quan Đảng Trung ương",
        code: "ĐUCQĐTW",
        members: 25_000.0,
        parts: &[
            part("Văn phòng Trung ương Đảng", 3.0, Own, HN, O),
            part("Ban Tổ chức Trung ương", 1.0, Own, HN, O),
            part("Ủy ban Kiểm tra Trung ương", 1.0, Own, HN, O),
            part("Ban Tuyên giáo và Dân vận Trung ương", 1.0, Own, HN, O),
            part("Ban Chính sách, chiến lược Trung ương", 1.0, Own, HN, O),
            part("Ban Nội chính Trung ương", 1.0, Own, HN, O),
            part("Ban Đối ngoại Trung ương", 1.0, Own, HN, O),
            part("Báo Nhân Dân", 1.5, Own, HN, O),
            part("Tạp chí Cộng sản", 0.5, Own, HN, O),
            part("Học viện Chính trị quốc gia Hồ Chí Minh", 5.0, Academy, HN, U),
            part("Tòa án nhân dân tối cao", 4.0, Numbered("Tòa án nhân dân cấp cao khu vực"), HN, O),
            part("Viện Kiểm sát nhân dân tối cao", 4.0, Numbered("Viện Kiểm sát nhân dân cấp cao khu vực"), HN, O),
        ],
    },
    Bloc {
        name: "Đảng bộ Chính phủ",
        code: "ĐUCP",
        members: 190_000.0,
        parts: &[
            part("Bộ Tài chính", 10.0, Ministry, HN, O),
            part("Bộ Công Thương", 5.0, Ministry, HN, O),
            part("Bộ Nông nghiệp và Môi trường", 8.0, Ministry, HN, O),
            part("Bộ Xây dựng", 6.0, Ministry, HN, O),
            part("Bộ Nội vụ", 4.0, Ministry, HN, O),
            part("Bộ Tư pháp", 3.0, Ministry, HN, O),
            part("Bộ Ngoại giao", 3.0, Ministry, HN, O),
            part("Bộ Giáo dục và Đào tạo", 4.0, Ministry, HN, O),
            part("Bộ Y tế", 8.0, Ministry, HN, Sector::Health),
            part("Bộ Khoa học và Công nghệ", 5.0, Ministry, HN, O),
            part("Bộ Văn hóa, Thể thao và Du lịch", 4.0, Ministry, HN, O),
            part("Bộ Dân tộc và Tôn giáo", 1.0, Ministry, HN, O),
            part("Ngân hàng Nhà nước Việt Nam", 4.0, Ministry, HN, O),
            part("Thanh tra Chính phủ", 1.0, Own, HN, O),
            part("Văn phòng Chính phủ", 1.0, Own, HN, O),
            part("Tập đoàn Điện lực Việt Nam", 12.0, PerProvince("Công ty Điện lực"), HN, E),
            part(
                "Tập đoàn Công nghiệp - Năng lượng Quốc gia Việt Nam",
                8.0,
                Fixed(&[
                    "Tổng công ty Thăm dò Khai thác Dầu khí",
                    "Tổng công ty Khí Việt Nam",
                    "Tổng công ty Điện lực Dầu khí Việt Nam",
                    "Tổng công ty Phân bón và Hóa chất Dầu khí",
                    "Tổng công ty Dịch vụ Kỹ thuật Dầu khí Việt Nam",
                    "Công ty Lọc hóa dầu Bình Sơn",
                    "Liên doanh Việt - Nga Vietsovpetro",
                ]),
                "Hồ Chí Minh",
                E,
            ),
            part("Tập đoàn Bưu chính Viễn thông Việt Nam", 6.0, PerProvince("Viễn thông"), HN, E),
            part(
                "Tập đoàn Công nghiệp Than - Khoáng sản Việt Nam",
                6.0,
                Fixed(&[
                    "Công ty Than Hòn Gai",
                    "Công ty Than Hà Lầm",
                    "Công ty Than Mạo Khê",
                    "Công ty Than Vàng Danh",
                    "Công ty Than Nam Mẫu",
                    "Công ty Than Cọc Sáu",
                    "Công ty Than Đèo Nai",
                    "Công ty Than Núi Béo",
                    "Công ty Tuyển than Cửa Ông",
                    "Tổng công ty Khoáng sản",
                ]),
                "Quảng Ninh",
                E,
            ),
            part("Ngân hàng Thương mại cổ phần Ngoại thương Việt Nam", 4.0, PerProvince("Chi nhánh"), HN, E),
            part("Ngân hàng Nông nghiệp và Phát triển Nông thôn Việt Nam", 6.0, PerProvince("Chi nhánh"), HN, E),
            part("Đại học Quốc gia Hà Nội", 3.0, Academy, HN, U),
            part("Đại học Quốc gia Thành phố Hồ Chí Minh", 3.0, Academy, "Hồ Chí Minh", U),
            part("Viện Hàn lâm Khoa học và Công nghệ Việt Nam", 2.0, Academy, HN, U),
            part("Đài Truyền hình Việt Nam", 1.0, Own, HN, O),
            part("Thông tấn xã Việt Nam", 1.0, Own, HN, O),
        ],
    },
    Bloc {
        name: "Đảng bộ Quốc hội",
        code: "ĐUQH",
        members: 8_000.0,
        parts: &[
            part("Văn phòng Quốc hội", 4.0, Own, HN, O),
            part("Báo Đại biểu Nhân dân", 0.5, Own, HN, O),
            part("Truyền hình Quốc hội", 0.5, Own, HN, O),
            part("Viện Nghiên cứu lập pháp", 0.3, Own, HN, O),
            part("Kiểm toán Nhà nước", 3.0, Numbered("Kiểm toán Nhà nước khu vực"), HN, O),
        ],
    },
    Bloc {
        name: "Đảng bộ Mặt trận Tổ quốc, các đoàn thể Trung ương",
        code: "ĐUMTTQ",
        members: 10_000.0,
        parts: &[
            part("Cơ quan Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", 2.0, Own, HN, O),
            part("Trung ương Đoàn Thanh niên Cộng sản Hồ Chí Minh", 1.5, Own, HN, O),
            part("Trung ương Hội Liên hiệp Phụ nữ Việt Nam", 1.0, Own, HN, O),
            part("Tổng Liên đoàn Lao động Việt Nam", 2.0, Own, HN, O),
            part("Trung ương Hội Nông dân Việt Nam", 1.0, Own, HN, O),
            part("Trung ương Hội Cựu chiến binh Việt Nam", 0.5, Own, HN, O),
            part("Báo Tiền Phong", 0.5, Own, HN, O),
            part("Báo Lao Động", 0.5, Own, HN, O),
            part("Học viện Phụ nữ Việt Nam", 0.5, Own, HN, U),
            part("Trường Đại học Công đoàn", 0.5, Own, HN, U),
        ],
    },
    Bloc {
        name: "Đảng bộ Quân đội",
        code: "QUTW",
        members: 300_000.0,
        parts: &[
            part("Quân khu 1", 4.0, Army, "Thái Nguyên", M),
            part("Quân khu 2", 4.0, Army, "Phú Thọ", M),
            part("Quân khu 3", 4.0, Army, "Hải Phòng", M),
            part("Quân khu 4", 4.0, Army, "Nghệ An", M),
            part("Quân khu 5", 4.0, Army, "Đà Nẵng", M),
            part("Quân khu 7", 4.0, Army, "Hồ Chí Minh", M),
            part("Quân khu 9", 4.0, Army, "Cần Thơ", M),
            part("Bộ Tư lệnh Thủ đô Hà Nội", 3.0, Army, HN, M),
            part("Quân đoàn 12", 3.0, Army, HN, M),
            part("Quân đoàn 34", 2.5, Army, "Đắk Lắk", M),
            part("Quân chủng Phòng không - Không quân", 4.0, Army, HN, M),
            part("Quân chủng Hải quân", 4.0, Army, "Hải Phòng", M),
            part("Bộ đội Biên phòng", 4.0, Army, HN, M),
            part("Cảnh sát biển Việt Nam", 1.0, Army, HN, M),
            part("Bộ Tổng Tham mưu", 3.0, Army, HN, M),
            part("Tổng cục Chính trị", 2.0, Army, HN, M),
            part("Tổng cục Hậu cần - Kỹ thuật", 3.0, Army, HN, M),
            part("Tổng cục Công nghiệp quốc phòng", 3.0, Army, HN, M),
            part("Tập đoàn Công nghiệp - Viễn thông Quân đội", 3.0, PerProvince("Viettel"), HN, E),
            part("Học viện Quốc phòng", 1.0, Academy, HN, M),
        ],
    },
    Bloc {
        name: "Đảng bộ Công an Trung ương",
        code: "ĐUCATW",
        members: 210_000.0,
        parts: &[
            part("Bộ Tư lệnh Cảnh sát cơ động", 5.0, Police, HN, P),
            part("Bộ Tư lệnh Cảnh vệ", 2.0, Police, HN, P),
            part("Học viện An ninh nhân dân", 1.5, Academy, HN, P),
            part("Học viện Cảnh sát nhân dân", 1.5, Academy, HN, P),
            part("Cục Quản lý trại giam, cơ sở giáo dục bắt buộc, trường giáo dưỡng", 3.0, Police, HN, P),
            part("Văn phòng Bộ Công an", 1.0, Police, HN, P),
            part("Cục An ninh chính trị nội bộ", 1.0, Police, HN, P),
            part("Cục Cảnh sát hình sự", 1.0, Police, HN, P),
            part("Cục Cảnh sát giao thông", 1.5, Police, HN, P),
            part("Cục Quản lý xuất nhập cảnh", 1.0, Police, HN, P),
            part("Bệnh viện 19-8", 0.5, Own, HN, Sector::Health),
            part("Báo Công an nhân dân", 0.5, Own, HN, P),
        ],
    },
    Bloc {
        name: "Đảng bộ ngoài nước",
        code: "ĐUNN",
        members: 7_000.0,
        parts: &[part("Cơ quan đại diện Việt Nam ở nước ngoài", 1.0, Embassy, HN, Sector::Abroad)],
    },
];

const MINISTRY_UNITS: &[&str] = &[
    "Văn phòng Bộ",
    "Vụ Tổ chức cán bộ",
    "Vụ Kế hoạch - Tài chính",
    "Vụ Pháp chế",
    "Vụ Hợp tác quốc tế",
    "Thanh tra Bộ",
    "Cục Công nghệ thông tin",
    "Cục Quản lý chất lượng",
    "Viện Chiến lược và Chính sách",
    "Trung tâm Thông tin",
    "Báo điện tử",
    "Trường Cán bộ quản lý",
    "Cục Kiểm tra",
    "Cục Quản lý đầu tư",
];
const ACADEMY_UNITS: &[&str] = &[
    "Khoa Lý luận chính trị",
    "Khoa Kinh tế",
    "Khoa Luật",
    "Viện Nghiên cứu",
    "Phòng Đào tạo",
    "Trường Đại học Khoa học Tự nhiên",
    "Trường Đại học Khoa học Xã hội và Nhân văn",
    "Trường Đại học Công nghệ",
    "Trường Đại học Kinh tế",
    "Viện Toán học",
    "Viện Vật lý",
    "Viện Hóa học",
];
const POLICE_UNITS: &[&str] = &[
    "Phòng Tham mưu",
    "Phòng Chính trị",
    "Phòng Hậu cần",
    "Phòng Nghiệp vụ",
    "Trung đoàn Cảnh sát cơ động",
    "Trại giam",
    "Tiểu đoàn Cảnh vệ",
    "Phòng Điều tra",
    "Phòng Kỹ thuật",
];
pub(crate) const EMBASSY_COUNTRIES: &[&str] = &[
    "Hoa Kỳ",
    "Liên bang Nga",
    "Trung Quốc",
    "Nhật Bản",
    "Hàn Quốc",
    "Lào",
    "Campuchia",
    "Thái Lan",
    "Singapore",
    "Malaysia",
    "Indonesia",
    "Philippines",
    "Myanmar",
    "Brunei",
    "Ấn Độ",
    "Australia",
    "New Zealand",
    "Pháp",
    "Đức",
    "Vương quốc Anh",
    "Italy",
    "Tây Ban Nha",
    "Bỉ",
    "Hà Lan",
    "Thụy Điển",
    "Thụy Sĩ",
    "Áo",
    "Ba Lan",
    "Séc",
    "Hungary",
    "Bulgaria",
    "Romania",
    "Ukraine",
    "Belarus",
    "Canada",
    "Cuba",
    "Brazil",
    "Argentina",
    "Mexico",
    "Chile",
    "Venezuela",
    "Ai Cập",
    "Nam Phi",
    "Algeria",
    "Angola",
    "Mozambique",
    "Nigeria",
    "Israel",
    "Thổ Nhĩ Kỳ",
    "Iran",
    "Ả Rập Xê Út",
    "Các Tiểu vương quốc Ả Rập Thống nhất",
    "Kuwait",
    "Qatar",
    "Kazakhstan",
    "Mông Cổ",
    "Bangladesh",
    "Pakistan",
    "Sri Lanka",
];
const CONSULATES: &[&str] = &[
    "San Francisco",
    "Houston",
    "Vladivostok",
    "Quảng Châu",
    "Côn Minh",
    "Nam Ninh",
    "Hồng Kông",
    "Thượng Hải",
    "Osaka",
    "Fukuoka",
    "Busan",
    "Sydney",
    "Perth",
    "Vancouver",
    "Frankfurt",
    "Khon Kaen",
    "Luang Prabang",
    "Pakxe",
    "Battambang",
    "Sihanoukville",
];

fn province_index(name: &str) -> usize {
    PROVINCES.iter().position(|p| p.name == name).unwrap_or(HA_NOI)
}

fn roman(n: usize) -> String {
    const R: &[&str] = &["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII"];
    R.get(n).map(|s| (*s).to_string()).unwrap_or_else(|| (n + 1).to_string())
}

/// Name and home province of the `k`-th grassroots organisation under `part`.
fn sub_unit(b: &mut Builder, part: &Part, k: usize, home: usize) -> (String, usize) {
    match part.sub {
        Own | Embassy => (part.name.to_string(), home),
        Ministry => match MINISTRY_UNITS.get(k) {
            Some(u) => ((*u).to_string(), home),
            None => (format!("Chi cục khu vực {}", roman(k - MINISTRY_UNITS.len())), home),
        },
        PerProvince(prefix) => {
            let p = k % PROVINCES.len();
            let suffix = if k >= PROVINCES.len() { format!(" {}", k / PROVINCES.len() + 1) } else { String::new() };
            let place = if prefix == "Chi nhánh" { PROVINCES[p].admin_name() } else { PROVINCES[p].name.to_string() };
            (format!("{prefix} {place}{suffix}"), p)
        }
        Fixed(list) => match list.get(k) {
            Some(u) => ((*u).to_string(), home),
            None => (format!("Công ty thành viên số {}", k - list.len() + 1), home),
        },
        Army => {
            let kind = crate::orgs::pick(b, &["Trung đoàn", "Lữ đoàn", "Trung đoàn", "Bệnh viện Quân y", "Trường"]);
            let name = if kind == "Trường" {
                format!("Trường Quân sự {}", part.name)
            } else {
                format!("{kind} {}", 100 + 7 * k + (home % 7))
            };
            (name, home)
        }
        Police => match POLICE_UNITS.get(k) {
            Some(u) => ((*u).to_string(), home),
            None => (format!("Đơn vị số {}", k + 1), home),
        },
        Academy => match ACADEMY_UNITS.get(k) {
            Some(u) => ((*u).to_string(), home),
            None => (format!("Đơn vị trực thuộc số {}", k + 1), home),
        },
        Numbered(prefix) => (format!("{prefix} {}", roman(k)), home),
    }
}

pub(crate) fn build(b: &mut Builder, root: OrgId) {
    for bloc in BLOCS {
        let bid = b.node(Some(root), OrgKind::DirectlyUnderCentral, bloc.name.to_string(), bloc.code);
        let total: f64 = bloc.parts.iter().map(|p| p.weight).sum();
        for part in bloc.parts {
            let members = bloc.members * part.weight / total;
            let home = province_index(part.home);
            if let Embassy = part.sub {
                embassies(b, bid, members, part);
                continue;
            }
            if let Own = part.sub {
                let (name, _) = sub_unit(b, part, 0, home);
                let ctx = ctx_for(b, home, &name, part.sector);
                agency_committee(b, bid, &name, members, ctx);
                continue;
            }
            let iid = b.node(Some(bid), OrgKind::Intermediate, format!("Đảng bộ {}", part.name), "ĐU");
            let count = ((members / BLOC_AVG).round() as usize).max(1);
            for k in 0..count {
                let (name, province) = sub_unit(b, part, k, home);
                let ctx = ctx_for(b, province, &format!("{name}, {}", part.name), part.sector);
                agency_grassroots(b, iid, &name, BLOC_COMMITTEE_PM, BLOC_SCALE, ctx);
            }
        }
    }
}

fn ctx_for(b: &mut Builder, province: usize, unit: &str, sector: Sector) -> HolderCtx {
    let commune = b.any_commune(province);
    let place = b.text(unit.to_string());
    HolderCtx { province: province as u8, commune, place, sector }
}

/// Embassies and consulates: small chi bộ cơ sở, the largest missions being committees.
fn embassies(b: &mut Builder, bid: OrgId, members: f64, part: &Part) {
    let units: Vec<String> = EMBASSY_COUNTRIES
        .iter()
        .map(|c| format!("Đại sứ quán Việt Nam tại {c}"))
        .chain(CONSULATES.iter().map(|c| format!("Tổng Lãnh sự quán Việt Nam tại {c}")))
        .collect();
    let avg = members / units.len() as f64;
    for (i, unit) in units.iter().enumerate() {
        let ctx = ctx_for(b, HA_NOI, unit, part.sector);
        // The first missions in the list are the large ones.
        if i < 6 {
            agency_committee(b, bid, unit, avg * 3.0, ctx);
        } else {
            b.cell(bid, OrgKind::GrassrootsCell, format!("Chi bộ {unit}"), avg * 0.6, ctx);
        }
    }
}
