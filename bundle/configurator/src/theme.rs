//! The banner's colours: the custom properties a site sets on `#kelisim-root` (see
//! style/kelisim.css and the README, "Theme"). Their names and default values are read from
//! the banner's own stylesheet, so the configurator offers exactly what the banner reads.

/// The banner's stylesheet, the single source of the theme's names and defaults.
const CSS: &str = include_str!("../../../style/kelisim.css");

/// One colour of the theme, in light and dark mode (`#rrggbb`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colour {
    /// The property's name without `--kelisim-` (`accent`); dark mode adds `-dark`.
    pub name: String,
    /// The light mode's value.
    pub light: String,
    /// The dark mode's value.
    pub dark: String,
}

/// The theme's colours with the banner's default values, in the stylesheet's order.
pub fn defaults() -> Vec<Colour> {
    let (light, dark) = CSS
        .split_once("@media (prefers-color-scheme: dark)")
        .expect("kelisim.css has a dark block");
    let props = |block: &str, suffix: &str| -> Vec<(String, String)> {
        block
            .split("var(--kelisim-")
            .skip(1)
            .filter_map(|rest| {
                let (name, rest) = rest.split_once(',')?;
                let name = name.strip_suffix(suffix).unwrap_or(name);
                let value = rest.split(')').next()?.trim();
                is_hex(value).then(|| (name.to_owned(), value.to_owned()))
            })
            .collect()
    };
    let dark = props(dark, "-dark");
    props(light, "")
        .into_iter()
        .filter_map(|(name, light)| {
            let dark = dark.iter().find(|(n, _)| *n == name)?.1.clone();
            Some(Colour { name, light, dark })
        })
        .collect()
}

/// The colours a pasted embed or page sets (`--kelisim-accent: #00875a;` in its style),
/// over `colours`; anything else is ignored.
pub fn read_style(text: &str, colours: &[Colour]) -> Vec<Colour> {
    let mut out = colours.to_vec();
    for part in text.split("--kelisim-").skip(1) {
        let Some((name, rest)) = part.split_once(':') else {
            continue;
        };
        let value = rest
            .trim_start()
            .get(..7)
            .unwrap_or("")
            .to_ascii_lowercase();
        if !is_hex(&value) {
            continue;
        }
        let (name, dark) = match name.trim().strip_suffix("-dark") {
            Some(n) => (n, true),
            None => (name.trim(), false),
        };
        if let Some(c) = out.iter_mut().find(|c| c.name == name) {
            if dark {
                c.dark = value;
            } else {
                c.light = value;
            }
        }
    }
    out
}

fn is_hex(v: &str) -> bool {
    v.len() == 7 && v.starts_with('#') && v[1..].bytes().all(|b| b.is_ascii_hexdigit())
}

/// The `<style>` rule a site adds for the colours that differ from the defaults; empty when
/// none does.
pub fn site_style(colours: &[Colour]) -> String {
    let defaults = defaults();
    let mut props = String::new();
    for c in colours {
        let Some(d) = defaults.iter().find(|d| d.name == c.name) else {
            continue;
        };
        if c.light != d.light {
            props.push_str(&format!(" --kelisim-{}: {};", c.name, c.light));
        }
        if c.dark != d.dark {
            props.push_str(&format!(" --kelisim-{}-dark: {};", c.name, c.dark));
        }
    }
    if props.is_empty() {
        String::new()
    } else {
        format!("#kelisim-root {{{props} }}")
    }
}

/// The rule of the preview: every colour of one mode set for both modes, so the preview shows
/// light or dark whatever the configurator's own visitor prefers.
pub fn preview_style(colours: &[Colour], dark: bool) -> String {
    let mut props = String::new();
    for c in colours {
        let v = if dark { &c.dark } else { &c.light };
        props.push_str(&format!(
            " --kelisim-{0}: {v}; --kelisim-{0}-dark: {v};",
            c.name
        ));
    }
    format!("#kelisim-root {{{props} }}")
}

/// WCAG 2 contrast ratio of two `#rrggbb` colours (1 to 21).
pub fn contrast(a: &str, b: &str) -> f64 {
    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let v = u8::from_str_radix(hex.get(i..i + 2).unwrap_or("00"), 16).unwrap_or(0);
            let c = f64::from(v) / 255.0;
            if c <= 0.039_28 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The pairs of colours that must reach 4.5:1: (foreground, background).
pub const PAIRS: [(&str, &str); 4] = [
    ("text", "background"),
    ("muted", "background"),
    ("accent-text", "accent"),
    ("accent", "background"),
];

/// The pairs below 4.5:1 in either mode, as (foreground, background, dark, ratio).
pub fn low_contrast(colours: &[Colour]) -> Vec<(String, String, bool, f64)> {
    let get = |name: &str| colours.iter().find(|c| c.name == name);
    let mut out = Vec::new();
    for (fg, bg) in PAIRS {
        let (Some(f), Some(b)) = (get(fg), get(bg)) else {
            continue;
        };
        for dark in [false, true] {
            let ratio = if dark {
                contrast(&f.dark, &b.dark)
            } else {
                contrast(&f.light, &b.light)
            };
            if ratio < 4.5 {
                out.push((fg.to_owned(), bg.to_owned(), dark, ratio));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_colours_come_from_the_banner_stylesheet() {
        let names: Vec<String> = defaults().into_iter().map(|c| c.name).collect();
        assert_eq!(
            names,
            [
                "background",
                "text",
                "muted",
                "accent",
                "accent-text",
                "border",
                "focus"
            ]
        );
        let accent = defaults().into_iter().find(|c| c.name == "accent").unwrap();
        assert!(CSS.contains(&format!("var(--kelisim-accent, {})", accent.light)));
        assert!(CSS.contains(&format!("var(--kelisim-accent-dark, {})", accent.dark)));
    }

    #[test]
    fn only_changed_colours_go_into_the_site_style() {
        let mut colours = defaults();
        assert_eq!(site_style(&colours), "");
        colours[3].light = "#00875a".into();
        assert_eq!(
            site_style(&colours),
            "#kelisim-root { --kelisim-accent: #00875a; }"
        );
        assert!(preview_style(&colours, false).contains("--kelisim-accent-dark: #00875a;"));
    }

    #[test]
    fn colours_are_read_back_from_an_embed() {
        let mut colours = defaults();
        colours[3].light = "#00875a".into();
        colours[4].dark = "#102030".into();
        let embed = crate::embed::embed(&crate::doc::Doc::default(), &colours);
        assert_eq!(read_style(&embed, &defaults()), colours);
        assert_eq!(
            read_style(
                "--kelisim-accent: red; --kelisim-nope: #000000",
                &defaults()
            ),
            defaults()
        );
    }

    #[test]
    fn the_defaults_have_enough_contrast_and_a_pale_accent_does_not() {
        assert_eq!(low_contrast(&defaults()), vec![]);
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
        let mut colours = defaults();
        colours[3].light = "#9fc5ff".into();
        let low = low_contrast(&colours);
        assert!(low
            .iter()
            .any(|(f, b, dark, _)| f == "accent-text" && b == "accent" && !dark));
    }
}
