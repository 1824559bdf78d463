//! Property tests of the dev server's request parsing: whatever a client sends, the parser
//! answers (a head or a 4xx refusal) without panicking, a well-formed request is read back
//! as sent however its bytes arrive, and no decoded path climbs out of the site.

use proptest::prelude::*;
use quire::serve::http::{check_partial_head, find_head_end, parse_head};
use quire::serve::path::decode_target;

fn token() -> impl Strategy<Value = String> {
    "[A-Za-z0-9!#$%&'*+.^_`|~-]{1,12}"
}

/// A visible-ASCII request target, mostly path-like (dots, slashes, percent escapes).
fn target() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("/".to_string()),
        Just("..".to_string()),
        Just(".".to_string()),
        Just("%2e".to_string()),
        Just("%2F".to_string()),
        Just("%25".to_string()),
        Just("%".to_string()),
        Just("\\".to_string()),
        Just("?q=1".to_string()),
        Just("http://h".to_string()),
        "[!-~]{1,8}",
    ];
    proptest::collection::vec(piece, 1..8).prop_map(|v| format!("/{}", v.concat()))
}

fn header() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![
            Just("Host".to_string()),
            Just("Content-Length".to_string()),
            Just("Transfer-Encoding".to_string()),
            Just("Connection".to_string()),
            token(),
        ],
        "[ -~]{0,20}",
    )
}

fn request() -> impl Strategy<Value = (String, String, Vec<(String, String)>)> {
    (
        prop_oneof![Just("GET".to_string()), Just("HEAD".to_string()), token()],
        target(),
        proptest::collection::vec(header(), 0..6),
    )
}

fn raw((method, target, headers): &(String, String, Vec<(String, String)>)) -> Vec<u8> {
    let mut s = format!("{method} {target} HTTP/1.1\r\n");
    for (n, v) in headers {
        s.push_str(&format!("{n}: {v}\r\n"));
    }
    s.push_str("\r\n");
    s.into_bytes()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn any_bytes_get_a_head_or_a_4xx_refusal(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
        if let Err(r) = check_partial_head(&bytes) {
            prop_assert!((400..500).contains(&r.status), "{r:?}");
        }
        if let Some(end) = find_head_end(&bytes) {
            prop_assert!(end <= bytes.len());
            if let Err(r) = parse_head(&bytes[..end]) {
                prop_assert!((400..500).contains(&r.status), "{r:?}");
            }
        }
    }

    #[test]
    fn a_request_is_read_back_as_sent_however_its_bytes_arrive(req in request(), cut in any::<prop::sample::Index>()) {
        let bytes = raw(&req);
        let end = find_head_end(&bytes);
        prop_assert_eq!(end, Some(bytes.len()));
        match parse_head(&bytes) {
            Ok(head) => {
                prop_assert_eq!(&head.method, &req.0);
                prop_assert_eq!(&head.target, &req.1);
                prop_assert_eq!(head.headers.len(), req.2.len());
                for ((n, v), (hn, hv)) in req.2.iter().zip(&head.headers) {
                    prop_assert_eq!(n, hn);
                    prop_assert_eq!(v.trim_matches([' ', '\t']), hv.as_str());
                }
                // A prefix of an acceptable head (a slow client) is never refused early.
                let prefix = &bytes[..cut.index(bytes.len())];
                prop_assert!(check_partial_head(prefix).is_ok(), "prefix {:?} refused", String::from_utf8_lossy(prefix));
                prop_assert!(find_head_end(prefix).is_none());
            }
            Err(r) => prop_assert!((400..500).contains(&r.status), "{r:?}"),
        }
    }

    #[test]
    fn no_decoded_path_leaves_the_site(raw in prop_oneof![target(), "[ -~]{0,40}"]) {
        if let Ok(p) = decode_target(&raw) {
            prop_assert!(p.path.starts_with('/'), "{:?}", p.path);
            for segment in p.path.split('/') {
                prop_assert!(segment != ".." && segment != ".", "{raw} → {:?}", p.path);
                prop_assert!(!segment.contains('\\'), "{raw} → {:?}", p.path);
            }
            prop_assert!(!p.path.contains('\0'));
        }
    }
}
