//! A site's own look without forking templates: extra CSS/JS on every page, logo, favicon,
//! accent colour (contrast-checked), footer, header links, and a template that extends a
//! default and replaces one block.

use crate::support::{build, page, temp_site};

const CHAPTER: &str =
    "# Guide\n\nIntro.\n\n## One\n\n**Q**: Why?\n\n**A**: Because.\n\n## Two\n\nMore.\n";

fn html_pages(out: &quire::Output) -> Vec<(&String, String)> {
    out.files
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .map(|(p, b)| (p, String::from_utf8(b.to_vec()).expect("utf-8")))
        .collect()
}

/// The `root` prefix of a page at `path` (`q/x.html` → `../`).
fn root_of(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

#[test]
fn extra_css_and_js_are_linked_on_every_page_after_the_defaults() {
    let site = temp_site(&[
        ("content/book.md", CHAPTER),
        (
            "site.toml",
            "extra_css = [\"assets/custom.css\", \"brand/more.css\"]\nextra_js = [\"assets/custom.js\"]\n",
        ),
        (
            "static/assets/custom.css",
            "body { letter-spacing: 0.01em; }\n",
        ),
        ("static/brand/more.css", "h1 { font-weight: 800; }\n"),
        (
            "static/assets/custom.js",
            "document.documentElement.dataset.custom = '1';\n",
        ),
    ]);
    let out = build(site.path());
    let pages = html_pages(&out);
    assert!(pages.len() >= 8, "{}", pages.len());
    for (path, html) in &pages {
        if html.contains("http-equiv=\"refresh\"") {
            continue; // a redirect page
        }
        let root = root_of(path);
        let default_css = html
            .find(&format!("href=\"{root}assets/quire.css\""))
            .unwrap_or_else(|| panic!("{path}: no quire.css"));
        let custom = html
            .find(&format!(
                "<link rel=\"stylesheet\" href=\"{root}assets/custom.css\">"
            ))
            .unwrap_or_else(|| panic!("{path}: custom.css not linked"));
        let more = html
            .find(&format!("href=\"{root}brand/more.css\""))
            .unwrap_or_else(|| panic!("{path}: more.css not linked"));
        assert!(
            default_css < custom && custom < more,
            "{path}: order of stylesheets"
        );
        let default_js = html
            .find(&format!("src=\"{root}assets/quire.js\""))
            .unwrap_or_else(|| panic!("{path}: no quire.js"));
        let custom_js = html
            .find(&format!("<script src=\"{root}assets/custom.js\"></script>"))
            .unwrap_or_else(|| panic!("{path}: custom.js not loaded"));
        assert!(default_js < custom_js, "{path}: custom.js before quire.js");
    }
    assert!(
        out.files.contains_key("assets/custom.css"),
        "the file is published"
    );
}

#[test]
fn a_missing_extra_file_or_a_url_is_an_error_at_its_line() {
    let site = temp_site(&[
        ("content/book.md", CHAPTER),
        (
            "site.toml",
            "title = \"T\"\nextra_css = [\"assets/nope.css\"]\n",
        ),
    ]);
    let err = quire::build_site(&quire::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap_err()
    .to_string();
    assert!(err.starts_with("site.toml:2:14:"), "{err}");
    assert!(err.contains("static/assets/nope.css"), "{err}");

    let site = temp_site(&[
        ("content/book.md", CHAPTER),
        ("site.toml", "extra_js = [\"https://cdn.example/x.js\"]\n"),
    ]);
    let err = quire::build_site(&quire::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.starts_with("site.toml:1:13:") && err.contains("is a URL"),
        "{err}"
    );
}

fn build_err(files: &[(&str, &str)]) -> String {
    let site = temp_site(files);
    quire::build_site(&quire::Options {
        root: site.path().to_path_buf(),
        ..Default::default()
    })
    .unwrap_err()
    .to_string()
}

#[test]
fn a_low_contrast_accent_is_refused_with_its_measured_ratio() {
    // #7fb2e5 on white: 2.2:1.
    let err = build_err(&[
        ("content/book.md", CHAPTER),
        ("site.toml", "title = \"T\"\naccent = \"#7fb2e5\"\n"),
    ]);
    assert!(err.starts_with("site.toml:2:10:"), "{err}");
    assert!(
        err.contains("2.2") && err.contains("4.5:1") && err.contains("light"),
        "{err}"
    );
    // A dark-theme colour too dark for the dark background.
    let err = build_err(&[
        ("content/book.md", CHAPTER),
        (
            "site.toml",
            "accent = { light = \"#1f5fbf\", dark = \"#2a3b8c\" }\n",
        ),
    ]);
    assert!(
        err.starts_with("site.toml:1:38:") && err.contains("dark theme"),
        "{err}"
    );
    let err = build_err(&[
        ("content/book.md", CHAPTER),
        ("site.toml", "accent = \"blue\"\n"),
    ]);
    assert!(err.contains("not a colour"), "{err}");
}

#[test]
fn a_readable_accent_colours_links_buttons_and_focus_in_both_themes() {
    let site = temp_site(&[
        ("content/book.md", CHAPTER),
        ("site.toml", "accent = \"#8a2be2\"\n"),
    ]);
    let out = build(site.path());
    let html = page(&out, "one.html");
    assert!(
        html.contains(":root{--accent:#8a2be2;--note:#8a2be2;--focus:#8a2be2;"),
        "light accent"
    );
    let dark = html
        .split("[data-theme=\"dark\"]{--accent:")
        .nth(1)
        .and_then(|s| s.get(..7))
        .expect("a dark accent");
    assert_ne!(dark, "#8a2be2", "the dark theme gets a lighter tint");
    assert!(html.contains("prefers-color-scheme: dark"), "{html}");
}

#[test]
fn logo_favicon_footer_and_header_links() {
    let site = temp_site(&[
        ("content/book.md", CHAPTER),
        (
            "site.toml",
            "title = \"Acme Guide\"\nlogo = \"img/logo.svg\"\nfavicon = \"img/icon.png\"\n\
             footer = \"Made by **Acme** · [About](about.html) · [Home](https://acme.example/)\"\n\
             nav = [{ label = \"Blog\", url = \"https://acme.example/blog/\" }, { label = \"About\", url = \"about.html\" }]\n",
        ),
        (
            "static/img/logo.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        ("static/img/icon.png", "png"),
        ("static/about.html", "<!DOCTYPE html><title>About</title>"),
    ]);
    let out = build(site.path());
    let share = out
        .files
        .keys()
        .find(|k| k.starts_with("q/"))
        .expect("a share page")
        .clone();
    for (path, root) in [("one.html", ""), (share.as_str(), "../")] {
        let html = page(&out, path);
        assert!(
            html.contains(&format!(
                "<img class=\"site-logo\" src=\"{root}img/logo.svg\" alt=\"Acme Guide\">"
            )),
            "{path}: logo"
        );
        assert!(
            html.contains(&format!(
                "<link rel=\"icon\" href=\"{root}img/icon.png\" type=\"image/png\">"
            )),
            "{path}: favicon"
        );
        assert!(
            html.contains("Made by <strong>Acme</strong>"),
            "{path}: footer"
        );
        assert!(
            html.contains(&format!(
                "<a href=\"{root}about.html\">About</a> · <a href=\"https://acme.example/\">"
            )),
            "{path}: footer links"
        );
    }
    // Header links are in the site navigation (share pages keep a candidate on the question).
    let chapter = page(&out, "one.html");
    assert!(
        chapter.contains("<a href=\"about.html\">About</a>\n"),
        "nav link"
    );
    assert!(chapter.contains("<a href=\"https://acme.example/blog/\">Blog</a>"));
    assert!(
        !page(&out, &share).contains("acme.example/blog"),
        "no site nav on share pages"
    );
}

#[test]
fn a_site_template_extends_a_default_and_replaces_one_block() {
    let site = temp_site(&[
        ("content/book.md", CHAPTER),
        (
            "templates/base.html",
            "{% extends \"quire/base.html\" %}\n{% block footer %}<p class=\"mine\">Our own footer</p>{% endblock footer %}\n",
        ),
    ]);
    let out = build(site.path());
    for (path, html) in html_pages(&out) {
        if html.contains("http-equiv=\"refresh\"") {
            continue;
        }
        assert!(
            html.contains("<p class=\"mine\">Our own footer</p>"),
            "{path}: block replaced"
        );
        assert!(
            html.contains("class=\"site-header\""),
            "{path}: the rest of the default stays"
        );
    }
    // Without an override, the default footer.
    let plain = temp_site(&[("content/book.md", CHAPTER)]);
    assert!(!page(&build(plain.path()), "one.html").contains("Our own footer"));
}
