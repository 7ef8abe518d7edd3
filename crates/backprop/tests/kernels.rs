//! Every kernel against its readable reference: the layers state the article's formulas
//! (`u = x·W + b`; `dx = δ·Wᵀ`, `dW = xᵀ·δ`, `db = Σδ`; the activations; softmax,
//! Softmax-with-Loss and `(y − t)/N`) and the kernels compute them fast. For every width 1 to
//! 9 (9 takes the general path) and seeded random inputs, both agree to 1e−12 relative.

use backprop::kernels;
use backprop::layers::{activation, affine, loss};
use backprop::{Activation, Stream, rng_for};
use ndarray::{Array1, Array2, Axis};
use rand::RngExt;

const WIDTHS: std::ops::RangeInclusive<usize> = 1..=9;
/// Batch sizes: one sample, a mini-batch, and enough rows that the element-wise loops take the
/// AVX paths (64 values or more).
const ROWS: [usize; 3] = [1, 10, 71];
const TOLERANCE: f64 = 1e-12;

fn random(rows: usize, cols: usize, scale: f64, seed: u32) -> Array2<f64> {
    let mut rng = rng_for(seed, Stream::Data);
    Array2::from_shape_simple_fn((rows, cols), || rng.random_range(-scale..scale))
}

/// `|a − b| ≤ 1e−12 · max(|a|, |b|)`, element by element (equal values, zeros included, pass).
#[track_caller]
fn assert_close(what: &str, kernel: &[f64], reference: &[f64]) {
    let scale: Vec<f64> = kernel
        .iter()
        .zip(reference)
        .map(|(k, r)| k.abs().max(r.abs()))
        .collect();
    assert_close_to_scale(what, kernel, reference, &scale);
}

/// A sum's relative error: `|a − b| ≤ 1e−12 · Σ|terms|`. Sums of products of either sign
/// (x·W, xᵀ·δ, Σδ) are added in a different order by the kernel and by ndarray; where they
/// cancel, the rounding of the terms (not of the result) is what both share.
#[track_caller]
fn assert_close_to_scale(what: &str, kernel: &[f64], reference: &[f64], scale: &[f64]) {
    assert_eq!(kernel.len(), reference.len(), "{what}: length");
    for (i, ((&k, &r), &scale)) in kernel.iter().zip(reference).zip(scale).enumerate() {
        assert!(
            k == r || (k - r).abs() <= TOLERANCE * scale,
            "{what}[{i}]: kernel {k} vs reference {r} (relative {})",
            (k - r).abs() / scale
        );
    }
}

fn abs(a: &Array2<f64>) -> Array2<f64> {
    a.mapv(f64::abs)
}

fn column_major(rows: usize, cols: usize) -> Array2<f64> {
    use ndarray::ShapeBuilder;
    Array2::zeros((rows, cols).f())
}

fn flat<D: ndarray::Dimension>(a: &ndarray::Array<f64, D>) -> Vec<f64> {
    a.iter().copied().collect()
}

#[test]
fn affine_forward_kernel_matches_x_dot_w_plus_b() {
    for inputs in WIDTHS {
        for outputs in WIDTHS {
            for rows in ROWS {
                let seed = (100 * inputs + 10 * outputs + rows) as u32;
                let x = random(rows, inputs, 3.0, seed);
                let w = random(inputs, outputs, 1.0, seed + 1);
                let b = random(1, outputs, 1.0, seed + 2).row(0).to_owned();
                // A buffer of another shape is reshaped, one of the right shape reused.
                let mut u = Array2::zeros((2, 2));
                kernels::affine::forward(&x, &w, &b, &mut u);
                let want = affine::forward(&x, &w, &b);
                let scale = affine::forward(&abs(&x), &abs(&w), &b.mapv(f64::abs));
                let what = format!("u ({rows}×{inputs} · {inputs}×{outputs})");
                assert_close_to_scale(&what, &flat(&u), &flat(&want), &flat(&scale));
                kernels::affine::forward(&x, &w, &b, &mut u);
                assert_close_to_scale(&what, &flat(&u), &flat(&want), &flat(&scale));
            }
        }
    }
}

#[test]
fn affine_backward_kernel_matches_the_three_products() {
    for inputs in WIDTHS {
        for outputs in WIDTHS {
            for rows in ROWS {
                let seed = (1000 + 100 * inputs + 10 * outputs + rows) as u32;
                let x = random(rows, inputs, 3.0, seed);
                let w = random(inputs, outputs, 1.0, seed + 1);
                let delta = random(rows, outputs, 0.5, seed + 2);
                // Stale values in the buffers must not leak into the result.
                let mut dw = Array2::from_elem((inputs, outputs), 7.0);
                let mut db = Array1::from_elem(outputs, 7.0);
                let mut dx = Array2::zeros((0, 0));
                kernels::affine::backward(&x, &delta, &w, &mut dw, &mut db, &mut dx);
                let want = affine::backward(&x, &w, &delta);
                let scale = affine::backward(&abs(&x), &abs(&w), &abs(&delta));
                let shape = format!("{rows}×{inputs} → {outputs}");
                for (name, got, want, scale) in [
                    ("dx = δ·Wᵀ", flat(&dx), flat(&want.dx), flat(&scale.dx)),
                    ("dW = xᵀ·δ", flat(&dw), flat(&want.dw), flat(&scale.dw)),
                    ("db = Σδ", flat(&db), flat(&want.db), flat(&scale.db)),
                ] {
                    assert_close_to_scale(&format!("{name} ({shape})"), &got, &want, &scale);
                }
            }
        }
    }
}

#[test]
fn affine_layer_uses_the_kernels_and_keeps_x_for_backward() {
    let x = random(10, 3, 3.0, 1);
    let w = random(3, 5, 1.0, 2);
    let b = Array1::from(vec![0.1, -0.2, 0.3, 0.0, 0.5]);
    let mut layer = backprop::Affine::new(w.clone(), b.clone());
    let u = layer.forward(&x);
    let scale = affine::forward(&abs(&x), &abs(&w), &b.mapv(f64::abs));
    assert_close_to_scale(
        "u",
        &flat(&u),
        &flat(&affine::forward(&x, &w, &b)),
        &flat(&scale),
    );
    let delta = random(10, 5, 0.5, 3);
    let dx = layer.backward(&delta);
    let want = affine::backward(&x, &w, &delta);
    let scale = affine::backward(&abs(&x), &abs(&w), &abs(&delta));
    assert_close_to_scale("dx", &flat(&dx), &flat(&want.dx), &flat(&scale.dx));
    assert_close_to_scale("dW", &flat(&layer.dw), &flat(&want.dw), &flat(&scale.dw));
    assert_close_to_scale("db", &flat(&layer.db), &flat(&want.db), &flat(&scale.db));
}

#[test]
fn activation_kernels_match_their_formulas() {
    for kind in Activation::ALL.iter().copied() {
        for width in WIDTHS {
            for rows in ROWS {
                let u = random(rows, width, 12.0, (10 * width + rows) as u32);
                let mut z = u.clone();
                kind.apply_inplace(&mut z);
                let want = u.mapv(|u| kind.reference(u));
                assert_close(&format!("{kind} ({rows}×{width})"), &flat(&z), &flat(&want));
                let one: Vec<f64> = u.iter().map(|&u| kind.apply(u)).collect();
                assert_close(&format!("{kind} one by one"), &one, &flat(&want));
            }
        }
    }
    // The layer's backward: dz ⊙ f′ with f′ from the output (y(1 − y), 1 − y², the mask).
    for kind in Activation::ALL.iter().copied() {
        let u = random(10, 4, 5.0, 9);
        let mut layer = activation::ActivationLayer::new(kind);
        let z = layer.forward(&u).clone();
        let dz = random(10, 4, 1.0, 10);
        let du = layer.backward(dz.clone());
        let want = ndarray::Zip::from(&dz).and(&z).map_collect(|&d, &z| {
            d * match kind {
                Activation::Relu => f64::from(z > 0.0),
                Activation::Sigmoid => z * (1.0 - z),
                Activation::Tanh => 1.0 - z * z,
                Activation::Linear => 1.0,
            }
        });
        assert_close(&format!("{kind} backward"), &flat(&du), &flat(&want));
    }
}

#[test]
fn exp_kernel_matches_the_library_exp() {
    let x = random(71, 9, 700.0, 77);
    let mut fast = x.clone();
    let s = fast.as_slice_mut().expect("a fresh array is contiguous");
    kernels::elementwise::map_slice(s, kernels::elementwise::exp);
    assert_close("exp", &flat(&fast), &flat(&x.mapv(f64::exp)));
}

#[test]
fn softmax_kernels_match_softmax_and_softmax_with_loss() {
    for classes in WIDTHS {
        for rows in ROWS {
            let seed = (10 * classes + rows) as u32;
            let u = random(rows, classes, 20.0, seed);
            // One-hot targets, and (for the fused loss's general form) soft ones.
            let mut rng = rng_for(seed, Stream::Split);
            let mut t = Array2::zeros((rows, classes));
            for mut r in t.rows_mut() {
                r[rng.random_range(0..classes)] = 1.0;
            }
            let soft = random(rows, classes, 1.0, seed + 1).mapv(f64::abs);
            let what = format!("{rows}×{classes}");

            let mut y = u.clone();
            kernels::softmax::softmax_rows(&mut y);
            let want = loss::softmax(u.clone());
            assert_close(&format!("softmax {what}"), &flat(&y), &flat(&want));

            for (name, t) in [("one-hot", &t), ("soft", &soft)] {
                let mut y = Array2::zeros((0, 0));
                let l = kernels::softmax::softmax_with_loss(&u, t, &mut y);
                let (want_y, want_l) = loss::softmax_with_loss(&u, t);
                assert_close(&format!("y {what} {name}"), &flat(&y), &flat(&want_y));
                assert_close(&format!("L {what} {name}"), &[l], &[want_l]);
                // The general path (column-major, not a row-major slice) agrees too.
                let (mut uf, mut tf) = (column_major(rows, classes), column_major(rows, classes));
                uf.assign(&u);
                tf.assign(t);
                let mut y2 = Array2::zeros((0, 0));
                let l2 = kernels::softmax::softmax_with_loss(&uf, &tf, &mut y2);
                assert_close(
                    &format!("y {what} {name}, strided"),
                    &flat(&y2),
                    &flat(&want_y),
                );
                assert_close(&format!("L {what} {name}, strided"), &[l2], &[want_l]);
            }

            let mut d = Array2::zeros((1, 1));
            kernels::softmax::delta(&want, &t, &mut d);
            assert_close(
                &format!("(y − t)/N {what}"),
                &flat(&d),
                &flat(&loss::backward(&want, &t)),
            );
        }
    }
}

#[test]
fn gather_kernel_matches_select() {
    for width in WIDTHS {
        let src = random(50, width, 5.0, width as u32);
        let mut rng = rng_for(width as u32, Stream::Shuffle);
        for rows in ROWS {
            let pick: Vec<usize> = (0..rows).map(|_| rng.random_range(0..50)).collect();
            let mut dst = Array2::zeros((0, 0));
            kernels::rows::gather(&src, &pick, &mut dst);
            let want = src.select(Axis(0), &pick);
            assert_close(&format!("rows {width} wide"), &flat(&dst), &flat(&want));
        }
    }
}

/// Training must stay the same to the bit (a link or a seed reproduces a run, the article's
/// numbers): the backward kernel adds the same terms in the same order as these plain loops —
/// `db` and `dW` row after row from 0, each `dx` over `j` in order from 0.
#[test]
fn affine_backward_kernel_is_bit_identical_to_the_sequential_loops() {
    for inputs in WIDTHS {
        for outputs in 1..=8 {
            for rows in ROWS {
                let seed = (5000 + 100 * inputs + 10 * outputs + rows) as u32;
                let x = random(rows, inputs, 3.0, seed);
                let w = random(inputs, outputs, 1.0, seed + 1);
                let delta = random(rows, outputs, 0.5, seed + 2);
                let mut dw = Array2::zeros((inputs, outputs));
                let mut db = Array1::zeros(outputs);
                let mut dx = Array2::zeros((0, 0));
                kernels::affine::backward(&x, &delta, &w, &mut dw, &mut db, &mut dx);
                let mut want_dw = Array2::<f64>::zeros((inputs, outputs));
                let mut want_db = Array1::<f64>::zeros(outputs);
                let mut want_dx = Array2::<f64>::zeros((rows, inputs));
                for n in 0..rows {
                    for j in 0..outputs {
                        want_db[j] += delta[[n, j]];
                    }
                    for i in 0..inputs {
                        let mut s = 0.0;
                        for j in 0..outputs {
                            want_dw[[i, j]] += x[[n, i]] * delta[[n, j]];
                            s += delta[[n, j]] * w[[i, j]];
                        }
                        want_dx[[n, i]] = s;
                    }
                }
                let bits = |a: &[f64]| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
                let shape = format!("{rows}×{inputs} → {outputs}");
                assert_eq!(bits(&flat(&dx)), bits(&flat(&want_dx)), "dx ({shape})");
                assert_eq!(bits(&flat(&dw)), bits(&flat(&want_dw)), "dW ({shape})");
                assert_eq!(bits(&flat(&db)), bits(&flat(&want_db)), "db ({shape})");
            }
        }
    }
}

/// Training's backward folds the activation below into `dx` and skips the first layer's `dx`:
/// `backward_through` gives, to the bit, `backward` followed by the activation layer's
/// `backward_inplace` (with the layer's input as the activation's cached output), and without
/// `dx` the same `dW` and `db`. Every activation, every width, inputs 1–9 (9 takes the plain
/// loops).
#[test]
fn affine_backward_through_an_activation_is_bit_identical_to_the_two_steps() {
    let bits = |a: &[f64]| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    for kind in Activation::ALL.iter().copied() {
        for inputs in WIDTHS {
            for outputs in 1..=8 {
                for rows in ROWS {
                    let seed = (7000 + 100 * inputs + 10 * outputs + rows) as u32;
                    // The input is an activation's output, as in a network.
                    let mut x = random(rows, inputs, 3.0, seed);
                    kind.apply_inplace(&mut x);
                    let w = random(inputs, outputs, 1.0, seed + 1);
                    let delta = random(rows, outputs, 0.5, seed + 2);
                    let (mut dw, mut db, mut dx) = (
                        Array2::zeros((0, 0)),
                        Array1::zeros(0),
                        Array2::zeros((0, 0)),
                    );
                    kernels::affine::backward(&x, &delta, &w, &mut dw, &mut db, &mut dx);
                    let mut layer = activation::ActivationLayer::new(kind);
                    layer.z = x.clone();
                    layer.backward_inplace(&mut dx);
                    let shape = format!("{kind} {rows}×{inputs} → {outputs}");
                    let (mut dw2, mut db2) = (Array2::from_elem((1, 1), 7.0), Array1::zeros(3));
                    let mut dx2 = Array2::from_elem((2, 2), 7.0);
                    kernels::affine::backward_through(
                        &x,
                        &delta,
                        &w,
                        &mut dw2,
                        &mut db2,
                        Some(&mut dx2),
                        |z| kind.derivative_from_output(z),
                    );
                    assert_eq!(bits(&flat(&dx2)), bits(&flat(&dx)), "dx ⊙ f′ ({shape})");
                    assert_eq!(bits(&flat(&dw2)), bits(&flat(&dw)), "dW ({shape})");
                    assert_eq!(bits(&flat(&db2)), bits(&flat(&db)), "db ({shape})");
                    let (mut dw3, mut db3) = (Array2::zeros((0, 0)), Array1::zeros(0));
                    kernels::affine::backward_through(
                        &x,
                        &delta,
                        &w,
                        &mut dw3,
                        &mut db3,
                        None,
                        |z| kind.derivative_from_output(z),
                    );
                    assert_eq!(
                        bits(&flat(&dw3)),
                        bits(&flat(&dw)),
                        "dW without dx ({shape})"
                    );
                    assert_eq!(
                        bits(&flat(&db3)),
                        bits(&flat(&db)),
                        "db without dx ({shape})"
                    );
                }
            }
        }
    }
}

/// The forward kernel adds the same terms in the same order as the plain loops (`b_j` first,
/// then `x_ni·W_ij` for `i` from 0), so training reproduces to the bit.
#[test]
fn affine_forward_kernel_is_bit_identical_to_the_sequential_loops() {
    let bits = |a: &[f64]| a.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    for inputs in WIDTHS {
        for outputs in WIDTHS {
            for rows in ROWS {
                let seed = (9000 + 100 * inputs + 10 * outputs + rows) as u32;
                let x = random(rows, inputs, 3.0, seed);
                let w = random(inputs, outputs, 1.0, seed + 1);
                let b = random(1, outputs, 1.0, seed + 2).row(0).to_owned();
                let mut u = Array2::zeros((0, 0));
                kernels::affine::forward(&x, &w, &b, &mut u);
                let want = Array2::from_shape_fn((rows, outputs), |(n, j)| {
                    (0..inputs).fold(b[j], |s, i| s + x[[n, i]] * w[[i, j]])
                });
                let shape = format!("{rows}×{inputs} → {outputs}");
                assert_eq!(bits(&flat(&u)), bits(&flat(&want)), "u ({shape})");
            }
        }
    }
}
