//! The duration and size notations of the logging stacks, each read the way its own software
//! reads it, and the wording of days and sizes in messages.

pub const MINUTE: u64 = 60;
pub const HOUR: u64 = 3_600;
pub const DAY: u64 = 86_400;
pub const WEEK: u64 = 7 * DAY;
/// A month and a year as calendar rotations (logback `%d{yyyy-MM}`, logrotate `monthly`):
/// 30 and 365 days, so that six monthly rotations make the 180 days of the law.
pub const MONTH: u64 = 30 * DAY;
pub const YEAR: u64 = 365 * DAY;

fn split_number(text: &str) -> Option<(u64, &str)> {
    let text = text.trim();
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let number = text[..digits].parse().ok()?;
    Some((number, text[digits..].trim_start()))
}

/// log4j2 `IfLastModified age`: `[P][nD][T][nH][nM][nS]`, case ignored, days of 24 hours.
pub fn log4j2(text: &str) -> Option<u64> {
    let upper = text.trim().to_ascii_uppercase();
    let mut rest = upper.strip_prefix('P').unwrap_or(&upper);
    let mut total: u64 = 0;
    let mut any = false;
    let mut order = 0;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('T') {
            rest = after;
            continue;
        }
        let (number, after) = split_number(rest)?;
        let unit = after.chars().next()?;
        let (rank, factor) = match unit {
            'D' => (1, DAY),
            'H' => (2, HOUR),
            'M' => (3, MINUTE),
            'S' => (4, 1),
            _ => return None,
        };
        if rank <= order {
            return None;
        }
        order = rank;
        total = total.checked_add(number.checked_mul(factor)?)?;
        any = true;
        rest = &after[1..];
    }
    any.then_some(total)
}

/// Elasticsearch / OpenSearch time units (`90d`, `12h`, `0ms`).
pub fn elastic(text: &str) -> Option<u64> {
    let (number, unit) = split_number(text)?;
    let seconds = match unit {
        "d" => number.checked_mul(DAY)?,
        "h" => number.checked_mul(HOUR)?,
        "m" => number.checked_mul(MINUTE)?,
        "s" => number,
        "ms" => number / 1_000,
        "micros" => number / 1_000_000,
        "nanos" => number / 1_000_000_000,
        _ => return None,
    };
    Some(seconds)
}

/// Prometheus / Loki durations (`2160h`, `90d`, `1y`, `4w2d`, Go's `720h0m0s`).
pub fn prometheus(text: &str) -> Option<u64> {
    let mut rest = text.trim();
    if rest == "0" {
        return Some(0);
    }
    let mut total: u64 = 0;
    let mut any = false;
    while !rest.is_empty() {
        let (number, after) = split_number(rest)?;
        let unit_len = after.find(|c: char| c.is_ascii_digit()).unwrap_or(after.len());
        let factor = match &after[..unit_len] {
            "y" => YEAR,
            "w" => WEEK,
            "d" => DAY,
            "h" => HOUR,
            "m" => MINUTE,
            "s" => 1,
            "ms" | "us" | "µs" | "ns" => 0,
            _ => return None,
        };
        total = total.checked_add(number.checked_mul(factor)?)?;
        any = true;
        rest = &after[unit_len..];
    }
    any.then_some(total)
}

/// systemd time spans (`6month`, `180d`, `1y 2w`); a bare number is seconds. A month is
/// 30.44 days and a year 365.25 days, as systemd.time(7) defines them.
pub fn systemd(text: &str) -> Option<u64> {
    let mut rest = text.trim();
    let mut total: u64 = 0;
    let mut any = false;
    while !rest.is_empty() {
        let (number, after) = split_number(rest)?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(after.len());
        let factor = match &after[..unit_len] {
            "" | "s" | "sec" | "second" | "seconds" => 1,
            "m" | "min" | "minute" | "minutes" => MINUTE,
            "h" | "hr" | "hour" | "hours" => HOUR,
            "d" | "day" | "days" => DAY,
            "w" | "week" | "weeks" => WEEK,
            "M" | "month" | "months" => 2_629_800,
            "y" | "year" | "years" => 31_557_600,
            "ms" | "msec" | "us" | "usec" | "µs" => 0,
            _ => return None,
        };
        total = total.checked_add(number.checked_mul(factor)?)?;
        any = true;
        rest = after[unit_len..].trim_start();
    }
    any.then_some(total)
}

/// Sizes as logback, log4j2, journald and humans write them (`500MB`, `20 GB`, `10G`, `4096`),
/// in 1024 multiples as those tools count them.
pub fn size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor: u64 = match unit.trim().to_ascii_lowercase().trim_end_matches('s') {
        "" | "b" | "byte" => 1,
        "k" | "kb" | "kib" => 1 << 10,
        "m" | "mb" | "mib" => 1 << 20,
        "g" | "gb" | "gib" => 1 << 30,
        "t" | "tb" | "tib" => 1 << 40,
        _ => return None,
    };
    let bytes = number * factor as f64;
    (bytes.is_finite() && bytes >= 0.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

/// `30 days`, `100 hours (4.2 days)`, in English and Chinese.
pub fn days_text(seconds: u64) -> (String, String) {
    if seconds.is_multiple_of(DAY) {
        let days = seconds / DAY;
        let en = if days == 1 {
            "1 day".to_string()
        } else {
            format!("{days} days")
        };
        (en, format!("{days} 天"))
    } else if seconds.is_multiple_of(HOUR) {
        let hours = seconds / HOUR;
        let days = seconds as f64 / DAY as f64;
        (
            format!("{hours} hours ({days:.1} days)"),
            format!("{hours} 小时（约 {days:.1} 天）"),
        )
    } else {
        let days = seconds as f64 / DAY as f64;
        (
            format!("{seconds} seconds ({days:.2} days)"),
            format!("{seconds} 秒（约 {days:.2} 天）"),
        )
    }
}

/// `10 GB`, `56.9 MB`.
pub fn size_text(bytes: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KB", "MB", "GB", "TB"];
    let mut value = bytes as f64;
    let mut unit = 0;
    while value >= 1024.0 && unit < UNITS.len() - 1 {
        value /= 1024.0;
        unit += 1;
    }
    if (value - value.round()).abs() < 0.05 {
        format!("{} {}", value.round() as u64, UNITS[unit])
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log4j2_ages() {
        assert_eq!(log4j2("60d"), Some(60 * DAY));
        assert_eq!(log4j2("P60D"), Some(60 * DAY));
        assert_eq!(log4j2("PT12H"), Some(12 * HOUR));
        assert_eq!(log4j2("1d12h"), Some(DAY + 12 * HOUR));
        assert_eq!(log4j2("30"), None);
        assert_eq!(log4j2("12h1d"), None);
        assert_eq!(log4j2("1y"), None);
    }

    #[test]
    fn platform_durations() {
        assert_eq!(elastic("90d"), Some(90 * DAY));
        assert_eq!(elastic("0ms"), Some(0));
        assert_eq!(elastic("90days"), None);
        assert_eq!(prometheus("2160h"), Some(90 * DAY));
        assert_eq!(prometheus("1y"), Some(YEAR));
        assert_eq!(prometheus("4320h0m0s"), Some(180 * DAY));
        assert_eq!(prometheus("26w"), Some(182 * DAY));
        assert_eq!(systemd("6month"), Some(6 * 2_629_800));
        assert_eq!(systemd("1y 2w"), Some(31_557_600 + 2 * WEEK));
        assert_eq!(systemd("3600"), Some(HOUR));
        assert_eq!(systemd("forever"), None);
    }

    #[test]
    fn sizes_and_texts() {
        assert_eq!(size("500MB"), Some(500 << 20));
        assert_eq!(size("20 GB"), Some(20 << 30));
        assert_eq!(size("1.5g"), Some(3 << 29));
        assert_eq!(size("10 parsecs"), None);
        assert_eq!(size_text(10 << 30), "10 GB");
        assert_eq!(days_text(30 * DAY).0, "30 days");
        assert_eq!(days_text(100 * HOUR).0, "100 hours (4.2 days)");
    }
}
