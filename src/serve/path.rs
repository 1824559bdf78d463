//! The path guard: turns a raw request target into a decoded site path, or refuses it.
//!
//! The result is only ever used as a key of the in-memory output (never joined to a
//! filesystem path), so this guard is a second wall, not the only one. It is strict on
//! purpose: a dev server is talked to by browsers, which never send any of what it refuses.
//!
//! Refused (400): targets that are not origin-form (`/…`) or `http(s)://host/…`; malformed
//! `%` escapes; an encoded `/` or `\` (`%2f`, `%5c`); a decoded NUL or other control
//! character; a backslash; bytes that are not UTF-8 after decoding (overlong forms such as
//! `%c0%ae` included); `.` and `..` segments, raw or encoded; a `%` left after decoding
//! (double encoding such as `%252e`); a `#` (fragments are never sent).

use std::fmt;

/// A request target that passed the guard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestPath {
    /// The decoded path, starting with `/` (e.g. `/guide/a b.html`).
    pub path: String,
    /// The raw query string without `?` (empty when there is none).
    pub query: String,
}

/// Why a request target was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PathError {
    /// Neither `/path` nor `http(s)://authority/path`.
    NotOriginForm,
    /// `%` not followed by two hex digits.
    BadEscape,
    /// `%2f` or `%5c`: a separator hidden inside a segment.
    EncodedSeparator,
    /// The decoded bytes are not UTF-8 (overlong forms included).
    NotUtf8,
    /// NUL or another control character.
    Control,
    /// A backslash.
    Backslash,
    /// A `.` or `..` segment.
    DotSegment,
    /// A `%` that survives decoding: the target was encoded twice.
    DoubleEncoded,
    /// A `#` or a byte outside visible ASCII in the raw target.
    BadCharacter,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = match self {
            PathError::NotOriginForm => "the request target must start with /",
            PathError::BadEscape => "malformed percent-escape",
            PathError::EncodedSeparator => "encoded / or \\ in the path",
            PathError::NotUtf8 => "the decoded path is not UTF-8",
            PathError::Control => "control character in the path",
            PathError::Backslash => "backslash in the path",
            PathError::DotSegment => "'.' or '..' segment in the path",
            PathError::DoubleEncoded => "percent-encoding left after decoding (double encoding)",
            PathError::BadCharacter => "character not allowed in a request target",
        };
        f.write_str(text)
    }
}

/// Decodes and checks a raw request target (the second word of the request line).
pub fn decode_target(raw: &str) -> Result<RequestPath, PathError> {
    if raw
        .bytes()
        .any(|b| !(0x21..=0x7e).contains(&b) || b == b'#')
    {
        return Err(PathError::BadCharacter);
    }
    let origin = strip_absolute_form(raw)?;
    let (path, query) = origin.split_once('?').unwrap_or((origin, ""));
    if !path.starts_with('/') {
        return Err(PathError::NotOriginForm);
    }
    let decoded = percent_decode(path)?;
    check_decoded(&decoded)?;
    Ok(RequestPath {
        path: decoded,
        query: query.to_string(),
    })
}

/// `http://host:port/p?q` → `/p?q`; an origin-form target is returned as it is.
fn strip_absolute_form(raw: &str) -> Result<&str, PathError> {
    if raw.starts_with('/') {
        return Ok(raw);
    }
    let lower = raw.get(..8).unwrap_or(raw).to_ascii_lowercase();
    let rest = if lower.starts_with("http://") {
        &raw[7..]
    } else if lower.starts_with("https://") {
        &raw[8..]
    } else {
        return Err(PathError::NotOriginForm);
    };
    match rest.find(['/', '?']) {
        Some(i) if rest.as_bytes()[i] == b'/' => Ok(&rest[i..]),
        Some(_) => Err(PathError::NotOriginForm),
        None => Ok("/"),
    }
}

fn percent_decode(path: &str) -> Result<String, PathError> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            out.push(bytes[i]);
            i += 1;
            continue;
        }
        let hex = bytes.get(i + 1..i + 3).ok_or(PathError::BadEscape)?;
        let value = hex_value(hex[0])
            .zip(hex_value(hex[1]))
            .ok_or(PathError::BadEscape)?;
        let byte = value.0 * 16 + value.1;
        match byte {
            b'/' | b'\\' => return Err(PathError::EncodedSeparator),
            0 => return Err(PathError::Control),
            _ => out.push(byte),
        }
        i += 3;
    }
    String::from_utf8(out).map_err(|_| PathError::NotUtf8)
}

fn hex_value(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

fn check_decoded(path: &str) -> Result<(), PathError> {
    if path.chars().any(char::is_control) {
        return Err(PathError::Control);
    }
    if path.contains('\\') {
        return Err(PathError::Backslash);
    }
    if path.contains('%') {
        return Err(PathError::DoubleEncoded);
    }
    if path.split('/').any(|s| s == "." || s == "..") {
        return Err(PathError::DotSegment);
    }
    Ok(())
}

/// Percent-encodes a site path for a `Location` header (keeps `/` and unreserved bytes).
pub fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~!$&'()*+,;=:@".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> String {
        decode_target(raw)
            .map(|p| p.path)
            .unwrap_or_else(|e| panic!("{raw}: {e}"))
    }

    #[test]
    fn plain_and_encoded_paths_decode() {
        assert_eq!(ok("/"), "/");
        assert_eq!(ok("/a/b.html"), "/a/b.html");
        assert_eq!(ok("/a%20b.html"), "/a b.html");
        assert_eq!(ok("/caf%C3%A9.html"), "/café.html");
        assert_eq!(ok("/dir/"), "/dir/");
        let p = decode_target("/search.html?q=a%20b&x=1").unwrap();
        assert_eq!(
            (p.path.as_str(), p.query.as_str()),
            ("/search.html", "q=a%20b&x=1")
        );
    }

    #[test]
    fn absolute_form_keeps_only_the_path() {
        assert_eq!(ok("http://127.0.0.1:3000/a.html"), "/a.html");
        assert_eq!(ok("HTTPS://example.test"), "/");
        assert_eq!(decode_target("ftp://x/a"), Err(PathError::NotOriginForm));
        assert_eq!(
            decode_target("http://x/../etc/passwd"),
            Err(PathError::DotSegment)
        );
        assert_eq!(decode_target("*"), Err(PathError::NotOriginForm));
        assert_eq!(decode_target("a.html"), Err(PathError::NotOriginForm));
    }

    #[test]
    fn traversal_in_every_spelling_is_refused() {
        let cases = [
            ("/../Cargo.toml", PathError::DotSegment),
            ("/a/./b", PathError::DotSegment),
            ("/a/..", PathError::DotSegment),
            ("/%2e%2e/Cargo.toml", PathError::DotSegment),
            ("/%2E%2E/Cargo.toml", PathError::DotSegment),
            ("/.%2e/x", PathError::DotSegment),
            ("/..%2fCargo.toml", PathError::EncodedSeparator),
            ("/a%2F..%2F..%2Fetc", PathError::EncodedSeparator),
            ("/..%5cCargo.toml", PathError::EncodedSeparator),
            ("/..\\Cargo.toml", PathError::Backslash),
            ("/a%00.html", PathError::Control),
            ("/a%0a.html", PathError::Control),
            ("/%c0%ae%c0%ae/Cargo.toml", PathError::NotUtf8),
            ("/%e0%80%ae", PathError::NotUtf8),
            ("/%ff", PathError::NotUtf8),
            ("/%252e%252e/Cargo.toml", PathError::DoubleEncoded),
            ("/%25", PathError::DoubleEncoded),
            ("/%2", PathError::BadEscape),
            ("/%zz", PathError::BadEscape),
            ("/a#b", PathError::BadCharacter),
            ("/a b", PathError::BadCharacter),
            ("/\u{e9}", PathError::BadCharacter),
        ];
        for (raw, want) in cases {
            assert_eq!(decode_target(raw), Err(want), "{raw}");
        }
    }

    #[test]
    fn location_paths_are_encoded() {
        assert_eq!(encode_path("/guide/a b/"), "/guide/a%20b/");
        assert_eq!(encode_path("/café/"), "/caf%C3%A9/");
    }
}
