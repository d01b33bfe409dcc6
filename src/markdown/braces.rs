//! Where the figure references of a body are, and the brace slips beside them: a
//! reference is `{{ scope.KEY }}` on one line, so a `{{` is never paired with a `}}` of
//! another line, and one brace too few or too many is found where it was typed.

use std::ops::Range;

/// A reference, or a slip in typing one, found in a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Found {
    /// Its bytes in the body, braces included (for a slip: what is quoted in its message).
    pub at: Range<usize>,
    /// What it is.
    pub kind: Kind,
}

/// What was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `{{ … }}`: the text between the braces (untrimmed) is a figure's name, or not.
    Reference,
    /// `{{ county.women }名`: no `}}` on the line of its `{{`, but a single `}`.
    ClosedWithOneBrace,
    /// `{{ county.women名`: no `}}` on the line of its `{{`, nor a `}`.
    Unclosed,
    /// `{{{ county.women }}` or `{{ county.women }}}`.
    BraceTooMany,
    /// `{ county.women }}`: a name of a figure between one `{` and `}}`.
    OpenedWithOneBrace,
}

/// How far back from a lone `}}` a `{ scope.KEY` is looked for: longer than any key.
const LONGEST_KEY: usize = 80;

/// Every reference and slip of `body`, in order. Linear in the length of the body, however
/// its braces are arranged.
pub(crate) fn scan(body: &str) -> Vec<Found> {
    let bytes = body.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(i) = memchr::memmem::find(&bytes[at..], b"{{") {
        let start = at + i;
        lone_closes(body, at..start, &mut found);
        // `{{{`: the braces after the first two are typed in the same run.
        let run = bytes[start..].iter().take_while(|&&b| b == b'{').count();
        let mut p = start + run;
        let mut single_close = false;
        // The `}}` that closes it, or where the search stopped: the end of its line, or
        // the next `{{`.
        let end = loop {
            let Some(j) = memchr::memchr3(b'{', b'}', b'\n', &bytes[p..]) else {
                break Err(body.len());
            };
            let q = p + j;
            match (bytes[q], bytes.get(q + 1)) {
                (b'\n', _) | (b'{', Some(b'{')) => break Err(q),
                (b'}', Some(b'}')) => break Ok(q + 2),
                (b'}', _) => single_close = true,
                _ => {}
            }
            p = q + 1;
        };
        let end = match end {
            Ok(end) => end,
            Err(stop) => {
                // Nothing closes it on its line: quote it to its single `}`, or to the end
                // of what may be a name, and go on where the search stopped.
                let (quoted, kind) = if single_close {
                    let close =
                        start + run + memchr::memchr(b'}', &bytes[start + run..stop]).unwrap_or(0);
                    (start..close + 1, Kind::ClosedWithOneBrace)
                } else {
                    let name = body[start + run..stop]
                        .find(|c: char| {
                            !(c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | ' '))
                        })
                        .map_or(stop, |k| start + run + k);
                    let name = start + run + body[start + run..name].trim_end().len();
                    (start..name, Kind::Unclosed)
                };
                found.push(Found { at: quoted, kind });
                at = stop;
                continue;
            }
        };
        let extra = bytes.get(end) == Some(&b'}');
        let kind = if run > 2 || extra {
            Kind::BraceTooMany
        } else {
            Kind::Reference
        };
        let end = if extra {
            end + bytes[end..].iter().take_while(|&&b| b == b'}').count()
        } else {
            end
        };
        found.push(Found {
            at: start..end,
            kind,
        });
        at = end;
    }
    lone_closes(body, at..body.len(), &mut found);
    found
}

/// The `{ scope.KEY }}` slips in `text` of `body`, which holds no `{{`.
fn lone_closes(body: &str, text: Range<usize>, found: &mut Vec<Found>) {
    let bytes = body.as_bytes();
    for i in memchr::memmem::find_iter(&bytes[text.clone()], b"}}") {
        let close = text.start + i;
        let mut from = close.saturating_sub(LONGEST_KEY).max(text.start);
        while !body.is_char_boundary(from) {
            from += 1;
        }
        let Some(open) = memchr::memrchr2(b'{', b'\n', &bytes[from..close]).map(|j| from + j)
        else {
            continue;
        };
        if bytes[open] == b'{' && is_figure_name(body[open + 1..close].trim()) {
            found.push(Found {
                at: open..close + 2,
                kind: Kind::OpenedWithOneBrace,
            });
        }
    }
}

/// Whether `text` reads as the name of a figure, `county.women` (whether or not it is one).
pub(crate) fn is_figure_name(text: &str) -> bool {
    let Some((scope, key)) = text.split_once('.') else {
        return false;
    };
    ["county", "city", "region", "parent"].contains(&scope)
        && !key.is_empty()
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `scan` finds in `body`: each as its kind and the text it quotes.
    #[track_caller]
    fn case(body: &str, expected: &[(Kind, &str)]) {
        let found: Vec<(Kind, &str)> = scan(body)
            .into_iter()
            .map(|f| (f.kind, &body[f.at]))
            .collect();
        assert_eq!(found, expected, "{body:?}");
    }

    #[test]
    fn references_and_slips() {
        use Kind::*;
        case(
            "共{{ city.members }}名",
            &[(Reference, "{{ city.members }}")],
        );
        case(
            "{{city.members}}{{ city.women }}",
            &[
                (Reference, "{{city.members}}"),
                (Reference, "{{ city.women }}"),
            ],
        );
        case(
            "女干部{{ county.women }名。",
            &[(ClosedWithOneBrace, "{{ county.women }")],
        );
        case(
            "女干部{{ county.women 名。",
            &[(Unclosed, "{{ county.women")],
        );
        case(
            "党外{{ county.non_party }}}名",
            &[(BraceTooMany, "{{ county.non_party }}}")],
        );
        case(
            "{{{ county.women }}",
            &[(BraceTooMany, "{{{ county.women }}")],
        );
        case(
            "女干部{ county.women }}名",
            &[(OpenedWithOneBrace, "{ county.women }}")],
        );
        case(
            "{county.women}}",
            &[(OpenedWithOneBrace, "{county.women}}")],
        );
        // Braces that are not a reference's are prose.
        case("{\"a\": {\"b\": 1}}，{ 注 }}", &[]);
        case("集合 {a, b} 与 }", &[]);
    }

    #[test]
    fn a_reference_never_spans_lines() {
        use Kind::*;
        case(
            "女干部{{ county.women }名。\n\n班子共{{ county.members }}名。",
            &[
                (ClosedWithOneBrace, "{{ county.women }"),
                (Reference, "{{ county.members }}"),
            ],
        );
        case("{{\ncounty.members }}", &[(Unclosed, "{{")]);
        // A second `{{` before any `}}` leaves the first unclosed.
        case(
            "{{ county.women {{ county.members }}",
            &[
                (Unclosed, "{{ county.women"),
                (Reference, "{{ county.members }}"),
            ],
        );
    }

    #[test]
    fn long_runs_of_braces_stay_linear() {
        let opens = "{".repeat(200_000);
        assert_eq!(scan(&opens).len(), 1);
        let closes = "}".repeat(200_000);
        assert!(scan(&closes).is_empty());
        let pairs = "{{ a ".repeat(50_000) + "}}";
        assert_eq!(scan(&pairs).len(), 50_000);
    }
}
