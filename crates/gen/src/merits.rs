//! Items (16), (18), (19) and (20): historical particulars, stays abroad, awards and
//! discipline, each at a small realistic share.

use crate::AS_OF;
use crate::career::{month, ym};
use crate::orgs::Sector;
use crate::person::{Subject, add_years, day_between};
use crate::rng::{PRng, Weighted, one, pm};
use bvctnb_core::date::PartialDate;
use bvctnb_core::dossier::{
    Award, Discipline, DisciplineLevel, FactStatus, FormerRegimeBranch, HistoricalFact, OrgNature, Provenance,
    StayAbroad,
};
use chrono::{Datelike, Days, Months, NaiveDate};
use rand::RngExt;

pub(crate) struct Merits {
    pub stays: Vec<StayAbroad>,
    pub awards: Vec<Award>,
    pub discipline: Vec<Discipline>,
    pub facts: Vec<HistoricalFact>,
}

fn year(y: i32) -> PartialDate {
    PartialDate::year_only(y).expect("generated years are in range")
}

/// Most facts are declared; a few were confirmed by a verification answer, and a few came
/// only from a report.
pub(crate) fn provenance(rng: &mut PRng, s: &Subject) -> Provenance {
    let roll = rng.random_range(0..100u32);
    let n = rng.random_range(10..400u32);
    let d = rng.random_range(1..=28u32);
    let m = rng.random_range(1..=12u32);
    let y = rng.random_range(2015..=2025);
    if roll < 80 {
        Provenance { status: FactStatus::Declared, source: Some("Tự khai".to_string()) }
    } else if roll < 95 {
        let source = format!("Công văn số {n}-CV/ĐU ngày {d:02}/{m:02}/{y} của Đảng ủy {}", s.commune.name);
        Provenance { status: FactStatus::Verified, source: Some(source) }
    } else {
        let source = format!("Báo cáo số {n}-BC/CA ngày {d:02}/{m:02}/{y} của Công an {}", s.prov.admin_name());
        Provenance { status: FactStatus::Reported, source: Some(source) }
    }
}

const PRISONS: &[&str] =
    &["Nhà tù Côn Đảo", "Nhà lao Phú Quốc", "Khám Chí Hòa", "Nhà lao Tân Hiệp", "Nhà lao Thừa Phủ"];

/// A post under the former regime, for a person or a relative born by `birth_year`.
pub(crate) fn former_regime_post(rng: &mut PRng, s: &Subject, birth_year: i32) -> Option<HistoricalFact> {
    // Served between 17 and 55, in the Republic of Vietnam's last fifteen years.
    let (lo, hi) = ((birth_year + 17).max(1960), (birth_year + 55).min(1974));
    if lo > hi {
        return None;
    }
    let (post, unit, branch) = one(
        rng,
        &[
            ("Binh nhì", "Sư đoàn 18", FormerRegimeBranch::Military),
            ("Hạ sĩ", "Sư đoàn 25", FormerRegimeBranch::Military),
            ("Trung sĩ", "Tiểu khu Long Khánh", FormerRegimeBranch::Military),
            ("Nghĩa quân", "Trung đội nghĩa quân xã", FormerRegimeBranch::Military),
            ("Thư ký", "Hội đồng xã", FormerRegimeBranch::Administration),
            ("Cảnh sát viên", "Cuộc cảnh sát quận", FormerRegimeBranch::Police),
            ("Phân đội trưởng", "Nhân dân tự vệ", FormerRegimeBranch::Military),
        ],
    );
    Some(HistoricalFact::FormerRegimePost {
        post: post.to_string(),
        unit: unit.to_string(),
        branch,
        from: year(rng.random_range(lo..=hi)),
        to: Some(PartialDate::month_year(1975, 4).expect("valid")),
        provenance: provenance(rng, s),
    })
}

/// Imprisonment by the colonial or Saigon authorities, for a revolutionary born by
/// `birth_year`.
pub(crate) fn arrest(rng: &mut PRng, s: &Subject, birth_year: i32, french: bool) -> Option<HistoricalFact> {
    let (lo, hi, by_whom) =
        if french { (1945, 1953, "Thực dân Pháp") } else { (1962, 1973, "Chính quyền Sài Gòn") };
    let lo = lo.max(birth_year + 16);
    if lo > hi {
        return None;
    }
    let when = rng.random_range(lo..=hi);
    let released = if french { year(1954) } else { PartialDate::month_year(1973, 3).expect("valid") };
    Some(HistoricalFact::Arrest {
        by_whom: by_whom.to_string(),
        when: year(when),
        place: one(rng, PRISONS).to_string(),
        released: Some(if when >= released.year() { year(when + 1) } else { released }),
        conduct: "Giữ vững khí tiết, không khai báo".to_string(),
        provenance: provenance(rng, s),
    })
}

fn facts(rng: &mut PRng, s: &Subject, veteran: bool) -> Vec<HistoricalFact> {
    let mut out = Vec::new();
    let southern_birth = crate::places::former_south(s.birth_code);
    if let Some(a) = s.admitted
        && a.year() < 2012
        && pm(rng, 5)
    {
        let from = a + Months::new(rng.random_range(24..=120));
        let to = from + Months::new(rng.random_range(6..=24));
        if to < AS_OF {
            out.push(HistoricalFact::PartyInterruption {
                from: PartialDate::month_year(from.year(), from.month()).expect("valid"),
                to: Some(PartialDate::month_year(to.year(), to.month()).expect("valid")),
                reason: one(
                    rng,
                    &[
                        "Đi lao động hợp tác quốc tế, không chuyển sinh hoạt đảng tạm thời",
                        "Chuyển công tác, chậm chuyển sinh hoạt đảng",
                        "Đi chữa bệnh dài ngày ở xa nơi cư trú",
                    ],
                )
                .to_string(),
                provenance: provenance(rng, s),
            });
        }
    }
    if s.birth_year <= 1957 && southern_birth {
        if veteran && pm(rng, 40) {
            out.extend(arrest(rng, s, s.birth_year, false));
        } else if !veteran && pm(rng, 6) {
            out.extend(former_regime_post(rng, s, s.birth_year));
        }
    }
    if !matches!(s.ctx.sector, Sector::Residential | Sector::Military | Sector::Police) && pm(rng, 5) {
        let (org, country, nature, role) = one(
            rng,
            &[
                ("Cơ quan Hợp tác Quốc tế Nhật Bản (JICA)", "Nhật Bản", OrgNature::Economic, "Cán bộ dự án"),
                (
                    "Chương trình Phát triển Liên hợp quốc (UNDP)",
                    "Liên hợp quốc",
                    OrgNature::Social,
                    "Chuyên gia tư vấn",
                ),
                ("Tổ chức Cứu trợ trẻ em (Save the Children)", "Vương quốc Anh", OrgNature::Social, "Cộng tác viên"),
                ("Công ty Samsung Electronics", "Hàn Quốc", OrgNature::Economic, "Nhân viên"),
                ("Quỹ Konrad Adenauer", "Đức", OrgNature::Political, "Học viên chương trình trao đổi"),
                ("Tổ chức Y tế Thế giới (WHO)", "Liên hợp quốc", OrgNature::Social, "Chuyên gia"),
            ],
        );
        let from = rng.random_range((s.birth_year + 22).clamp(1995, 2024)..=2024);
        out.push(HistoricalFact::ForeignOrganisation {
            organisation: org.to_string(),
            country: country.to_string(),
            nature,
            role: role.to_string(),
            from: year(from),
            to: pm(rng, 700).then(|| year((from + rng.random_range(1..=4)).min(2025))),
            provenance: provenance(rng, s),
        });
    }
    if let Some(r) = s.religion
        && pm(rng, 25)
    {
        let post = match r {
            "Phật giáo" => "Thành viên Ban hộ tự chùa",
            "Công giáo" => "Thành viên Hội đồng mục vụ giáo xứ",
            "Cao Đài" => "Chánh trị sự",
            "Phật giáo Hòa Hảo" => "Thành viên Ban trị sự ấp",
            "Tin Lành" => "Chấp sự Hội thánh",
            _ => "Thành viên ban quản trị cơ sở thờ tự",
        };
        let from = rng.random_range((s.birth_year + 25).min(2024)..=2024);
        out.push(HistoricalFact::ReligiousPost {
            religion: r.to_string(),
            post: post.to_string(),
            from: year(from),
            to: pm(rng, 600).then(|| year((from + rng.random_range(1..=5)).min(2025))),
            provenance: provenance(rng, s),
        });
    }
    out
}

fn stays(rng: &mut PRng, s: &Subject) -> Vec<StayAbroad> {
    let by = s.birth_year;
    let (per_mille, lo, hi, countries, purpose, sent_by): (u32, i32, i32, &[&str], &str, &str) = match s.ctx.sector {
        Sector::Abroad => (
            500,
            2008,
            2020,
            &["Lào", "Campuchia", "Nhật Bản", "Pháp", "Liên bang Nga"],
            "Công tác nhiệm kỳ tại cơ quan đại diện",
            "Bộ Ngoại giao",
        ),
        Sector::University if by >= 1970 => (
            150,
            2000,
            2022,
            &["Australia", "Nhật Bản", "Pháp", "Đức", "Hàn Quốc"],
            "Học sau đại học",
            "Bộ Giáo dục và Đào tạo",
        ),
        _ if (1950..1966).contains(&by) => (
            20,
            1976,
            1990,
            &["Liên Xô", "Cộng hòa Dân chủ Đức", "Tiệp Khắc", "Bungari"],
            "Học tập, hợp tác lao động",
            "Nhà nước",
        ),
        Sector::Residential | Sector::Enterprise if by >= 1980 => (
            12,
            2003,
            2018,
            &["Hàn Quốc", "Nhật Bản", "Đài Loan (Trung Quốc)", "Malaysia"],
            "Lao động theo hợp đồng",
            "Doanh nghiệp xuất khẩu lao động",
        ),
        _ => (8, 2000, 2022, &["Australia", "Nhật Bản", "Singapore", "Vương quốc Anh"], "Học tập, bồi dưỡng", "Tự túc"),
    };
    let lo = lo.max(by + 18);
    if lo > hi || !pm(rng, per_mille) {
        return Vec::new();
    }
    let from = ym(rng.random_range(lo..=hi), rng.random_range(1..=12));
    let to = (from + rng.random_range(4..=48)).min(ym(2025, 11));
    vec![StayAbroad {
        from: month(from),
        to: month(to.max(from + 3)),
        country: one(rng, countries).to_string(),
        purpose: purpose.to_string(),
        sent_by: sent_by.to_string(),
    }]
}

const MERIT: Weighted<&str> = Weighted::new(&[
    ("Bằng khen của Chủ tịch Ủy ban nhân dân", 70),
    ("Bằng khen của Thủ tướng Chính phủ", 10),
    ("Chiến sĩ thi đua cấp tỉnh", 10),
    ("Huân chương Lao động hạng Ba", 2),
]);

fn awards(rng: &mut PRng, s: &Subject, veteran: bool) -> Vec<Award> {
    let mut out = Vec::new();
    if veteran && pm(rng, 500) {
        let rank = one(rng, &["Nhất", "Nhì", "Ba"]);
        out.push(Award {
            date: year(rng.random_range(1985..=1990)),
            title: format!("Huân chương Kháng chiến chống Mỹ, cứu nước hạng {rank}"),
            granted_by: "Chủ tịch nước".to_string(),
        });
    }
    if s.age > 30 && pm(rng, 150) {
        let t = *MERIT.pick(rng);
        let y = rng.random_range((s.birth_year + 28).max(1990)..=2025);
        let (title, by) = match t {
            "Bằng khen của Chủ tịch Ủy ban nhân dân" => {
                (format!("{t} {}", s.prov.admin_name()), format!("Ủy ban nhân dân {}", s.prov.admin_name()))
            }
            "Huân chương Lao động hạng Ba" => (t.to_string(), "Chủ tịch nước".to_string()),
            "Bằng khen của Thủ tướng Chính phủ" => (t.to_string(), "Thủ tướng Chính phủ".to_string()),
            _ => (t.to_string(), format!("Chủ tịch Ủy ban nhân dân {}", s.prov.admin_name())),
        };
        out.push(Award { date: year(y), title, granted_by: by });
    }
    let title = match s.ctx.sector {
        Sector::School if s.age > 40 && pm(rng, 15) => Some(("Nhà giáo ưu tú", 11, 20)),
        Sector::Health if s.age > 40 && pm(rng, 15) => Some(("Thầy thuốc ưu tú", 2, 27)),
        Sector::Police | Sector::Military if s.age > 35 && pm(rng, 300) => {
            Some(("Huy chương Chiến sĩ vẻ vang hạng Ba", 12, 22))
        }
        _ => None,
    };
    if let Some((t, m, d)) = title {
        let y = rng.random_range((s.birth_year + 35).max(2000)..=2025);
        let date = PartialDate::full(y, m, d).expect("valid");
        out.push(Award { date, title: t.to_string(), granted_by: "Chủ tịch nước".to_string() });
    }
    // Party badges at 30, 40, 45 … years of membership, presented on the next anniversary
    // of the Party (3/2), Hồ Chí Minh's birthday (19/5), National Day (2/9) or 7/11.
    if let Some(a) = s.admitted {
        for years in [30, 40, 45, 50, 55, 60, 65, 70] {
            let due = add_years(a, years);
            let ceremony = [(2, 3), (5, 19), (9, 2), (11, 7), (14, 3)]
                .iter()
                .map(|&(m, d)| {
                    let (y, m) = if m > 12 { (due.year() + 1, m - 12) } else { (due.year(), m) };
                    NaiveDate::from_ymd_opt(y, m, d).expect("valid")
                })
                .find(|c| *c >= due);
            match ceremony {
                Some(c) if c < AS_OF => out.push(Award {
                    date: PartialDate::from_date(c),
                    title: format!("Huy hiệu {years} năm tuổi Đảng"),
                    granted_by: "Ban Chấp hành Trung ương Đảng".to_string(),
                }),
                _ => break,
            }
        }
    }
    out
}

const LEVELS: Weighted<DisciplineLevel> = Weighted::new(&[
    (DisciplineLevel::Reprimand, 74),
    (DisciplineLevel::Warning, 15),
    (DisciplineLevel::ConsideredNotDisciplined, 7),
    (DisciplineLevel::Dismissal, 4),
]);

fn discipline(rng: &mut PRng, s: &Subject) -> Vec<Discipline> {
    let Some(a) = s.admitted else { return Vec::new() };
    if !pm(rng, 15) || a + Months::new(13) >= AS_OF {
        return Vec::new();
    }
    let date = day_between(rng, a + Months::new(12), AS_OF - Days::new(1));
    let reason = one(
        rng,
        &[
            "Thiếu trách nhiệm trong thực hiện nhiệm vụ được giao",
            "Vi phạm quy định về những điều đảng viên không được làm",
            "Đi nước ngoài không báo cáo với chi bộ",
            "Vi phạm quy định về quản lý đất đai",
            "Không thực hiện nghĩa vụ đảng viên nơi cư trú",
            "Vi phạm quy định về phòng, chống tham nhũng, lãng phí",
        ],
    );
    let decided_by = if pm(rng, 600) {
        format!("Ủy ban Kiểm tra Đảng ủy {} {}", s.commune.kind.label(), s.commune.name)
    } else {
        "Chi bộ".to_string()
    };
    vec![Discipline {
        date: PartialDate::from_date(date),
        level: *LEVELS.pick(rng),
        reason: reason.to_string(),
        decided_by,
    }]
}

pub(crate) fn build(rng: &mut PRng, s: &Subject, veteran: bool) -> Merits {
    Merits {
        facts: facts(rng, s, veteran),
        stays: stays(rng, s),
        awards: awards(rng, s, veteran),
        discipline: discipline(rng, s),
    }
}
