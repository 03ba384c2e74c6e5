//! What each audited action is called in Vietnamese, for the inspector's view and its export.
//! The trail keeps the stable code; people read the name.

/// Every audited action: `(code, name)`. A new action is named here when it is added (the
/// role matrix test fails on an action the trail holds without a name).
pub const ACTIONS: &[(&str, &str)] = &[
    ("login", "Đăng nhập"),
    ("login.totp", "Đăng nhập: mã xác thực hai lớp"),
    ("login.throttle", "Đăng nhập bị tạm chặn (sai nhiều lần)"),
    ("logout", "Đăng xuất"),
    ("api.token", "Dùng khoá truy cập API"),
    ("token.create", "Tạo khoá truy cập API"),
    ("token.revoke", "Thu hồi khoá truy cập API"),
    ("account.list", "Xem danh sách tài khoản"),
    ("account.read", "Xem tài khoản"),
    ("account.create", "Tạo tài khoản"),
    ("account.update", "Sửa tài khoản"),
    ("account.approve", "Duyệt quyền tài khoản (người thứ hai)"),
    ("account.lock", "Khoá tài khoản"),
    ("account.unlock", "Mở khoá tài khoản"),
    ("account.password", "Đổi mật khẩu"),
    ("account.totp", "Đăng ký xác thực hai lớp"),
    ("audit.read", "Xem nhật ký truy cập"),
    ("audit.export", "Xuất nhật ký truy cập"),
    ("dashboard.read", "Xem trang tổng quan"),
    ("search", "Tìm hồ sơ"),
    ("org.read", "Xem tổ chức"),
    ("org.persons", "Xem danh sách người của tổ chức"),
    ("org.export", "Xuất dữ liệu tổ chức"),
    ("import", "Nhập dữ liệu"),
    ("backup", "Sao lưu"),
    ("dossier.read", "Xem hồ sơ"),
    ("dossier.edit", "Mở trang sửa hồ sơ"),
    ("dossier.update", "Sửa hồ sơ"),
    ("dossier.history", "Xem lịch sử hồ sơ"),
    ("dossier.diff", "So sánh phiên bản hồ sơ"),
    ("rules.read", "Xem gói quy định"),
    ("campaign.list", "Xem các đợt rà soát"),
    ("campaign.read", "Xem đợt rà soát"),
    ("campaign.start", "Bắt đầu đợt rà soát"),
    ("campaign.resume", "Tiếp tục đợt rà soát"),
    ("campaign.progress", "Xem tiến độ đợt rà soát"),
    ("campaign.export", "Xuất kết quả đợt rà soát"),
    ("case.list", "Xem danh sách hồ sơ thẩm tra"),
    ("case.export", "Xuất danh sách hồ sơ thẩm tra"),
    ("case.open", "Mở hồ sơ thẩm tra"),
    ("case.read", "Xem hồ sơ thẩm tra"),
    ("case.print", "In văn bản của hồ sơ thẩm tra"),
    ("case.attachment", "Tải tệp đính kèm hồ sơ thẩm tra"),
    ("case.accept", "Tiếp nhận, đóng dấu giáp lai"),
    ("case.request_add", "Thêm đề nghị thẩm tra"),
    ("case.request_drop", "Bỏ đề nghị thẩm tra"),
    ("case.request_send", "Gửi đề nghị thẩm tra"),
    ("case.request_answer", "Ghi kết quả thẩm tra (mục 24)"),
    ("case.finish_verification", "Kết thúc thẩm tra"),
    ("case.comment", "Nhận xét của chi bộ (mục 25)"),
    ("case.appraise", "Thẩm định của cơ quan tham mưu"),
    ("case.ask_explanation", "Yêu cầu giải trình"),
    ("case.proceed", "Chuyển kết luận khi quá hạn giải trình"),
    ("case.conclude", "Ký kết luận"),
    ("case.return", "Trả lại để thẩm tra thêm"),
    ("case.refuse", "Không chấp thuận hồ sơ"),
    ("case.review", "Cấp trên xem xét lại kết luận"),
    ("case.certify", "Chứng nhận (mục 26)"),
    ("case.decide", "Ghi quyết định"),
    ("case.withdraw", "Dừng hồ sơ thẩm tra"),
    ("self.read", "Xem hồ sơ của mình"),
    ("self.case", "Xem hồ sơ thẩm tra của mình"),
    ("self.explain", "Giải trình"),
    ("self.trips", "Xem chuyến đi của mình"),
    ("self.trip", "Xem đơn đi nước ngoài của mình"),
    ("self.trip_file", "Lập đơn đi nước ngoài"),
    ("self.trip_submit", "Nộp đơn đi nước ngoài"),
    ("self.trip_cancel", "Huỷ đơn đi nước ngoài"),
    ("self.trip_report", "Báo cáo sau chuyến đi"),
    ("self.relations", "Xem quan hệ nước ngoài của mình"),
    ("self.relation_declare", "Khai quan hệ nước ngoài"),
    ("trip.list", "Xem danh sách chuyến đi"),
    ("trip.read", "Xem chuyến đi"),
    ("trip.file", "Tải tệp của chuyến đi"),
    ("trip.cell_opinion", "Ý kiến của chi bộ về chuyến đi"),
    ("trip.approve", "Đồng ý cho đi nước ngoài"),
    ("trip.refuse", "Không đồng ý cho đi nước ngoài"),
    ("trip.return", "Ghi ngày về nước"),
    ("trip.arrangement", "Ghi việc bố trí sau chuyến đi"),
    ("trip.unapproved", "Ghi chuyến đi chưa được đồng ý"),
    ("passport.list", "Xem sổ hộ chiếu công vụ"),
    ("passport.register", "Vào sổ hộ chiếu"),
    ("passport.hand_out", "Giao hộ chiếu"),
    ("passport.take_back", "Nhận lại hộ chiếu"),
    ("delegation.list", "Xem danh sách đoàn ra"),
    ("delegation.read", "Xem đoàn ra"),
    ("delegation.create", "Lập đoàn ra"),
    ("delegation.return", "Ghi ngày đoàn về nước"),
    ("delegation.report", "Báo cáo của đoàn ra"),
    ("listing.read", "Xem phụ lục, danh sách"),
    ("listing.export", "Xuất phụ lục, danh sách"),
    ("relation.list", "Xem quan hệ nước ngoài chờ quyết định"),
    ("relation.decide", "Quyết định về quan hệ nước ngoài"),
    ("witness.receive", "Nhận dấu niêm nhật ký của cấp dưới"),
    ("witness.source.add", "Đăng ký khoá nhật ký của cấp dưới"),
    ("secret.books", "Xem các sổ đăng ký bí mật nhà nước"),
    ("secret.book.read", "Xem sổ đăng ký bí mật nhà nước"),
    ("secret.book.print", "In sổ đăng ký bí mật nhà nước"),
    ("secret.book.export", "Xuất sổ đăng ký bí mật nhà nước"),
    ("secret.book.close", "Khoá sổ đăng ký bí mật nhà nước"),
    ("secret.line.cancel", "Huỷ dòng sổ đăng ký bí mật nhà nước"),
    ("secret.register", "Vào sổ tài liệu mật"),
    ("secret.item.read", "Xem tài liệu mật"),
    ("secret.copy.request", "Đề nghị sao, chụp tài liệu mật"),
    ("secret.copy.decide", "Quyết định cho sao, chụp tài liệu mật"),
    ("secret.copy.make", "Sao, chụp tài liệu mật"),
    ("secret.copy.marks", "In dấu bản sao tài liệu mật"),
    ("secret.takeout.request", "Đề nghị mang tài liệu mật ra ngoài"),
    ("secret.takeout.decide", "Quyết định cho mang tài liệu mật ra ngoài"),
    ("secret.takeout.out", "Giao tài liệu mật mang ra ngoài"),
    ("secret.takeout.back", "Nhận lại tài liệu mật mang ra ngoài"),
    ("secret.period.extend", "Gia hạn thời hạn bảo vệ bí mật nhà nước"),
    ("secret.level.regrade", "Điều chỉnh độ mật"),
    ("secret.regrade.notified", "Ghi đã thông báo điều chỉnh độ mật"),
    ("secret.declassify", "Giải mật tài liệu"),
    ("secret.hold.place", "Giữ lại tài liệu mật"),
    ("secret.hold.release", "Chấm dứt giữ lại tài liệu mật"),
    ("secret.destructions", "Xem các hồ sơ tiêu huỷ tài liệu mật"),
    ("secret.destruction.read", "Xem hồ sơ tiêu huỷ tài liệu mật"),
    ("secret.destruction.propose", "Lập hồ sơ tiêu huỷ tài liệu mật"),
    ("secret.destruction.step", "Ghi bước tiêu huỷ tài liệu mật"),
    ("secret.incidents", "Xem báo cáo mất, lộ tài liệu mật"),
    ("secret.incident.read", "Xem một báo cáo mất, lộ tài liệu mật"),
    ("secret.incident.report", "Báo cáo mất, lộ tài liệu mật"),
    ("secret.incident.seen", "Ghi đã xem báo cáo mất, lộ"),
    ("secret.stats.read", "Xem thống kê bảo vệ bí mật nhà nước"),
    ("secret.stats.print", "In báo cáo thống kê bảo vệ bí mật nhà nước"),
    ("secret.stats.export", "Xuất thống kê bảo vệ bí mật nhà nước"),
];

/// The Vietnamese name of an audited action, if it has one.
pub fn action_name(code: &str) -> Option<&'static str> {
    ACTIONS.iter().find(|(c, _)| *c == code).map(|(_, n)| *n)
}

/// The name to show: the Vietnamese one, or, for an action written by an older release under
/// a code no longer named, a plain statement that it is unnamed (never the bare code alone).
pub fn action_label(code: &str) -> String {
    action_name(code).map_or_else(|| format!("Việc chưa đặt tên ({code})"), str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_named() {
        let mut codes: Vec<_> = ACTIONS.iter().map(|(c, _)| *c).collect();
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(codes.len(), n, "an action named twice");
        assert_eq!(action_label("case.read"), "Xem hồ sơ thẩm tra");
        assert_eq!(action_label("x.y"), "Việc chưa đặt tên (x.y)");
    }
}
