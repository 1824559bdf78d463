//! A site's own look without forking templates: logo, favicon, accent colour, extra CSS and
//! JS, footer and header links (the `site.toml` keys of [`Brand`]).
//!
//! The accent is checked here against both themes' backgrounds with the WCAG 2 contrast
//! formula, so that a colour readers cannot read is refused with its measured ratio.

use std::path::Path;

use serde::{Deserialize, Serialize};

use crate::diag::{Diagnostic, LineIndex, Location};
use crate::error::{Error, Result};

/// Backgrounds of the default light and dark themes (`static/assets/quire.css`).
pub(crate) const LIGHT_BG: Rgb = Rgb(0xff, 0xff, 0xff);
pub(crate) const DARK_BG: Rgb = Rgb(0x0d, 0x11, 0x17);
/// WCAG 2 AA for normal text.
pub(crate) const MIN_CONTRAST: f64 = 4.5;

/// The accent colour: one colour (the dark theme gets a lighter tint of it), or one per theme.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(untagged)]
pub enum Accent {
    One(String),
    PerTheme { light: String, dark: String },
}

/// An extra link in the header.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct NavLink {
    pub label: String,
    /// A URL, or a path relative to the site root (`about.html`).
    pub url: String,
}

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `#rgb` or `#rrggbb`.
    pub(crate) fn parse(text: &str) -> Option<Rgb> {
        let hex = text.trim().strip_prefix('#')?;
        let digit = |i: usize, n: usize| u8::from_str_radix(hex.get(i..i + n)?, 16).ok();
        match hex.len() {
            3 => Some(Rgb(digit(0, 1)? * 17, digit(1, 1)? * 17, digit(2, 1)? * 17)),
            6 => Some(Rgb(digit(0, 2)?, digit(2, 2)?, digit(4, 2)?)),
            _ => None,
        }
    }

    pub(crate) fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// WCAG 2 relative luminance.
    fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(self.0) + 0.7152 * channel(self.1) + 0.0722 * channel(self.2)
    }

    /// `self` moved towards white by `t` (0 = unchanged, 1 = white).
    fn tint(self, t: f64) -> Rgb {
        let mix = |c: u8| (f64::from(c) + (255.0 - f64::from(c)) * t).round() as u8;
        Rgb(mix(self.0), mix(self.1), mix(self.2))
    }
}

/// WCAG 2 contrast ratio of two colours (1 to 21).
pub(crate) fn contrast(a: Rgb, b: Rgb) -> f64 {
    let (la, lb) = (a.luminance(), b.luminance());
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// The lightest-needed tint of `c` that reads on the dark background: no single colour
/// reaches 4.5:1 on both #ffffff and #0d1117 (the best any colour does is about 4.35:1),
/// so one accent becomes a pair.
pub(crate) fn dark_variant(c: Rgb) -> Rgb {
    (0..=100)
        .map(|step| c.tint(f64::from(step) / 100.0))
        .find(|t| contrast(*t, DARK_BG) >= MIN_CONTRAST)
        .unwrap_or(Rgb(0xff, 0xff, 0xff))
}

/// The accent for each theme, after checking the contrast of each; errors name the value's
/// `file:line:col`.
pub(crate) fn accent_pair(accent: &Accent, text: &str, file: &str) -> Result<(Rgb, Rgb)> {
    let check = |value: &str, bg: Rgb, theme: &str| -> Result<Rgb> {
        let at = |message: String| {
            Error::Config(Diagnostic::error(
                value_location(text, file, value),
                message,
            ))
        };
        let c = Rgb::parse(value).ok_or_else(|| {
            at(format!(
                "accent `{value}` is not a colour: write it as #rrggbb or #rgb, e.g. \"#1f5fbf\""
            ))
        })?;
        let ratio = contrast(c, bg);
        if ratio < MIN_CONTRAST {
            let hint = if theme == "light" {
                "a darker colour"
            } else {
                "a lighter colour"
            };
            return Err(at(format!(
                "accent `{value}` has a contrast ratio of {ratio:.2}:1 against the {theme} \
                 theme's background {}; links and buttons need at least 4.5:1 (WCAG AA): \
                 pick {hint}",
                bg.hex()
            )));
        }
        Ok(c)
    };
    match accent {
        Accent::One(c) => {
            let light = check(c, LIGHT_BG, "light")?;
            Ok((light, dark_variant(light)))
        }
        Accent::PerTheme { light, dark } => Ok((
            check(light, LIGHT_BG, "light")?,
            check(dark, DARK_BG, "dark")?,
        )),
    }
}

/// The CSS that sets the accent (links, buttons, focus rings) in both themes.
pub(crate) fn accent_css(light: Rgb, dark: Rgb) -> String {
    let (l, d) = (light.hex(), dark.hex());
    let light_vars = format!("--accent:{l};--note:{l};--focus:{l};--accent-fg:#ffffff");
    let dark_vars = format!("--accent:{d};--note:{d};--focus:{d};--accent-fg:#0d1117");
    format!(
        ":root{{{light_vars}}}@media (prefers-color-scheme: dark){{:root:not([data-theme=\"light\"]){{{dark_vars}}}}}:root[data-theme=\"dark\"]{{{dark_vars}}}"
    )
}

/// Where `value` is written in the config text (the first occurrence in quotes), else 1:1.
fn value_location(text: &str, file: &str, value: &str) -> Location {
    let offset = ['"', '\'']
        .iter()
        .find_map(|q| text.find(&format!("{q}{value}{q}")))
        .unwrap_or(0);
    let (line, col) = LineIndex::new(text).line_col(text, offset);
    Location {
        file: file.to_string(),
        line,
        col,
    }
}

/// A path from `static/` named by the key `key`: plain (`assets/custom.css`), not a URL
/// (sites make no requests to other hosts), and the file exists.
pub(crate) fn check_static_path(
    root: &Path,
    key: &str,
    path: &str,
    text: &str,
    file: &str,
) -> Result<()> {
    let at = |message: String| {
        Err(Error::Config(Diagnostic::error(
            value_location(text, file, path),
            message,
        )))
    };
    if path.contains("://") || path.starts_with("//") {
        return at(format!(
            "{key} `{path}` is a URL: give a path from static/ (put the file in static/), \
             so that the site makes no requests to other hosts"
        ));
    }
    let rel = path.trim_start_matches('/');
    if rel.is_empty() || rel.split('/').any(|c| c == "..") {
        return at(format!(
            "{key} `{path}` must be a path inside static/, e.g. \"assets/custom.css\""
        ));
    }
    if !root.join("static").join(rel).is_file() {
        return at(format!(
            "{key} `{path}`: there is no static/{rel}; add the file or fix the path"
        ));
    }
    Ok(())
}

/// Checks that every file site.toml names from `static/` (logo, favicon, extra CSS and JS:
/// `(key, paths)`) is there.
pub(crate) fn check_files(
    root: &Path,
    named: &[(&str, &[String])],
    text: &str,
    file: &str,
) -> Result<()> {
    for (key, paths) in named {
        for path in *paths {
            check_static_path(root, key, path, text, file)?;
        }
    }
    Ok(())
}

/// A `static/` path as the site-relative URL of the published file.
pub(crate) fn static_url(path: &str) -> &str {
    path.trim_start_matches('/')
}

/// `<link rel=icon>`'s `type` for a favicon path.
pub(crate) fn icon_type(path: &str) -> &'static str {
    match path
        .rsplit('.')
        .next()
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        _ => "image/png",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contrast_matches_known_values() {
        assert!((contrast(Rgb(0, 0, 0), Rgb(255, 255, 255)) - 21.0).abs() < 1e-9);
        // The usual reference: #767676 is the lightest grey that passes AA on white (4.54:1),
        // #777777 just fails (4.48:1).
        let grey = |h: &str| contrast(Rgb::parse(h).unwrap(), LIGHT_BG);
        assert!((grey("#767676") - 4.54).abs() < 0.01, "{}", grey("#767676"));
        assert!((grey("#777777") - 4.48).abs() < 0.01, "{}", grey("#777777"));
        assert_eq!(Rgb::parse("#abc"), Some(Rgb(0xaa, 0xbb, 0xcc)));
        assert_eq!(Rgb::parse("blue"), None);
        assert_eq!(Rgb::parse("#12345g"), None);
    }

    #[test]
    fn no_single_colour_reads_on_both_backgrounds() {
        let best = (0..=255u8)
            .map(|v| Rgb(v, v, v))
            .map(|c| contrast(c, LIGHT_BG).min(contrast(c, DARK_BG)))
            .fold(0.0, f64::max);
        assert!(best < MIN_CONTRAST, "{best}");
    }

    #[test]
    fn the_dark_variant_reads_on_the_dark_background() {
        for hex in ["#1f5fbf", "#8b0000", "#004d26", "#000000", "#5a2ca0"] {
            let c = Rgb::parse(hex).unwrap();
            let d = dark_variant(c);
            assert!(contrast(d, DARK_BG) >= MIN_CONTRAST, "{hex} -> {}", d.hex());
        }
    }

    #[test]
    fn a_low_contrast_accent_names_its_line_and_ratio() {
        let text = "title = \"T\"\naccent = \"#7fb2e5\"\n";
        let err = accent_pair(&Accent::One("#7fb2e5".into()), text, "site.toml").unwrap_err();
        let msg = err.to_string();
        assert!(msg.starts_with("site.toml:2:10:"), "{msg}");
        assert!(
            msg.contains("2.2") && msg.contains(":1") && msg.contains("4.5:1"),
            "{msg}"
        );
        let dark = Accent::PerTheme {
            light: "#1f5fbf".into(),
            dark: "#1f5fbf".into(),
        };
        let msg = accent_pair(
            &dark,
            "accent = { light = \"#1f5fbf\", dark = \"#1f5fbf\" }",
            "site.toml",
        )
        .unwrap_err()
        .to_string();
        assert!(msg.contains("dark theme"), "{msg}");
    }
}
