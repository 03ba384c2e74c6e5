use chrono::{Days, NaiveDate, Weekday};
use proptest::prelude::*;

use super::*;

const SHIPPED: [(&str, &str); 2] = [
    ("rules/calendar/2025.toml", include_str!("../../../../rules/calendar/2025.toml")),
    ("rules/calendar/2026.toml", include_str!("../../../../rules/calendar/2026.toml")),
];

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn shipped() -> Calendar {
    Calendar::from_override_files(SHIPPED).expect("shipped override files are valid")
}

fn kind_on(cal: &Calendar, d: NaiveDate) -> Option<DayOffKind> {
    cal.day_off_reason(d).map(|o| o.kind)
}

fn holiday(h: Holiday) -> Option<DayOffKind> {
    Some(DayOffKind::Holiday { holiday: h })
}

fn invalid(name: &str, text: &str) -> (String, Vec<FieldError>) {
    match Calendar::from_override_files([(name, text)]) {
        Err(CalendarError::InvalidOverride { file, problems }) => (file, problems),
        other => panic!("expected an invalid override, got {other:?}"),
    }
}

fn fields(problems: &[FieldError]) -> Vec<&str> {
    problems.iter().map(|p| p.field.as_str()).collect()
}

#[test]
fn default_2025_follows_the_labour_code() {
    let cal = Calendar::default();
    let off: Vec<_> = cal.days_off(2025).into_iter().map(|d| (d.date, d.reason)).collect();
    let expect = |y, m, d, r: &str| (ymd(y, m, d), r.to_string());
    assert_eq!(
        off,
        vec![
            expect(2025, 1, 1, "Tết Dương lịch"),
            expect(2025, 1, 28, "Tết Nguyên đán"),
            expect(2025, 1, 29, "Tết Nguyên đán"),
            expect(2025, 1, 30, "Tết Nguyên đán"),
            expect(2025, 1, 31, "Tết Nguyên đán"),
            expect(2025, 2, 1, "Tết Nguyên đán"),
            // 1/2 is a Saturday.
            expect(2025, 2, 3, "Nghỉ bù"),
            expect(2025, 4, 7, "Giỗ Tổ Hùng Vương"),
            expect(2025, 4, 30, "Ngày Chiến thắng"),
            expect(2025, 5, 1, "Ngày Quốc tế lao động"),
            expect(2025, 9, 2, "Quốc khánh"),
            expect(2025, 9, 3, "Quốc khánh"),
        ]
    );
    let tet_eve = cal.day_off_reason(ymd(2025, 1, 28)).unwrap();
    assert_eq!(tet_eve.lunar, Some(LunarDate::new(2024, 12, 29)));
    let gio_to = cal.day_off_reason(ymd(2025, 4, 7)).unwrap();
    assert_eq!(gio_to.lunar, Some(LunarDate::new(2025, 3, 10)));
    let bu = cal.day_off_reason(ymd(2025, 2, 3)).unwrap();
    assert_eq!(bu.kind, DayOffKind::Compensatory { for_date: Some(ymd(2025, 2, 1)) });
    assert!(bu.note.unwrap().contains("Tết Nguyên đán"));
}

#[test]
fn shipped_2025_applies_the_government_decision() {
    let cal = shipped();
    for day in 27..=31 {
        assert_eq!(kind_on(&cal, ymd(2025, 1, day)), holiday(Holiday::LunarNewYear));
    }
    // The span moved, so 1/2 is a plain Saturday and 3/2 a working day.
    assert_eq!(kind_on(&cal, ymd(2025, 2, 1)), Some(DayOffKind::WeeklyRest));
    assert!(cal.is_working_day(ymd(2025, 2, 3)));
    assert_eq!(kind_on(&cal, ymd(2025, 5, 2)), Some(DayOffKind::Swapped { working_day: Some(ymd(2025, 4, 26)) }));
    assert!(cal.is_working_day(ymd(2025, 4, 26)));
    assert_eq!(cal.make_up_days(2025).len(), 1);
    assert_eq!(kind_on(&cal, ymd(2025, 9, 1)), holiday(Holiday::NationalDay));
    assert!(cal.is_working_day(ymd(2025, 9, 3)));
    // Years without a file keep the defaults.
    assert_eq!(cal.days_off(2024), Calendar::default().days_off(2024));
}

#[test]
fn shipped_2026_applies_the_government_decision() {
    let cal = shipped();
    assert!(!cal.is_working_day(ymd(2026, 1, 2)));
    assert!(cal.is_working_day(ymd(2026, 1, 10)));
    let tet = cal.day_off_reason(ymd(2026, 2, 17)).unwrap();
    assert_eq!(tet.reason, "Tết Nguyên đán");
    assert_eq!(tet.lunar, Some(LunarDate::new(2026, 1, 1)));
    assert_eq!(cal.day_off_reason(ymd(2026, 2, 16)).unwrap().lunar, Some(LunarDate::new(2025, 12, 29)));
    // Giỗ Tổ on Sunday 26/4 is made up on Monday 27/4.
    assert_eq!(kind_on(&cal, ymd(2026, 4, 26)), holiday(Holiday::HungKings));
    assert_eq!(kind_on(&cal, ymd(2026, 4, 27)), Some(DayOffKind::Compensatory { for_date: Some(ymd(2026, 4, 26)) }));
    assert!(!cal.is_working_day(ymd(2026, 8, 31)));
    assert!(cal.is_working_day(ymd(2026, 8, 22)));
    assert_eq!(kind_on(&cal, ymd(2026, 9, 1)), holiday(Holiday::NationalDay));
    assert!(cal.is_working_day(ymd(2026, 9, 3)));
    let from_aug_28 = cal.working_days_between(ymd(2026, 8, 28), ymd(2026, 9, 3));
    assert_eq!(from_aug_28, 1);
}

#[test]
fn add_working_days_skips_tet_2026_and_weekends() {
    for cal in [Calendar::default(), shipped()] {
        // Friday 13/2; Tết runs Monday 16/2 to Friday 20/2.
        assert_eq!(cal.add_working_days(ymd(2026, 2, 13), 7), ymd(2026, 3, 3));
        assert_eq!(cal.add_working_days(ymd(2026, 2, 12), 1), ymd(2026, 2, 13));
        assert_eq!(cal.add_working_days(ymd(2026, 2, 12), 2), ymd(2026, 2, 23));
        assert_eq!(cal.add_working_days(ymd(2026, 2, 14), 0), ymd(2026, 2, 14));
        assert_eq!(cal.working_days_between(ymd(2026, 2, 13), ymd(2026, 3, 3)), 7);
        assert_eq!(cal.working_days_between(ymd(2026, 3, 3), ymd(2026, 2, 13)), -7);
    }
    // Across a year end: 31/12/2025 (Wed) + 2 lands after the 1/1–4/1 break.
    assert_eq!(shipped().add_working_days(ymd(2025, 12, 31), 2), ymd(2026, 1, 6));
    assert_eq!(Calendar::default().add_working_days(ymd(2025, 12, 31), 2), ymd(2026, 1, 5));
}

#[test]
fn holidays_on_weekly_rest_days_are_made_up() {
    let cal = Calendar::default();
    // 1/1/2023 was a Sunday.
    assert_eq!(kind_on(&cal, ymd(2023, 1, 2)).map(|k| k.label()), Some("Nghỉ bù"));
    // 2/9/2023 Saturday and (by default) 3/9 Sunday: two days made up, Monday and Tuesday.
    assert_eq!(kind_on(&cal, ymd(2023, 9, 4)), Some(DayOffKind::Compensatory { for_date: Some(ymd(2023, 9, 2)) }));
    assert_eq!(kind_on(&cal, ymd(2023, 9, 5)), Some(DayOffKind::Compensatory { for_date: Some(ymd(2023, 9, 3)) }));
    assert!(cal.is_working_day(ymd(2023, 9, 6)));
    // Giỗ Tổ 2023 (after a leap month 2) fell on Saturday 29/4 and 30/4 on Sunday: the break
    // ran 29/4–3/5, as the 2023 notice also had it.
    assert_eq!(kind_on(&cal, ymd(2023, 4, 29)), holiday(Holiday::HungKings));
    for day in [2, 3] {
        assert_eq!(kind_on(&cal, ymd(2023, 5, day)).map(|k| k.label()), Some("Nghỉ bù"));
    }
    assert!(cal.is_working_day(ymd(2023, 5, 4)));
    // Tết 2021: lunar 2 and 3 fell on Saturday 13/2 and Sunday 14/2; the span ran to Monday 15/2.
    assert_eq!(kind_on(&cal, ymd(2021, 2, 15)), holiday(Holiday::LunarNewYear));
    assert_eq!(kind_on(&cal, ymd(2021, 2, 16)).map(|k| k.label()), Some("Nghỉ bù"));
    assert_eq!(kind_on(&cal, ymd(2021, 2, 17)).map(|k| k.label()), Some("Nghỉ bù"));
    assert!(cal.is_working_day(ymd(2021, 2, 18)));
}

#[test]
fn reasons_and_weekly_rest() {
    let cal = Calendar::default();
    assert_eq!(cal.day_off_reason(ymd(2025, 3, 12)), None);
    let saturday = cal.day_off_reason(ymd(2025, 3, 15)).unwrap();
    assert_eq!(saturday.reason, "Nghỉ hằng tuần");
    assert!(cal.days_off(2025).iter().all(|d| d.kind != DayOffKind::WeeklyRest));
    assert_eq!(cal.day_off_reason(ymd(2025, 9, 2)).unwrap().reason, "Quốc khánh");
}

#[test]
fn the_week_is_configurable() {
    let six_day = Calendar::default().with_week_rest(vec![Weekday::Sun]).unwrap();
    assert!(six_day.is_working_day(ymd(2025, 3, 15)));
    assert!(!six_day.is_working_day(ymd(2025, 3, 16)));
    // 1/2/2025 is a Saturday, a working day in this week: no compensatory Monday.
    assert!(six_day.is_working_day(ymd(2025, 2, 3)));
    assert_eq!(six_day.week_rest(), &[Weekday::Sun]);
    let all = vec![Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
    assert_eq!(Calendar::default().with_week_rest(all).unwrap_err(), CalendarError::NoWorkingDayInWeek);
}

#[test]
fn override_files_parse_and_apply() {
    let text = r#"
        year = 2030
        source = "test"
        auto_compensatory = false
        [national_day]
        adjacent = 2030-09-01
        [[day_off]]
        date = 2030-12-31
        reason = "Nghỉ thêm"
        [[day_off]]
        date = "2030-05-02"
        reason = "Bù"
        kind = "compensatory"
        [[working_day]]
        date = "2030-05-04"
        reason = "Làm bù"
    "#;
    let cal = Calendar::from_override_files([("2030.toml", text)]).unwrap();
    let (name, ov) = cal.override_for(2030).unwrap();
    assert_eq!((name, ov.source.as_str()), ("2030.toml", "test"));
    assert_eq!(kind_on(&cal, ymd(2030, 12, 31)), Some(DayOffKind::Extra));
    assert_eq!(kind_on(&cal, ymd(2030, 5, 2)), Some(DayOffKind::Compensatory { for_date: None }));
    assert!(cal.is_working_day(ymd(2030, 5, 4)));
    assert_eq!(kind_on(&cal, ymd(2030, 9, 1)), holiday(Holiday::NationalDay));
    assert!(cal.is_working_day(ymd(2030, 9, 3)));
}

#[test]
fn malformed_files_name_the_file_and_the_field() {
    let (file, problems) = invalid(
        "rules/calendar/2025.toml",
        "year = 2025\nsource = \"x\"\n[[working_day]]\ndate = \"2025-02-30\"\nreason = \"r\"\n",
    );
    assert_eq!(file, "rules/calendar/2025.toml");
    assert_eq!(fields(&problems), ["working_day[0].date"]);
    let message = Calendar::from_override_files([(
        "2025.toml",
        "year = 2025\nsource = \"x\"\n[[swap]]\nday_off = \"2025-05-02\"\n",
    )])
    .unwrap_err()
    .to_string();
    assert!(message.starts_with("tệp lịch 2025.toml: "), "{message}");
    assert!(message.contains("swap[0].working_day: thiếu trường bắt buộc"), "{message}");
    assert!(message.contains("swap[0].reason"), "{message}");

    let (_, problems) = invalid("2025.toml", "year = 2025\nsource = \"x\"\nworkingday = []\n");
    assert_eq!(fields(&problems), ["workingday"]);
    let (_, problems) = invalid("2025.toml", "year = 2024\nsource = \"x\"\n");
    assert_eq!(fields(&problems), ["year"]);
    let (_, problems) = invalid("x.toml", "year = \"2025\"\n");
    assert_eq!(fields(&problems), ["year", "source"]);
    let (_, problems) =
        invalid("x.toml", "year = 2025\nsource = \"x\"\n[tet]\nfrom = \"2025-02-03\"\nto = \"2025-02-07\"\n");
    assert_eq!(fields(&problems), ["tet"]);
    let (_, problems) = invalid("x.toml", "year = 2025\nsource = \"x\"\n[national_day]\nadjacent = \"2025-09-04\"\n");
    assert_eq!(fields(&problems), ["national_day.adjacent"]);
    let (_, problems) = invalid(
        "x.toml",
        "year = 2025\nsource = \"x\"\n[[working_day]]\ndate = \"2025-04-30\"\nreason = \"r\"\n[[day_off]]\ndate = \"2026-01-02\"\nreason = \"r\"\n[[day_off]]\ndate = \"2025-04-30\"\nreason = \"r\"\n",
    );
    assert_eq!(fields(&problems), ["day_off[0].date", "working_day[0].date", "day_off[1].date", "working_day[0].date"]);
    let (_, problems) = invalid(
        "x.toml",
        "year = 2025\nsource = \"x\"\n[[day_off]]\ndate = \"2025-06-02\"\nreason = \"r\"\nkind = \"bu\"\n",
    );
    assert_eq!(fields(&problems), ["day_off[0].kind"]);

    let (_, problems) = invalid("x.toml", "year = 2025\nsource = \"x\"\n[tet\n");
    assert_eq!(problems.len(), 1);
    assert!(problems[0].message.contains("dòng 3"), "{}", problems[0].message);
}

#[test]
fn one_file_per_year() {
    let a = ("a.toml", "year = 2027\nsource = \"a\"\n");
    let b = ("b.toml", "year = 2027\nsource = \"b\"\n");
    let message = Calendar::from_override_files([a, b]).unwrap_err().to_string();
    assert!(message.contains("b.toml") && message.contains("a.toml"), "{message}");
}

fn date_between(first: NaiveDate, last: NaiveDate) -> impl Strategy<Value = NaiveDate> {
    let span = (last - first).num_days() as u64;
    (0..=span).prop_map(move |offset| first + Days::new(offset))
}

proptest! {
    #[test]
    fn working_days_between_inverts_add_working_days(
        start in date_between(ymd(1990, 1, 1), ymd(2100, 12, 31)),
        n in 0u32..200,
    ) {
        let cal = shipped();
        // The inverse holds from any start; the brief's case is a working-day start.
        let end = cal.add_working_days(start, n);
        prop_assert_eq!(cal.working_days_between(start, end), i64::from(n));
        prop_assert_eq!(cal.working_days_between(end, start), -i64::from(n));
        if n > 0 {
            prop_assert!(cal.is_working_day(end));
            prop_assert!(end > start);
        }
        let working_start = cal.add_working_days(start, 1);
        let end = cal.add_working_days(working_start, n);
        prop_assert_eq!(cal.working_days_between(working_start, end), i64::from(n));
    }

    #[test]
    fn reason_is_given_exactly_for_days_off(day in date_between(ymd(2020, 1, 1), ymd(2030, 12, 31))) {
        let cal = shipped();
        prop_assert_eq!(cal.day_off_reason(day).is_none(), cal.is_working_day(day));
        let step = cal.working_days_between(day, day + Days::new(1));
        prop_assert_eq!(step, i64::from(cal.is_working_day(day + Days::new(1))));
    }
}

#[test]
fn every_year_keeps_its_eleven_holidays() {
    let cal = Calendar::default();
    for year in CHECKED_YEARS {
        let days = cal.days_off(year);
        let statutory = days.iter().filter(|d| matches!(d.kind, DayOffKind::Holiday { .. }));
        let clashes = days.iter().filter(|d| d.note.as_deref().is_some_and(|n| !n.contains("hằng tuần")));
        let clashes = clashes.filter(|d| matches!(d.kind, DayOffKind::Compensatory { .. }));
        assert_eq!(statutory.count() + clashes.count(), 11, "{year}");
    }
    // Giỗ Tổ fell on 30/4 in 1947 (a Wednesday): the day is given back on Thursday 2/5.
    let bu = cal.day_off_reason(ymd(1947, 5, 2)).unwrap();
    assert_eq!(bu.kind, DayOffKind::Compensatory { for_date: Some(ymd(1947, 4, 30)) });
    assert!(bu.note.unwrap().contains("Giỗ Tổ Hùng Vương"));
}
