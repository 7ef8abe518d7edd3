//! The data file: CSV with the header `x1,x2,label`, one labelled point per row — what the
//! page exports and imports and the CLI reads.

use std::fmt::Write as _;

use crate::data::sets::{Dataset, MAX_POINTS, check_row};
use crate::error::{Error, Result};
use crate::training::network::Task;

/// The most data rows a CSV file may have: a data set's limit.
pub const MAX_CSV_ROWS: usize = MAX_POINTS;

impl Dataset {
    /// The CSV text `x1,x2,label`, one row per point, numbers in shortest round-trip form.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("x1,x2,label\n");
        for (p, l) in self.points.iter().zip(&self.labels) {
            let _ = writeln!(s, "{},{},{}", p[0], p[1], l);
        }
        s
    }

    /// Parses CSV text with the header `x1,x2,label` for the given task. Blank lines are
    /// skipped; any bad row is rejected with its line number and nothing is returned.
    pub fn from_csv(text: &str, task: Task) -> Result<Dataset> {
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
        let header = lines.by_ref().find(|(_, l)| !l.is_empty());
        let Some((hline, header)) = header else {
            return Err(Error::Data {
                line: 1,
                message: "the file is empty (expected the header x1,x2,label)".into(),
            });
        };
        let cols: Vec<&str> = header
            .trim_start_matches('\u{feff}')
            .split(',')
            .map(str::trim)
            .collect();
        if cols != ["x1", "x2", "label"] {
            return Err(Error::Data {
                line: hline,
                message: format!(
                    "expected the header x1,x2,label, found {:?}",
                    truncate(header)
                ),
            });
        }
        let mut data = Dataset::default();
        for (line, text) in lines.filter(|(_, l)| !l.is_empty()) {
            if data.len() == MAX_CSV_ROWS {
                return Err(Error::Data {
                    line,
                    message: format!("too many rows (at most {MAX_CSV_ROWS})"),
                });
            }
            let fields: Vec<&str> = text.split(',').map(str::trim).collect();
            if fields.len() != 3 {
                return Err(Error::Data {
                    line,
                    message: format!("expected 3 fields (x1,x2,label), found {}", fields.len()),
                });
            }
            let mut nums = [0.0; 3];
            for (k, (field, name)) in fields.iter().zip(["x1", "x2", "label"]).enumerate() {
                nums[k] = field.parse::<f64>().map_err(|_| Error::Data {
                    line,
                    message: format!("{name}: {:?} is not a number", truncate(field)),
                })?;
            }
            check_row(nums[0], nums[1], nums[2], task)
                .map_err(|message| Error::Data { line, message })?;
            data.points.push([nums[0], nums[1]]);
            data.labels.push(nums[2]);
        }
        if data.is_empty() {
            return Err(Error::Data {
                line: hline,
                message: "no data rows after the header".into(),
            });
        }
        Ok(data)
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}
