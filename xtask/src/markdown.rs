//! Small helpers to write Markdown.

/// A Markdown table. Cells are escaped (`|`, line breaks) so a table stays one table.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    push_row(&mut out, headers.iter().copied());
    out.push('|');
    for _ in headers {
        out.push_str("---|");
    }
    out.push('\n');
    for row in rows {
        assert_eq!(
            row.len(),
            headers.len(),
            "a row has as many cells as headers"
        );
        push_row(&mut out, row.iter().map(String::as_str));
    }
    out
}

fn push_row<'a>(out: &mut String, cells: impl Iterator<Item = &'a str>) {
    out.push('|');
    for cell in cells {
        out.push(' ');
        out.push_str(&cell.replace('|', "\\|").replace('\n', " "));
        out.push_str(" |");
    }
    out.push('\n');
}

/// `text` as inline code.
pub fn code(text: &str) -> String {
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

/// `yes` or `no`.
pub fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_escapes_cells() {
        let rows = vec![vec!["a|b".to_string(), "line\nbreak".to_string()]];
        assert_eq!(
            table(&["One", "Two"], &rows),
            "| One | Two |\n|---|---|\n| a\\|b | line break |\n"
        );
    }

    #[test]
    fn inline_code() {
        assert_eq!(code("x"), "`x`");
        assert_eq!(code("a`b"), "`` a`b ``");
    }
}
