//! The demo province's secret registers, kept through the services on past dates: incoming and
//! outgoing documents of each level (a Tuyệt mật one without its summary), copies allowed and
//! made, a request waiting for its authority, an item taken out and not yet back, and one whose
//! shortened period ends soon — so every list of the registers has something in it.

use super::DemoWorld;
use crate::App;
use crate::cases::Actor;
use crate::secrets::{CopyInput, DecisionInput, ItemInput, MakeInput, TakeoutDecision, TakeoutInput};
use anyhow::{Context, Result};
use bvctnb_core::access::Role;
use bvctnb_core::secret::{CopyForm, ItemOrigin, SecretLevel};
use chrono::{Duration, NaiveDate};

pub async fn seed_secrets(app: &App, world: &DemoWorld, today: NaiveDate) -> Result<usize> {
    let _real_date = super::RealDateAfter(app);
    let org = world.province;
    let actor = |username: &str, role: Role| Actor {
        username: username.into(),
        display_name: format!("Demo {username}"),
        role,
        scope: Some(org),
        person: None,
    };
    let (officer, leader) = (actor("canbo.tinh", Role::Officer), actor("capuy.tinh", Role::Committee));
    let ago = |n: i64| today - Duration::days(n);
    // (days ago, origin, level, number, type, summary, counterpart)
    let docs: [(i64, ItemOrigin, SecretLevel, &str, &str, &str, &str); 7] = [
        (
            150,
            ItemOrigin::Received,
            SecretLevel::Mat,
            "215-CV/BTCTW",
            "Công văn",
            "về thẩm tra lý lịch người vào Đảng",
            "Ban Tổ chức Trung ương",
        ),
        (
            120,
            ItemOrigin::Issued,
            SecretLevel::Mat,
            "88-CV/BTCTU",
            "Công văn",
            "đề nghị xác minh lý lịch đảng viên",
            "Công an tỉnh",
        ),
        (95, ItemOrigin::Received, SecretLevel::ToiMat, "12-BC/CAT", "Báo cáo", "kết quả xác minh", "Công an tỉnh"),
        (
            70,
            ItemOrigin::Issued,
            SecretLevel::ToiMat,
            "45-KL/TU",
            "Kết luận",
            "tiêu chuẩn chính trị của nhân sự",
            "Ban Thường vụ Tỉnh ủy",
        ),
        (40, ItemOrigin::Received, SecretLevel::TuyetMat, "03-KH/TW", "Kế hoạch", "", "Văn phòng Trung ương Đảng"),
        (
            20,
            ItemOrigin::Received,
            SecretLevel::Mat,
            "301-CV/UBKTTU",
            "Công văn",
            "về trao đổi thông tin nghiệp vụ",
            "Ủy ban Kiểm tra Tỉnh ủy",
        ),
        (
            5,
            ItemOrigin::Issued,
            SecretLevel::Mat,
            "102-CV/BTCTU",
            "Công văn",
            "gửi danh sách đề nghị thẩm định",
            "Các đảng bộ trực thuộc",
        ),
    ];
    let mut items = Vec::new();
    for (days, origin, level, number, doc_type, summary, other) in docs {
        let on = ago(days);
        let input = ItemInput {
            origin: Some(origin),
            number_symbol: number.into(),
            doc_date: Some(on),
            issuer: if origin == ItemOrigin::Issued { "Ban Tổ chức Tỉnh ủy".into() } else { other.into() },
            doc_type: doc_type.into(),
            summary: summary.into(),
            level: Some(level),
            classifier: "Trưởng Ban Tổ chức Tỉnh ủy".into(),
            signer: if origin == ItemOrigin::Issued { "Phó Trưởng Ban Tổ chức".into() } else { String::new() },
            copies_issued: Some(2),
            entered_on: Some(on),
            arrival_number: if origin == ItemOrigin::Received { format!("{}", 200 - days) } else { String::new() },
            counterpart: if origin == ItemOrigin::Issued { other.into() } else { String::new() },
            unit: "Phòng Bảo vệ chính trị nội bộ".into(),
            ..Default::default()
        };
        items.push(app.on(on).register_secret_item(&officer, org, input).await.context("demo secret item")?.item);
    }
    // A document kept only until the next congress: its period ends within the warning days.
    let short = ItemInput {
        origin: Some(ItemOrigin::Received),
        number_symbol: "17-TB/TU".into(),
        doc_date: Some(ago(340)),
        issuer: "Tỉnh ủy".into(),
        doc_type: "Thông báo".into(),
        summary: "lịch họp xét nhân sự".into(),
        level: Some(SecretLevel::Mat),
        classifier: "Chánh Văn phòng Tỉnh ủy".into(),
        period_years: Some(1),
        period_reason: "Chỉ có giá trị đến kỳ họp".into(),
        entered_on: Some(ago(339)),
        ..Default::default()
    };
    app.on(ago(339)).register_secret_item(&officer, org, short).await.context("demo short item")?;
    // Two copies asked for, allowed and made; a third request waiting for its authority.
    let first = items[0];
    let ask = |n| CopyInput {
        form: Some(CopyForm::Verbatim),
        count: Some(n),
        purpose: "Gửi các đảng bộ xã".into(),
        counterpart: "Đảng bộ xã".into(),
    };
    let copy = app.on(ago(140)).request_secret_copy(&officer, first, ask(2)).await?;
    let key = app.copy_approvers(first).await?.into_iter().next().context("an authority for Mật copies")?.key();
    let decision = DecisionInput {
        approve: Some(true),
        count: Some(2),
        authority: key,
        approver_name: "Nguyễn Văn Tỉnh".into(),
        note: String::new(),
    };
    app.on(ago(139)).decide_secret_copy(&leader, copy, 1, decision).await?;
    app.on(ago(138)).make_secret_copies(&officer, copy, 2, MakeInput { count: Some(2), ..Default::default() }).await?;
    app.on(ago(3)).request_secret_copy(&officer, items[5], ask(1)).await?;
    // Taken out to a meeting and not back on its day.
    let out = TakeoutInput {
        purpose: "Họp Ban Thường vụ".into(),
        destination: "Văn phòng Tỉnh ủy".into(),
        due_back: Some(ago(8)),
        ..Default::default()
    };
    let t = app.on(ago(12)).request_secret_takeout(&officer, items[1], out).await?;
    let yes = TakeoutDecision {
        approve: Some(true),
        approver_name: "Nguyễn Văn Tỉnh".into(),
        approver_title: "Phó Bí thư Thường trực Tỉnh ủy".into(),
        note: String::new(),
    };
    app.on(ago(12)).decide_secret_takeout(&leader, t, 1, yes).await?;
    app.on(ago(11)).hand_out_secret(&officer, t, 2).await?;
    Ok(items.len() + 1)
}
