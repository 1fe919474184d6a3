//! The run's time as UTC text, without a date crate: the report needs one
//! timestamp, and the civil calendar is a few lines of arithmetic.

/// `(machine, reader)` forms of a Unix time: `2026-11-24T09:05:00Z` for
/// `<time datetime>` and `2026-11-24 09:05 UTC` to read.
pub fn utc(seconds: u64) -> (String, String) {
    let days = seconds / 86_400;
    let of_day = seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    let (hour, minute, second) = (of_day / 3600, of_day % 3600 / 60, of_day % 60);
    (
        format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z"),
        format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02} UTC"),
    )
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian
/// calendar (Howard Hinnant's `civil_from_days`, for non-negative days).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_known_instants() {
        assert_eq!(utc(0).0, "1970-01-01T00:00:00Z");
        assert_eq!(utc(951_782_400).1, "2000-02-29 00:00 UTC");
        assert_eq!(utc(1_709_251_199).0, "2024-02-29T23:59:59Z");
        assert_eq!(utc(1_795_511_100).1, "2026-11-24 09:05 UTC");
        assert_eq!(utc(4_102_444_800).0, "2100-01-01T00:00:00Z");
    }
}
