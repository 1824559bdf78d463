//! `sitemap.xml` (when the site has a base_url) and `robots.txt`.

use crate::model::Site;
use crate::output::BuildFiles;

pub(super) fn add_feeds(site: &Site, files: &mut BuildFiles) {
    let base = site.config.base_url_dir().filter(|b| b.starts_with("http"));
    let mut robots = String::from("User-agent: *\nAllow: /\n");
    if let Some(base) = &base {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
        );
        let urls = std::iter::once("")
            .chain(site.home_and_chapters().1.iter().map(|p| p.url.as_str()))
            .chain(["questions.html", "examples.html"]);
        for url in urls {
            xml.push_str(&format!(
                "  <url><loc>{}</loc></url>\n",
                crate::html::escape(&format!("{base}{url}"))
            ));
        }
        xml.push_str("</urlset>\n");
        files.insert("sitemap.xml".into(), xml.into_bytes().into());
        robots.push_str(&format!("Sitemap: {base}sitemap.xml\n"));
    }
    files.insert("robots.txt".into(), robots.into_bytes().into());
}
