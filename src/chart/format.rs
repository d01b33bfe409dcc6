//! Number and CSV formatting with fixed precision, so the same input gives the same bytes.

/// `value` with `decimals` places, rounded half away from zero like the shares of the
/// model (so a chart never prints 6.2% where the text says 6.3%); never `NaN`, `inf` or
/// `-0`.
pub(crate) fn fixed(value: f64, decimals: usize) -> String {
    if !value.is_finite() {
        return fixed(0.0, decimals);
    }
    if decimals <= 6 && value.abs() < 1e12 {
        let scale = 10_i64.pow(decimals as u32);
        // The nudge keeps values like 6.25 (stored as 6.2499999…) rounding up.
        let scaled = (value * scale as f64 * (1.0 + 1e-12)).round() as i64;
        if scaled == 0 {
            return fixed_text(0, 1, decimals);
        }
        return fixed_text(scaled, scale, decimals);
    }
    let text = format!("{value:.decimals$}");
    if text.starts_with('-') && text[1..].chars().all(|c| c == '0' || c == '.') {
        text[1..].to_string()
    } else {
        text
    }
}

/// [`fixed`] as a `Display`, for writing into a buffer without an intermediate string.
pub(crate) struct Fixed(pub f64, pub usize);

impl std::fmt::Display for Fixed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let Fixed(value, decimals) = *self;
        if value.is_finite() && decimals <= 6 && value.abs() < 1e12 {
            let scale = 10_i64.pow(decimals as u32);
            let scaled = (value * scale as f64 * (1.0 + 1e-12)).round() as i64;
            let sign = if scaled < 0 { "-" } else { "" };
            let abs = scaled.unsigned_abs();
            let scale = scale.unsigned_abs();
            if decimals == 0 {
                return write!(f, "{sign}{abs}");
            }
            return write!(f, "{sign}{}.{:0decimals$}", abs / scale, abs % scale);
        }
        f.write_str(&fixed(value, decimals))
    }
}

fn fixed_text(scaled: i64, scale: i64, decimals: usize) -> String {
    let sign = if scaled < 0 { "-" } else { "" };
    let abs = scaled.unsigned_abs();
    let scale = scale.unsigned_abs();
    if decimals == 0 {
        return format!("{sign}{abs}");
    }
    format!("{sign}{}.{:0decimals$}", abs / scale, abs % scale)
}

/// A count: whole numbers without decimals, anything else with one.
pub(crate) fn count(value: f64) -> String {
    if value.is_finite() && (value - value.round()).abs() < 1e-9 {
        fixed(value, 0)
    } else {
        fixed(value, 1)
    }
}

/// `part` as a percentage of `whole`, or `None` when the whole is not positive.
pub(crate) fn percent(part: f64, whole: f64) -> Option<f64> {
    if whole > 0.0 && part.is_finite() && whole.is_finite() {
        Some(part / whole * 100.0)
    } else {
        None
    }
}

/// A percentage with one decimal and `%`, or `—` when there is none.
pub(crate) fn percent_text(value: Option<f64>) -> String {
    match value {
        Some(v) => format!("{}%", fixed(v, 1)),
        None => "—".to_string(),
    }
}

/// A change for display: `+1.2`, `−1.2` (minus sign) or `0.0`.
pub(crate) fn signed(value: f64, decimals: usize) -> String {
    let text = fixed(value, decimals);
    if let Some(abs) = text.strip_prefix('-') {
        format!("−{abs}")
    } else if text.chars().all(|c| c == '0' || c == '.') {
        text
    } else {
        format!("+{text}")
    }
}

/// RFC 4180 CSV: CRLF line ends; fields with `,`, `"`, CR or LF are quoted.
pub(crate) fn csv(headers: &[String], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    for row in std::iter::once(headers).chain(rows.iter().map(Vec::as_slice)) {
        csv_line(row, &mut out);
    }
    out
}

/// One CSV line of `row`'s cells, with its line end, onto `out`.
pub(crate) fn csv_line(row: &[String], out: &mut String) {
    for (i, cell) in row.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(cell));
    }
    out.push_str("\r\n");
}

/// One CSV field, quoted when it must be.
pub(crate) fn csv_field(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", cell.replace('"', "\"\"")).into()
    } else {
        cell.into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_display_equals_fixed() {
        for v in [
            0.0,
            -0.0,
            0.04,
            -0.04,
            0.05,
            -0.05,
            6.25,
            1.0 / 3.0,
            -2.95,
            99.95,
            1e13,
            -1e13,
            f64::NAN,
            f64::INFINITY,
            12345.678,
        ] {
            for d in [0, 1, 2, 7] {
                assert_eq!(
                    Fixed(v, d).to_string(),
                    fixed(v, d),
                    "{v} with {d} decimals"
                );
            }
        }
    }
}
