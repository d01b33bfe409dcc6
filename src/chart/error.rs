//! The errors of reading `charts.toml`, reading the figures a chart names, and drawing.

/// Why a chart could not be read or drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// `charts.toml` is not valid: bad TOML, an unknown kind or key, a missing key.
    #[error("charts.toml{}: {message}", location(*.line, *.column))]
    Spec {
        message: String,
        /// 1-based line, when known.
        line: Option<usize>,
        /// 1-based column (in characters), when known.
        column: Option<usize>,
    },
    /// A field named in the chart is absent (or null) in the subject.
    #[error("chart `{chart}`: field `{field}` is missing in {subject}")]
    MissingField {
        chart: String,
        field: String,
        subject: String,
    },
    /// A field named in the chart is not a number.
    #[error("chart `{chart}`: field `{field}` in {subject} is not a number (found {found})")]
    NotNumeric {
        chart: String,
        field: String,
        subject: String,
        found: String,
    },
    /// The chart's kind is drawn by the other function.
    #[error("chart `{chart}`: kind `{kind}` is drawn with `{function}`")]
    WrongScope {
        chart: String,
        kind: &'static str,
        function: &'static str,
    },
    /// A palette colour is not `#rrggbb`, or the palette is empty.
    #[error("palette: {message}")]
    Palette { message: String },
    /// The SVG backend failed.
    #[error("chart `{chart}`: drawing failed: {message}")]
    Draw { chart: String, message: String },
}

impl ChartError {
    /// The 1-based line and column in `charts.toml`, when the error has one.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ChartError::Spec {
                line: Some(line),
                column: Some(column),
                ..
            } => Some((*line, *column)),
            _ => None,
        }
    }
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}
