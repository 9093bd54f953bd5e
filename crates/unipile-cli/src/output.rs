//! What goes to stdout: aligned tables for people, one JSON object per line for programs.
//!
//! Notes and progress go to stderr, so stdout stays clean for pipes.

use crate::failure::Failure;
use chrono::{DateTime, Utc};
use serde::Serialize;
use std::io::{self, Write};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};
use unipile_core::Message;

/// Writes results to stdout as tables or JSON lines.
#[derive(Debug)]
pub struct Printer {
    json: bool,
}

impl Printer {
    /// A printer for `--json` (`true`) or tables.
    pub fn new(json: bool) -> Self {
        Self { json }
    }

    /// Whether results are printed as JSON lines.
    pub fn is_json(&self) -> bool {
        self.json
    }

    /// Prints one JSON object on its own line.
    pub fn json_line<T: Serialize + ?Sized>(&self, value: &T) -> Result<(), Failure> {
        let line = serde_json::to_string(value)
            .map_err(|e| Failure::local("cannot serialize the result as JSON", e))?;
        self.line(&line)
    }

    /// Prints one line of text.
    pub fn line(&self, text: &str) -> Result<(), Failure> {
        let mut out = io::stdout().lock();
        writeln!(out, "{text}")
            .and_then(|()| out.flush())
            .map_err(stdout_failure)
    }
}

/// A write to stdout failed. A closed pipe (`unipile messages list --all | head`) is the
/// reader saying it has enough: the process ends quietly.
fn stdout_failure(error: io::Error) -> Failure {
    if error.kind() == io::ErrorKind::BrokenPipe {
        std::process::exit(0);
    }
    Failure::local("cannot write to stdout", error)
}

/// One column of a [`Table`]: its title and the widest a cell may be (wider ones are cut
/// with `…`).
#[derive(Clone, Copy, Debug)]
pub struct Column {
    title: &'static str,
    max_width: usize,
}

impl Column {
    /// A column titled `title`, cells at most `max_width` wide.
    pub const fn new(title: &'static str, max_width: usize) -> Self {
        Self { title, max_width }
    }
}

/// A table printed in batches (a page at a time): column widths fit the widest cell so
/// far and never shrink, so a long listing stays aligned while it streams.
#[derive(Debug)]
pub struct Table {
    columns: Vec<Column>,
    widths: Vec<usize>,
    rows: Vec<Vec<String>>,
    header_printed: bool,
    printed: usize,
}

impl Table {
    /// A table with these columns.
    pub fn new(columns: &[Column]) -> Self {
        Self {
            columns: columns.to_vec(),
            widths: columns.iter().map(|c| c.title.width()).collect(),
            rows: Vec::new(),
            header_printed: false,
            printed: 0,
        }
    }

    /// Adds a row (one cell per column); printed at the next [`Table::flush`].
    pub fn row(&mut self, cells: Vec<String>) {
        let cells: Vec<String> = cells
            .into_iter()
            .zip(&self.columns)
            .map(|(cell, column)| truncate(&one_line(&cell), column.max_width))
            .collect();
        for (width, cell) in self.widths.iter_mut().zip(&cells) {
            *width = (*width).max(cell.width());
        }
        self.rows.push(cells);
    }

    /// How many rows were added so far.
    pub fn len(&self) -> usize {
        self.printed + self.rows.len()
    }

    /// Prints the rows added since the last flush (and the header before the first).
    pub fn flush(&mut self, printer: &Printer) -> Result<(), Failure> {
        if self.rows.is_empty() {
            return Ok(());
        }
        if !self.header_printed {
            let titles: Vec<String> = self.columns.iter().map(|c| c.title.to_owned()).collect();
            printer.line(&self.render(&titles))?;
            self.header_printed = true;
        }
        for row in std::mem::take(&mut self.rows) {
            printer.line(&self.render(&row))?;
            self.printed += 1;
        }
        Ok(())
    }

    fn render(&self, cells: &[String]) -> String {
        let mut line = String::new();
        let last = cells.len().saturating_sub(1);
        for (i, (cell, width)) in cells.iter().zip(&self.widths).enumerate() {
            line.push_str(cell);
            if i < last {
                line.extend(std::iter::repeat_n(' ', width - cell.width() + 2));
            }
        }
        line.trim_end().to_owned()
    }
}

/// Replaces line breaks and tabs so that a cell stays on one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Cuts `text` to at most `max` columns on screen, ending with `…` when cut.
pub fn truncate(text: &str, max: usize) -> String {
    if text.width() <= max {
        return text.to_owned();
    }
    let mut out = String::new();
    let mut width = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if width + w + 1 > max {
            break;
        }
        out.push(c);
        width += w;
    }
    out.push('…');
    out
}

/// A timestamp for a table: `2025-06-02 09:30:00` (UTC).
pub fn time(at: &DateTime<Utc>) -> String {
    at.format("%Y-%m-%d %H:%M:%S").to_string()
}

/// An optional timestamp for a table (`-` when absent).
pub fn opt_time(at: Option<&DateTime<Utc>>) -> String {
    at.map_or_else(|| "-".to_owned(), time)
}

/// The columns of a message listing.
pub const MESSAGE_COLUMNS: &[Column] = &[
    Column::new("TIME (UTC)", 19),
    Column::new("ID", 40),
    Column::new("CHAT", 40),
    Column::new("FROM", 24),
    Column::new("FLAGS", 28),
    Column::new("TEXT", 60),
];

/// A message as a row of [`MESSAGE_COLUMNS`].
pub fn message_row(message: &Message) -> Vec<String> {
    let from = if message.is_from_me() {
        "me".to_owned()
    } else {
        message.sender_id.as_str().to_owned()
    };
    vec![
        time(&message.timestamp),
        message.id.as_str().to_owned(),
        message.chat_id.as_str().to_owned(),
        from,
        message_flags(message),
        message.display_text().to_owned(),
    ]
}

/// The states of a message in a few words: `sent,seen,edited,2 files,1 reaction`.
pub fn message_flags(message: &Message) -> String {
    let mut flags = Vec::new();
    if message.is_from_me() {
        flags.push("sent".to_owned());
    }
    if message.is_seen() {
        flags.push("seen".to_owned());
    }
    for (set, name) in [
        (message.edited, "edited"),
        (message.deleted, "deleted"),
        (message.hidden, "hidden"),
        (message.is_event, "event"),
    ] {
        if set {
            flags.push(name.to_owned());
        }
    }
    match message.attachments.len() {
        0 => {}
        1 => flags.push("1 file".to_owned()),
        n => flags.push(format!("{n} files")),
    }
    match message.reactions.len() {
        0 => {}
        1 => flags.push("1 reaction".to_owned()),
        n => flags.push(format!("{n} reactions")),
    }
    if flags.is_empty() {
        "-".to_owned()
    } else {
        flags.join(",")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_screen_columns_not_bytes() {
        assert_eq!(truncate("hello", 5), "hello");
        assert_eq!(truncate("hello world", 6), "hello…");
        // CJK characters take two columns each.
        assert_eq!(truncate("明天见明天见", 5), "明天…");
        assert_eq!(truncate("👍👍👍", 4), "👍…");
    }

    #[test]
    fn columns_grow_to_the_widest_cell_and_stay_aligned() {
        let mut table = Table::new(&[Column::new("A", 10), Column::new("B", 10)]);
        table.row(vec!["x".into(), "1".into()]);
        table.row(vec!["long cell".into(), "2".into()]);
        assert_eq!(table.render(&["A".into(), "B".into()]), "A          B");
        assert_eq!(
            table.render(&["long cell".into(), "2".into()]),
            "long cell  2"
        );
        table.row(vec!["line\nbreak".into(), "3".into()]);
        assert_eq!(table.rows[2][0], "line break");
        assert_eq!(table.len(), 3);
    }
}
