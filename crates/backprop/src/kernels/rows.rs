//! Gathering a mini-batch: the rows of a shuffled epoch copied into the batch buffers (for
//! the layers' own training step; the whole-batch kernel gathers its rows itself).
//! The readable definition it is checked against is ndarray's `select(Axis(0), rows)`.

use ndarray::Array2;

/// Copies rows `rows` of `src` into `dst`, in that order, (reshaped only when the batch size changes).
pub fn gather(src: &Array2<f64>, rows: &[usize], dst: &mut Array2<f64>) {
    let c = src.ncols();
    if dst.dim() != (rows.len(), c) {
        *dst = Array2::zeros((rows.len(), c));
    }
    match (src.as_slice(), dst.as_slice_mut()) {
        (Some(s), Some(d))
            if s.len() == src.nrows() * c && rows.iter().all(|&r| r < src.nrows()) =>
        {
            for (out, &r) in d.chunks_exact_mut(c.max(1)).zip(rows) {
                out.copy_from_slice(&s[r * c..(r + 1) * c]);
            }
        }
        // (Not reached: the data is made in standard layout.) Element by element, rows out of
        // range left at 0.
        _ => {
            dst.fill(0.0);
            for (i, &r) in rows.iter().enumerate() {
                if let (Some(s), Some(mut d)) =
                    (src.outer_iter().nth(r), dst.outer_iter_mut().nth(i))
                {
                    d.assign(&s);
                }
            }
        }
    }
}
