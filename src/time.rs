//! Time in UTC: when a consent expires (13 calendar months), and how instants are written and
//! read (RFC 3339 for records and the API, the HTTP date of a cookie's `Expires`).
//!
//! A consent lives **13 calendar months**: the expiry is the same day of the month, 13 months
//! later, at the same time of day, in UTC. When that month is shorter, the day is clamped to the
//! month's last day: 2026-01-31 gives 2027-02-28, 2027-01-31 gives 2028-02-29 (leap year), and
//! 2028-02-29 gives 2029-03-29. Instants are Unix seconds (`i64`); the civil-date conversion is
//! Howard Hinnant's `days_from_civil` / `civil_from_days` algorithm.

/// How many calendar months a consent lives.
pub const CONSENT_MONTHS: u32 = 13;

/// A date and time of day in UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct DateTime {
    /// Year, e.g. 2026.
    pub year: i64,
    /// Month, 1 to 12.
    pub month: u32,
    /// Day of the month, 1 to 31.
    pub day: u32,
    /// Seconds since midnight, 0 to 86 399.
    pub second_of_day: u32,
}

/// Whether `year` has a 29 February.
pub fn is_leap(year: i64) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// How many days `month` of `year` has.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = m as i64;
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (
        if m <= 2 {
            yoe + era * 400 + 1
        } else {
            yoe + era * 400
        },
        m,
        d,
    )
}

impl DateTime {
    /// The civil date and time of a Unix instant.
    pub fn from_unix(seconds: i64) -> DateTime {
        let (year, month, day) = civil_from_days(seconds.div_euclid(86_400));
        DateTime {
            year,
            month,
            day,
            second_of_day: seconds.rem_euclid(86_400) as u32,
        }
    }

    /// The Unix instant of this date and time.
    pub fn to_unix(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * 86_400 + self.second_of_day as i64
    }

    /// The same day and time `months` calendar months later, the day clamped to the month's end.
    pub fn add_months(self, months: u32) -> DateTime {
        let index = self.year * 12 + (self.month as i64 - 1) + months as i64;
        let year = index.div_euclid(12);
        let month = index.rem_euclid(12) as u32 + 1;
        DateTime {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
            ..self
        }
    }

    /// RFC 3339 in UTC, to the second: `2026-01-31T10:00:00Z`.
    pub fn rfc3339(self) -> String {
        // Written digit by digit: `format!` with padding costs the first-layer bundle bytes.
        let mut out = String::with_capacity(20);
        push_digits(&mut out, self.year, 4);
        out.push('-');
        push_digits(&mut out, self.month as i64, 2);
        out.push('-');
        push_digits(&mut out, self.day as i64, 2);
        out.push('T');
        self.push_time(&mut out);
        out.push('Z');
        out
    }

    /// The HTTP date of a cookie's `Expires` (RFC 7231 IMF-fixdate): `Sun, 28 Feb 2027 10:00:00 GMT`.
    pub fn http_date(self) -> String {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let mut out = String::with_capacity(29);
        out.push_str(DAYS[days_from_civil(self.year, self.month, self.day).rem_euclid(7) as usize]);
        out.push_str(", ");
        push_digits(&mut out, self.day as i64, 2);
        out.push(' ');
        out.push_str(MONTHS[self.month as usize - 1]);
        out.push(' ');
        push_digits(&mut out, self.year, 4);
        out.push(' ');
        self.push_time(&mut out);
        out.push_str(" GMT");
        out
    }

    fn push_time(self, out: &mut String) {
        let s = self.second_of_day as i64;
        push_digits(out, s / 3600, 2);
        out.push(':');
        push_digits(out, s / 60 % 60, 2);
        out.push(':');
        push_digits(out, s % 60, 2);
    }
}

/// Appends `n` in decimal, zero-padded to `width` digits (a minus sign first when negative).
pub fn push_digits(out: &mut String, n: i64, width: usize) {
    if n < 0 {
        out.push('-');
    }
    let mut digits = [0u8; 20];
    let mut len = 0;
    let mut rest = n.unsigned_abs();
    while rest > 0 || len < width {
        digits[len] = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
    }
    for d in digits[..len].iter().rev() {
        out.push(*d as char);
    }
}

/// Reads a strict RFC 3339 instant in UTC to the second, `YYYY-MM-DDTHH:MM:SSZ`, into Unix
/// seconds. Anything else (offsets, fractions, lowercase `t`/`z`, impossible dates, leap
/// seconds) is `None`.
pub fn parse_instant(s: &str) -> Option<i64> {
    let b = s.as_bytes();
    if b.len() != 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
        || b[19] != b'Z'
    {
        return None;
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        u32::try_from(crate::text::parse_digits(&s[from..to])?).ok()
    };
    let (year, month, day) = (num(0, 4)?, num(5, 7)?, num(8, 10)?);
    let (hour, minute, second) = (num(11, 13)?, num(14, 16)?, num(17, 19)?);
    if !(1..=12).contains(&month)
        || day == 0
        || day > days_in_month(year as i64, month)
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    Some(
        DateTime {
            year: year as i64,
            month,
            day,
            second_of_day: hour * 3600 + minute * 60 + second,
        }
        .to_unix(),
    )
}

/// When a consent given at `given` (Unix seconds) expires: 13 calendar months later.
pub fn consent_expiry(given: i64) -> i64 {
    DateTime::from_unix(given)
        .add_months(CONSENT_MONTHS)
        .to_unix()
}

/// Kazakh month names: nominative, and dative (the case «дейін» governs: «желтоқсанға дейін»;
/// -ға/-ге after a vowel or voiced consonant, -ке after the voiceless к of «қыркүйек»).
const KK_MONTHS: [(&str, &str); 12] = [
    ("қаңтар", "қаңтарға"),
    ("ақпан", "ақпанға"),
    ("наурыз", "наурызға"),
    ("сәуір", "сәуірге"),
    ("мамыр", "мамырға"),
    ("маусым", "маусымға"),
    ("шілде", "шілдеге"),
    ("тамыз", "тамызға"),
    ("қыркүйек", "қыркүйекке"),
    ("қазан", "қазанға"),
    ("қараша", "қарашаға"),
    ("желтоқсан", "желтоқсанға"),
];

const EN_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl DateTime {
    /// The date as a visitor reads it in `lang`: «2027 жылғы 28 желтоқсан», «28.12.2027»,
    /// "28 December 2027" (never ISO).
    pub fn date_text(&self, lang: crate::lang::Lang) -> String {
        self.date_in(lang, false)
    }

    /// The date as the object of "until" in `lang`: kk puts the month in the dative
    /// («2027 жылғы 28 желтоқсанға», before «дейін»); ru and en as [`DateTime::date_text`].
    pub fn date_until(&self, lang: crate::lang::Lang) -> String {
        self.date_in(lang, true)
    }

    fn date_in(&self, lang: crate::lang::Lang, dative: bool) -> String {
        use crate::lang::Lang;
        let m = (self.month.clamp(1, 12) - 1) as usize;
        match lang {
            Lang::Kk => {
                let (nom, dat) = KK_MONTHS[m];
                let month = if dative { dat } else { nom };
                format!("{} жылғы {} {month}", self.year, self.day)
            }
            Lang::Ru => format!("{:02}.{:02}.{}", self.day, self.month, self.year),
            Lang::En => format!("{} {} {}", self.day, EN_MONTHS[m], self.year),
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_read_as_visitors_read_them() {
        use crate::lang::Lang;
        let d = DateTime::from_unix(1_830_000_000); // 2027-12-28
        assert_eq!(d.rfc3339()[..10], *"2027-12-28");
        assert_eq!(d.date_text(Lang::Ru), "28.12.2027");
        assert_eq!(d.date_text(Lang::En), "28 December 2027");
        assert_eq!(d.date_text(Lang::Kk), "2027 жылғы 28 желтоқсан");
        assert_eq!(d.date_until(Lang::Kk), "2027 жылғы 28 желтоқсанға");
        let sept = DateTime::from_unix(1_789_000_000); // 2026-09-10
        assert_eq!(sept.date_until(Lang::Kk), "2026 жылғы 10 қыркүйекке");
        assert_eq!(sept.date_text(Lang::Ru), "10.09.2026");
    }

    use super::*;

    fn at(y: i64, m: u32, d: u32, h: u32) -> i64 {
        DateTime {
            year: y,
            month: m,
            day: d,
            second_of_day: h * 3600,
        }
        .to_unix()
    }

    fn expiry_date(y: i64, m: u32, d: u32) -> String {
        DateTime::from_unix(consent_expiry(at(y, m, d, 10))).rfc3339()
    }

    #[test]
    fn unix_round_trip() {
        assert_eq!(DateTime::from_unix(0).rfc3339(), "1970-01-01T00:00:00Z");
        assert_eq!(
            DateTime::from_unix(1_767_225_599).rfc3339(),
            "2025-12-31T23:59:59Z"
        );
        assert_eq!(DateTime::from_unix(-1).rfc3339(), "1969-12-31T23:59:59Z");
        for t in [0i64, 951_782_400, 1_709_164_800, 4_107_542_399, -86_401] {
            assert_eq!(DateTime::from_unix(t).to_unix(), t);
        }
    }

    #[test]
    fn thirteen_months_plain() {
        assert_eq!(expiry_date(2026, 3, 15), "2027-04-15T10:00:00Z");
        assert_eq!(expiry_date(2026, 11, 22), "2027-12-22T10:00:00Z");
    }

    #[test]
    fn month_ends_are_clamped() {
        assert_eq!(expiry_date(2026, 1, 31), "2027-02-28T10:00:00Z");
        assert_eq!(expiry_date(2026, 2, 28), "2027-03-28T10:00:00Z");
        assert_eq!(expiry_date(2026, 3, 31), "2027-04-30T10:00:00Z");
        assert_eq!(expiry_date(2026, 8, 31), "2027-09-30T10:00:00Z");
        assert_eq!(expiry_date(2026, 5, 31), "2027-06-30T10:00:00Z");
    }

    #[test]
    fn leap_days() {
        // Into a leap February.
        assert_eq!(expiry_date(2027, 1, 31), "2028-02-29T10:00:00Z");
        assert_eq!(expiry_date(2027, 1, 29), "2028-02-29T10:00:00Z");
        // From a leap day.
        assert_eq!(expiry_date(2028, 2, 29), "2029-03-29T10:00:00Z");
        // 2100 is not a leap year, 2000 was.
        assert_eq!(expiry_date(2099, 1, 31), "2100-02-28T10:00:00Z");
        assert_eq!(expiry_date(1999, 1, 31), "2000-02-29T10:00:00Z");
        assert!(!is_leap(2100) && is_leap(2000) && is_leap(2028) && !is_leap(2026));
    }

    #[test]
    fn year_ends() {
        assert_eq!(expiry_date(2026, 12, 31), "2028-01-31T10:00:00Z");
        assert_eq!(expiry_date(2026, 11, 30), "2027-12-30T10:00:00Z");
        assert_eq!(expiry_date(2026, 12, 1), "2028-01-01T10:00:00Z");
        // The last second of a year stays on its day.
        let t = DateTime {
            year: 2026,
            month: 12,
            day: 31,
            second_of_day: 86_399,
        }
        .to_unix();
        assert_eq!(
            DateTime::from_unix(consent_expiry(t)).rfc3339(),
            "2028-01-31T23:59:59Z"
        );
    }

    #[test]
    fn http_dates() {
        assert_eq!(
            DateTime::from_unix(at(2027, 2, 28, 10)).http_date(),
            "Sun, 28 Feb 2027 10:00:00 GMT"
        );
        assert_eq!(
            DateTime::from_unix(0).http_date(),
            "Thu, 01 Jan 1970 00:00:00 GMT"
        );
        assert_eq!(
            DateTime::from_unix(at(2028, 2, 29, 0)).http_date(),
            "Tue, 29 Feb 2028 00:00:00 GMT"
        );
    }

    /// The civil date of every day from year -1000 to 2999, walked one day at a time from a
    /// start counted in whole years: a reference independent of Hinnant's arithmetic (every
    /// 400-year era boundary, century and leap day in between, negative instants included).
    fn walk_days(mut visit: impl FnMut(i64, i64, u32, u32)) {
        let first_year = -1000;
        let mut day: i64 = -(first_year..1970)
            .map(|y| if is_leap(y) { 366 } else { 365 })
            .sum::<i64>();
        for year in first_year..3000 {
            for month in 1..=12 {
                for d in 1..=days_in_month(year, month) {
                    visit(day, year, month, d);
                    day += 1;
                }
            }
        }
    }

    #[test]
    fn every_day_of_four_thousand_years() {
        const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]; // 1970-01-01: Thu
        let mut days = 0;
        walk_days(|day, year, month, d| {
            days += 1;
            let dt = DateTime {
                year,
                month,
                day: d,
                second_of_day: 43_210,
            };
            let t = day * 86_400 + 43_210;
            assert_eq!(DateTime::from_unix(t), dt, "{day}");
            assert_eq!(dt.to_unix(), t, "{year}-{month}-{d}");
            if (1..10_000).contains(&year) && (d >= 27 || d == 1) {
                assert_eq!(parse_instant(&dt.rfc3339()), Some(t), "{year}-{month}-{d}");
            }
            if d == 1 {
                assert!(dt.http_date().starts_with(DAYS[day.rem_euclid(7) as usize]));
            }
        });
        assert_eq!(days, 4000 * 365 + 970);
    }

    #[test]
    fn months_are_added_with_the_day_clamped() {
        // Reference: count months one at a time.
        for (year, month, day) in [(2026, 1, 31), (2027, 11, 30), (1999, 12, 29), (-1, 2, 28)] {
            let start = DateTime {
                year,
                month,
                day,
                second_of_day: 3_661,
            };
            let (mut y, mut m) = (year, month);
            for months in 0..40 {
                let expected = DateTime {
                    year: y,
                    month: m,
                    day: day.min(days_in_month(y, m)),
                    second_of_day: 3_661,
                };
                assert_eq!(start.add_months(months), expected, "{start:?} + {months}");
                m += 1;
                if m == 13 {
                    (y, m) = (y + 1, 1);
                }
            }
        }
    }

    #[test]
    fn leap_years_and_month_lengths() {
        for (year, leap) in [
            (1900, false),
            (2000, true),
            (2024, true),
            (2025, false),
            (2100, false),
            (2400, true),
            (0, true),
            (-4, true),
            (-1, false),
            (-100, false),
        ] {
            assert_eq!(is_leap(year), leap, "{year}");
        }
        let lengths: Vec<u32> = (1..=12).map(|m| days_in_month(2026, m)).collect();
        assert_eq!(lengths, [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]);
        assert_eq!(days_in_month(2028, 2), 29);
    }

    #[test]
    fn digits_are_zero_padded() {
        for n in [0i64, 1, 9, 10, 99, 100, 12_345, i64::MAX] {
            for width in 0..=20 {
                let mut out = String::new();
                push_digits(&mut out, n, width);
                let expected = format!("{n:0width$}");
                let expected = if n == 0 && width == 0 { "" } else { &expected };
                assert_eq!(out, expected, "{n} {width}");
                let mut negative = String::new();
                push_digits(&mut negative, -n, width);
                if n > 0 {
                    assert_eq!(negative, format!("-{expected}"));
                }
            }
        }
        let mut out = String::from("x");
        push_digits(&mut out, i64::MIN, 1);
        assert_eq!(out, "x-9223372036854775808");
    }

    #[test]
    fn times_of_day_and_strict_instants() {
        for (second_of_day, text) in [
            (0, "00:00:00"),
            (59, "00:00:59"),
            (60, "00:01:00"),
            (3_599, "00:59:59"),
            (3_600, "01:00:00"),
            (45_296, "12:34:56"),
            (86_399, "23:59:59"),
        ] {
            let dt = DateTime {
                year: 2026,
                month: 3,
                day: 9,
                second_of_day,
            };
            assert_eq!(dt.rfc3339(), format!("2026-03-09T{text}Z"));
            assert_eq!(dt.http_date(), format!("Mon, 09 Mar 2026 {text} GMT"));
            assert_eq!(parse_instant(&dt.rfc3339()), Some(dt.to_unix()));
        }
        assert_eq!(
            DateTime::from_unix(-62_135_596_800).rfc3339(),
            "0001-01-01T00:00:00Z"
        );
        // Each separator, and each digit, in its place only.
        let good = "2026-03-09T12:34:56Z";
        assert_eq!(parse_instant(good), Some(1_773_059_696));
        for i in 0..good.len() {
            let is_digit = good.as_bytes()[i].is_ascii_digit();
            for c in ['-', 'T', ':', 'Z', '0', 'x', '+', ' '] {
                let mut bad = good.to_owned();
                bad.replace_range(i..i + 1, &c.to_string());
                if bad != good && !(is_digit && c == '0') {
                    assert_eq!(parse_instant(&bad), None, "{bad}");
                }
            }
        }
        for bad in [
            "2026-03-09T12:34:56Z ",
            "2026-03-09T12:34:5Z",
            "2026-03-09T12:34:56",
        ] {
            assert_eq!(parse_instant(bad), None, "{bad}");
        }
    }
}
