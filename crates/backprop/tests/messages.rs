//! Every error code the core has is worded on the page in both languages: the page's message
//! tables (web/js/messages-en.js, messages-ja.js) have `core.<code>` for each [`Code`], with
//! exactly the values the core's English template names. A new code without its texts fails
//! here, so no message reaches a Japanese page in English.

use std::collections::BTreeSet;
use std::path::Path;

use backprop::error::Code;

/// The `"core.<name>": "<text>"` entries of a message table.
fn core_entries(file: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../web/js")
        .join(file);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .filter_map(|l| {
            let l = l.trim().strip_prefix("\"core.")?;
            let (name, rest) = l.split_once("\": \"")?;
            let value = rest.trim_end_matches(',').strip_suffix('"')?;
            Some((name.to_string(), value.to_string()))
        })
        .collect()
}

fn placeholders(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        out.insert(rest[open + 1..open + close].to_string());
        rest = &rest[open + close + 1..];
    }
    out
}

#[test]
fn every_code_has_its_text_in_both_tables_with_the_same_values() {
    for file in ["messages-en.js", "messages-ja.js"] {
        let entries = core_entries(file);
        assert!(
            entries.len() >= Code::ALL.len(),
            "{file}: {} entries",
            entries.len()
        );
        for code in Code::ALL {
            let Some((_, text)) = entries.iter().find(|(n, _)| n == code.name()) else {
                panic!("{file} has no text for core.{}", code.name());
            };
            assert_eq!(
                placeholders(text),
                placeholders(code.english()),
                "{file}: core.{} names other values than the core's {:?}",
                code.name(),
                code.english()
            );
        }
        for place in ["line", "at"] {
            assert!(
                entries.iter().any(|(n, _)| n == place),
                "{file}: core.{place}"
            );
        }
    }
}

#[test]
fn the_tables_hold_no_text_for_a_code_the_core_does_not_have() {
    let known: BTreeSet<&str> = Code::ALL
        .iter()
        .map(|c| c.name())
        .chain(["line", "at"])
        .collect();
    for file in ["messages-en.js", "messages-ja.js"] {
        for (name, _) in core_entries(file) {
            assert!(
                known.contains(name.as_str()),
                "{file}: core.{name} is no core code"
            );
        }
    }
}
