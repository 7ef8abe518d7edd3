//! Gathering a mini-batch: the rows of a shuffled epoch copied into the batch buffers, with
//! the narrow row widths of this playground (1 to 4 columns) copied as fixed-size moves.
//! The readable definition it is checked against is ndarray's `select(Axis(0), rows)`.

use ndarray::{Array2, Axis};

/// Copies rows `rows` of `src` into `dst`, in that order, (reshaped only when the batch size changes).
pub fn gather(src: &Array2<f64>, rows: &[usize], dst: &mut Array2<f64>) {
    let c = src.ncols();
    if dst.dim() != (rows.len(), c) {
        *dst = Array2::zeros((rows.len(), c));
    }
    /// Rows of a width known at compile time copy as a few moves, not a `memcpy` call each.
    fn rows_of<const C: usize>(s: &[f64], rows: &[usize], d: &mut [f64]) {
        for (out, &r) in d.chunks_exact_mut(C).zip(rows) {
            if let (Some(o), Some(i)) = (
                out.first_chunk_mut::<C>(),
                s.get(r * C..).and_then(|t| t.first_chunk::<C>()),
            ) {
                *o = *i;
            }
        }
    }
    match (src.as_slice(), dst.as_slice_mut()) {
        (Some(s), Some(d))
            if s.len() == src.nrows() * c && rows.iter().all(|&r| r < src.nrows()) =>
        {
            match c {
                1 => rows_of::<1>(s, rows, d),
                2 => rows_of::<2>(s, rows, d),
                3 => rows_of::<3>(s, rows, d),
                4 => rows_of::<4>(s, rows, d),
                _ => {
                    for (out, &r) in d.chunks_exact_mut(c.max(1)).zip(rows) {
                        out.copy_from_slice(&s[r * c..(r + 1) * c]);
                    }
                }
            }
        }
        _ => *dst = src.select(Axis(0), rows),
    }
}
