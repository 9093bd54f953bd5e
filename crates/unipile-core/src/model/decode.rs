//! Typed decoding straight from bytes, with the JSON path of the first bad field.

use serde::de::DeserializeOwned;
use std::fmt;

/// How many bytes of a body an error keeps for people to read.
pub const EXCERPT_LIMIT: usize = 200;

/// JSON that did not match the expected shape.
///
/// `Display` names the path of the bad field (`items[3].timestamp`) and the reason, so a
/// user can tell at once which field of which item Unipile sent differently.
#[derive(Clone, PartialEq, Eq)]
pub struct DecodeError {
    path: String,
    message: String,
    excerpt: String,
}

impl DecodeError {
    /// The JSON path of the field that failed (`.` for the document itself).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// Why it failed.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The start of the body (at most [`EXCERPT_LIMIT`] bytes, lossily decoded).
    pub fn excerpt(&self) -> &str {
        &self.excerpt
    }
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid JSON at `{}`: {}", self.path, self.message)
    }
}

impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("path", &self.path)
            .field("message", &self.message)
            .field("excerpt", &self.excerpt)
            .finish()
    }
}

impl std::error::Error for DecodeError {}

/// Decodes `bytes` into `T`, naming the JSON path of the first field that does not fit.
///
/// ```
/// use unipile_core::model::decode::decode;
/// #[derive(serde::Deserialize, Debug)]
/// struct Page { items: Vec<Item> }
/// #[derive(serde::Deserialize, Debug)]
/// struct Item { n: u8 }
/// let err = decode::<Page>(br#"{"items":[{"n":1},{"n":"x"}]}"#).unwrap_err();
/// assert_eq!(err.path(), "items[1].n");
/// ```
pub fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, DecodeError> {
    // The fast path: plain typed serde. Tracking the path of every field costs more than
    // the decoding itself, so it is paid only when the body does not fit, to name the bad
    // field. Both passes see the same bytes, so they fail at the same place.
    //
    // The body is checked as UTF-8 once, as a whole, and then read as text: reading bytes,
    // serde_json would check each string on its own, one call per string, which costs more
    // than one pass over the whole body. A body that is not UTF-8 is read as bytes, so the
    // error names the string that is not.
    let plain = match std::str::from_utf8(bytes) {
        Ok(text) => serde_json::from_str(text),
        Err(_) => serde_json::from_slice(bytes),
    };
    match plain {
        Ok(value) => Ok(value),
        Err(plain) => Err(locate_error::<T>(bytes).unwrap_or_else(|| DecodeError {
            path: ".".to_owned(),
            message: plain.to_string(),
            excerpt: excerpt(bytes),
        })),
    }
}

/// Decodes `bytes` again, tracking the path, to describe why they do not fit `T`.
fn locate_error<T: DeserializeOwned>(bytes: &[u8]) -> Option<DecodeError> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    match serde_path_to_error::deserialize::<_, T>(&mut de) {
        Err(e) => {
            let path = e.path().to_string();
            Some(DecodeError {
                path,
                message: e.into_inner().to_string(),
                excerpt: excerpt(bytes),
            })
        }
        // Only trailing characters after a valid document remain.
        Ok(_) => de.end().err().map(|e| DecodeError {
            path: ".".to_owned(),
            message: e.to_string(),
            excerpt: excerpt(bytes),
        }),
    }
}

/// The first [`EXCERPT_LIMIT`] bytes of a body as text, cut before a character that the
/// limit would split; bytes that are not UTF-8 show as `U+FFFD`.
pub fn excerpt(bytes: &[u8]) -> String {
    let mut end = bytes.len().min(EXCERPT_LIMIT);
    // The first byte left out continues a character (`0b10xx_xxxx`): step back to that
    // character's first byte, at most three bytes as UTF-8 characters are at most four.
    let is_continuation = |b: u8| b & 0xC0 == 0x80;
    let mut steps = 0;
    while end < bytes.len() && end > 0 && steps < 3 && is_continuation(bytes[end]) {
        end -= 1;
        steps += 1;
    }
    let head = &bytes[..end];
    let mut out = String::from_utf8_lossy(head).into_owned();
    if bytes.len() > EXCERPT_LIMIT {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    struct Page {
        #[allow(dead_code)]
        items: Vec<Item>,
    }
    #[derive(serde::Deserialize, Debug)]
    struct Item {
        #[allow(dead_code)]
        text: String,
    }

    #[test]
    fn text_and_bytes_that_are_not_utf8_decode_alike() {
        let page: Page = decode("{\"items\":[{\"text\":\"é\"}]}".as_bytes()).expect("UTF-8");
        assert_eq!(page.items[0].text, "é");

        // A string that is not UTF-8 is named by its path.
        let err = decode::<Page>(b"{\"items\":[{\"text\":\"ok\"},{\"text\":\"\xff\"}]}")
            .expect_err("not UTF-8");
        assert_eq!(err.path(), "items[1].text");
        assert!(err.message().contains("invalid unicode"), "{err}");

        // A bad field in a body that is UTF-8 is named the same way.
        let err = decode::<Page>(br#"{"items":[{"text":"ok"},{"text":7}]}"#).expect_err("a number");
        assert_eq!(err.path(), "items[1].text");
    }

    #[test]
    fn excerpt_cuts_before_a_character_split_by_the_limit() {
        // `é` takes bytes 199 and 200: the limit falls inside it.
        let body = format!("{}é and more", "a".repeat(EXCERPT_LIMIT - 1));
        let cut = excerpt(body.as_bytes());
        assert_eq!(cut, format!("{}…", "a".repeat(EXCERPT_LIMIT - 1)));
        assert!(!cut.contains('\u{FFFD}'), "{cut}");

        // A four-byte emoji on bytes 198 to 201.
        let body = format!("{}😄 and more", "a".repeat(EXCERPT_LIMIT - 2));
        assert_eq!(
            excerpt(body.as_bytes()),
            format!("{}…", "a".repeat(EXCERPT_LIMIT - 2))
        );

        assert_eq!(excerpt("short é".as_bytes()), "short é");
        let exact = "é".repeat(EXCERPT_LIMIT / 2);
        assert_eq!(excerpt(exact.as_bytes()), exact);
        // Bytes that are not UTF-8 at all are still shown, lossily.
        assert_eq!(excerpt(b"\xff{}"), "\u{FFFD}{}");
    }
}
