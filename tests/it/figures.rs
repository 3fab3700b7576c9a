//! Figures and files published with a briefing: what is copied and where, the figure's markup
//! (caption, credit, size), `og:image`, and the findings for a reference to a missing file and
//! for a link out of the site.

use crate::support::{self, attrs, select, text, Site};

/// A real PNG of `width` × `height` pixels, all one colour.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    fn crc(bytes: &[u8]) -> u32 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in bytes {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 == 1 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            }
        }
        !c
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let start = out.len();
        out.extend(kind);
        out.extend(data);
        let sum = crc(&out[start..]);
        out.extend(sum.to_be_bytes());
    }
    let mut header = Vec::new();
    header.extend(width.to_be_bytes());
    header.extend(height.to_be_bytes());
    header.extend([8, 2, 0, 0, 0]);
    let row: Vec<u8> = std::iter::once(0).chain((0..width).flat_map(|_| [0x80, 0x40, 0x20])).collect();
    let raw: Vec<u8> = (0..height).flat_map(|_| row.clone()).collect();
    let mut out = b"\x89PNG\r\n\x1a\n".to_vec();
    chunk(&mut out, b"IHDR", &header);
    chunk(&mut out, b"IDAT", &miniz_oxide::deflate::compress_to_vec_zlib(&raw, 6));
    chunk(&mut out, b"IEND", &[]);
    out
}

const PACT: &str = "title: Pact\ndate: 2024-06-20\n";

fn body() -> &'static str {
    "Intro.\n\n\
     ![Dots for Moscow and Pyongyang on a grid](pact/places.png \"Places named in the text. Credit: Desk graphics\")\n\n\
     A line with an inline ![icon](icon.svg) and [the treaty text](pact/treaty.pdf).\n"
}

#[test]
fn a_briefings_files_are_published_beside_its_page_with_their_size_caption_and_credit() {
    let site = Site::new();
    site.file("dossier.yaml", "base_url: https://news.example.org/desk/\n");
    site.briefing("briefings/pact", PACT, body());
    std::fs::create_dir_all(site.root().join("content/briefings/pact")).unwrap();
    std::fs::write(site.root().join("content/briefings/pact/places.png"), png(40, 24)).unwrap();
    site.file("content/briefings/pact/treaty.pdf", "%PDF-1.4 the treaty");
    // In the briefing's own folder: published even though the text does not show it.
    site.file("content/briefings/pact/data/notes.csv", "city,lat\n");
    site.file("content/briefings/icon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 12\"></svg>");
    // Beside the file but used by no briefing: not published.
    site.file("content/briefings/unused.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
    site.build_ok();

    let out = site.out().join("briefings/pact");
    assert_eq!(std::fs::read(out.join("pact/places.png")).unwrap(), png(40, 24));
    assert_eq!(std::fs::read_to_string(out.join("pact/treaty.pdf")).unwrap(), "%PDF-1.4 the treaty");
    assert!(out.join("pact/data/notes.csv").is_file());
    assert!(out.join("icon.svg").is_file());
    assert!(!out.join("unused.svg").exists() && !site.out().join("briefings/unused.svg").exists());

    let page = site.page("briefings/pact/");
    let figure = select(&page, ".body figure.figure");
    assert_eq!(figure.len(), 1, "one figure");
    assert_eq!(attrs(&page, "figure img", "src"), ["pact/places.png"]);
    assert_eq!(attrs(&page, "figure img", "alt"), ["Dots for Moscow and Pyongyang on a grid"]);
    assert_eq!(attrs(&page, "figure img", "width"), ["40"]);
    assert_eq!(attrs(&page, "figure img", "height"), ["24"]);
    assert_eq!(text(&select(&page, "figcaption")[0]), "Places named in the text. Credit: Desk graphics");
    assert_eq!(text(&select(&page, "figcaption .credit")[0]), "Credit: Desk graphics");
    // The inline image keeps its place in the paragraph, with its size from the SVG's view box.
    assert_eq!(attrs(&page, "p img", "width"), ["16"]);
    assert_eq!(attrs(&page, "p img", "height"), ["12"]);
    // The first figure is the picture of link previews, as an absolute URL.
    assert_eq!(
        attrs(&page, "meta[property='og:image']", "content"),
        ["https://news.example.org/desk/briefings/pact/pact/places.png"]
    );
    // Every relative link and image of the page resolves to a file of the output.
    assert!(support::broken_links(&site.out()).is_empty(), "{:?}", support::broken_links(&site.out()));
}

#[test]
fn the_front_matter_image_is_the_link_preview_and_is_published() {
    let site = Site::new();
    site.briefing("pact", &format!("{PACT}image: cover.png\n"), "![Small](inline.png)\n");
    std::fs::write(site.root().join("content/cover.png"), png(12, 6)).unwrap();
    std::fs::write(site.root().join("content/inline.png"), png(2, 2)).unwrap();
    site.build_ok();
    let page = site.page("briefings/pact/");
    assert_eq!(
        attrs(&page, "meta[property='og:image']", "content"),
        ["http://localhost:1111/briefings/pact/cover.png"]
    );
    assert!(site.out().join("briefings/pact/cover.png").is_file());
    // A briefing without pictures has no `og:image`.
    let bare = Site::new();
    bare.briefing("plain", PACT, "No pictures.\n");
    bare.build_ok();
    assert!(select(&bare.page("briefings/plain/"), "meta[property='og:image']").is_empty());
}

#[test]
fn a_missing_image_or_file_is_a_broken_link_at_its_place() {
    let site = Site::new();
    site.briefing(
        "briefings/pact",
        PACT,
        "Text.\n\n![Map](pact/mpa.png)\n\nSee [the annex](annex.pdf) and ![up](../../etc/x.png).\n",
    );
    site.file("content/briefings/pact/map.png", "not really a png");
    let c = site.compile();
    let broken: Vec<String> = support::findings(&c, "broken-link")
        .iter()
        .map(|f| format!("{}:{}:{} {} | {}", f.file, f.line, f.column, f.message, f.hint.clone().unwrap_or_default()))
        .collect();
    assert_eq!(broken.len(), 3, "{broken:#?}");
    assert!(
        broken[0].starts_with("content/briefings/pact.md:7:1 image `pact/mpa.png`: there is no file"),
        "{}",
        broken[0]
    );
    assert!(broken[0].ends_with("did you mean `pact/map.png`?"), "{}", broken[0]);
    assert!(broken[1].starts_with("content/briefings/pact.md:9:5 link to `annex.pdf`"), "{}", broken[1]);
    assert!(broken[2].contains("9:32 image `../../etc/x.png`: it leads out of the briefing's folder"), "{}", broken[2]);
}

#[cfg(unix)]
#[test]
fn a_figure_linked_out_of_the_site_is_neither_read_nor_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), png(5, 5)).unwrap();
    let site = Site::new();
    site.briefing("briefings/pact", PACT, "![Secret](pact/secret.png)\n");
    std::fs::create_dir_all(site.root().join("content/briefings/pact")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.png"),
        site.root().join("content/briefings/pact/secret.png"),
    )
    .unwrap();
    let report = site.build();
    let codes: Vec<&str> = report.findings.items.iter().map(|f| f.code).collect();
    assert!(codes.contains(&"outside-site"), "{codes:?}");
    assert!(codes.contains(&"broken-link"), "{codes:?}");
    assert!(!site.out().join("briefings/pact/pact/secret.png").exists());
}
