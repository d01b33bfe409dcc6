//! YAML files as the copy-editor should see them: the same text with YAML's own syntax
//! blanked (comments, `key:`s, `- ` item marks, the quotes around scalars, and the
//! brackets, braces and commas of flow collections such as `[信件, 电话]`), so that only
//! the values are checked and `--fix` never turns a YAML comma into a Chinese one.
//!
//! Every blanked character is replaced by a letter of the same UTF-8 length (see
//! `blank_of`), so byte offsets, lines and columns in the result are those of the file.

/// The text of a YAML file with its syntax blanked; see the module's doc.
pub fn values_only(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut depth = 0usize; // flow collections open
    let mut quote: Option<char> = None;
    for line in text.split_inclusive('\n') {
        let chars: Vec<char> = line.chars().collect();
        let mut blank = vec![false; chars.len()];
        let mut i = 0;
        // A `- ` item mark and a `key:` at the start of a block line.
        if quote.is_none() && depth == 0 {
            while i < chars.len() && chars[i] == ' ' {
                i += 1;
            }
            while chars.get(i) == Some(&'-') && chars.get(i + 1).is_some_and(|c| *c == ' ') {
                blank[i] = true;
                i += 2;
                while i < chars.len() && chars[i] == ' ' {
                    i += 1;
                }
            }
            i = blank_key(&chars, i, &mut blank);
        }
        while i < chars.len() {
            let c = chars[i];
            let prev = i.checked_sub(1).map(|k| chars[k]);
            match quote {
                Some('"') => {
                    if c == '\\' {
                        i += 2;
                        continue;
                    }
                    if c == '"' {
                        blank[i] = true;
                        quote = None;
                    }
                }
                Some(_) => {
                    if c == '\'' && chars.get(i + 1) == Some(&'\'') {
                        i += 2;
                        continue;
                    }
                    if c == '\'' {
                        blank[i] = true;
                        quote = None;
                    }
                }
                None => {
                    let at_value_start = prev
                        .is_none_or(|p| p.is_whitespace() || matches!(p, ':' | '[' | '{' | ','));
                    if c == '#' && prev.is_none_or(char::is_whitespace) {
                        blank[i..].iter_mut().for_each(|b| *b = true);
                        break;
                    }
                    if matches!(c, '"' | '\'') && at_value_start {
                        blank[i] = true;
                        quote = Some(c);
                    } else if matches!(c, '[' | '{') && (depth > 0 || at_value_start) {
                        blank[i] = true;
                        depth += 1;
                    } else if matches!(c, ']' | '}') && depth > 0 {
                        blank[i] = true;
                        depth -= 1;
                    } else if c == ',' && depth > 0 {
                        blank[i] = true;
                    } else if depth > 0 && at_value_start && c != ' ' {
                        let next = blank_key(&chars, i, &mut blank);
                        if next > i {
                            i = next;
                            continue;
                        }
                    }
                }
            }
            i += 1;
        }
        for (c, blanked) in chars.iter().zip(&blank) {
            if *blanked && *c != '\n' && *c != '\r' {
                out.push_str(blank_of(*c));
            } else {
                out.push(*c);
            }
        }
    }
    out
}

/// Blanks a `key:` (ASCII letters, digits, `_`, `-`) starting at `i`, returning where the
/// value starts; returns `i` when there is no key there.
fn blank_key(chars: &[char], i: usize, blank: &mut [bool]) -> usize {
    let end = (i..chars.len())
        .find(|&k| !(chars[k].is_ascii_alphanumeric() || matches!(chars[k], '_' | '-')))
        .unwrap_or(chars.len());
    let colon_ends_key = chars.get(end) == Some(&':')
        && chars
            .get(end + 1)
            .is_none_or(|c| c.is_whitespace() || matches!(c, ',' | '}' | ']'));
    if end == i || !colon_ends_key {
        return i;
    }
    blank[i..=end].iter_mut().for_each(|b| *b = true);
    end + 1
}

/// A blank as long in UTF-8 as `c`: a letter, not a space, so that no rule sees blanked
/// syntax as spacing or punctuation next to a value (`label: 甲, count: 9` must not read as
/// a space between `甲` and `9`). The letters are Latin, Runic and Gothic: never Chinese,
/// never pinyin.
fn blank_of(c: char) -> &'static str {
    match c.len_utf8() {
        1 => "x",
        2 => "\u{DF}",
        3 => "\u{16A0}",
        _ => "\u{10330}",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn case(input: &str, expected: &str) {
        let got = values_only(input);
        assert_eq!(got.len(), input.len(), "byte length of {input:?}");
        assert_eq!(
            got.replace(['x', '\u{DF}', '\u{16A0}', '\u{10330}'], " "),
            expected,
            "{input:?}"
        );
    }

    #[test]
    fn syntax_is_blanked_values_kept() {
        case("date: 2016-08-20\n", "      2016-08-20\n");
        case("title: 换届纪律\n", "       换届纪律\n");
        case(
            "  - question: 什么是“九个严禁”？\n",
            "              什么是“九个严禁”？\n",
        );
        case(
            "- { key: a, label: 乡镇党政正职, count: 9 }\n",
            "         a         乡镇党政正职         9  \n",
        );
        case("channels: [信件, 电话]\n", "           信件  电话 \n");
        case(
            "# 注释：17 个县\nname: 临汾市 # 示例\n",
            "          \n      临汾市     \n",
        );
        case("owner: \"市委,组织部\"\n", "        市委,组织部 \n");
        case("note: it's 甲, 乙\n", "      it's 甲, 乙\n");
        case(
            "answer: |\n  第一行, 第二行\n",
            "        |\n  第一行, 第二行\n",
        );
        case("[a,\n b]\n", " a \n b \n");
        case("k: '甲''乙'\n", "    甲''乙 \n");
    }
}
