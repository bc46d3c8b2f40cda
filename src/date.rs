//! The date line: `Đồng Nai, ngày 05 tháng 02 năm 2024` (the-thuc §2).

use time::{Date, Month};

use crate::profile::DateFormat;

/// A date as a document carries it: complete, or a draft's year with blank day
/// and month, or entirely blank.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DocDate {
    Full(Date),
    YearOnly(i32),
    Blank,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// The text is not `YYYY-MM-DD`, `DD/MM/YYYY` or `YYYY`.
    Shape,
    /// The parts are numbers but no such day exists (30/02).
    NotInCalendar { day: u8, month: u8, year: i32 },
}

impl DateError {
    pub fn message(&self, input: &str) -> String {
        match self {
            DateError::Shape => format!(
                "ngày \"{input}\" không đúng dạng; dùng YYYY-MM-DD (2024-02-05), DD/MM/YYYY (05/02/2024) hoặc chỉ năm (2024) cho dự thảo"
            ),
            DateError::NotInCalendar { day, month, year } => {
                format!("ngày {day:02}/{month:02}/{year} không có trong lịch")
            }
        }
    }
}

impl DocDate {
    /// Accepts `2024-02-05`, `05/02/2024`, `5/2/2024` and a bare year `2024`.
    pub fn parse(input: &str) -> Result<DocDate, DateError> {
        let s = input.trim();
        if s.is_empty() {
            return Ok(DocDate::Blank);
        }
        let numbers = |parts: Vec<&str>| -> Result<Vec<i32>, DateError> {
            parts.iter().map(|p| p.parse::<i32>().map_err(|_| DateError::Shape)).collect()
        };
        let (year, month, day) = if let Some(parts) = split3(s, '-') {
            let n = numbers(parts)?;
            (n[0], n[1], n[2])
        } else if let Some(parts) = split3(s, '/') {
            let n = numbers(parts)?;
            (n[2], n[1], n[0])
        } else if s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) {
            return Ok(DocDate::YearOnly(s.parse().map_err(|_| DateError::Shape)?));
        } else {
            return Err(DateError::Shape);
        };
        if !(1900..=2999).contains(&year) {
            return Err(DateError::Shape);
        }
        let not_in_calendar = || DateError::NotInCalendar {
            day: day.clamp(0, 99) as u8,
            month: month.clamp(0, 99) as u8,
            year,
        };
        let m = u8::try_from(month).ok().and_then(|m| Month::try_from(m).ok()).ok_or_else(not_in_calendar)?;
        let d = u8::try_from(day).map_err(|_| not_in_calendar())?;
        Date::from_calendar_date(year, m, d).map(DocDate::Full).map_err(|_| not_in_calendar())
    }

    /// The place-and-date line per the profile's format.
    pub fn format(&self, place: &str, f: &DateFormat) -> String {
        self.fill(&f.format, f).replace("{place}", place)
    }

    /// The date in running text (`05/3/2026`), blanks kept for a draft.
    pub fn short(&self, f: &DateFormat) -> String {
        self.fill(&f.short_format, f)
    }

    fn fill(&self, format: &str, f: &DateFormat) -> String {
        let (day, month, year) = match self {
            DocDate::Full(d) => {
                let m = u8::from(d.month());
                let month = if f.zero_pad_months.contains(&m) { format!("{m:02}") } else { m.to_string() };
                (format!("{:02}", d.day()), month, d.year().to_string())
            }
            DocDate::YearOnly(y) => (f.blank_day.clone(), f.blank_month.clone(), y.to_string()),
            DocDate::Blank => (f.blank_day.clone(), f.blank_month.clone(), f.blank_year.clone()),
        };
        format
            .replace("{day}", &day)
            .replace("{month}", &month)
            .replace("{year}", &year)
    }
}

fn split3(s: &str, sep: char) -> Option<Vec<&str>> {
    let parts: Vec<&str> = s.split(sep).collect();
    (parts.len() == 3 && parts.iter().all(|p| !p.is_empty())).then_some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{DEFAULT_PROFILE, Profiles};

    fn line(input: &str) -> String {
        let p = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        DocDate::parse(input).unwrap().format("Đồng Nai", &p.date)
    }

    #[test]
    fn dates_print_per_the_thuc() {
        assert_eq!(line("2024-02-05"), "Đồng Nai, ngày 05 tháng 02 năm 2024");
        assert_eq!(line("15/6/2023"), "Đồng Nai, ngày 15 tháng 6 năm 2023");
        assert_eq!(line("2025-12-31"), "Đồng Nai, ngày 31 tháng 12 năm 2025");
        assert_eq!(line("2024-01-09"), "Đồng Nai, ngày 09 tháng 01 năm 2024");
    }

    #[test]
    fn running_text_dates_pad_the_day_and_january_february() {
        let p = Profiles::builtin().get(DEFAULT_PROFILE).unwrap();
        let short = |s: &str| DocDate::parse(s).unwrap().short(&p.date);
        assert_eq!((short("2026-03-05"), short("2025-01-20"), short("2026")), ("05/3/2026".into(), "20/01/2025".into(), "  /  /2026".into()));
    }

    #[test]
    fn a_draft_keeps_day_and_month_blank() {
        assert_eq!(line("2024"), "Đồng Nai, ngày    tháng    năm 2024");
    }

    #[test]
    fn impossible_dates_are_refused() {
        let err = DocDate::parse("30/02/2024").unwrap_err();
        assert_eq!(err, DateError::NotInCalendar { day: 30, month: 2, year: 2024 });
        assert_eq!(err.message("30/02/2024"), "ngày 30/02/2024 không có trong lịch");
        assert!(DocDate::parse("2023-02-29").is_err());
        assert!(DocDate::parse("2024-02-29").is_ok());
        assert!(DocDate::parse("2024-13-01").is_err());
        assert_eq!(DocDate::parse("mai").unwrap_err(), DateError::Shape);
        assert_eq!(DocDate::parse("2024-02").unwrap_err(), DateError::Shape);
    }
}
