//! What hosts need from the output: dotfiles of `static/` (`.nojekyll`, `.well-known/…`) are
//! published, dotfiles of `content/` and editor leftovers are not, and a 404 page exists.

use crate::support::temp_site;

#[test]
fn static_dotfiles_are_published_and_content_dotfiles_are_not() {
    let site = temp_site(&[
        ("content/index.md", "# Guide\n\nHello.\n"),
        ("content/.draft-notes.md", "# Private\n\nNot for readers.\n"),
        ("content/.env", "TOKEN=x\n"),
        ("content/img/.hidden.png", "png"),
        ("content/img/shown.png", "png"),
        ("static/.nojekyll", ""),
        (
            "static/.well-known/security.txt",
            "Contact: mailto:me@example.org\n",
        ),
        ("static/.DS_Store", "junk"),
        ("static/assets/.custom.css.swp", "junk"),
    ]);
    let out_dir = site.path().join("public");
    let report = quire::build(&quire::Options {
        root: site.path().to_path_buf(),
        out: Some(out_dir.clone()),
        no_cache: true,
        ..Default::default()
    })
    .unwrap();
    assert!(report.warnings.is_empty(), "{:?}", report.warnings);
    assert!(out_dir.join(".nojekyll").is_file(), ".nojekyll published");
    assert_eq!(
        std::fs::read_to_string(out_dir.join(".well-known/security.txt")).unwrap(),
        "Contact: mailto:me@example.org\n"
    );
    assert!(out_dir.join("img/shown.png").is_file());
    assert!(out_dir.join("404.html").is_file());
    let published: Vec<String> = crate::support::tree(&out_dir)
        .into_iter()
        .map(|(p, _)| p)
        .collect();
    for hidden in ["draft-notes", ".env", ".hidden.png", ".DS_Store", ".swp"] {
        assert!(
            !published.iter().any(|p| p.contains(hidden)),
            "{hidden} was published: {published:?}"
        );
    }
    let body: Vec<u8> = crate::support::tree(&out_dir)
        .into_iter()
        .flat_map(|(_, b)| b)
        .collect();
    assert!(
        !String::from_utf8_lossy(&body).contains("Not for readers"),
        "a dotfile of content/ became a page"
    );
}
