//! The report's stylesheet and script (kept in `report.css` and
//! `report.js` so they read as what they are), the rules generated from the
//! category list, and the content security policy.

use sha2::{Digest, Sha256};

use super::escape;
use super::labels::{self, SEVERITIES, category_class, severity_class};
use crate::diagnostic::Category;

const STYLE: &str = include_str!("report.css");
const SCRIPT: &str = include_str!("report.js");

/// Nothing may load and only the report's own script may run (by its
/// hash): text that slipped past escaping could still neither run nor
/// fetch anything.
pub fn policy() -> String {
    format!(
        "default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-{}'; \
         base-uri 'none'; form-action 'none'",
        base64(&Sha256::digest(SCRIPT.as_bytes()))
    )
}

/// Everything up to the opening `<body>`.
pub fn head(title: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"ja\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"{}\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"claimlint {}\">\n<title>{}</title>\n\
         <style>\n{STYLE}{}</style>\n</head>\n<body>\n",
        policy(),
        env!("CARGO_PKG_VERSION"),
        escape(title),
        generated_css()
    )
}

/// The script and the end of the document.
pub fn foot() -> String {
    format!("<script>{SCRIPT}</script>\n</body>\n</html>\n")
}

/// Rules that follow the category and severity lists: each category's
/// colour, and what each filter hides (its findings, checklist items and
/// markers; its highlights lose their colour).
fn generated_css() -> String {
    let mut css = String::new();
    for category in Category::ALL {
        css.push_str(&format!(
            ".{}{{--c:{}}}\n",
            category_class(category),
            labels::colour(category)
        ));
    }
    let keys = SEVERITIES.map(severity_class).into_iter().chain(Category::ALL.map(category_class));
    for key in keys {
        css.push_str(&format!(
            ".hide-{key} .finding.{key},.hide-{key} .item.{key},.hide-{key} .mk.{key}{{display:none}}\n\
             .hide-{key} mark.{key}{{background:none;box-shadow:none}}\n"
        ));
    }
    css
}

/// Standard base64 with padding (RFC 4648), for the script's hash.
fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let [a, b, c] = [0, 1, 2].map(|i| chunk.get(i).copied().map_or(0, u32::from));
        let group = (a << 16) | (b << 8) | c;
        for (index, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if index <= chunk.len() {
                let sextet = (group >> shift) & 0x3f;
                out.push(ALPHABET.get(sextet as usize).map_or('A', |&b| char::from(b)));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_follows_rfc_4648() {
        let cases =
            [("", ""), ("f", "Zg=="), ("fo", "Zm8="), ("foo", "Zm9v"), ("foobar", "Zm9vYmFy")];
        for (plain, encoded) in cases {
            assert_eq!(base64(plain.as_bytes()), encoded);
        }
    }

    #[test]
    fn the_policy_allows_only_the_script_by_hash() {
        // SHA-256 of "abc" from FIPS 180-2, to check the hash is the standard one.
        assert_eq!(base64(&Sha256::digest(b"abc")), "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0=");
        let policy = policy();
        assert!(
            policy
                .starts_with("default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-")
        );
        assert!(!policy.contains("unsafe-inline'; script-src 'unsafe"));
        assert!(foot().contains(&format!("<script>{SCRIPT}</script>")));
    }
}
