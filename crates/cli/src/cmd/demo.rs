//! `bvctnb demo`: a working system on the embedded default, from nothing: a province of
//! synthetic data, one account per role in different scopes, and the web server.

use crate::config::Config;
use anyhow::Result;
use bvctnb_app::demo::{DEMO_PASSWORD, DemoWorld};
use bvctnb_gen::{Generator, Scale};
use bvctnb_store::OpenMode;
use std::sync::Arc;

pub async fn run(c: &Config) -> Result<()> {
    // The demo runs on plain HTTP on this machine, for trying every role at once: no Secure
    // cookies (the browser would drop them) and no second factor forced by scope.
    let mut c = c.clone();
    c.web.secure_cookies = false;
    c.web.second_factor_above_grassroots = false;
    let c = &c;
    let store = super::open_store(c, OpenMode::Create).await?;
    if store.max_change_seq().await? == 0 {
        println!("Sinh dữ liệu mẫu của một tỉnh (khoảng 90.000 đảng viên)…");
        let g = Arc::new(Generator::new(Scale::Province, 1));
        super::generate::generate_into(&*store, g, "gen:province:1").await?;
        super::db::rebuild_index(c, store.clone()).await?;
    }
    let app = Arc::new(
        bvctnb_app::App::open(store.clone(), &c.index_dir)
            .await?
            .with_rules(super::serve::rules(c)?)
            .with_upload_limits(c.uploads),
    );
    app.sync_rules_to_store().await?;
    let world = if app.count_accounts().await? == 0 { Some(bvctnb_app::demo::seed(&app).await?) } else { None };
    if let Some(w) = &world {
        let today = app.today();
        let n = bvctnb_app::demo::seed_cases(&app, w, today).await?;
        println!("Đã tạo {n} hồ sơ kết nạp mẫu ở các bước khác nhau.");
        let n = bvctnb_app::demo::seed_travel(&app, w, today).await?;
        println!("Đã tạo {n} chuyến đi nước ngoài mẫu (đơn chờ duyệt, báo cáo quá hạn, đoàn ra).");
        let n = bvctnb_app::demo::seed_secrets(&app, w, today).await?;
        println!("Đã vào sổ {n} tài liệu mật mẫu (sao, chụp; mang ra ngoài quá hạn; sắp hết thời hạn).");
    }
    let listen = c.web.listen;
    let fallback = std::net::SocketAddr::new(listen.ip(), 0);
    let addr = match tokio::net::TcpListener::bind(listen).await {
        Ok(l) => {
            drop(l);
            listen
        }
        Err(_) => {
            println!("Cổng {listen} đang bận, dùng một cổng trống khác.");
            fallback
        }
    };
    let db = bvctnb_store::url::redact(&c.database_url);
    super::serve::start(app.clone(), c, addr, move |bound| print_welcome(bound, world.as_ref(), &app, &db)).await
}

fn print_welcome(addr: std::net::SocketAddr, world: Option<&DemoWorld>, app: &bvctnb_app::App, db: &str) {
    println!();
    println!("BVCTNB đang chạy tại http://{addr}/");
    match world {
        Some(w) => {
            let tree = app.tree();
            println!("Tài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):");
            for l in &w.logins {
                let scope = match (l.scope.and_then(|o| tree.get(o)), l.person) {
                    (Some(n), _) => n.name.clone(),
                    (None, Some(_)) => "hồ sơ của mình".into(),
                    (None, None) => "—".into(),
                };
                let extra = match &l.totp_secret {
                    Some(s) => format!("  · mã TOTP bí mật {s}"),
                    None => String::new(),
                };
                println!("  {:<12} {:<32} {scope}{extra}", l.username, l.role.label());
            }
            println!(
                "Quản trị viên và tài khoản được tiếp cận Tối mật bắt buộc xác thực hai lớp: thêm khoá TOTP bí mật ở trên vào ứng dụng xác thực."
            );
        }
        None => println!("Dùng các tài khoản đã tạo trước đó (mật khẩu mẫu: {DEMO_PASSWORD})."),
    }
    println!("Ctrl+C để dừng. Cơ sở dữ liệu: {db}; chạy lại `bvctnb demo` sẽ dùng tiếp.");
}
