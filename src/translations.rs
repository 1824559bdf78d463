//! Pages kept in several languages side by side, as documentation sites keep them: one file
//! per language in a page's folder (`what-is-a-closure/en-US.mdx`, `…/zh-CN.mdx`), or a
//! translation beside the page (`README.md` and `README.zh-CN.md`; `_index.fr.md` in Hugo).
//! A quire site is in one language (`language` in site.toml): the files in other languages
//! are left out, with one warning that says how many and how to build them. A page kept as
//! a folder of languages becomes that folder's index page (`what-is-a-closure/index.html`),
//! so links to the folder and the folder's images keep working.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::diag::{Diagnostic, Location};
use crate::source::{SourceFile, Sources, markdown_stem};

/// Leaves out of `sources` the Markdown files that are translations into another language
/// than `language`; a warning when any were.
pub(crate) fn keep_site_language(sources: &mut Sources, language: &str) -> Option<Diagnostic> {
    let wanted = Tag::parse(language)?;
    let mut skipped: BTreeMap<String, usize> = BTreeMap::new();
    let mut first: Option<String> = None;
    let mut drop: HashSet<usize> = HashSet::new();
    let mut renames: Vec<(usize, String)> = Vec::new();
    for group in groups(&sources.files) {
        let keep = group.choose(&wanted);
        // The untranslated page, when a translation is kept in its place, is in another
        // language too (which, its name does not say).
        let base = group.base.map(|b| (b, "untranslated"));
        let members = group.members.iter().map(|(i, t)| (*i, t.text.as_str()));
        for (i, language) in members.chain(base) {
            if i == keep {
                continue;
            }
            drop.insert(i);
            *skipped.entry(language.to_string()).or_default() += 1;
            let path = &sources.files[i].path;
            if first.as_ref().is_none_or(|f| path < f) {
                first = Some(path.clone());
            }
        }
        if let Some(rel) = group.kept_as(keep, &sources.files) {
            renames.push((keep, rel));
        }
    }
    for (i, rel) in renames {
        sources.files[i].rel = rel;
    }
    let mut i = 0;
    sources.files.retain(|_| {
        i += 1;
        !drop.contains(&(i - 1))
    });
    let first = first?;
    let total: usize = skipped.values().sum();
    let languages: Vec<String> = skipped.iter().map(|(t, n)| format!("{t} ({n})")).collect();
    let message = format!(
        "left out {total} page{} in other languages than the site's (`language = \"{language}\"` \
         in site.toml): {}; a quire site is in one language: to publish another, build the \
         same content with its `language` (e.g. `language = \"{}\"`) into another folder",
        if total == 1 { "" } else { "s" },
        languages.join(", "),
        skipped
            .keys()
            .find(|k| *k != "untranslated")
            .map_or("en", String::as_str),
    );
    let location = Location {
        file: first,
        line: 1,
        col: 1,
    };
    Some(Diagnostic::warning(location, message))
}

/// Languages a translation is most often in, by their two-letter code.
const COMMON: &[&str] = &[
    "ar", "bg", "bn", "ca", "cs", "da", "de", "el", "en", "es", "et", "fa", "fi", "fr", "he", "hi",
    "hr", "hu", "id", "it", "ja", "kk", "ko", "lt", "lv", "ms", "nb", "nl", "no", "pl", "pt", "ro",
    "ru", "sk", "sl", "sr", "sv", "ta", "te", "th", "tl", "tr", "uk", "ur", "uz", "vi", "zh",
];

/// A language tag as file names carry it: `en`, `en-US`, `pt_BR`, `zh-Hans`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Tag {
    /// As written in the file name.
    text: String,
    /// The language, lowercase (`pt`).
    language: String,
    /// The whole tag, lowercase with `-` (`pt-br`).
    full: String,
    /// It names a region or script (`en-US`, `zh-Hans`), not only a language.
    qualified: bool,
}

impl Tag {
    fn parse(text: &str) -> Option<Tag> {
        let mut parts = text.split(['-', '_']);
        let language = parts.next()?;
        let subtag = parts.next();
        if parts.next().is_some()
            || !(2..=3).contains(&language.len())
            || !language.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return None;
        }
        let qualified = match subtag {
            None => false,
            Some(s)
                if (s.len() == 2 || s.len() == 4) && s.bytes().all(|b| b.is_ascii_alphabetic()) =>
            {
                true
            }
            Some(s) if s.len() == 3 && s.bytes().all(|b| b.is_ascii_digit()) => true,
            Some(_) => return None,
        };
        Some(Tag {
            text: text.to_string(),
            language: language.to_ascii_lowercase(),
            full: text.replace('_', "-").to_ascii_lowercase(),
            qualified,
        })
    }

    /// How well this tag serves a site in `wanted`: 2 the same tag, 1 the same language.
    fn fit(&self, wanted: &Tag) -> u8 {
        if self.full == wanted.full {
            2
        } else {
            u8::from(self.language == wanted.language)
        }
    }
}

/// Files that are one page in several languages.
struct Group {
    /// Index in the sources and language of each file.
    members: Vec<(usize, Tag)>,
    /// The untranslated file (`README.md` beside `README.zh-CN.md`), when there is one.
    base: Option<usize>,
    /// A folder of languages (`page/en-US.mdx`, `page/zh-CN.mdx`): its folder.
    folder: Option<String>,
}

impl Group {
    /// The file to keep: the one in the site's language, else the untranslated one, else
    /// English, else the first.
    fn choose(&self, wanted: &Tag) -> usize {
        let best = self
            .members
            .iter()
            .map(|(i, t)| (t.fit(wanted), *i))
            .filter(|(fit, _)| *fit > 0)
            .max_by_key(|(fit, i)| (*fit, std::cmp::Reverse(*i)));
        if let Some((_, i)) = best {
            return i;
        }
        if let Some(base) = self.base {
            return base;
        }
        let english = self.members.iter().find(|(_, t)| t.language == "en");
        english.or(self.members.first()).map_or(0, |(i, _)| *i)
    }

    /// The name the kept file goes by: a translation kept instead of its untranslated page
    /// takes that page's name, a folder's language file becomes the folder's index.
    fn kept_as(&self, keep: usize, files: &[SourceFile]) -> Option<String> {
        let ext = |rel: &str| rel.rsplit_once('.').map_or("md", |(_, e)| e).to_string();
        if let Some(base) = self.base {
            return (keep != base).then(|| files[base].rel.clone());
        }
        let folder = self.folder.as_ref()?;
        let taken = files.iter().any(|f| {
            markdown_stem(&f.rel).is_some_and(|stem| {
                stem == format!("{folder}/index") || stem == format!("{folder}/README")
            })
        });
        (!taken).then(|| format!("{folder}/index.{}", ext(&files[keep].rel)))
    }
}

/// The groups of translations among `files`.
fn groups(files: &[SourceFile]) -> Vec<Group> {
    let mut folders: BTreeMap<String, Vec<(usize, Tag)>> = BTreeMap::new();
    let by_stem: HashMap<&str, usize> = files
        .iter()
        .enumerate()
        .filter_map(|(i, f)| markdown_stem(&f.rel).map(|s| (s, i)))
        .collect();
    let mut beside: BTreeMap<usize, Vec<(usize, Tag)>> = BTreeMap::new();
    for (i, file) in files.iter().enumerate() {
        let Some(stem) = markdown_stem(&file.rel) else {
            continue;
        };
        let (folder, name) = stem.rsplit_once('/').unwrap_or(("", stem));
        // `page/en-US.md`: a language with its region names the file (a bare `go.md` or
        // `cs.md` is a topic more often than a language).
        if let Some(tag) = Tag::parse(name).filter(|t| t.qualified) {
            folders
                .entry(folder.to_string())
                .or_default()
                .push((i, tag));
            continue;
        }
        // `README.zh-CN.md` beside `README.md` (a bare code only if it is a common one:
        // `setup.go.md` beside `setup.md` is about Go).
        if let Some((base, tag)) = name.rsplit_once('.') {
            let base_stem = if folder.is_empty() {
                base.to_string()
            } else {
                format!("{folder}/{base}")
            };
            let tag = Tag::parse(tag).filter(|t| t.qualified || COMMON.contains(&t.full.as_str()));
            if let (Some(&b), Some(tag)) = (by_stem.get(base_stem.as_str()), tag) {
                beside.entry(b).or_default().push((i, tag));
            }
        }
    }
    let mut out: Vec<Group> = folders
        .into_iter()
        .filter(|(folder, members)| members.len() > 1 && !folder.is_empty())
        .map(|(folder, members)| Group {
            members,
            base: None,
            folder: Some(folder),
        })
        .collect();
    out.extend(beside.into_iter().map(|(base, members)| Group {
        members,
        base: Some(base),
        folder: None,
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources(names: &[&str]) -> Sources {
        Sources {
            files: names
                .iter()
                .map(|n| SourceFile {
                    path: format!("content/{n}"),
                    rel: (*n).to_string(),
                    text: format!("# {n}\n"),
                })
                .collect(),
            ..Sources::default()
        }
    }

    fn kept(sources: &Sources) -> Vec<(&str, &str)> {
        sources
            .files
            .iter()
            .map(|f| (f.rel.as_str(), f.path.as_str()))
            .collect()
    }

    #[test]
    fn a_folder_of_languages_keeps_the_sites_as_the_folders_index() {
        let mut s = sources(&[
            "closures/en-US.mdx",
            "closures/pt-BR.mdx",
            "closures/zh-CN.mdx",
            "hoisting/en-US.mdx",
            "hoisting/zh-CN.mdx",
            "index.md",
        ]);
        let warning = keep_site_language(&mut s, "en").unwrap();
        assert_eq!(
            kept(&s),
            [
                ("closures/index.mdx", "content/closures/en-US.mdx"),
                ("hoisting/index.mdx", "content/hoisting/en-US.mdx"),
                ("index.md", "content/index.md"),
            ]
        );
        assert_eq!(warning.location.file, "content/closures/pt-BR.mdx");
        assert!(
            warning.message.contains("left out 3 pages"),
            "{}",
            warning.message
        );
        assert!(
            warning.message.contains("pt-BR (1), zh-CN (2)"),
            "{}",
            warning.message
        );
        let mut s = sources(&["closures/en-US.mdx", "closures/zh-CN.mdx"]);
        keep_site_language(&mut s, "zh-CN").unwrap();
        assert_eq!(
            kept(&s),
            [("closures/index.mdx", "content/closures/zh-CN.mdx")]
        );
    }

    #[test]
    fn a_translation_beside_its_page_is_left_out_or_takes_its_place() {
        let mut s = sources(&[
            "README.md",
            "README.zh-CN.md",
            "guide/_index.fr.md",
            "guide/_index.md",
        ]);
        keep_site_language(&mut s, "en").unwrap();
        assert_eq!(
            kept(&s),
            [
                ("README.md", "content/README.md"),
                ("guide/_index.md", "content/guide/_index.md")
            ]
        );
        let mut s = sources(&["README.md", "README.zh-CN.md"]);
        let warning = keep_site_language(&mut s, "zh").unwrap();
        assert_eq!(kept(&s), [("README.md", "content/README.zh-CN.md")]);
        assert!(
            warning.message.contains("untranslated (1)"),
            "{}",
            warning.message
        );
    }

    #[test]
    fn names_that_only_look_like_languages_stay() {
        // Topics named like language codes, a lone language file, dotted names without
        // a page beside them: nothing is left out.
        let names = [
            "go.md",
            "cs.md",
            "notes/en-US.md",
            "v1.2.md",
            "setup.go.md",
            "setup.md",
            "page.md",
            "page.final.md",
        ];
        let mut s = sources(&names);
        assert!(keep_site_language(&mut s, "en").is_none());
        assert_eq!(s.files.len(), names.len());
    }
}
