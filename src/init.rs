//! `quire init`: writes a new site that builds at once (site.toml with every key, a short
//! sample guide, `.gitignore`, and optionally a GitHub Pages workflow).
//!
//! The files are the repository's `init/` folder, embedded so that they are easy to edit as
//! files and the binary works anywhere. Nothing is written unless every check passes first,
//! so a refused `init` leaves the folder exactly as it was.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The sample site: `(path in the new site, contents)`.
const SAMPLE: &[(&str, &str)] = &[
    ("site.toml", include_str!("../init/site.toml")),
    ("content/index.md", include_str!("../init/content/index.md")),
    (
        "content/basics.md",
        include_str!("../init/content/basics.md"),
    ),
];

/// Lines of the `.gitignore` a site needs (added to an existing one when missing).
const GITIGNORE: &str = include_str!("../init/gitignore");

/// Where `--github-pages` puts its workflow, and the workflow.
pub const PAGES_WORKFLOW: (&str, &str) = (
    ".github/workflows/pages.yml",
    include_str!("../init/github-pages.yml"),
);

/// What to create.
#[derive(Debug, Clone, Default)]
pub struct InitOptions {
    /// The new site's folder (created when missing).
    pub dir: PathBuf,
    /// Also write a GitHub Actions workflow that deploys to GitHub Pages.
    pub github_pages: bool,
}

/// The files `init` wrote, relative to the site folder, in the order written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InitReport {
    /// Each file written, relative to the site folder.
    pub written: Vec<String>,
    /// `.gitignore` existed and was extended rather than created.
    pub gitignore_extended: bool,
}

/// Creates a site in `opts.dir`; refuses (changing nothing) a folder that already has
/// `content/`, `site.toml` or the workflow file.
pub fn init_site(opts: &InitOptions) -> Result<InitReport> {
    let dir = &opts.dir;
    if dir.exists() && !dir.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a file; give quire init a folder (new or without a site)",
            dir.display()
        )));
    }
    let mut files: Vec<(&str, &str)> = SAMPLE.to_vec();
    if opts.github_pages {
        files.push(PAGES_WORKFLOW);
    }
    refuse_existing(dir, &files)?;
    let mut written = Vec::new();
    for (rel, text) in &files {
        write_new(&dir.join(rel), text)?;
        written.push(rel.to_string());
    }
    let gitignore = dir.join(".gitignore");
    let gitignore_extended = gitignore.exists();
    let text = gitignore_text(&gitignore)?;
    if let Some(text) = text {
        std::fs::write(&gitignore, text).map_err(|e| Error::io(&gitignore, e))?;
        written.push(".gitignore".into());
    }
    Ok(InitReport {
        written,
        gitignore_extended,
    })
}

/// An error naming the first thing that shows `dir` already holds a site.
fn refuse_existing(dir: &Path, files: &[(&str, &str)]) -> Result<()> {
    let taken = ["content", "site.toml"]
        .into_iter()
        .chain(files.iter().map(|(rel, _)| *rel))
        .find(|rel| dir.join(rel).exists());
    match taken {
        Some(rel) => Err(Error::InitRefused {
            path: dir.join(rel),
        }),
        None => Ok(()),
    }
}

fn write_new(path: &Path, text: &str) -> Result<()> {
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    }
    std::fs::write(path, text).map_err(|e| Error::io(path, e))
}

/// The new text of `.gitignore`: the sample when there is none, else the existing text with
/// the sample's missing lines added (`None` when nothing is missing).
fn gitignore_text(path: &Path) -> Result<Option<String>> {
    let existing = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Some(GITIGNORE.into())),
        Err(e) => return Err(Error::io(path, e)),
    };
    let have: Vec<&str> = existing.lines().map(str::trim).collect();
    let missing: Vec<&str> = GITIGNORE
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty() && !have.contains(&l.trim()))
        .collect();
    if missing.is_empty() {
        return Ok(None);
    }
    let mut text = existing;
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    text.push_str("# quire: build output and cache\n");
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    Ok(Some(text))
}

/// What to do after `init`, for the terminal.
pub fn next_steps(opts: &InitOptions) -> String {
    let dir = opts.dir.display().to_string();
    let mut s = String::from("Next:\n");
    if dir != "." {
        s.push_str(&format!("  cd {}\n", shell_word(&dir)));
    }
    s.push_str("  quire serve      # preview with live reload; it prints the address to open\n");
    s.push_str("  quire build      # writes the site into public/\n");
    s.push_str("Edit site.toml (title, language, base_url) and the files in content/.\n");
    if opts.github_pages {
        s.push_str(&format!(
            "GitHub Pages: set QUIRE_GIT in {} to the repository quire is installed from,\n  \
             choose Settings > Pages > Source: GitHub Actions, then push to main.\n",
            PAGES_WORKFLOW.0
        ));
    } else {
        s.push_str("To publish, see \"Deploy\" in quire's README (or run quire init --github-pages in a new folder).\n");
    }
    s
}

/// `word` quoted for a POSIX shell when it holds anything but plain path characters.
fn shell_word(word: &str) -> String {
    let plain = word
        .chars()
        .all(|c| c.is_alphanumeric() || "/._-+".contains(c));
    if plain {
        word.to_string()
    } else {
        format!("'{}'", word.replace('\'', "'\\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignore_is_extended_only_with_missing_lines() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(".gitignore");
        std::fs::write(&path, "target/\npublic/").unwrap();
        let text = gitignore_text(&path).unwrap().unwrap();
        assert_eq!(
            text,
            "target/\npublic/\n# quire: build output and cache\n.quire-cache/\n"
        );
        std::fs::write(&path, &text).unwrap();
        assert_eq!(gitignore_text(&path).unwrap(), None);
    }

    #[test]
    fn odd_folder_names_are_quoted_in_next_steps() {
        assert_eq!(shell_word("my-guide"), "my-guide");
        assert_eq!(shell_word("my guide"), "'my guide'");
        assert_eq!(shell_word("it's"), "'it'\\''s'");
    }
}
