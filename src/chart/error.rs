//! The errors of reading `charts.toml`, reading the figures a chart names, and drawing.

/// Why a chart could not be read or drawn.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ChartError {
    /// `charts.toml` is not valid: bad TOML, an unknown kind or key, a missing key.
    #[error("charts.toml{}: {message}", location(*.position))]
    Spec {
        /// What is wrong.
        message: String,
        /// Byte offset of the mistake in `charts.toml`, when known.
        offset: Option<usize>,
        /// 1-based line and column (in characters) of `offset`, once
        /// [`ChartError::locate`] has converted it.
        position: Option<(usize, usize)>,
    },
    /// A field named in the chart is absent (or null) in the subject.
    #[error("chart `{chart}`: field `{field}` is missing in {subject}")]
    MissingField {
        /// The chart's id.
        chart: String,
        /// The field's dotted path.
        field: String,
        /// Whose figures were read (a county's slug, or the city).
        subject: String,
    },
    /// A field named in the chart is not a number.
    #[error("chart `{chart}`: field `{field}` in {subject} is not a number (found {found})")]
    NotNumeric {
        /// The chart's id.
        chart: String,
        /// The field's dotted path.
        field: String,
        /// Whose figures were read.
        subject: String,
        /// What was there instead.
        found: String,
    },
    /// The chart's kind is drawn by the other function.
    #[error("chart `{chart}`: kind `{kind}` is drawn with `{function}`")]
    WrongScope {
        /// The chart's id.
        chart: String,
        /// Its kind.
        kind: &'static str,
        /// The function that draws that kind.
        function: &'static str,
    },
    /// A palette colour is not `#rrggbb`, or the palette is empty.
    #[error("palette: {message}")]
    Palette {
        /// What is wrong.
        message: String,
    },
    /// The SVG backend failed.
    #[error("chart `{chart}`: drawing failed: {message}")]
    Draw {
        /// The chart's id.
        chart: String,
        /// What the backend said.
        message: String,
    },
}

impl ChartError {
    /// The byte offset in `charts.toml` of the mistake, when the error has one.
    pub fn offset(&self) -> Option<usize> {
        match self {
            ChartError::Spec { offset, .. } => *offset,
            _ => None,
        }
    }

    /// Places the error at the line and column that `line_col` gives for its byte offset
    /// (the caller converts: this module reads no text positions), so that the message and
    /// [`ChartError::position`] carry them. Errors without an offset are returned as they are.
    pub fn locate(mut self, line_col: impl FnOnce(usize) -> (usize, usize)) -> Self {
        if let ChartError::Spec {
            offset: Some(offset),
            position,
            ..
        } = &mut self
        {
            *position = Some(line_col(*offset));
        }
        self
    }

    /// The 1-based line and column in `charts.toml`, once [`ChartError::locate`] has placed
    /// the error.
    pub fn position(&self) -> Option<(usize, usize)> {
        match self {
            ChartError::Spec { position, .. } => *position,
            _ => None,
        }
    }
}

fn location(position: Option<(usize, usize)>) -> String {
    match position {
        Some((line, column)) => format!(":{line}:{column}"),
        None => String::new(),
    }
}
