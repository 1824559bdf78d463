//! The files for crawlers and feed readers, written when the site has an absolute
//! `base_url`: `sitemap.xml` (every page and share page, with `<lastmod>` from git) and
//! `feed.xml` (Atom: the newest questions); `robots.txt` always.

use crate::history::timestamp;
use crate::model::{Page, Question, Site};
use crate::output::BuildFiles;
use crate::slug::share_path;

/// The feed's entries: the newest questions (a feed reader keeps what it has seen).
pub(crate) const FEED_ENTRIES: usize = 50;

/// A sitemap file lists at most this many addresses (sitemaps.org); a bigger site gets a
/// sitemap index over several files.
const SITEMAP_URLS: usize = 50_000;

/// The absolute `base_url` (ending in `/`) the feeds need, if the site has one.
fn absolute_base(site: &Site) -> Option<String> {
    site.config.base_url_dir().filter(|b| b.starts_with("http"))
}

/// The site has `feed.xml` (pages link to it from their `<head>`).
pub(super) fn has_feed(site: &Site) -> bool {
    absolute_base(site).is_some()
}

pub(super) fn add_feeds(site: &Site, files: &mut BuildFiles) {
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = absolute_base(site) {
        for (path, xml) in sitemaps(site, &base) {
            files.insert(path, xml.into_bytes().into());
        }
        files.insert(
            "feed.xml".into(),
            atom_feed(site, &base).into_bytes().into(),
        );
        robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    files.insert("robots.txt".into(), robots.into_bytes().into());
}

/// Every address of the sitemap with its last change, if known: the home page, chapters,
/// the questions and examples pages (when anything last changed), and each question's
/// share page (when its chapter did).
fn sitemap_urls(site: &Site) -> Vec<(String, Option<i64>)> {
    let newest = site.newest_update();
    let mut urls = vec![(String::new(), newest)];
    let chapters = site.home_and_chapters().1;
    urls.extend(chapters.iter().map(|p| (p.url.clone(), p.updated)));
    urls.push(("questions.html".into(), newest));
    urls.push(("examples.html".into(), newest));
    for (page, _, q) in site.questions() {
        if let Some(key) = site.share.question(&page.url, &q.id) {
            urls.push((share_path(key), page.updated));
        }
    }
    urls
}

/// `sitemap.xml`, or, past [`SITEMAP_URLS`] addresses, `sitemap.xml` as an index of
/// `sitemap-1.xml`, `sitemap-2.xml`…
fn sitemaps(site: &Site, base: &str) -> Vec<(String, String)> {
    sitemap_files(&sitemap_urls(site), base, SITEMAP_URLS)
}

/// The sitemap files of `urls`, at most `limit` addresses per file.
fn sitemap_files(
    urls: &[(String, Option<i64>)],
    base: &str,
    limit: usize,
) -> Vec<(String, String)> {
    if urls.len() <= limit {
        return vec![("sitemap.xml".into(), urlset(urls, base))];
    }
    let mut files = Vec::new();
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (i, part) in urls.chunks(limit).enumerate() {
        let name = format!("sitemap-{}.xml", i + 1);
        index.push_str(&format!(
            "  <sitemap><loc>{}</loc>",
            xml(&format!("{base}{name}"))
        ));
        if let Some(last) = part.iter().filter_map(|u| u.1).max() {
            index.push_str(&format!("<lastmod>{}</lastmod>", timestamp(last)));
        }
        index.push_str("</sitemap>\n");
        files.push((name, urlset(part, base)));
    }
    index.push_str("</sitemapindex>\n");
    files.push(("sitemap.xml".into(), index));
    files
}

fn urlset(urls: &[(String, Option<i64>)], base: &str) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for (url, updated) in urls {
        out.push_str(&format!(
            "  <url><loc>{}</loc>",
            xml(&format!("{base}{url}"))
        ));
        if let Some(t) = updated {
            out.push_str(&format!("<lastmod>{}</lastmod>", timestamp(*t)));
        }
        out.push_str("</url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

/// The questions the feed lists: newest first by their chapter's last change; questions
/// of one date (one file, or a site with no dates) in reading order; at most
/// [`FEED_ENTRIES`].
fn feed_entries(site: &Site) -> Vec<(&Page, &Question, String)> {
    let mut entries: Vec<(&Page, &Question, String)> = site
        .questions()
        .into_iter()
        .filter_map(|(page, _, q)| {
            let key = site.share.question(&page.url, &q.id)?;
            Some((page, q, share_path(key)))
        })
        .collect();
    // A stable sort keeps reading order among equal dates.
    entries.sort_by_key(|(page, _, _)| std::cmp::Reverse(page.updated));
    entries.truncate(FEED_ENTRIES);
    entries
}

/// `feed.xml`: an Atom feed of the newest questions, each linking to its share page (its
/// permalink, which is also its id). A site with no dates (not in git) dates everything
/// at the Unix epoch: Atom requires a date, and a build must not depend on the clock.
fn atom_feed(site: &Site, base: &str) -> String {
    let entries = feed_entries(site);
    let newest = entries.iter().filter_map(|e| e.0.updated).max();
    let author = site.config.author.as_deref().unwrap_or(&site.title);
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\"",
    );
    out.push_str(&format!(" xml:lang=\"{}\">\n", xml(&site.config.language)));
    out.push_str(&format!("  <title>{}</title>\n", xml(&site.title)));
    if let Some(description) = &site.config.description {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", xml(description)));
    }
    out.push_str(&format!("  <id>{}</id>\n", xml(base)));
    out.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml(&format!("{base}feed.xml"))
    ));
    out.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n",
        xml(base)
    ));
    out.push_str(&format!(
        "  <updated>{}</updated>\n",
        timestamp(newest.unwrap_or(0))
    ));
    out.push_str(&format!(
        "  <author><name>{}</name></author>\n",
        xml(author)
    ));
    out.push_str("  <generator>quire</generator>\n");
    for (page, q, path) in entries {
        let url = xml(&format!("{base}{path}"));
        out.push_str("  <entry>\n");
        out.push_str(&format!("    <title>{}</title>\n", xml(&q.prompt_text)));
        out.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n"
        ));
        out.push_str(&format!("    <id>{url}</id>\n"));
        out.push_str(&format!(
            "    <updated>{}</updated>\n",
            timestamp(page.updated.unwrap_or(0))
        ));
        out.push_str(&format!("    <category term=\"{}\"/>\n", xml(&page.title)));
        let summary = super::summary(&q.answer_text);
        if !summary.is_empty() {
            out.push_str(&format!("    <summary>{}</summary>\n", xml(&summary)));
        }
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// Text for XML content and attributes: escaped, without the control characters XML 1.0
/// does not allow.
fn xml(text: &str) -> String {
    let allowed: String = text
        .chars()
        .filter(|&c| !c.is_control() || matches!(c, '\t' | '\n' | '\r'))
        .collect();
    crate::html::escape(&allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_big_sitemap_becomes_an_index_of_files() {
        let urls: Vec<(String, Option<i64>)> = vec![
            ("".into(), Some(200)),
            ("a.html".into(), Some(100)),
            ("q/x.html".into(), None),
        ];
        let one = sitemap_files(&urls, "https://e.org/", 3);
        assert_eq!(one.len(), 1);
        assert_eq!(one[0].0, "sitemap.xml");
        let files = sitemap_files(&urls, "https://e.org/", 2);
        let names: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(names, ["sitemap-1.xml", "sitemap-2.xml", "sitemap.xml"]);
        let index = &files[2].1;
        assert!(index.contains("<sitemapindex"), "{index}");
        assert!(index.contains(
            "<sitemap><loc>https://e.org/sitemap-1.xml</loc><lastmod>1970-01-01T00:03:20Z</lastmod></sitemap>"
        ), "{index}");
        assert!(
            index.contains("<sitemap><loc>https://e.org/sitemap-2.xml</loc></sitemap>"),
            "{index}"
        );
        assert!(
            files[1]
                .1
                .contains("<url><loc>https://e.org/q/x.html</loc></url>")
        );
        assert_eq!(files[0].1.matches("<url>").count(), 2);
    }

    #[test]
    fn xml_text_is_escaped_and_loses_control_characters() {
        assert_eq!(
            xml("a < b & \"c\"\u{1}\n"),
            "a &lt; b &amp; &quot;c&quot;\n"
        );
    }
}
