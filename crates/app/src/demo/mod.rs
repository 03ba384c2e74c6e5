//! Demo accounts, one per role, in different organisation scopes, over generated data; used by
//! `bvctnb demo` and by the HTTP tests so both exercise the same setup. The demo cases and
//! trips are walked through the same services on past dates.

mod secrets;
mod travel;

pub use secrets::seed_secrets;
pub use travel::seed_travel;

use crate::App;
use crate::accounts::NewAccount;
use crate::accounts::{password, totp};
use anyhow::{Context, Result, bail};
use bvctnb_core::access::{Clearance, Role};
use bvctnb_core::case_kind::CaseKind;
use bvctnb_core::family::{RelationKind, Relative};
use bvctnb_core::ids::{OrgId, PersonId};

pub const DEMO_PASSWORD: &str = "demo-bvctnb-2026";

#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    pub scope: Option<OrgId>,
    pub person: Option<PersonId>,
    pub totp_secret: Option<String>,
}

/// What the demo set up, for tests to aim at.
#[derive(Debug, Clone)]
pub struct DemoWorld {
    pub logins: Vec<DemoLogin>,
    pub province: OrgId,
    /// Two sibling grassroots organisations of the province.
    pub unit_a: OrgId,
    pub unit_b: OrgId,
    /// A cell inside `unit_a`.
    pub cell_a: OrgId,
    /// The subject's own person (in `cell_a`).
    pub subject_person: PersonId,
    /// The provincial officer's own person, and a person who declares them as a sibling.
    pub officer_person: PersonId,
    pub officer_relative: PersonId,
    /// A person in `unit_a` but outside `cell_a`, unrelated to anyone.
    pub plain_in_a: PersonId,
    /// A person in `unit_b`.
    pub plain_in_b: PersonId,
    /// An applicant for admission in `cell_a`, who logs in as `quanchung`.
    pub applicant_person: PersonId,
}

async fn first_person(app: &App, org: OrgId, skip: &[PersonId]) -> Result<PersonId> {
    let list = app.persons_in_org(org, 50).await?;
    list.into_iter()
        .map(|p| p.id)
        .find(|p| !skip.contains(p))
        .with_context(|| format!("không có đảng viên trong tổ chức {org}"))
}

/// Creates the demo accounts (all with [`DEMO_PASSWORD`]) and the relative link that makes
/// recusal visible. Refuses to run on a database that already has accounts.
pub async fn seed(app: &App) -> Result<DemoWorld> {
    let store = app;
    if store.count_accounts().await? > 0 {
        bail!("cơ sở dữ liệu đã có tài khoản: không tạo tài khoản mẫu");
    }
    let tree = app.tree();
    let root = tree.nodes().find(|n| n.parent.is_none()).map(|n| n.id).context("cây tổ chức rỗng")?;
    let province = *tree.children(root).first().context("không có đảng bộ tỉnh")?;
    let units: Vec<OrgId> = tree.children(province).iter().copied().filter(|u| !tree.children(*u).is_empty()).collect();
    let (unit_a, unit_b) = match units.as_slice() {
        [a, b, ..] => (*a, *b),
        _ => bail!("cần ít nhất hai đảng bộ cơ sở"),
    };
    let subject_person = first_person(app, unit_a, &[]).await?;
    let cell_a = store.person(subject_person).await?.context("hồ sơ")?.org_id;
    let in_a = store.persons_in_org(unit_a, 500).await?;
    let plain_in_a = in_a.iter().map(|p| p.id).find(|p| *p != subject_person && store_org(&in_a, *p) != Some(cell_a));
    let plain_in_a = match plain_in_a {
        Some(p) => p,
        None => first_person(app, unit_a, &[subject_person]).await?,
    };
    let plain_in_b = first_person(app, unit_b, &[]).await?;
    let officer_person = first_person(app, unit_b, &[plain_in_b]).await?;
    let officer_relative = in_a
        .iter()
        .find(|p| p.id != subject_person && p.id != plain_in_a && p.org_id != cell_a)
        .map(|p| p.id)
        .context("cần thêm một đảng viên ngoài chi bộ mẫu")?;
    link_sibling(app, officer_relative, officer_person).await?;
    let applicant_person = in_a
        .iter()
        .find(|p| p.org_id == cell_a && ![subject_person, plain_in_a, officer_relative].contains(&p.id))
        .map(|p| p.id)
        .context("cần thêm một người trong chi bộ mẫu")?;
    make_applicant(app, applicant_person).await?;

    let admin_secret = totp::new_secret();
    type Spec<'a> = (&'a str, &'a str, Role, Option<OrgId>, Clearance, Option<PersonId>, Option<String>);
    let specs: Vec<Spec> = vec![
        ("quantri", "Quản trị hệ thống", Role::Admin, Some(province), Clearance::Mat, None, Some(admin_secret)),
        // Wide rights given by one administrator wait for another's approval (four eyes).
        (
            "quantri2",
            "Quản trị viên thứ hai",
            Role::Admin,
            Some(province),
            Clearance::Mat,
            None,
            Some(totp::new_secret()),
        ),
        ("canbo.tinh", "Cán bộ BVCTNB tỉnh", Role::Officer, Some(province), Clearance::Mat, Some(officer_person), None),
        ("canbo.coso", "Cán bộ BVCTNB cơ sở", Role::Officer, Some(unit_b), Clearance::Mat, None, None),
        ("capuy", "Đồng chí cấp ủy", Role::Committee, Some(unit_a), Clearance::Mat, None, None),
        // The provincial standing committee: the level the packs require for most conclusions
        // on an issue (DOMAIN §5.2).
        ("capuy.tinh", "Đồng chí Thường trực Tỉnh ủy", Role::Committee, Some(province), Clearance::Mat, None, None),
        // Cleared for Tối mật, so they sign in with a second factor: the clerk who keeps the
        // province's secret registers and the secretary who may allow copies up to Tuyệt mật.
        (
            "vanthu.tinh",
            "Văn thư bảo mật Tỉnh ủy",
            Role::Officer,
            Some(province),
            Clearance::ToiMat,
            None,
            Some(totp::new_secret()),
        ),
        (
            "bithu.tinh",
            "Đồng chí Bí thư Tỉnh ủy",
            Role::Committee,
            Some(province),
            Clearance::ToiMat,
            None,
            Some(totp::new_secret()),
        ),
        ("bithu", "Bí thư chi bộ", Role::CellSecretary, Some(cell_a), Clearance::Mat, None, None),
        ("kiemtra", "Cán bộ kiểm tra", Role::Inspector, Some(province), Clearance::Mat, None, None),
        ("phoihop", "Cơ quan phối hợp", Role::Coordinator, None, Clearance::None, None, None),
        ("dangvien", "Đảng viên", Role::Subject, None, Clearance::None, Some(subject_person), None),
        ("quanchung", "Người xin vào Đảng", Role::Subject, None, Clearance::None, Some(applicant_person), None),
    ];
    let hash = password::hash(DEMO_PASSWORD)?;
    let mut logins = Vec::new();
    for (username, name, role, scope, clearance, person, secret) in specs {
        let a = store
            .create_account(&NewAccount {
                username: username.into(),
                display_name: name.into(),
                role,
                scope_org: scope,
                clearance,
                person_id: person,
                password_hash: hash.clone(),
                awaiting_approval: None,
            })
            .await?;
        if let Some(s) = &secret {
            store.set_totp_secret(a.id, Some(s)).await?;
        }
        logins.push(DemoLogin { username: username.into(), role, scope, person, totp_secret: secret });
    }
    Ok(DemoWorld {
        logins,
        province,
        unit_a,
        unit_b,
        cell_a,
        subject_person,
        officer_person,
        officer_relative,
        plain_in_a,
        plain_in_b,
        applicant_person,
    })
}

/// Makes the person an applicant for admission: the generated world is mostly members, and an
/// admission case is only for those not yet admitted (their 2-KNĐ has no party dates).
pub async fn make_applicant(app: &App, person: PersonId) -> Result<()> {
    use bvctnb_core::person::{MemberStatus, PartyInfo};
    let rec = app.person(person).await?.context("hồ sơ")?;
    if rec.status == MemberStatus::Applicant {
        return Ok(());
    }
    let mut d = rec.declaration.clone();
    d.party =
        Some(PartyInfo { status: MemberStatus::Applicant, card_no: None, admitted_on: None, full_member_on: None });
    d.identity.readmission = None;
    d.identity.history_no = None;
    d.validate().map_err(|e| anyhow::anyhow!("người xin vào Đảng mẫu không hợp lệ: {e}"))?;
    app.submit_declaration(person, &d, "demo", rec.version).await?;
    Ok(())
}

/// Puts the clock back on the real date when a walk through past dates ends, however it ends.
pub(crate) struct RealDateAfter<'a>(pub(crate) &'a App);

impl Drop for RealDateAfter<'_> {
    fn drop(&mut self) {
        self.0.set_today(None);
    }
}

fn store_org(list: &[crate::PersonSummary], p: PersonId) -> Option<OrgId> {
    list.iter().find(|s| s.id == p).map(|s| s.org_id)
}

/// Records in `person`'s declaration that `relative` is their sibling, as a new version.
async fn link_sibling(app: &App, person: PersonId, relative: PersonId) -> Result<()> {
    let rec = app.person(person).await?.context("hồ sơ")?;
    let rel = app.person(relative).await?.context("hồ sơ")?;
    let mut d = rec.declaration.clone();
    let mut r = Relative::new(RelationKind::Sibling, rel.declaration.identity.full_name.clone());
    r.birth_year = Some(rel.declaration.identity.birth_date.year());
    r.sex = Some(rel.declaration.identity.sex);
    r.residence = rel.declaration.identity.permanent_residence.clone();
    r.occupation = rel.declaration.identity.occupation.clone();
    r.person_id = Some(relative);
    d.family.push(r);
    d.validate().map_err(|e| anyhow::anyhow!("liên kết thân nhân mẫu không hợp lệ: {e}"))?;
    app.submit_declaration(person, &d, "demo", rec.version).await?;
    Ok(())
}

/// Admission cases of the demo province at every stage, walked through the case service on
/// past dates (so the dashboard has case clocks, overdue steps and overdue requests to show).
/// Persons of the demo world are left alone: they are the ones the tests and the tour use.
pub async fn seed_cases(app: &App, world: &DemoWorld, today: chrono::NaiveDate) -> Result<usize> {
    use crate::cases::{Actor, AnswerInput, DecisionInput, PointAnswer, SendInput, split_points};
    let _real_date = RealDateAfter(app);
    let calendar = app.calendar().clone();
    use bvctnb_core::case::verify::{Carrier, CarrierMode, PointResult, RequestStatus};
    let skip = [
        world.subject_person,
        world.officer_person,
        world.officer_relative,
        world.plain_in_a,
        world.plain_in_b,
        world.applicant_person,
    ];
    let candidates: Vec<_> =
        app.persons_in_org(world.unit_b, 200).await?.into_iter().filter(|p| !skip.contains(&p.id)).take(10).collect();
    let actor = |username: &str, role: Role, scope: OrgId| Actor {
        username: username.into(),
        display_name: format!("Demo {username}"),
        role,
        scope: Some(scope),
        person: None,
    };
    let officer = actor("canbo.tinh", Role::Officer, world.province);
    let cell = actor("bithu", Role::CellSecretary, world.province);
    let committee = actor("capuy.tinh", Role::Committee, world.province);
    let mut opened = 0;
    for (i, p) in candidates.iter().enumerate() {
        make_applicant(app, p.id).await?;
        let rec = app.person(p.id).await?.context("hồ sơ")?;
        // Cases opened every three weeks; each one a little slower than the one before.
        let mut day = today - chrono::Duration::days(210 - 21 * i as i64);
        let step = |d: chrono::NaiveDate, wd: u32| calendar.add_working_days(d, wd);
        let case = app.on(day).open_case(&officer, &rec, CaseKind::Admission, "").await?;
        opened += 1;
        let id = case.id;
        let delays = [3 + i as u32 % 4, 1, 12 + 2 * i as u32, 1, 3, 2, 10];
        let mut k = 0;
        let mut next = |day: &mut chrono::NaiveDate| -> bool {
            let d = step(*day, delays[k.min(delays.len() - 1)]);
            k += 1;
            if d > today {
                return false;
            }
            *day = d;
            true
        };
        if !next(&mut day) {
            continue;
        }
        let c = app.case_or_404(id).await?;
        app.on(day).accept_case(&cell, &c, "Đã kiểm tra, đóng dấu giáp lai").await?;
        if !next(&mut day) {
            continue;
        }
        let planned = app.case_requests(id).await?.into_iter().filter(|r| r.status == RequestStatus::Planned);
        for r in planned {
            let c = app.case_or_404(id).await?;
            let send = SendInput {
                sent_on: day,
                number: None,
                body: r.body.clone(),
                carrier: Carrier { mode: CarrierMode::Post, name: String::new(), person: None },
            };
            app.on(day).send_request(&officer, &c, r.id, send).await?;
        }
        if !next(&mut day) {
            continue;
        }
        for r in app.case_requests(id).await?.into_iter().filter(|r| r.status == RequestStatus::Sent) {
            let c = app.case_or_404(id).await?;
            let answers = split_points(&r.points)
                .into_iter()
                .map(|point| PointAnswer { point, result: PointResult::Matches, detail: String::new() })
                .collect();
            let answer = AnswerInput {
                answered_on: day,
                answer_ref: format!("Công văn trả lời số {}-CV/ĐU", 10 + r.id.0),
                signer: "Phó Bí thư Đảng ủy".into(),
                answers,
                attachments: Vec::new(),
            };
            app.on(day).answer_request(&officer, &c, r.id, answer).await?;
        }
        if !next(&mut day) {
            continue;
        }
        app.on(day).finish_verification(&officer, &app.case_or_404(id).await?).await?;
        if !next(&mut day) {
            continue;
        }
        let c = app.case_or_404(id).await?;
        app.on(day).comment(&cell, &c, "Quần chúng có lập trường tư tưởng vững vàng, gương mẫu", false).await?;
        let c = app.case_or_404(id).await?;
        if c.stage != bvctnb_core::case::Stage::Certification || !next(&mut day) {
            continue;
        }
        app.on(day).certify(&committee, &c, "").await?;
        if !next(&mut day) {
            continue;
        }
        let decision = DecisionInput {
            number: format!("{}-QĐ/ĐU", 30 + i),
            decided_on: day,
            outcome: "Kết nạp vào Đảng".into(),
            text: String::new(),
        };
        app.on(day).decide(&committee, &app.case_or_404(id).await?, decision).await?;
    }
    Ok(opened)
}
