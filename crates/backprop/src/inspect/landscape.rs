//! The loss landscape around the current weights: the mean training loss as one or two
//! parameters move over a window while every other parameter stays — the surface gradient
//! descent walks on. The middle value is the loss at the current weights.

use crate::display::net32::{LANES, Lanes, MAX_WIDTH, Net32, max_sum_exp};
use crate::error::{Code, Result, fail};
use crate::layers::loss::Output;
use crate::training::network::{MAX_PARAM, Network, ParamId};
use crate::training::train::Samples;
use ndarray::Array2;

/// The most values along one axis (65 is the page's default; odd, so the middle is the
/// current value).
pub const MAX_LANDSCAPE: usize = 129;

/// The mean loss of `network` on `samples` with parameter `a` (and `b`) moved over
/// `[v − span, v + span]` in `n` evenly spaced values each. With `b`, the result is `n × n`
/// values, row-major with `b` outer (row `i` has `b = v_b − span + i·step`); without, `n`
/// values. `n` is odd, so the middle value is the loss at the current weights. The network is
/// not changed (the work is done on a copy).
pub fn loss_landscape(
    network: &Network,
    samples: &Samples,
    a: ParamId,
    b: Option<ParamId>,
    n: usize,
    span: f64,
) -> Result<Vec<f64>> {
    let rows = if b.is_some() { n } else { 1 };
    loss_landscape_rows(network, samples, a, b, n, span, 0..rows)
}

/// The rows `rows` of [`loss_landscape`] (with `b`, rows of `n` values, `0..n` in all;
/// without, the one row `0..1`), so that a page can compute a big map a few rows at a time.
/// The same values, bit for bit, as the whole map's.
///
/// Every value is a whole forward pass over `samples`, but the layers in front of the two
/// parameters' layers are computed once, and those between them once per value of the
/// earlier one: a weight of the last layer costs one layer per value, not all of them.
pub fn loss_landscape_rows(
    network: &Network,
    samples: &Samples,
    a: ParamId,
    b: Option<ParamId>,
    n: usize,
    span: f64,
    rows: std::ops::Range<usize>,
) -> Result<Vec<f64>> {
    check(a, b, n, span, &rows)?;
    let va = network.param(a)?;
    let vb = b.map(|b| network.param(b)).transpose()?;
    let la = network.layer_of(a)?;
    let lb = b.map(|b| network.layer_of(b)).transpose()?.unwrap_or(la);
    let mut net = network.clone();
    let half = (n / 2) as f64;
    let at = |v: f64, i: usize| {
        let x = v + span * (i as f64 - half) / half.max(1.0);
        // Keep every value one a model may hold; the window is clipped at the limit.
        x.clamp(-MAX_PARAM, MAX_PARAM)
    };
    // The middle is exactly the current value (no rounding through the window).
    let a_at = |j: usize| if j == n / 2 { va } else { at(va, j) };
    let layers = network.layers().len();
    let mut out = vec![f64::NAN; rows.len() * n];
    if samples.is_empty() {
        return Ok(out);
    }
    // Every layer's output for the current weights: the layers before both parameters' stay.
    let mut acts = Vec::new();
    net.activations_into(&samples.x, &mut acts);
    let loss_from = |net: &Network, acts: &mut Vec<Array2<f64>>, from: usize| {
        net.activations_range(&samples.x, acts, from..layers);
        net.output().loss_of(&acts[layers - 1], &samples.t)
    };
    match (b, vb) {
        (Some(b), Some(vb)) if lb < la => {
            // b's layer first: its layers up to a's once per row.
            for (r, i) in rows.enumerate() {
                net.set_param(b, at(vb, i))?;
                net.activations_range(&samples.x, &mut acts, lb..la);
                for j in 0..n {
                    net.set_param(a, a_at(j))?;
                    out[r * n + j] = loss_from(&net, &mut acts, la);
                }
            }
        }
        (Some(b), Some(vb)) if la < lb => {
            // a's layer first: its layers up to b's once per column.
            for j in 0..n {
                net.set_param(a, a_at(j))?;
                net.activations_range(&samples.x, &mut acts, la..lb);
                for (r, i) in rows.clone().enumerate() {
                    net.set_param(b, at(vb, i))?;
                    out[r * n + j] = loss_from(&net, &mut acts, lb);
                }
            }
        }
        _ => {
            for (r, i) in rows.enumerate() {
                if let (Some(b), Some(vb)) = (b, vb) {
                    net.set_param(b, at(vb, i))?;
                }
                for j in 0..n {
                    net.set_param(a, a_at(j))?;
                    out[r * n + j] = loss_from(&net, &mut acts, la);
                }
            }
        }
    }
    Ok(out)
}

/// The arguments' limits: `n` odd and at most [`MAX_LANDSCAPE`], `span` in (0, MAX_PARAM],
/// two different parameters, rows within the map.
fn check(
    a: ParamId,
    b: Option<ParamId>,
    n: usize,
    span: f64,
    rows: &std::ops::Range<usize>,
) -> Result<()> {
    if n % 2 == 0 || !(1..=MAX_LANDSCAPE).contains(&n) {
        return fail(Code::LandscapeSize, |e| {
            e.with("max", MAX_LANDSCAPE).with("n", n).at_field("n")
        });
    }
    if !(span.is_finite() && span > 0.0 && span <= MAX_PARAM) {
        return fail(Code::LandscapeSpan, |e| {
            e.with("max", format!("{MAX_PARAM:e}"))
                .with("v", span)
                .at_field("span")
        });
    }
    if b == Some(a) {
        return fail(Code::ChosenTwice, |e| e.with("name", a));
    }
    let all = if b.is_some() { n } else { 1 };
    if rows.start >= rows.end || rows.end > all {
        return fail(Code::RowsRange, |e| {
            e.with("all", all)
                .with("from", rows.start)
                .with("to", rows.end)
                .at_field("rows")
        });
    }
    Ok(())
}

/// [`loss_landscape_rows`] for the picture: every value but the middle one computed in `f32`
/// through the display's kernel ([`Net32`], four samples a lane), the middle one exact (the
/// loss at the current weights, as [`loss_landscape_rows`] gives it). Display precision:
/// within 1e−5 of the exact values, relative to max(1, |L|) (`tests/display.rs`). The layers
/// in front of both parameters are computed once per call; each value runs the rest. A
/// network the kernel does not take gets the exact values.
pub fn loss_map_rows(
    network: &Network,
    samples: &Samples,
    a: ParamId,
    b: Option<ParamId>,
    n: usize,
    span: f64,
    rows: std::ops::Range<usize>,
) -> Result<Vec<f64>> {
    check(a, b, n, span, &rows)?;
    let mut net = Net32::default();
    let m = samples.len();
    let f = samples.x.ncols();
    if !net.set(network) || m == 0 || samples.t.ncols() != net.outputs() {
        return loss_landscape_rows(network, samples, a, b, n, span, rows);
    }
    let va = network.param(a)?;
    let vb = b.map(|b| network.param(b)).transpose()?;
    let la = network.layer_of(a)?;
    let front = b
        .map(|b| network.layer_of(b))
        .transpose()?
        .map_or(la, |lb| lb.min(la));
    let layers = net.layers.len();
    // The values entering layer `front`, in blocks of LANES samples (the last block padded).
    let width = if front == 0 {
        f
    } else {
        net.layers[front - 1].outputs
    };
    let blocks = m.div_ceil(LANES);
    let mut xin: Vec<Lanes> = vec![[0.0; LANES]; blocks * width];
    for (bk, chunk) in xin.chunks_exact_mut(width).enumerate() {
        let mut x = [[0.0f32; LANES]; MAX_WIDTH];
        for p in 0..LANES.min(m - bk * LANES) {
            for (i, xi) in x.iter_mut().enumerate().take(f) {
                xi[p] = samples.x[[bk * LANES + p, i]] as f32;
            }
        }
        let out = net.forward_range(&x[..f], 0, front);
        chunk.copy_from_slice(&out[..width]);
    }
    let half = (n / 2) as f64;
    let at = |v: f64, i: usize| {
        (v + span * (i as f64 - half) / half.max(1.0)).clamp(-MAX_PARAM, MAX_PARAM)
    };
    let set = |net: &mut Net32, id: ParamId, v: f64| match id {
        ParamId::Weight { layer, from, to } => {
            let l = &mut net.layers[layer - 1];
            l.w[from * l.outputs + to] = [v as f32; LANES];
        }
        ParamId::Bias { layer, to } => net.layers[layer - 1].b[to] = v as f32,
    };
    let output = network.output();
    let k = net.outputs();
    // Softmax-with-loss from the logits: Σ_j t_j·(m + ln s − u_j) for each point, with
    // `ln s` of one-hot rows summed as the logarithm of their product (s in [1, k]: a few
    // hundred at a time stay finite), one logarithm per 256 points rather than per point.
    let loss = |net: &Net32| {
        let (mut total, mut product, mut held) = (0.0, 1.0f64, 0);
        for (bk, x) in xin.chunks_exact(width).enumerate() {
            let u = net.forward_range(x, front, layers);
            let (mx, sum) = match output {
                Output::Softmax => max_sum_exp(&u, k),
                Output::Linear => ([0.0; LANES], [1.0; LANES]),
            };
            for p in 0..LANES.min(m - bk * LANES) {
                let r = bk * LANES + p;
                let mut weight = 0.0;
                for (j, uj) in u.iter().enumerate().take(k) {
                    let (y, t) = (uj[p] as f64, samples.t[[r, j]]);
                    total += match output {
                        Output::Softmax if t != 0.0 => t * (mx[p] as f64 - y),
                        Output::Softmax => 0.0,
                        Output::Linear => 0.5 * (y - t) * (y - t),
                    };
                    weight += t;
                }
                if output == Output::Linear || weight == 0.0 {
                    continue;
                }
                if weight != 1.0 {
                    total += weight * (sum[p] as f64).ln();
                    continue;
                }
                product *= sum[p] as f64;
                held += 1;
                if held == 256 {
                    total += product.ln();
                    (product, held) = (1.0, 0);
                }
            }
        }
        (total + product.ln()) / m as f64
    };
    let mut out = Vec::with_capacity(rows.len() * n);
    for i in rows {
        if let (Some(b), Some(vb)) = (b, vb) {
            set(&mut net, b, at(vb, i));
        }
        for j in 0..n {
            set(&mut net, a, at(va, j));
            out.push(if j == n / 2 && (b.is_none() || i == n / 2) {
                // The middle: the current weights, exactly.
                network
                    .output()
                    .loss_of(&network.predict(&samples.x), &samples.t)
            } else {
                loss(&net)
            });
        }
    }
    Ok(out)
}

/// `∂(mean loss)/∂θ` over all of `samples` for every parameter, in the order of
/// [`Network::params`]: the slope of the landscape's curves at the current weights.
pub fn gradient(network: &Network, samples: &Samples) -> Vec<f64> {
    let mut net = network.clone();
    net.forward(&samples.x, &samples.t);
    net.backward();
    net.parameter_ids()
        .into_iter()
        .map(|id| net.grad(id).unwrap_or(f64::NAN))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Dataset;
    use crate::training::train::evaluate;

    fn setup() -> (Network, Samples) {
        let net = crate::article::network().expect("the article's network");
        let data = Dataset {
            points: vec![[5.0, 1.0], [1.0, 5.0], [-2.0, 0.5]],
            labels: vec![1.0, 0.0, 1.0],
        };
        let samples = Samples::new(&net, &data);
        (net, samples)
    }

    #[test]
    fn the_middle_is_the_current_loss_and_a_corner_is_those_weights_set_by_hand() {
        let (net, s) = setup();
        let a: ParamId = "W1[0][2]".parse().unwrap();
        let b: ParamId = "b2[1]".parse().unwrap();
        let n = 5;
        let span = 0.4;
        let grid = loss_landscape(&net, &s, a, Some(b), n, span).unwrap();
        assert_eq!(grid.len(), n * n);
        assert_eq!(grid[n * n / 2], evaluate(&net, &s).loss, "the middle value");
        // Corner (row 0 = b − span, column n − 1 = a + span).
        let mut by_hand = net.clone();
        by_hand.set_param(a, 0.5 + span).unwrap();
        by_hand.set_param(b, 0.2 - span).unwrap();
        let want = evaluate(&by_hand, &s).loss;
        assert!(
            (grid[n - 1] - want).abs() <= 1e-15 * want.abs().max(1.0),
            "{} vs {want}",
            grid[n - 1]
        );
        assert_eq!(net.param(a).unwrap(), 0.5, "the network is unchanged");
    }

    #[test]
    fn one_weight_gives_a_curve_whose_slope_is_the_backprop_gradient() {
        let (net, s) = setup();
        let a: ParamId = "W2[1][0]".parse().unwrap();
        let h = 1e-4;
        let curve = loss_landscape(&net, &s, a, None, 3, h).unwrap();
        assert_eq!(curve.len(), 3);
        let slope = (curve[2] - curve[0]) / (2.0 * h);
        let grads = crate::inspect::gradcheck::gradient_check(&net, &s.x, &s.t).unwrap();
        let analytic = grads
            .params
            .iter()
            .find(|p| p.name == "W2[1][0]")
            .unwrap()
            .analytic;
        let i = net.parameter_ids().iter().position(|&id| id == a).unwrap();
        assert!(
            (gradient(&net, &s)[i] - analytic).abs() < 1e-15,
            "gradient() is backprop's"
        );
        assert!(
            (slope - analytic).abs() < 1e-7,
            "slope {slope} vs ∂L/∂w {analytic}"
        );
    }

    #[test]
    fn bad_arguments_are_refused() {
        let (net, s) = setup();
        let a: ParamId = "W1[0][0]".parse().unwrap();
        assert!(loss_landscape(&net, &s, a, None, 4, 1.0).is_err(), "even n");
        assert!(loss_landscape(&net, &s, a, None, 0, 1.0).is_err());
        assert!(loss_landscape(&net, &s, a, None, MAX_LANDSCAPE + 2, 1.0).is_err());
        assert!(loss_landscape(&net, &s, a, None, 5, f64::NAN).is_err());
        assert!(loss_landscape(&net, &s, a, None, 5, 0.0).is_err());
        assert!(
            loss_landscape(&net, &s, a, Some(a), 5, 1.0).is_err(),
            "the same weight twice"
        );
        assert!(loss_landscape(&net, &s, "W9[0][0]".parse().unwrap(), None, 5, 1.0).is_err());
        let b: ParamId = "b2[0]".parse().unwrap();
        let rows = |r| loss_landscape_rows(&net, &s, a, Some(b), 5, 1.0, r);
        assert!(rows(0..6).is_err(), "past the last row");
        assert!(rows(3..3).is_err(), "no row");
        assert!(
            loss_landscape_rows(&net, &s, a, None, 5, 1.0, 0..2).is_err(),
            "a curve has one row"
        );
    }

    /// The map as it was first written: every value a whole pass with both parameters set.
    fn by_whole_passes(
        net: &Network,
        s: &Samples,
        a: ParamId,
        b: Option<ParamId>,
        n: usize,
        span: f64,
    ) -> Vec<f64> {
        let mut net = net.clone();
        let (va, vb) = (net.param(a).unwrap(), b.map(|b| net.param(b).unwrap()));
        let half = (n / 2) as f64;
        let at = |v: f64, i: usize| {
            (v + span * (i as f64 - half) / half.max(1.0)).clamp(-MAX_PARAM, MAX_PARAM)
        };
        let mut out = Vec::new();
        for i in 0..if b.is_some() { n } else { 1 } {
            if let (Some(b), Some(vb)) = (b, vb) {
                net.set_param(b, at(vb, i)).unwrap();
            }
            for j in 0..n {
                net.set_param(a, if j == n / 2 { va } else { at(va, j) })
                    .unwrap();
                out.push(evaluate(&net, s).loss);
            }
        }
        out
    }

    #[test]
    fn reusing_the_layers_in_front_gives_whole_passes_bit_for_bit_in_any_rows() {
        use crate::data::features::Feature;
        use crate::layers::activation::Activation;
        use crate::training::network::{NetworkSpec, Task};
        use rand::{RngExt, SeedableRng};
        let mut rng = crate::rng::Rng64::seed_from_u64(5);
        for (task, act) in [
            (Task::Classification { classes: 3 }, Activation::Tanh),
            (Task::Regression, Activation::Relu),
        ] {
            let spec = NetworkSpec {
                features: vec![Feature::X1, Feature::X2],
                hidden: vec![4, 3, 5],
                activation: act,
                task,
            };
            let net = Network::new(&spec, &mut rng).expect("valid spec");
            let data = Dataset {
                points: (0..40)
                    .map(|_| [rng.random_range(-5.0..5.0), rng.random_range(-5.0..5.0)])
                    .collect(),
                labels: (0..40)
                    .map(|i| match task {
                        Task::Classification { classes } => (i % classes) as f64,
                        Task::Regression => rng.random_range(-1.0..1.0),
                    })
                    .collect(),
            };
            let s = Samples::new(&net, &data);
            // Parameters of the first, a middle and the last layer, weights and biases, in
            // every order: b's layer before a's, after it, the same.
            let picks: Vec<ParamId> = [
                "W1[1][2]", "b1[0]", "W2[3][1]", "b3[4]", "W4[2][0]", "b4[0]",
            ]
            .iter()
            .map(|p| p.parse().unwrap())
            .collect();
            let n = 7;
            for &a in &picks {
                let want = by_whole_passes(&net, &s, a, None, n, 0.8);
                assert_eq!(
                    loss_landscape(&net, &s, a, None, n, 0.8).unwrap(),
                    want,
                    "{a}"
                );
                for &b in picks.iter().filter(|&&b| b != a) {
                    let want = by_whole_passes(&net, &s, a, Some(b), n, 0.8);
                    let whole = loss_landscape(&net, &s, a, Some(b), n, 0.8).unwrap();
                    assert!(
                        whole
                            .iter()
                            .zip(&want)
                            .all(|(x, y)| x.to_bits() == y.to_bits()),
                        "{a} × {b}"
                    );
                    // In pieces: rows 0..2, 2..3, 3..7.
                    let mut pieces = Vec::new();
                    for r in [0..2, 2..3, 3..7] {
                        pieces
                            .extend(loss_landscape_rows(&net, &s, a, Some(b), n, 0.8, r).unwrap());
                    }
                    assert!(
                        pieces
                            .iter()
                            .zip(&want)
                            .all(|(x, y)| x.to_bits() == y.to_bits()),
                        "{a} × {b} in rows"
                    );
                }
            }
        }
    }
}
