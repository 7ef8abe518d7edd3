//! The data file: CSV with the header `x1,x2,label` (and an optional fourth column `split`,
//! `train` or `test`), one labelled point per row — what the page exports and imports and the
//! CLI reads. A file with the `split` column keeps every point's train/test membership across
//! an export and an import; a file without it is split by the seeded rule.

use std::fmt::Write as _;

use crate::data::sets::{Dataset, MAX_POINTS, check_row};
use crate::error::{Code, Error, Result};
use crate::task::Task;

/// The most data rows a CSV file may have: a data set's limit.
pub const MAX_CSV_ROWS: usize = MAX_POINTS;

/// A parsed data file: the rows, and each row's set when the file has a `split` column
/// (`true` = training).
#[derive(Clone, Debug, PartialEq)]
pub struct DataFile {
    pub data: Dataset,
    pub split: Option<Vec<bool>>,
}

impl DataFile {
    /// Parses CSV text with the header `x1,x2,label` or `x1,x2,label,split` for the given
    /// task. A byte-order mark at the start is ignored and blank lines are skipped; any bad
    /// row is rejected with its line number and nothing is returned.
    pub fn from_csv(text: &str, task: Task) -> Result<DataFile> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut lines = text.lines().enumerate().map(|(i, l)| (i + 1, l.trim()));
        let header = lines.by_ref().find(|(_, l)| !l.is_empty());
        let Some((hline, header)) = header else {
            return Err(Error::new(Code::EmptyCsv).at_line(1));
        };
        let cols: Vec<&str> = header.split(',').map(str::trim).collect();
        let with_split = match cols.as_slice() {
            ["x1", "x2", "label"] => false,
            ["x1", "x2", "label", "split"] => true,
            _ => {
                return Err(Error::new(Code::Header)
                    .with("found", format!("{:?}", truncate(header)))
                    .at_line(hline));
            }
        };
        let width = if with_split { 4 } else { 3 };
        let mut data = Dataset::default();
        let mut split = Vec::new();
        for (line, text) in lines.filter(|(_, l)| !l.is_empty()) {
            if data.len() == MAX_CSV_ROWS {
                return Err(Error::new(Code::TooManyRows)
                    .with("n", MAX_CSV_ROWS)
                    .at_line(line));
            }
            let fields: Vec<&str> = text.split(',').map(str::trim).collect();
            if fields.len() != width {
                let names = if with_split {
                    "x1,x2,label,split"
                } else {
                    "x1,x2,label"
                };
                return Err(Error::new(Code::Fields)
                    .with("want", width)
                    .with("names", names)
                    .with("n", fields.len())
                    .at_line(line));
            }
            let mut nums = [0.0; 3];
            for (k, (field, name)) in fields.iter().zip(["x1", "x2", "label"]).enumerate() {
                nums[k] = field.parse::<f64>().map_err(|_| {
                    Error::new(Code::NotNumber)
                        .with("v", format!("{:?}", truncate(field)))
                        .at_field(name)
                        .at_line(line)
                })?;
            }
            check_row(nums[0], nums[1], nums[2], task).map_err(|e| e.at_line(line))?;
            if with_split {
                split.push(match fields[3] {
                    "train" => true,
                    "test" => false,
                    other => {
                        return Err(Error::new(Code::NotSplit)
                            .with("v", format!("{:?}", truncate(other)))
                            .at_field("split")
                            .at_line(line));
                    }
                });
            }
            data.points.push([nums[0], nums[1]]);
            data.labels.push(nums[2]);
        }
        if data.is_empty() {
            return Err(Error::new(Code::NoRows).at_line(hline));
        }
        Ok(DataFile {
            data,
            split: with_split.then_some(split),
        })
    }

    /// The training and the test set as the file's `split` column says (in file order), or
    /// `None` for a file without one.
    pub fn parts(&self) -> Option<(Dataset, Dataset)> {
        Some(self.data.split_by(self.split.as_ref()?))
    }
}

/// The CSV text `x1,x2,label,split` of a training and a test set: the training rows first,
/// then the test rows, numbers in shortest round-trip form — read back by
/// [`DataFile::from_csv`] into the same two sets, bit for bit and in the same order.
pub fn split_to_csv(train: &Dataset, test: &Dataset) -> String {
    let mut s = String::from("x1,x2,label,split\n");
    for (set, name) in [(train, "train"), (test, "test")] {
        for (p, l) in set.points.iter().zip(&set.labels) {
            let _ = writeln!(s, "{},{},{},{name}", p[0], p[1], l);
        }
    }
    s
}

impl Dataset {
    /// The CSV text `x1,x2,label`, one row per point, numbers in shortest round-trip form.
    pub fn to_csv(&self) -> String {
        let mut s = String::from("x1,x2,label\n");
        for (p, l) in self.points.iter().zip(&self.labels) {
            let _ = writeln!(s, "{},{},{}", p[0], p[1], l);
        }
        s
    }

    /// Parses CSV text (see [`DataFile::from_csv`]) into its rows, in file order; a `split`
    /// column is checked and then ignored.
    pub fn from_csv(text: &str, task: Task) -> Result<Dataset> {
        DataFile::from_csv(text, task).map(|f| f.data)
    }
}

fn truncate(s: &str) -> String {
    s.chars().take(40).collect()
}
