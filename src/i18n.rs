//! Texts of the interface, compiled from `locales/{kk,ru,en}/*.ftl` by `build.rs`.
//!
//! A [`Msg`] names one message; [`text`] gives its pattern in a [`Lang`], and [`format()`] replaces
//! the `{$name}` variables of a pattern and picks the variant of each selector
//! (`{$days ->[one]…*[other]…}`) by the CLDR plural category of a number in that language
//! ([`fill_count`] for the common case of one number). [`fill`] is the language-blind version:
//! a selector takes the variant whose key equals the value, else its default.
//! No Fluent runtime ships to the browser: the Fluent files are parsed, checked and flattened at
//! build time (see `build.rs`), plural rules included (a 600-byte table).

/// One of the interface's messages (an index into the generated tables).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Msg(pub usize);

/// One of the first layer's messages (an index into the small tables of [`first`], the only
/// texts the first-layer bundle carries).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct FirstMsg(pub usize);

include!(concat!(env!("OUT_DIR"), "/messages.rs"));

pub use crate::lang::Lang;

/// A language's own name, as shown in the language switch.
pub fn autonym(lang: Lang) -> Msg {
    match lang {
        Lang::Kk => id::LANG_KK,
        Lang::Ru => id::LANG_RU,
        Lang::En => id::LANG_EN,
    }
}

/// The pattern of `msg` in `lang`.
pub fn text(lang: Lang, msg: Msg) -> &'static str {
    match lang {
        Lang::Kk => KK[msg.0],
        Lang::Ru => RU[msg.0],
        Lang::En => EN[msg.0],
    }
}

/// The pattern of first-layer message `msg` in `lang`.
pub fn first_text(lang: Lang, msg: FirstMsg) -> &'static str {
    match lang {
        Lang::Kk => first::KK[msg.0],
        Lang::Ru => first::RU[msg.0],
        Lang::En => first::EN[msg.0],
    }
}

/// Looks a first-layer message up by its Fluent id.
pub fn find_first(id: &str) -> Option<FirstMsg> {
    first::IDS.binary_search(&id).ok().map(FirstMsg)
}

/// The id of category `id`'s name message, `category-<id>-name`.
pub fn category_name_id(id: &str) -> String {
    let mut key = String::from("category-");
    key.push_str(id);
    key.push_str("-name");
    key
}

/// A language's own name in the first layer's tables.
pub fn first_autonym(lang: Lang) -> FirstMsg {
    match lang {
        Lang::Kk => first::id::LANG_KK,
        Lang::Ru => first::id::LANG_RU,
        Lang::En => first::id::LANG_EN,
    }
}

/// Looks a message up by its Fluent id (for overrides in the configuration).
pub fn find(id: &str) -> Option<Msg> {
    IDS.binary_search(&id).ok().map(Msg)
}

/// The message that names category `id`, for the built-in categories.
pub fn category_name(id: &str) -> Option<Msg> {
    find(&category_name_id(id))
}

/// The message that describes category `id`, for the built-in categories.
pub fn category_description(id: &str) -> Option<Msg> {
    find(&format!("category-{id}-description"))
}

/// The SHA-256 (lowercase hex) of every interface text in `lang`, as the visitor saw it, in a
/// canonical order a backend can recompute from the locale files and the configuration:
/// for each message id in byte order of the ids, the line `<id>=<pattern>\n`, where `<pattern>`
/// is the configuration's `texts` override in that language when there is one, else the Fluent
/// message flattened by `build.rs` (variables written `{$name}`, selectors
/// `{$name ->[key]text*[other]text}`, terms resolved); then, for each
/// configuration text shown (see `Config::shown_texts`), the line `config:<path>=<text>\n`.
#[cfg(feature = "json")]
pub fn texts_sha256(
    lang: Lang,
    overrides: impl Fn(&str) -> Option<String>,
    config_texts: &[(String, String)],
) -> String {
    use sha2::{Digest, Sha256};
    let mut hash = Sha256::new();
    for (i, id) in IDS.iter().enumerate() {
        let text = overrides(id).unwrap_or_else(|| text(lang, Msg(i)).to_owned());
        hash.update(format!("{id}={text}\n").as_bytes());
    }
    for (path, text) in config_texts {
        hash.update(format!("config:{path}={text}\n").as_bytes());
    }
    hash.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// A CLDR plural category.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Plural {
    /// `zero`
    Zero,
    /// `one`
    One,
    /// `two`
    Two,
    /// `few`
    Few,
    /// `many`
    Many,
    /// `other`
    Other,
}

impl Plural {
    /// The category's CLDR name, as written in a selector's variant key (`[few]`).
    pub fn name(self) -> &'static str {
        PLURAL_CATEGORIES[self as usize]
    }
}

/// The CLDR cardinal plural category of the whole number `n` in `lang` (ru: 1, 21 → one;
/// 2, 22 → few; 5, 11, 12 → many; kk and en: 1 → one, else other).
pub fn plural(lang: Lang, n: u64) -> Plural {
    let table = &PLURALS[lang as usize];
    let i = if n < 200 {
        n as usize
    } else {
        100 + (n % 100) as usize
    };
    [
        Plural::Zero,
        Plural::One,
        Plural::Two,
        Plural::Few,
        Plural::Many,
        Plural::Other,
    ][table[i] as usize]
}

/// Fills `pattern` for `lang`: each `{$name}` becomes its value from `args`, and each selector
/// `{$name ->[key]text…*[default]text}` becomes the text of one variant: the one whose key equals
/// the value (`[1]`), else, when the value is a whole number, the one named by its plural
/// category in `lang` (`[few]`), else the default. Unknown variables stay as written.
///
/// ```
/// use kelisim::i18n::{format, id, text, Lang};
/// let s = format(Lang::Ru, text(Lang::Ru, id::RESPONSE_DEADLINE), &[("days", "21")]);
/// assert!(s.contains("21 календарного дня"));
/// ```
pub fn format(lang: Lang, pattern: &str, args: &[(&str, &str)]) -> String {
    render(Some(lang), pattern, args)
}

/// [`format()`] with one number: `fill_count(lang, pattern, "days", 21, &[])` fills `{$days}` with
/// 21 and picks the variants of the selectors on `$days` (and on any other variable in `args`).
pub fn fill_count(lang: Lang, pattern: &str, name: &str, n: u64, args: &[(&str, &str)]) -> String {
    let number = n.to_string();
    let mut all: Vec<(&str, &str)> = Vec::with_capacity(args.len() + 1);
    all.push((name, &number));
    all.extend_from_slice(args);
    render(Some(lang), pattern, &all)
}

/// Replaces each `{$name}` in `pattern` by its value from `args`; unknown variables stay as
/// written. A selector takes the variant whose key equals the value, else its default (use
/// [`format()`] to choose by plural category).
pub fn fill(pattern: &str, args: &[(&str, &str)]) -> String {
    render(None, pattern, args)
}

fn render(lang: Option<Lang>, pattern: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut rest = pattern;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let Some(len) = placeable_len(&rest[start..]) else {
            out.push_str(&rest[start..]);
            return out;
        };
        let whole = &rest[start..start + len];
        let inner = whole[1..len - 1].trim();
        rest = &rest[start + len..];
        let Some(inner) = inner.strip_prefix('$') else {
            out.push_str(whole);
            continue;
        };
        // (A byte search: `str::find` with a `&str` pattern links core's two-way searcher for
        // this one use; measured 2026-12-06: first layer's wasm -1,096 B raw, -558 B brotli.)
        let arrow = inner.as_bytes().windows(2).position(|w| w == b"->");
        let (name, select) = match arrow {
            Some(arrow) => (inner[..arrow].trim(), Some(&inner[arrow + 2..])),
            None => (inner, None),
        };
        let value = args.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
        match (select, value) {
            (None, Some(value)) => out.push_str(value),
            (None, None) => out.push_str(whole),
            (Some(body), value) => {
                let variant = choose(lang, body, value);
                out.push_str(&render(lang, variant, args));
            }
        }
    }
    out.push_str(rest);
    out
}

/// Length of the placeable at the start of `s` (which starts with `{`), braces balanced.
fn placeable_len(s: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The variants of a selector's body (`[one]…*[other]…`): (key, is default, text).
fn variants(body: &str) -> Vec<(&str, bool, &str)> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut starts = Vec::new();
    let bytes = body.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'{' => depth += 1,
            b'}' => depth = depth.saturating_sub(1),
            b'[' if depth == 0 => starts.push(i),
            _ => {}
        }
    }
    for (k, &open) in starts.iter().enumerate() {
        let Some(close) = body[open..].find(']').map(|c| c + open) else {
            continue;
        };
        let key = body[open + 1..close].trim();
        let mut end = starts.get(k + 1).copied().unwrap_or(body.len());
        let next_default = end < body.len() && end > 0 && bytes[end - 1] == b'*';
        if next_default {
            end -= 1;
        }
        let default = open > 0 && bytes[open - 1] == b'*';
        out.push((key, default, body[close + 1..end].trim()));
    }
    out
}

fn choose<'a>(lang: Option<Lang>, body: &'a str, value: Option<&str>) -> &'a str {
    let variants = variants(body);
    let default = variants
        .iter()
        .find(|v| v.1)
        .or(variants.last())
        .map(|v| v.2)
        .unwrap_or("");
    let Some(value) = value.map(str::trim) else {
        return default;
    };
    // Whole numbers only: parsing floats would put the float tables (about 10 KB) into the
    // first-layer bundle, and every number kelisim shows is a count of days or categories.
    let number = crate::text::parse_digits(value);
    // An exact key: `[1]` matches 1 and "01"; `[yes]` matches "yes".
    if let Some(v) = variants.iter().find(|v| {
        v.0 == value
            || matches!((number, crate::text::parse_digits(v.0)), (Some(n), Some(k)) if n == k)
    }) {
        return v.2;
    }
    if let (Some(lang), Some(n)) = (lang, number) {
        let category = plural(lang, n).name();
        if let Some(v) = variants.iter().find(|v| v.0 == category) {
            return v.2;
        }
    }
    default
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_locale_has_every_message_and_none_is_empty() {
        for lang in Lang::ALL {
            for (i, id) in IDS.iter().enumerate() {
                assert!(
                    !text(lang, Msg(i)).trim().is_empty(),
                    "{id} is empty in {}",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn looks_up_by_id() {
        assert_eq!(find("action-accept-all"), Some(id::ACTION_ACCEPT_ALL));
        assert_eq!(text(Lang::Kk, id::ACTION_ACCEPT_ALL), "Барлығын қабылдау");
        assert_eq!(text(Lang::Ru, id::ACTION_REJECT_ALL), "Отклонить все");
        assert_eq!(text(Lang::En, id::ACTION_SETTINGS), "Settings");
        assert_eq!(find("no-such-message"), None);
        assert_eq!(
            category_name("analytics"),
            Some(id::CATEGORY_ANALYTICS_NAME)
        );
        assert_eq!(category_name("custom"), None);
    }

    #[test]
    fn the_first_layer_tables_are_the_same_texts() {
        assert!(first::IDS.len() < IDS.len());
        for (i, id) in first::IDS.iter().enumerate() {
            let full = find(id).unwrap();
            for lang in Lang::ALL {
                assert_eq!(first_text(lang, FirstMsg(i)), text(lang, full), "{id}");
            }
        }
        assert_eq!(find_first("banner-title"), Some(first::id::BANNER_TITLE));
        assert_eq!(find_first("settings-title"), None);
        assert!(find_first(&category_name_id("marketing")).is_some());
    }

    #[test]
    fn texts_hash_is_canonical_and_changes_with_what_was_shown() {
        let kk = texts_sha256(Lang::Kk, |_| None, &[]);
        assert_eq!(kk.len(), 64);
        assert_eq!(kk, texts_sha256(Lang::Kk, |_| None, &[]));
        assert_ne!(kk, texts_sha256(Lang::Ru, |_| None, &[]));
        let overridden = texts_sha256(
            Lang::Kk,
            |id| (id == "banner-title").then(|| "Басқа".to_owned()),
            &[],
        );
        assert_ne!(kk, overridden);
        let with_config = texts_sha256(
            Lang::Kk,
            |_| None,
            &[("operator.name".into(), "ЖШС".into())],
        );
        assert_ne!(kk, with_config);
        // Recomputed by hand from the tables, as a backend would.
        use sha2::{Digest, Sha256};
        let mut canonical = String::new();
        for (i, id) in IDS.iter().enumerate() {
            canonical.push_str(&format!("{id}={}\n", KK[i]));
        }
        let expected: String = Sha256::digest(canonical.as_bytes())
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(kk, expected);
    }

    #[test]
    fn plural_categories_follow_cldr() {
        use Plural::*;
        let ru: Vec<Plural> = [0, 1, 2, 4, 5, 11, 12, 14, 21, 22, 25, 101, 111, 1_000_021]
            .iter()
            .map(|&n| plural(Lang::Ru, n))
            .collect();
        assert_eq!(
            ru,
            [Many, One, Few, Few, Many, Many, Many, Many, One, Few, Many, One, Many, One]
        );
        for lang in [Lang::Kk, Lang::En] {
            assert_eq!(plural(lang, 1), One);
            for n in [0, 2, 5, 11, 21, 101, 201] {
                assert_eq!(plural(lang, n), Other, "{lang:?} {n}");
            }
        }
    }

    #[test]
    fn selectors_pick_a_variant() {
        let p = "{$n} {$n ->[1]exactly one[one]one-ish[few]few*[other]other} left";
        assert_eq!(format(Lang::Ru, p, &[("n", "1")]), "1 exactly one left");
        assert_eq!(format(Lang::Ru, p, &[("n", "21")]), "21 one-ish left");
        assert_eq!(format(Lang::Ru, p, &[("n", "3")]), "3 few left");
        assert_eq!(format(Lang::Ru, p, &[("n", "11")]), "11 other left");
        assert_eq!(format(Lang::En, p, &[("n", "3")]), "3 other left");
        assert_eq!(fill(p, &[("n", "3")]), "3 other left");
        assert_eq!(fill(p, &[]), "{$n} other left");
        assert_eq!(
            fill_count(
                Lang::Ru,
                "{$a}: {$n ->[one]{$n} день*[other]{$n} дн.}",
                "n",
                21,
                &[("a", "x")]
            ),
            "x: 21 день"
        );
        // The spaced Fluent form, as a site owner may write it in an override.
        assert_eq!(
            format(
                Lang::En,
                "{ $n -> [one] a day *[other] { $n } days }",
                &[("n", "2")]
            ),
            "2 days"
        );
    }

    #[test]
    fn fills_variables() {
        assert_eq!(
            fill("До {$date}.", &[("date", "2027-02-28")]),
            "До 2027-02-28."
        );
        assert_eq!(fill("{$a} и {$b}", &[("a", "1")]), "1 и {$b}");
        assert_eq!(fill("нет", &[]), "нет");
        assert_eq!(fill("broken {$x", &[("x", "1")]), "broken {$x");
    }

    #[test]
    fn built_in_categories_have_descriptions() {
        for id in crate::config::DEFAULT_CATEGORIES {
            let msg = category_description(id).unwrap_or_else(|| panic!("{id}"));
            assert_eq!(IDS[msg.0], format!("category-{id}-description"));
        }
        assert!(category_description("custom").is_none());
    }

    #[test]
    fn plural_rules_hold_across_the_table_edge() {
        // `table[n]` below 200, `table[100 + n % 100]` from 200 on.
        for (n, ru, en) in [
            (199, Plural::Many, Plural::Other),
            (200, Plural::Many, Plural::Other),
            (201, Plural::One, Plural::Other),
            (202, Plural::Few, Plural::Other),
            (211, Plural::Many, Plural::Other),
            (1_000_001, Plural::One, Plural::Other),
        ] {
            assert_eq!(plural(Lang::Ru, n), ru, "{n}");
            assert_eq!(plural(Lang::En, n), en, "{n}");
        }
    }

    #[test]
    fn selectors_read_their_variants_whatever_the_variable_name() {
        let args = [("n", "1"), ("count", "1")];
        // A long name (the body starts right after `->`) and a one-letter one.
        assert_eq!(format(Lang::En, "{$count ->[one]a*[other]b}", &args), "a");
        assert_eq!(format(Lang::En, "{$n ->[one]a*[other]b}", &args), "a");
        // A `[` inside a placeable of a variant does not start a variant.
        assert_eq!(
            format(Lang::En, "{$n ->[one]a {$x[0]} *[other]b}", &args),
            "a {$x[0]}"
        );
        assert_eq!(
            fill("{$n ->[1]a {$x[0]} *[other]b}", &[("n", "1")]),
            "a {$x[0]}"
        );
        // A configuration's override may be any text: a selector with no name does not panic.
        assert_eq!(format(Lang::En, "{$->[one]a*[other]b}", &args), "b");
    }

    #[test]
    fn variants_keys_and_defaults() {
        // The default need not be last; a value matching no key takes it.
        assert_eq!(fill("{$n ->*[other]b [one]a}", &[("n", "7")]), "b");
        assert_eq!(
            format(Lang::En, "{$n ->*[other]b [one]a}", &[("n", "1")]),
            "a"
        );
        // Exact keys: a word, and a number written another way.
        assert_eq!(fill("{$a ->[yes]Y *[no]N}", &[("a", "yes")]), "Y");
        assert_eq!(fill("{$a ->[1]one *[other]more}", &[("a", "01")]), "one");
        // A last variant's text may end with `*`.
        assert_eq!(fill("{$n ->[one]a *[other]5*}", &[("n", "2")]), "5*");
    }
}
