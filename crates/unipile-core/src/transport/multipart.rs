use bytes::{BufMut, Bytes, BytesMut};
use std::fmt;

/// One part of a `multipart/form-data` form: a text field or a file.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// The form field name (`text`, `attachments`, `linkedin[api]`…).
    pub name: String,
    /// The file name, for file parts.
    pub filename: Option<String>,
    /// The part's content type, for file parts.
    pub content_type: Option<String>,
    /// The content.
    pub data: Bytes,
}

impl Part {
    /// A text field.
    pub fn text(name: impl Into<String>, value: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            filename: None,
            content_type: None,
            data: Bytes::from(value.into()),
        }
    }

    /// A file field.
    pub fn file(
        name: impl Into<String>,
        filename: impl Into<String>,
        content_type: impl Into<String>,
        data: impl Into<Bytes>,
    ) -> Self {
        Self {
            name: name.into(),
            filename: Some(filename.into()),
            content_type: Some(content_type.into()),
            data: data.into(),
        }
    }

    /// Whether this part is a file (it has a file name).
    pub fn is_file(&self) -> bool {
        self.filename.is_some()
    }

    /// The content as text, if it is UTF-8.
    pub fn as_text(&self) -> Option<&str> {
        std::str::from_utf8(&self.data).ok()
    }
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Content may be message text or a file: show its size only.
        let mut d = f.debug_struct("Part");
        d.field("name", &self.name);
        if let Some(name) = &self.filename {
            d.field("filename", name);
        }
        if let Some(ct) = &self.content_type {
            d.field("content_type", ct);
        }
        d.field("data", &format_args!("{} bytes", self.data.len()))
            .finish()
    }
}

/// A `multipart/form-data` form: ordered parts, keys may repeat (`attendees_ids`,
/// `attachments`). Encoding and decoding are byte-exact and live here, so every transport
/// and the fake agree on the wire format.
#[derive(Clone, PartialEq, Eq, Default, Debug)]
pub struct Multipart {
    parts: Vec<Part>,
}

/// A multipart body that could not be decoded.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("malformed multipart body: {0}")]
pub struct MultipartError(String);

impl Multipart {
    /// An empty form.
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends a part.
    pub fn push(&mut self, part: Part) {
        self.parts.push(part);
    }

    /// Appends a text field.
    pub fn push_text(&mut self, name: impl Into<String>, value: impl Into<String>) {
        self.parts.push(Part::text(name, value));
    }

    /// The parts, in order.
    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// The first text value of `name`.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.parts
            .iter()
            .find(|p| p.name == name && !p.is_file())
            .and_then(Part::as_text)
    }

    /// Every text value of `name`, in order.
    pub fn texts(&self, name: &str) -> Vec<&str> {
        self.parts
            .iter()
            .filter(|p| p.name == name && !p.is_file())
            .filter_map(Part::as_text)
            .collect()
    }

    /// Every file part named `name`, in order.
    pub fn files(&self, name: &str) -> Vec<&Part> {
        self.parts
            .iter()
            .filter(|p| p.name == name && p.is_file())
            .collect()
    }

    /// A boundary that occurs in no part. Deterministic for a given form.
    pub fn boundary(&self) -> String {
        let mut n: u64 = 0x0075_6e69_7069_6c65;
        loop {
            let candidate = format!("unipile-boundary-{n:016x}");
            let marker = candidate.as_bytes();
            let clash = self.parts.iter().any(|p| {
                contains(&p.data, marker)
                    || p.name.contains(&candidate)
                    || p.filename
                        .as_deref()
                        .is_some_and(|f| f.contains(&candidate))
            });
            if !clash {
                return candidate;
            }
            n = n.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        }
    }

    /// Encodes the form with `boundary`, which must not occur in any part (see
    /// [`Multipart::boundary`]).
    pub fn encode(&self, boundary: &str) -> Bytes {
        let size: usize = self
            .parts
            .iter()
            .map(|p| p.data.len() + p.name.len() + 160)
            .sum();
        let mut out = BytesMut::with_capacity(size + boundary.len() + 8);
        for part in &self.parts {
            out.put_slice(b"--");
            out.put_slice(boundary.as_bytes());
            out.put_slice(b"\r\nContent-Disposition: form-data; name=\"");
            out.put_slice(escape_quoted(&part.name).as_bytes());
            out.put_slice(b"\"");
            if let Some(filename) = &part.filename {
                out.put_slice(b"; filename=\"");
                out.put_slice(escape_quoted(filename).as_bytes());
                out.put_slice(b"\"");
            }
            out.put_slice(b"\r\n");
            if let Some(ct) = &part.content_type {
                out.put_slice(b"Content-Type: ");
                out.put_slice(ct.replace(['\r', '\n'], " ").as_bytes());
                out.put_slice(b"\r\n");
            }
            out.put_slice(b"\r\n");
            out.put_slice(&part.data);
            out.put_slice(b"\r\n");
        }
        out.put_slice(b"--");
        out.put_slice(boundary.as_bytes());
        out.put_slice(b"--\r\n");
        out.freeze()
    }

    /// Extracts the boundary from a `Content-Type: multipart/form-data; boundary=…` value.
    pub fn boundary_from_content_type(content_type: &str) -> Option<String> {
        let mut pieces = content_type.split(';');
        let mime = pieces.next()?.trim();
        if !mime.eq_ignore_ascii_case("multipart/form-data") {
            return None;
        }
        pieces.find_map(|p| {
            let (k, v) = p.trim().split_once('=')?;
            k.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| v.trim().trim_matches('"').to_owned())
                .filter(|b| !b.is_empty())
        })
    }

    /// Decodes a body encoded with `boundary`. Any input gives a form or an error, never a
    /// panic.
    pub fn decode(boundary: &str, body: &[u8]) -> Result<Multipart, MultipartError> {
        if boundary.is_empty() {
            return Err(MultipartError("empty boundary".into()));
        }
        let delimiter = format!("--{boundary}");
        let delimiter = delimiter.as_bytes();
        let next_delimiter = format!("\r\n--{boundary}");
        let next_delimiter = next_delimiter.as_bytes();

        let mut pos = find(body, delimiter)
            .ok_or_else(|| MultipartError("no opening boundary".into()))?
            + delimiter.len();
        let mut form = Multipart::new();
        loop {
            let rest = &body[pos..];
            if rest.starts_with(b"--") {
                return Ok(form);
            }
            let rest = rest
                .strip_prefix(b"\r\n")
                .ok_or_else(|| MultipartError("boundary not followed by CRLF".into()))?;
            let header_end = find(rest, b"\r\n\r\n")
                .ok_or_else(|| MultipartError("part headers do not end".into()))?;
            let headers = std::str::from_utf8(&rest[..header_end])
                .map_err(|_| MultipartError("part headers are not UTF-8".into()))?;
            let content_start = header_end + 4;
            let content_len = find(&rest[content_start..], next_delimiter)
                .ok_or_else(|| MultipartError("part is not closed by a boundary".into()))?;
            let data = Bytes::copy_from_slice(&rest[content_start..content_start + content_len]);
            form.push(parse_part_headers(headers, data)?);
            pos = body.len() - rest.len() + content_start + content_len + next_delimiter.len();
        }
    }
}

fn parse_part_headers(headers: &str, data: Bytes) -> Result<Part, MultipartError> {
    let mut name = None;
    let mut filename = None;
    let mut content_type = None;
    for line in headers.split("\r\n") {
        let Some((key, value)) = line.split_once(':') else {
            return Err(MultipartError(format!("bad part header line {line:?}")));
        };
        let key = key.trim();
        if key.eq_ignore_ascii_case("content-disposition") {
            name = quoted_param(value, "name");
            filename = quoted_param(value, "filename");
        } else if key.eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_owned());
        }
    }
    let name = name.ok_or_else(|| MultipartError("part without a name".into()))?;
    Ok(Part {
        name,
        filename,
        content_type,
        data,
    })
}

/// Reads `key="value"` from a Content-Disposition value.
fn quoted_param(disposition: &str, key: &str) -> Option<String> {
    let mut rest = disposition;
    while let Some(i) = rest.find(';') {
        rest = rest[i + 1..].trim_start();
        let Some(after) = rest.strip_prefix(key) else {
            continue;
        };
        let Some(after) = after.trim_start().strip_prefix('=') else {
            continue;
        };
        let after = after.trim_start();
        if let Some(quoted) = after.strip_prefix('"') {
            let end = quoted.find('"')?;
            return Some(unescape_quoted(&quoted[..end]));
        }
        let end = after.find(';').unwrap_or(after.len());
        return Some(after[..end].trim().to_owned());
    }
    None
}

/// Escapes a quoted header parameter as browsers do (WHATWG): `"` `\r` `\n` as `%22`
/// `%0D` `%0A`.
fn escape_quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn unescape_quoted(text: &str) -> String {
    text.replace("%22", "\"")
        .replace("%0D", "\r")
        .replace("%0A", "\n")
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() || needle.len() > haystack.len() {
        return None;
    }
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    find(haystack, needle).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Multipart {
        let mut form = Multipart::new();
        form.push_text("account_id", "acc");
        form.push_text("attendees_ids", "a@s.whatsapp.net");
        form.push_text("attendees_ids", "b@s.whatsapp.net");
        form.push_text("linkedin[api]", "classic");
        form.push_text("text", "Hé 👋 \"quoted\"\r\nline");
        form.push(Part::file(
            "attachments",
            "cute \"dog\".png",
            "image/png",
            vec![0u8, 159, 146, 150, 13, 10, 45, 45],
        ));
        form
    }

    #[test]
    fn encodes_byte_exact() {
        let mut form = Multipart::new();
        form.push_text("text", "hi");
        form.push(Part::file("attachments", "a.txt", "text/plain", "x"));
        let got = form.encode("B");
        let want = "--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\nhi\r\n\
                    --B\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"a.txt\"\r\n\
                    Content-Type: text/plain\r\n\r\nx\r\n--B--\r\n";
        assert_eq!(got, want.as_bytes());
    }

    #[test]
    fn round_trips_repeated_keys_brackets_binary_and_unicode() {
        let form = sample();
        let boundary = form.boundary();
        let body = form.encode(&boundary);
        let back = Multipart::decode(&boundary, &body).expect("decode");
        assert_eq!(back, form);
        assert_eq!(back.texts("attendees_ids").len(), 2);
        assert_eq!(back.text("linkedin[api]"), Some("classic"));
        assert_eq!(
            back.files("attachments")[0].filename.as_deref(),
            Some("cute \"dog\".png")
        );
    }

    #[test]
    fn boundary_avoids_content() {
        let mut form = Multipart::new();
        let first = Multipart::new().boundary();
        form.push(Part::file(
            "attachments",
            "f",
            "text/plain",
            format!("x{first}y"),
        ));
        assert_ne!(form.boundary(), first);
    }

    #[test]
    fn content_type_boundary() {
        assert_eq!(
            Multipart::boundary_from_content_type("multipart/form-data; boundary=\"abc\"")
                .as_deref(),
            Some("abc")
        );
        assert_eq!(
            Multipart::boundary_from_content_type("application/json"),
            None
        );
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        for body in [
            &b""[..],
            b"--B",
            b"--B\r\n",
            b"--B\r\nX\r\n\r\nabc",
            b"--B\r\nname\r\n\r\n\r\n--B--",
        ] {
            assert!(Multipart::decode("B", body).is_err(), "{body:?}");
        }
    }
}
