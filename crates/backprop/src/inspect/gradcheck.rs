//! Gradient checking: the numerical gradient by central differences against backprop's, for
//! every parameter. The five-point central difference
//! `∂L/∂p ≈ (−L(p+2ε) + 8L(p+ε) − 8L(p−ε) + L(p−2ε)) / 12ε`
//! has truncation error O(ε⁴) instead of the two-point rule's O(ε²), so ε can be large enough
//! (1e−4) that round-off stays near 1e−12 — needed to show agreement to 1e−6 on deep nets.

use ndarray::Array2;
use serde::Serialize;

use crate::error::Result;
use crate::training::network::Network;

/// The step ε used by [`gradient_check`].
pub const EPSILON: f64 = 1e-4;

/// One parameter's two gradients.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ParamCheck {
    /// e.g. `W1[0][2]`.
    pub name: String,
    pub analytic: f64,
    pub numerical: f64,
    pub relative_error: f64,
}

/// The whole check.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GradCheck {
    pub params: Vec<ParamCheck>,
    pub max_relative_error: f64,
    /// Forward passes the numerical gradient needed (four per parameter).
    pub forward_passes: usize,
    /// Backward passes backprop needed (one).
    pub backward_passes: usize,
}

/// Below this magnitude a gradient is compared absolutely (see [`relative_error`]).
pub const FLOOR: f64 = 1e-4;

/// `|a − n| / max(|a| + |n|, FLOOR)`.
///
/// The central difference carries round-off of about `ε_mach·|L| / ε ≈ 1e−11` whatever the
/// gradient's size, so a gradient of 1e−9 (deep sigmoid nets have many) cannot be matched
/// to 1e−6 *relatively* by any numerical method. Below [`FLOOR`] the measure therefore
/// becomes the absolute error divided by `FLOOR`; above it, it is the true relative error.
pub fn relative_error(a: f64, n: f64) -> f64 {
    (a - n).abs() / (a.abs() + n.abs()).max(FLOOR)
}

/// Compares backprop's gradient of the mean loss on (x, t) — rows × features and
/// rows × outputs — with central differences, for every parameter of `network` (left
/// untouched).
///
/// Fails if a parameter cannot be moved by ±2ε (it is not finite, or so close to
/// ±[`crate::training::network::MAX_PARAM`] that the step leaves the allowed range): the
/// numerical gradient does not exist there.
pub fn gradient_check(network: &Network, x: &Array2<f64>, t: &Array2<f64>) -> Result<GradCheck> {
    let mut net = network.clone();
    net.forward(x, t);
    net.backward();
    let ids = net.parameter_ids();
    let mut params = Vec::with_capacity(ids.len());
    let mut max = 0.0f64;
    for id in &ids {
        let analytic = net.grad(*id)?;
        let p = net.param(*id)?;
        let mut loss_at = |k: f64| -> Result<f64> {
            net.set_param(*id, p + k * EPSILON)?;
            Ok(net.forward(x, t))
        };
        let numerical = (-loss_at(2.0)? + 8.0 * loss_at(1.0)? - 8.0 * loss_at(-1.0)?
            + loss_at(-2.0)?)
            / (12.0 * EPSILON);
        net.set_param(*id, p)?;
        let relative_error = relative_error(analytic, numerical);
        if relative_error.is_nan() || relative_error > max {
            max = relative_error; // NaN propagates
        }
        params.push(ParamCheck {
            name: id.to_string(),
            analytic,
            numerical,
            relative_error,
        });
    }
    Ok(GradCheck {
        params,
        max_relative_error: max,
        forward_passes: 4 * ids.len(),
        backward_passes: 1,
    })
}
