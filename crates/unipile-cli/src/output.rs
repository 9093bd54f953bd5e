//! What goes to stdout: aligned tables for people, one JSON object per line for programs.
//!
//! Notes and progress go to stderr, so stdout stays clean for pipes.

use crate::failure::Failure;
use chrono::{DateTime, Utc};
use comfy_table::{ColumnConstraint, ContentArrangement, Row, Width};
use serde::Serialize;
use std::io::{self, Write};
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
    max_width: u16,
}

impl Column {
    /// A column titled `title`, cells at most `max_width` wide.
    pub const fn new(title: &'static str, max_width: u16) -> Self {
        Self { title, max_width }
    }
}

/// The blank columns between two columns of a table.
const COLUMN_GAP: u16 = 2;

/// A table printed in batches (a page at a time): column widths fit the widest cell so
/// far and never shrink, so a long listing stays aligned while it streams.
///
/// `comfy-table` measures and cuts the cells (in screen columns, not bytes); this type
/// only remembers the widths between batches.
#[derive(Debug)]
pub struct Table {
    columns: Vec<Column>,
    /// The width of each column so far, 0 before the first batch.
    widths: Vec<u16>,
    rows: Vec<Vec<String>>,
    header_printed: bool,
    printed: usize,
}

impl Table {
    /// A table with these columns.
    pub fn new(columns: &[Column]) -> Self {
        Self {
            columns: columns.to_vec(),
            widths: vec![0; columns.len()],
            rows: Vec::new(),
            header_printed: false,
            printed: 0,
        }
    }

    /// Adds a row (one cell per column); printed at the next [`Table::flush`].
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows
            .push(cells.iter().map(|cell| one_line(cell)).collect());
    }

    /// How many rows were added so far.
    pub fn len(&self) -> usize {
        self.printed + self.rows.len()
    }

    /// Prints the rows added since the last flush (and the header before the first).
    pub fn flush(&mut self, printer: &Printer) -> Result<(), Failure> {
        for line in self.render_pending() {
            printer.line(&line)?;
        }
        Ok(())
    }

    /// The lines of the rows added since the last call: the header if none was rendered
    /// yet, then a line per row, with the columns widened to the widest cell so far.
    fn render_pending(&mut self) -> Vec<String> {
        if self.rows.is_empty() {
            return Vec::new();
        }
        let rows = std::mem::take(&mut self.rows);
        self.printed += rows.len();
        let mut table = borderless_table();
        if !self.header_printed {
            table.set_header(self.columns.iter().map(|c| c.title).collect::<Vec<_>>());
        }
        for cells in rows {
            let mut row = Row::from(cells);
            // Cells wider than their column are cut on one line, not wrapped.
            row.max_height(1);
            table.add_row(row);
        }
        let last = self.columns.len().saturating_sub(1);
        let content_widths = table.column_max_content_widths();
        for (i, column) in self.columns.iter().enumerate() {
            let fits = content_widths.get(i).copied().unwrap_or(0);
            self.widths[i] = self.widths[i].max(fits.min(column.max_width));
            let gap = if i < last { COLUMN_GAP } else { 0 };
            if let Some(table_column) = table.column_mut(i) {
                table_column
                    .set_padding((0, gap))
                    .set_constraint(ColumnConstraint::Absolute(Width::Fixed(
                        self.widths[i] + gap,
                    )));
            }
        }
        self.header_printed = true;
        table
            .lines()
            .map(|line| line.trim_end().to_owned())
            .collect()
    }
}

/// A table without borders or lines, whose cells are cut (with `…`) where too wide.
fn borderless_table() -> comfy_table::Table {
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_truncation_indicator("…")
        // Lines never hold a line break (see `one_line`): cutting on it means cutting
        // anywhere rather than after a word.
        .set_delimiter('\n');
    table
}

/// Replaces line breaks and tabs so that a cell stays on one line.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// Cuts `text` to at most `max` columns on screen, ending with `…` when cut.
pub fn truncate(text: &str, max: u16) -> String {
    let mut table = borderless_table();
    let mut row = Row::from(vec![one_line(text)]);
    row.max_height(1);
    table.add_row(row);
    let fits = table
        .column_max_content_widths()
        .first()
        .copied()
        .unwrap_or(0);
    if let Some(column) = table.column_mut(0) {
        column
            .set_padding((0, 0))
            .set_constraint(ColumnConstraint::Absolute(Width::Fixed(fits.min(max))));
    }
    table
        .lines()
        .next()
        .map(|line| line.trim_end().to_owned())
        .unwrap_or_default()
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
        assert_eq!(table.len(), 2);
        let first = table.render_pending();
        assert_eq!(first, ["A          B", "x          1", "long cell  2"]);

        // A later batch: no header, and the widths do not shrink.
        table.row(vec!["line\nbreak".into(), "3".into()]);
        assert_eq!(table.rows[0][0], "line break");
        let second = table.render_pending();
        assert_eq!(second, ["line break  3"]);
        table.row(vec!["y".into(), "4".into()]);
        let third = table.render_pending();
        assert_eq!(third, ["y           4"]);
        assert_eq!(table.len(), 4);
    }

    #[test]
    fn cells_wider_than_their_column_are_cut_not_wrapped() {
        let mut table = Table::new(&[Column::new("NAME", 6), Column::new("N", 3)]);
        table.row(vec!["ab cdefghij".into(), "1".into()]);
        table.row(vec!["明天见明天见".into(), "2".into()]);
        let lines = table.render_pending();
        assert_eq!(lines, ["NAME    N", "ab cd…  1", "明天…   2"]);
    }
}
