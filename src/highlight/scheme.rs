//! The token-class scheme: which class a syntect scope gives its text, the class names and
//! colours, and the stylesheet that colours them.
//!
//! Every scope stack folds into one of a handful of classes (`hl-k` keyword, `hl-s` string,
//! `hl-c` comment, …). Classification is incremental: beside syntect's scope stack the
//! highlighter keeps a parallel stack of resolved [`Style`]s, so a push costs one rule lookup
//! (longest matching scope prefix from a small precompiled table) and a pop costs nothing.

use std::sync::OnceLock;

use syntect::parsing::Scope;

/// Whether symbolic operators (`=`, `+`, `&&` …) get the `hl-o` class. Word operators
/// (`and`, `not`, `in`, `is`, `typeof` …) are always keywords.
pub(super) const EMIT_OPERATORS: bool = false;

/// A token class; the discriminant indexes [`CLASSES`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Class {
    Keyword,
    Str,
    Comment,
    Function,
    Type,
    Number,
    Decorator,
    Variable,
    Escape,
    Operator,
}

/// Per class: short CSS name, light colour, dark colour (indexed by `Class as usize`).
const CLASSES: [(&str, &str, &str); 10] = [
    ("k", "#cf222e", "#ff7b72"),
    ("s", "#0a3069", "#a5d6ff"),
    ("c", "#59636e", "#8b949e"),
    ("f", "#8250df", "#d2a8ff"),
    ("t", "#116329", "#7ee787"),
    ("n", "#0550ae", "#79c0ff"),
    ("d", "#6639ba", "#bc8cff"),
    ("v", "#953800", "#ffa657"),
    ("e", "#1b7c83", "#56d4dd"),
    ("o", "#cf222e", "#ff7b72"),
];

/// Opening and closing tags, indexed by `Class as usize`.
pub(super) const TAGS: [(&str, &str); 10] = [
    ("<hl-k>", "</hl-k>"),
    ("<hl-s>", "</hl-s>"),
    ("<hl-c>", "</hl-c>"),
    ("<hl-f>", "</hl-f>"),
    ("<hl-t>", "</hl-t>"),
    ("<hl-n>", "</hl-n>"),
    ("<hl-d>", "</hl-d>"),
    ("<hl-v>", "</hl-v>"),
    ("<hl-e>", "</hl-e>"),
    ("<hl-o>", "</hl-o>"),
];

/// Code block background and plain text colours: (light, dark).
const BACKGROUND: (&str, &str) = ("#f6f8fa", "#161b22");
const FOREGROUND: (&str, &str) = ("#1f2328", "#e6edf3");

/// What a single scope does to the style inherited from the scopes below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Rule {
    /// Give the text this class (innermost class wins).
    Class(Class),
    /// A string: class `hl-s`, and nested scopes cannot recolour it except escapes/tags.
    Str,
    /// A comment: class `hl-c`, nothing nested can recolour it.
    Comment,
    /// Plain text again (e.g. the arguments of an annotation).
    Plain,
    /// Plain text that also leaves an enclosing string (interpolation `{…}`, `${…}`).
    Reset,
    /// `keyword.operator`: keyword for word operators, operator for symbols.
    Operator,
}

/// What a scope lock allows nested scopes to do.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
enum Lock {
    #[default]
    None,
    Str,
    Comment,
}

/// The resolved style at one level of the scope stack.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Style {
    pub(super) class: Option<Class>,
    lock: Lock,
}

impl Style {
    /// The style of a scope with rule `rule` pushed on top of a scope with style `self`.
    pub(super) fn push(self, rule: Option<Rule>) -> Style {
        let Some(rule) = rule else { return self };
        match self.lock {
            Lock::Comment => self,
            Lock::Str => match rule {
                Rule::Class(c @ (Class::Escape | Class::Type)) => Style {
                    class: Some(c),
                    lock: Lock::Str,
                },
                Rule::Reset => Style::default(),
                _ => self,
            },
            Lock::None => match rule {
                Rule::Class(c) => Style {
                    class: Some(c),
                    lock: Lock::None,
                },
                Rule::Operator => Style {
                    class: Some(Class::Operator),
                    lock: Lock::None,
                },
                Rule::Str => Style {
                    class: Some(Class::Str),
                    lock: Lock::Str,
                },
                Rule::Comment => Style {
                    class: Some(Class::Comment),
                    lock: Lock::Comment,
                },
                Rule::Plain | Rule::Reset => Style::default(),
            },
        }
    }
}

/// Scope prefixes and their rules; the longest matching prefix wins.
const RULE_TABLE: &[(&str, Rule)] = &[
    ("comment", Rule::Comment),
    // Python docstrings read as strings (GitHub colours them so).
    ("comment.block.documentation.python", Rule::Str),
    ("string", Rule::Str),
    ("storage.type.string", Rule::Class(Class::Str)),
    ("constant", Rule::Class(Class::Number)),
    ("constant.character.escape", Rule::Class(Class::Escape)),
    ("constant.character.entity", Rule::Class(Class::Escape)),
    ("constant.other.placeholder", Rule::Class(Class::Escape)),
    ("constant.other.format-spec", Rule::Class(Class::Escape)),
    ("constant.other.database-name", Rule::Plain),
    ("constant.other.table-name", Rule::Plain),
    ("support.constant", Rule::Class(Class::Number)),
    ("keyword", Rule::Class(Class::Keyword)),
    ("keyword.operator", Rule::Operator),
    ("keyword.other.unit", Rule::Class(Class::Number)),
    ("storage.type", Rule::Class(Class::Keyword)),
    ("storage.modifier", Rule::Class(Class::Keyword)),
    ("storage.modifier.lifetime", Rule::Class(Class::Variable)),
    ("entity.name", Rule::Class(Class::Type)),
    ("entity.name.function", Rule::Class(Class::Function)),
    (
        "entity.name.function.decorator",
        Rule::Class(Class::Decorator),
    ),
    ("entity.other.inherited-class", Rule::Class(Class::Type)),
    ("entity.other.attribute-name", Rule::Class(Class::Number)),
    ("entity.other.pseudo-class", Rule::Class(Class::Number)),
    ("support.function", Rule::Class(Class::Function)),
    ("support.macro", Rule::Class(Class::Function)),
    ("support.type", Rule::Class(Class::Type)),
    ("support.class", Rule::Class(Class::Type)),
    ("support.type.property-name", Rule::Class(Class::Number)),
    ("variable.parameter", Rule::Class(Class::Variable)),
    ("variable.language", Rule::Class(Class::Variable)),
    ("variable.annotation", Rule::Class(Class::Decorator)),
    ("meta.annotation", Rule::Class(Class::Decorator)),
    ("meta.annotation.arguments", Rule::Plain),
    ("meta.annotation.parameters", Rule::Plain),
    ("meta.interpolation", Rule::Reset),
    ("meta.template.expression", Rule::Reset),
    (
        "punctuation.section.interpolation",
        Rule::Class(Class::Escape),
    ),
    (
        "punctuation.definition.template-expression",
        Rule::Class(Class::Escape),
    ),
    ("markup.deleted", Rule::Class(Class::Keyword)),
    ("markup.inserted", Rule::Class(Class::Type)),
    ("markup.changed", Rule::Class(Class::Variable)),
    ("meta.diff.header", Rule::Class(Class::Number)),
    ("meta.diff.range", Rule::Class(Class::Function)),
    ("markup.heading", Rule::Class(Class::Number)),
    ("markup.raw", Rule::Class(Class::Str)),
    ("markup.underline.link", Rule::Class(Class::Str)),
];

/// A precompiled [`RULE_TABLE`] entry.
struct CompiledRule {
    first_atom: u16,
    prefix: Scope,
    rule: Rule,
}

/// The rule table compiled to [`Scope`]s, longest prefixes first.
fn rules() -> &'static [CompiledRule] {
    static RULES: OnceLock<Vec<CompiledRule>> = OnceLock::new();
    RULES.get_or_init(|| {
        let mut compiled: Vec<CompiledRule> = RULE_TABLE
            .iter()
            .filter_map(|&(name, rule)| {
                let prefix = Scope::new(name).ok()?;
                Some(CompiledRule {
                    first_atom: prefix.atom_at(0),
                    prefix,
                    rule,
                })
            })
            .collect();
        compiled.sort_by_key(|r| std::cmp::Reverse(r.prefix.len()));
        compiled
    })
}

/// The rule of the longest table prefix matching `scope`, if any.
pub(super) fn rule_for(scope: Scope) -> Option<Rule> {
    if scope.is_empty() {
        return None;
    }
    let first = scope.atom_at(0);
    rules()
        .iter()
        .find(|r| r.first_atom == first && r.prefix.is_prefix_of(scope))
        .map(|r| r.rule)
}

/// The CSS for the token classes: colours as custom properties with a light palette on `:root`,
/// a dark palette under `@media (prefers-color-scheme: dark) { :root:not([data-theme="light"])
/// {…} }` and the same dark palette under `:root[data-theme="dark"]`; then
/// `hl-k{color:var(--hl-k)}` etc. (token elements are styled by tag name).
///
/// Also defines `--hl-bg` / `--hl-fg` (code block background and plain code text), which every
/// token colour is checked against for WCAG AA contrast.
pub(super) fn stylesheet() -> String {
    let palette = |dark: bool| {
        let (bg, fg) = if dark {
            (BACKGROUND.1, FOREGROUND.1)
        } else {
            (BACKGROUND.0, FOREGROUND.0)
        };
        let mut vars = format!("--hl-bg:{bg};--hl-fg:{fg};");
        for (name, light_colour, dark_colour) in CLASSES {
            let colour = if dark { dark_colour } else { light_colour };
            vars.push_str(&format!("--hl-{name}:{colour};"));
        }
        vars
    };
    let (light, dark) = (palette(false), palette(true));
    let mut css = format!(
        ":root{{{light}}}\n\
         @media (prefers-color-scheme: dark){{:root:not([data-theme=\"light\"]){{{dark}}}}}\n\
         :root[data-theme=\"dark\"]{{{dark}}}\n"
    );
    for (name, _, _) in CLASSES {
        css.push_str(&format!("hl-{name}{{color:var(--hl-{name})}}\n"));
    }
    css
}

#[cfg(test)]
mod tests {
    use super::*;

    fn luminance(hex: &str) -> f64 {
        let channel = |i: usize| {
            let c = f64::from(u8::from_str_radix(&hex[i..i + 2], 16).unwrap_or(0)) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
    }

    fn contrast(a: &str, b: &str) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn palette_contrast() {
        let (light_bg, dark_bg) = BACKGROUND;
        let mut entries = vec![("fg", FOREGROUND.0, FOREGROUND.1)];
        entries.extend(CLASSES);
        for (name, light, dark) in entries {
            assert_eq!(light.len(), 7, "{name}");
            assert_eq!(dark.len(), 7, "{name}");
            let (cl, cd) = (contrast(light, light_bg), contrast(dark, dark_bg));
            assert!(cl >= 4.5, "light {name} {light}: {cl:.2}");
            assert!(cd >= 4.5, "dark {name} {dark}: {cd:.2}");
        }
        assert!((contrast("#000000", "#ffffff") - 21.0).abs() < 1e-9);
    }

    #[test]
    fn stylesheet_shape() {
        let css = stylesheet();
        assert!(css.starts_with(":root{"));
        assert!(
            css.contains("@media (prefers-color-scheme: dark){:root:not([data-theme=\"light\"]){")
        );
        assert!(css.contains(":root[data-theme=\"dark\"]{"));
        for (name, light, dark) in CLASSES {
            assert!(css.contains(&format!("\nhl-{name}{{color:var(--hl-{name})}}")));
            assert!(css.contains(&format!("--hl-{name}:{light};")));
            assert!(css.contains(&format!("--hl-{name}:{dark};")));
        }
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }
}
