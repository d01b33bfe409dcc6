//! A summary object with every leaf formatted for reading (`13.9%`, `下降2.9岁`), as the
//! templates see it under `fmt`: written straight into the template value, with no
//! formatted copy of the object made first (every page that shows a county's card makes
//! one).

use std::cell::RefCell;

use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

use crate::model::figure::{UNKNOWN, format_figure, unknown_in};

/// `value` formatted: an editor's figure (`{value, unit, over}`) and every other leaf as
/// prose writes it; an optional count the data leaves out, and its share, read `—`
/// (added where the data has no such key).
pub(super) struct Formatted<'a> {
    value: &'a Value,
    /// The dotted paths of the optional figures `value` leaves out.
    unknown: Vec<&'static str>,
}

impl<'a> Formatted<'a> {
    pub(super) fn new(value: &'a Value) -> Formatted<'a> {
        Formatted {
            value,
            unknown: unknown_in(value),
        }
    }
}

impl Serialize for Formatted<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let path = RefCell::new(String::new());
        Level {
            value: Some(self.value),
            path: &path,
            unknown: &self.unknown,
        }
        .serialize(s)
    }
}

/// One level of the object, at the dotted path in `path` (one buffer for the whole walk:
/// a key is pushed before its value is written and cut after).
struct Level<'a> {
    /// `None`: an object the data does not have, made to hold unknown figures.
    value: Option<&'a Value>,
    path: &'a RefCell<String>,
    unknown: &'a [&'static str],
}

impl Level<'_> {
    fn child<'b>(&'b self, value: Option<&'b Value>) -> Level<'b> {
        Level {
            value,
            path: self.path,
            unknown: self.unknown,
        }
    }

    /// Writes `key`'s entry with the path extended by it.
    fn entry<M: SerializeMap>(
        &self,
        map: &mut M,
        key: &str,
        value: &impl Serialize,
    ) -> Result<(), M::Error> {
        let len = {
            let mut path = self.path.borrow_mut();
            let len = path.len();
            if len > 0 {
                path.push('.');
            }
            path.push_str(key);
            len
        };
        let done = map.serialize_entry(key, value);
        self.path.borrow_mut().truncate(len);
        done
    }
}

impl Serialize for Level<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let object = match self.value {
            Some(Value::Object(m)) if !m.contains_key("value") => Some(m),
            Some(Value::Null) => return s.serialize_unit(),
            Some(leaf) => return s.serialize_str(&format_figure(&self.path.borrow(), leaf)),
            None => None,
        };
        // The unknown figures under this level, by their paths from here.
        let under: Vec<&str> = {
            let path = self.path.borrow();
            self.unknown
                .iter()
                .filter_map(|u| match path.as_str() {
                    "" => Some(*u),
                    p => u.strip_prefix(p)?.strip_prefix('.'),
                })
                .collect()
        };
        let has = |k: &str| object.is_some_and(|m| m.contains_key(k));
        let mut missing: Vec<&str> = Vec::new();
        for rest in &under {
            let head = rest.split('.').next().unwrap_or(rest);
            if !has(head) && !missing.contains(&head) {
                missing.push(head);
            }
        }
        let mut map = s.serialize_map(Some(object.map_or(0, |m| m.len()) + missing.len()))?;
        for (k, v) in object.into_iter().flatten() {
            if under.contains(&k.as_str()) {
                self.entry(&mut map, k, &UNKNOWN)?;
            } else {
                self.entry(&mut map, k, &self.child(Some(v)))?;
            }
        }
        for head in missing {
            if under.contains(&head) {
                self.entry(&mut map, head, &UNKNOWN)?;
            } else {
                self.entry(&mut map, head, &self.child(None))?;
            }
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// What `fmt` was made as before it was written straight into the template value: a
    /// formatted copy of the object, then the unknown figures set in it.
    fn copied(v: &Value) -> Value {
        fn at(v: &Value, path: &mut String) -> Value {
            match v {
                Value::Object(m) if m.contains_key("value") => {
                    Value::String(format_figure(path, v))
                }
                Value::Object(m) => Value::Object(
                    m.iter()
                        .map(|(k, v)| {
                            let len = path.len();
                            if len > 0 {
                                path.push('.');
                            }
                            path.push_str(k);
                            let out = at(v, path);
                            path.truncate(len);
                            (k.clone(), out)
                        })
                        .collect(),
                ),
                Value::Null => Value::Null,
                other => Value::String(format_figure(path, other)),
            }
        }
        fn insert(map: &mut serde_json::Map<String, Value>, path: &str) {
            match path.split_once('.') {
                None => {
                    map.insert(path.to_string(), Value::String(UNKNOWN.into()));
                }
                Some((head, rest)) => {
                    let inner = map
                        .entry(head.to_string())
                        .or_insert_with(|| Value::Object(serde_json::Map::new()));
                    if let Value::Object(inner) = inner {
                        insert(inner, rest);
                    }
                }
            }
        }
        let mut out = at(v, &mut String::new());
        if let Value::Object(map) = &mut out {
            for u in unknown_in(v) {
                insert(map, u);
            }
        }
        out
    }

    fn written(v: &Value) -> Value {
        serde_json::to_value(Formatted::new(v)).expect("serializes")
    }

    #[test]
    fn unknown_counts_read_as_a_dash_not_zero() {
        let county = json!({"members": 20, "shares": {"women": 15.0}, "ethnic_minority": 1,
                            "shares_extra": null});
        let f = written(&county);
        assert_eq!(f["members"], "20");
        assert_eq!(f["shares"]["women"], "15.0%");
        assert_eq!(f["ethnic_minority"], "1");
        assert_eq!(f["grassroots_experience"], "—");
        assert_eq!(f["shares"]["grassroots_experience"], "—");
        assert_eq!(f["agricultural_experts"], "—");
        assert_eq!(f["shares_extra"], Value::Null);
    }

    #[test]
    fn written_in_place_it_is_the_formatted_copy_key_for_key_in_order() {
        let cases = [
            json!({"members": 29, "average_age": 47.7, "average_age_change": -2.5,
                   "education": {"postgraduate": 2, "college": 1},
                   "shares": {"women": 6.9, "ethnic_minority": 3.4},
                   "changes": {"women_share": 3.4, "members": 0},
                   "grassroots_experience": null, "principal_around_40": 1,
                   "vetting": {"value": 120, "unit": "人", "over": true}, "name": "洪洞县",
                   "flags": [1, 2], "poor": false}),
            // No `shares` at all: the unknown shares make it, after the other keys.
            json!({"members": 10, "women": 1}),
            // `shares` that is not an object, and a null one.
            json!({"members": 10, "shares": 3}),
            json!({"members": 10, "shares": null, "ethnic_minority": null}),
            json!({"shares": {"ethnic_minority": null}, "agricultural_experts": 0}),
            json!({}),
            json!(null),
            json!(12.5),
            json!([1, 2]),
        ];
        for case in cases {
            let (new, old) = (written(&case), copied(&case));
            assert_eq!(new, old, "{case}");
            // The same keys in the same order, at every level.
            assert_eq!(new.to_string(), old.to_string(), "{case}");
        }
    }
}
