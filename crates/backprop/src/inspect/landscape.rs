//! The loss landscape around the current weights: the mean training loss as one or two
//! parameters move over a window while every other parameter stays — the surface gradient
//! descent walks on. The middle value is the loss at the current weights.

use crate::error::{Result, invalid};
use crate::training::network::{MAX_PARAM, Network, ParamId};
use crate::training::train::{Samples, evaluate};

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
    if n % 2 == 0 || !(1..=MAX_LANDSCAPE).contains(&n) {
        return invalid(format!(
            "n: expected an odd number from 1 to {MAX_LANDSCAPE}, got {n}"
        ));
    }
    if !(span.is_finite() && span > 0.0 && span <= MAX_PARAM) {
        return invalid(format!(
            "span: expected a number in (0, {MAX_PARAM:e}], got {span}"
        ));
    }
    if b == Some(a) {
        return invalid(format!(
            "{a} is chosen twice; pick two different parameters"
        ));
    }
    let va = network.param(a)?;
    let vb = b.map(|b| network.param(b)).transpose()?;
    let mut net = network.clone();
    let half = (n / 2) as f64;
    let at = |v: f64, i: usize| {
        let x = v + span * (i as f64 - half) / half.max(1.0);
        // Keep every value one a model may hold; the window is clipped at the limit.
        x.clamp(-MAX_PARAM, MAX_PARAM)
    };
    let rows = if b.is_some() { n } else { 1 };
    let mut out = Vec::with_capacity(rows * n);
    for i in 0..rows {
        if let (Some(b), Some(vb)) = (b, vb) {
            net.set_param(b, at(vb, i))?;
        }
        for j in 0..n {
            // The middle is exactly the current value (no rounding through the window).
            net.set_param(a, if j == n / 2 { va } else { at(va, j) })?;
            out.push(evaluate(&net, samples).loss);
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
    }
}
