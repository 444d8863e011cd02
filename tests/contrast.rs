//! Native check of the default theme in style/kelisim.css: every text colour against its
//! background meets WCAG 2.2 AA (4.5:1), and borders and the focus ring meet 3:1, in light and
//! in dark mode.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

/// The fallback colours of the `--k-*` properties in the `:host` block after `marker`.
fn palette(css: &str, marker: &str) -> BTreeMap<String, String> {
    let start = css
        .find(marker)
        .unwrap_or_else(|| panic!("no `{marker}` in the CSS"));
    let block = &css[start..start + css[start..].find('}').unwrap()];
    block
        .lines()
        .filter_map(|line| {
            let (name, value) = line.trim().strip_prefix("--k-")?.split_once(':')?;
            let hex = value.split('#').nth(1)?.get(..6)?.to_owned();
            Some((name.trim().to_owned(), hex))
        })
        .collect()
}

fn luminance(hex: &str) -> f64 {
    let channel = |i: usize| {
        let c = u8::from_str_radix(&hex[i..i + 2], 16).unwrap() as f64 / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4)
}

fn contrast(a: &str, b: &str) -> f64 {
    let (x, y) = (luminance(a), luminance(b));
    (x.max(y) + 0.05) / (x.min(y) + 0.05)
}

#[test]
fn default_colours_meet_wcag_aa_in_light_and_dark() {
    let css =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/style/kelisim.css")).unwrap();
    for (mode, marker) in [
        ("light", ":host {"),
        ("dark", "@media (prefers-color-scheme: dark)"),
    ] {
        let p = palette(&css, marker);
        for (fg, bg, min) in [
            ("fg", "bg", 4.5),
            ("muted", "bg", 4.5),
            ("accent", "bg", 4.5),
            ("accent-text", "accent", 4.5),
            ("border", "bg", 3.0),
            ("focus", "bg", 3.0),
        ] {
            let ratio = contrast(&p[fg], &p[bg]);
            assert!(
                ratio >= min,
                "{mode}: --k-{fg} on --k-{bg} is {ratio:.2}:1, needs {min}:1"
            );
        }
    }
}
