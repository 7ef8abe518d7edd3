//! One sample through the network as the article draws it: every layer opened into its
//! primitive nodes, each with its forward value and the gradient ∂L/∂(its output), computed
//! node by node with each node's own local rule — so the chain rule is visible, not assumed.
//!
//! | layer | nodes, left to right | article |
//! |---|---|---|
//! | Affine | dot `x·W` (a multiply node), add `+ b` | §3.1 |
//! | Sigmoid | ×(−1), exp, +1, 1/x | §3.2.1 |
//! | ReLU | the mask | §3.2.2 |
//! | Tanh | ×2, exp, +1, 1/x, ×(−2), +1 (`tanh u = 1 − 2/(e^{2u} + 1)`) | |
//! | Softmax-with-Loss | exp, sum, 1/x, ×, log, ×t, sum, ×(−1) | §3.3 |
//! | MSE | +(−t), square, sum, ×½ | |
//!
//! The backward pass here multiplies local derivatives one node at a time; tests check that
//! it meets the layer-level backward ([`crate::inspect::trace`]) at every layer boundary.

use serde::Serialize;

use crate::data::features::transform;
use crate::layers::activation::Activation;
use crate::layers::loss::Output;
use crate::training::network::Network;
use crate::training::train::targets;

/// A primitive node: its kind, what it combines its input with, its output and ∂L/∂output.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// `dot`, `add`, `mul`, `neg`, `exp`, `recip`, `log`, `sum`, `relu`, `square`, `identity`.
    pub kind: &'static str,
    /// The other input, when there is one: `W1`, `b1`, `1`, `2`, `−2`, `t`, `−t`, `½`, or `×`
    /// for the product of two branches (softmax's `exp · 1/Σ`).
    pub operand: Option<String>,
    /// The node's output.
    pub value: Vec<f64>,
    /// `∂L/∂value`.
    pub grad: Vec<f64>,
    /// Whether the output is one number (a sum, 1/Σ, the loss) rather than a vector.
    pub scalar: bool,
    /// For `dot` and `add` of an Affine layer: the parameter's gradient (`dW = xᵀ·δ`, rows =
    /// inputs; `db = δ` as one row).
    pub param_grad: Option<Vec<Vec<f64>>>,
    /// The gradient this node sends back along the arrow from what precedes it (the node
    /// before it, or the stage's input): ∂L/∂(its input) *through this node only*. Where a
    /// value feeds several nodes (softmax's `e` feeds Σ and ×), each arrow carries its own
    /// share, and the feeding node's `grad` is their sum.
    pub input_grad: Vec<f64>,
    /// The other input drawn as an arrow into the node, when there is one: `W` (rows =
    /// inputs), `b`, `t` or `−t` as one row, or for softmax's product `y = e · 1/Σ` the `e`
    /// that comes straight from the exp node. (Constants such as `+1` or `×2` have none.)
    pub operand_value: Option<Vec<Vec<f64>>>,
    /// The gradient along that arrow: `dW`, `db`, ∂L/∂t, or the × branch's share of ∂L/∂e.
    pub operand_grad: Option<Vec<Vec<f64>>>,
}

/// A layer-level stage of the graph (Affine, an activation, or the loss) and its nodes.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Stage {
    /// `affine`, `relu`, `tanh`, `sigmoid`, `linear` or `loss`.
    pub kind: &'static str,
    /// The Affine layer's number (1-based) that this stage belongs to.
    pub layer: usize,
    /// For the loss: `softmax` or `mse`.
    pub output: Option<&'static str>,
    pub input: Vec<f64>,
    /// `∂L/∂input`, as the stage's first node passes it back.
    pub input_grad: Vec<f64>,
    /// The stage's output (`u`, `z`, or `[L]`).
    pub value: Vec<f64>,
    /// `∂L/∂value` (for the loss: `[1]`).
    pub grad: Vec<f64>,
    pub nodes: Vec<Node>,
}

/// The whole graph for one sample.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PrimitiveTrace {
    pub x: Vec<f64>,
    pub t: Vec<f64>,
    /// The network's output (probabilities, or the value).
    pub y: Vec<f64>,
    pub loss: f64,
    /// `∂L/∂x`.
    pub dx: Vec<f64>,
    pub stages: Vec<Stage>,
}

fn map(v: &[f64], f: impl Fn(f64) -> f64) -> Vec<f64> {
    v.iter().map(|&a| f(a)).collect()
}

fn zip(a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64) -> Vec<f64> {
    a.iter().zip(b).map(|(&a, &b)| f(a, b)).collect()
}

/// Nodes being built forward; their gradients are filled in by the backward walk.
struct Chain {
    nodes: Vec<Node>,
}

impl Chain {
    fn new() -> Chain {
        Chain { nodes: Vec::new() }
    }

    fn push(&mut self, kind: &'static str, operand: Option<&str>, value: Vec<f64>) -> Vec<f64> {
        let scalar =
            matches!(kind, "sum") || (kind == "recip" && value.len() == 1 && self.last_is_sum());
        self.nodes.push(Node {
            kind,
            operand: operand.map(str::to_string),
            value: value.clone(),
            grad: Vec::new(),
            scalar,
            param_grad: None,
            input_grad: Vec::new(),
            operand_value: None,
            operand_grad: None,
        });
        value
    }

    /// The last node's other input, drawn as an arrow into it.
    fn operand(&mut self, value: Vec<Vec<f64>>) {
        if let Some(n) = self.nodes.last_mut() {
            n.operand_value = Some(value);
        }
    }

    fn last_is_sum(&self) -> bool {
        self.nodes.last().is_some_and(|n| n.kind == "sum")
    }
}

/// Traces `point` with `label` (class index or value) through `network` (left untouched),
/// opening every layer into its primitive nodes.
pub fn primitive_trace(network: &Network, point: [f64; 2], label: f64) -> PrimitiveTrace {
    let x = transform(network.features(), &[point]).row(0).to_vec();
    let t = targets(network.task(), &[label]).row(0).to_vec();
    let layers = network.layers();
    let last = layers.len() - 1;

    // ---- forward, stage by stage
    let mut stages: Vec<Stage> = Vec::new();
    let mut input = x.clone();
    for (l, layer) in layers.iter().enumerate() {
        let (rows, cols) = layer.w.dim();
        let dot: Vec<f64> = (0..cols)
            .map(|j| (0..rows).map(|i| input[i] * layer.w[[i, j]]).sum())
            .collect();
        let u = zip(
            &dot,
            layer.b.as_slice().unwrap_or(&layer.b.to_vec()),
            |a, b| a + b,
        );
        let mut chain = Chain::new();
        chain.push("dot", Some(&format!("W{}", l + 1)), dot);
        chain.operand(layer.w.rows().into_iter().map(|r| r.to_vec()).collect());
        chain.push("add", Some(&format!("b{}", l + 1)), u.clone());
        chain.operand(vec![layer.b.to_vec()]);
        stages.push(stage(
            "affine",
            l + 1,
            None,
            input.clone(),
            u.clone(),
            chain,
        ));
        if l < last {
            let (kind, z, chain) = activation_forward(network.activation(), &u);
            stages.push(stage(kind, l + 1, None, u, z.clone(), chain));
            input = z;
        } else {
            let chain = loss_forward(network.output(), &u, &t);
            let loss = chain.nodes.last().map_or(f64::NAN, |n| n.value[0]);
            stages.push(stage(
                "loss",
                l + 1,
                Some(output_name(network.output())),
                u,
                vec![loss],
                chain,
            ));
        }
    }

    // ---- backward, stage by stage from the loss, node by node within each stage
    let mut grad = vec![1.0]; // ∂L/∂L
    for s in stages.iter_mut().rev() {
        s.grad = grad.clone();
        let input_grad = match s.kind {
            "affine" => affine_backward(s, &layers[s.layer - 1].w, &grad),
            "loss" => loss_backward(s, &t),
            _ => activation_backward(s, &grad),
        };
        s.input_grad = input_grad.clone();
        grad = input_grad;
    }
    let loss_stage = stages.last().expect("a network has an output layer");
    let y = match loss_stage.output {
        Some("softmax") => loss_stage.nodes[3].value.clone(),
        _ => loss_stage.input.clone(),
    };
    PrimitiveTrace {
        loss: loss_stage.value[0],
        y,
        dx: grad,
        x,
        t,
        stages,
    }
}

fn output_name(output: Output) -> &'static str {
    match output {
        Output::Softmax => "softmax",
        Output::Linear => "mse",
    }
}

fn stage(
    kind: &'static str,
    layer: usize,
    output: Option<&'static str>,
    input: Vec<f64>,
    value: Vec<f64>,
    chain: Chain,
) -> Stage {
    Stage {
        kind,
        layer,
        output,
        input,
        input_grad: Vec::new(),
        value,
        grad: Vec::new(),
        nodes: chain.nodes,
    }
}

fn activation_forward(act: Activation, u: &[f64]) -> (&'static str, Vec<f64>, Chain) {
    let mut c = Chain::new();
    let (kind, z) = match act {
        Activation::Relu => ("relu", c.push("relu", None, map(u, |a| a.max(0.0)))),
        Activation::Linear => ("linear", c.push("identity", None, u.to_vec())),
        Activation::Sigmoid => {
            // σ(u) = 1 / (1 + exp(−u)), §3.2.1
            let n = c.push("neg", Some("−1"), map(u, |a| -a));
            let e = c.push("exp", None, map(&n, f64::exp));
            let p = c.push("add", Some("1"), map(&e, |a| a + 1.0));
            ("sigmoid", c.push("recip", None, map(&p, |a| 1.0 / a)))
        }
        Activation::Tanh => {
            // tanh u = 1 − 2 / (exp(2u) + 1)
            let d = c.push("mul", Some("2"), map(u, |a| 2.0 * a));
            let e = c.push("exp", None, map(&d, f64::exp));
            let p = c.push("add", Some("1"), map(&e, |a| a + 1.0));
            let r = c.push("recip", None, map(&p, |a| 1.0 / a));
            let m = c.push("mul", Some("−2"), map(&r, |a| -2.0 * a));
            ("tanh", c.push("add", Some("1"), map(&m, |a| a + 1.0)))
        }
    };
    (kind, z, c)
}

/// Walks an activation's nodes backward from `grad` = ∂L/∂z; returns ∂L/∂u.
fn activation_backward(s: &mut Stage, grad: &[f64]) -> Vec<f64> {
    let u = s.input.clone();
    let mut g = grad.to_vec();
    for i in (0..s.nodes.len()).rev() {
        s.nodes[i].grad = g.clone();
        let input: &[f64] = if i == 0 { &u } else { &s.nodes[i - 1].value };
        let node = &s.nodes[i];
        g = match (node.kind, node.operand.as_deref()) {
            // add passes the gradient on unchanged
            ("add", _) | ("identity", _) => g,
            // ×c sends c times the gradient
            ("neg", _) => map(&g, |a| -a),
            ("mul", Some("2")) => map(&g, |a| 2.0 * a),
            ("mul", _) => map(&g, |a| -2.0 * a),
            // exp passes exp(x), its own output (a gradient of 0 stays 0 where exp(x)
            // overflowed: the true product, e^{2u}·(1/(e^{2u}+1))², is below f64's range)
            ("exp", _) => zip(&g, &node.value, |a, e| if a == 0.0 { 0.0 } else { a * e }),
            // 1/x passes −y²
            ("recip", _) => zip(&g, &node.value, |a, y| a * -(y * y)),
            // ReLU passes where its input was > 0
            ("relu", _) => zip(&g, input, |a, x| if x > 0.0 { a } else { 0.0 }),
            _ => unreachable!("activation nodes are add, identity, neg, mul, exp, recip, relu"),
        };
        s.nodes[i].input_grad = g.clone();
    }
    g
}

/// Above this |max u| the softmax's exponentials are taken of u − max u (e^709.8 overflows
/// f64, e^−745 underflows; a few classes summed stay in range below 700).
const SHIFT_ABOVE: f64 = 700.0;

fn loss_forward(output: Output, u: &[f64], t: &[f64]) -> Chain {
    let mut c = Chain::new();
    match output {
        Output::Softmax => {
            // y = exp(u) · 1/Σexp(u); L = −Σ t·ln y   (§3.3.1). The logits as they are, unless
            // e^u would overflow (or every e^u underflow): then exp takes u − max u, as the
            // article's code always does (オーバーフロー対策); y is the same.
            let top = u
                .iter()
                .fold(f64::NEG_INFINITY, |m, &v| if v > m { v } else { m });
            let shift = if top.abs() > SHIFT_ABOVE { top } else { 0.0 };
            let e = c.push(
                "exp",
                (shift != 0.0).then_some("−max"),
                map(u, |a| (a - shift).exp()),
            );
            let s = c.push("sum", None, vec![e.iter().sum()]);
            let r = c.push("recip", None, vec![1.0 / s[0]]);
            c.nodes.last_mut().expect("pushed").scalar = true;
            let y = c.push("mul", Some("×"), map(&e, |a| a * r[0]));
            c.operand(vec![e.clone()]);
            // ln y; where y underflowed to 0, its exact value u − max − ln Σ (finite)
            let ln_sum = s[0].ln();
            let ln: Vec<f64> = y
                .iter()
                .zip(u)
                .map(|(&y, &u)| if y > 0.0 { y.ln() } else { u - shift - ln_sum })
                .collect();
            let ln = c.push("log", None, ln);
            // t·ln y, with 0·ln 0 = 0 (a class the sample is not)
            let m = c.push(
                "mul",
                Some("t"),
                zip(&ln, t, |a, b| if b == 0.0 { 0.0 } else { a * b }),
            );
            c.operand(vec![t.to_vec()]);
            let s2 = c.push("sum", None, vec![m.iter().sum()]);
            c.push("neg", Some("−1"), vec![-s2[0]]);
        }
        Output::Linear => {
            // L = ½ Σ (y − t)², y = u
            let d = c.push("add", Some("−t"), zip(u, t, |a, b| a - b));
            c.operand(vec![map(t, |v| -v)]);
            let sq = c.push("square", None, map(&d, |a| a * a));
            let s = c.push("sum", None, vec![sq.iter().sum()]);
            c.push("mul", Some("½"), vec![0.5 * s[0]]);
        }
    }
    if let Some(n) = c.nodes.last_mut() {
        n.scalar = true;
    }
    c
}

/// Walks the loss's nodes backward from ∂L/∂L = 1; returns ∂L/∂u. Each node also records
/// what it sends back along each arrow into it (`input_grad`, `operand_grad`).
fn loss_backward(s: &mut Stage, t: &[f64]) -> Vec<f64> {
    let n = &mut s.nodes;
    n.last_mut().expect("a loss has nodes").grad = vec![1.0];
    if s.output == Some("softmax") {
        // neg → sum: ∂L/∂s2 = −1; sum copies it to every t·ln y
        n[7].input_grad = vec![-n[7].grad[0]];
        n[6].grad = n[7].input_grad.clone();
        n[6].input_grad = vec![n[6].grad[0]; t.len()];
        n[5].grad = n[6].input_grad.clone();
        // ×t sends t times the gradient to ln y (and ln y times it to t)
        n[5].input_grad = zip(&n[5].grad, t, |g, t| g * t);
        n[5].operand_grad = Some(vec![zip(&n[5].grad, &n[4].value, |g, l| g * l)]);
        n[4].grad = n[5].input_grad.clone();
        // log passes 1/x: ∂L/∂y = g / y (0 where the gradient is 0, even if y underflowed)
        n[4].input_grad = zip(
            &n[4].grad,
            &n[3].value,
            |g, y| if g == 0.0 { 0.0 } else { g / y },
        );
        n[3].grad = n[4].input_grad.clone();
        // y = e · r (a multiply node, inputs flipped): along the arrow from 1/x,
        // ∂L/∂r = Σ ∂L/∂y · e; along the arrow from exp, ∂L/∂e (this branch) = ∂L/∂y · r.
        // Where y underflowed (∂L/∂y = −∞ meets e = 0), the product's exact value:
        // Σ −t·e/y = −Σt/r.
        let dr: f64 = n[3].grad.iter().zip(&n[0].value).map(|(g, e)| g * e).sum();
        let t_sum: f64 = t.iter().sum();
        let dr = if dr.is_nan() {
            -t_sum / n[2].value[0]
        } else {
            dr
        };
        let r = n[2].value[0];
        n[3].input_grad = vec![dr];
        n[3].operand_grad = Some(vec![n[3].grad.iter().map(|g| g * r).collect()]);
        n[2].grad = vec![dr];
        // 1/x passes −r² (taken as −(dr·r)·r: r² alone underflows where Σ is past 1e154,
        // while dr·r stays near 1)
        n[2].input_grad = vec![-(dr * r) * r];
        n[1].grad = n[2].input_grad.clone();
        // Σ passes its gradient on to every input (an add node)
        n[1].input_grad = vec![n[1].grad[0]; n[0].value.len()];
        // e feeds both Σ and ×: the two gradients that come back add up (§3.3.2)
        let to_mul = n[3].operand_grad.as_ref().map_or(&[][..], |g| &g[0][..]);
        n[0].grad = zip(&n[1].input_grad, to_mul, |a, b| a + b);
        // exp passes exp(u), its output: ∂L/∂u = y − t (where ∂L/∂e = −∞ met e = 0, the
        // product's exact value y·Σt − t)
        let du = zip(&n[0].grad, &n[0].value, |g, e| g * e);
        let y = n[3].value.clone();
        let du: Vec<f64> = du
            .iter()
            .zip(y.iter().zip(t))
            .map(|(&d, (&y, &t))| if d.is_nan() { y * t_sum - t } else { d })
            .collect();
        n[0].input_grad = du.clone();
        du
    } else {
        // ×½ → sum copies → square passes 2x → add (−t) passes on, to u and to −t alike
        n[3].input_grad = vec![0.5 * n[3].grad[0]];
        n[2].grad = n[3].input_grad.clone();
        n[2].input_grad = vec![n[2].grad[0]; n[1].value.len()];
        n[1].grad = n[2].input_grad.clone();
        n[1].input_grad = zip(&n[1].grad, &n[0].value, |g, d| g * 2.0 * d);
        n[0].grad = n[1].input_grad.clone();
        n[0].input_grad = n[0].grad.clone();
        n[0].operand_grad = Some(vec![n[0].grad.clone()]);
        n[0].grad.clone()
    }
}

/// Walks an Affine stage back: add passes δ to `x·W` and to b; the dot (multiply) node flips
/// its inputs: dW = xᵀ·δ, dx = δ·Wᵀ. Returns dx.
fn affine_backward(s: &mut Stage, w: &ndarray::Array2<f64>, delta: &[f64]) -> Vec<f64> {
    let (rows, cols) = w.dim();
    s.nodes[1].grad = delta.to_vec();
    s.nodes[1].param_grad = Some(vec![delta.to_vec()]);
    s.nodes[1].operand_grad = s.nodes[1].param_grad.clone();
    s.nodes[1].input_grad = delta.to_vec();
    s.nodes[0].grad = delta.to_vec();
    s.nodes[0].param_grad = Some(
        (0..rows)
            .map(|i| (0..cols).map(|j| s.input[i] * delta[j]).collect())
            .collect(),
    );
    s.nodes[0].operand_grad = s.nodes[0].param_grad.clone();
    let dx: Vec<f64> = (0..rows)
        .map(|i| (0..cols).map(|j| delta[j] * w[[i, j]]).sum())
        .collect();
    s.nodes[0].input_grad = dx.clone();
    dx
}

/// The article's first computation graph (§2.2): `t = x + y`, `z = t²`, with every value and
/// the chain rule's gradients: ∂z/∂t = 2t, and the add node passes it on, ∂z/∂x = ∂z/∂y = 2t·1.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WarmUp {
    pub x: f64,
    pub y: f64,
    /// The add node's output.
    pub t: f64,
    /// The square node's output.
    pub z: f64,
    /// `∂z/∂t = 2t` (the square node's local derivative).
    pub dz_dt: f64,
    /// `∂z/∂x = ∂z/∂t · ∂t/∂x = 2t · 1`.
    pub dz_dx: f64,
    /// `∂z/∂y = 2t · 1`.
    pub dz_dy: f64,
}

/// Forward and backward through the warm-up graph.
pub fn warm_up(x: f64, y: f64) -> WarmUp {
    let t = x + y;
    let dz_dt = 2.0 * t;
    WarmUp {
        x,
        y,
        t,
        z: t * t,
        dz_dt,
        dz_dx: dz_dt * 1.0,
        dz_dy: dz_dt * 1.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inspect::trace::trace;
    use crate::{Feature, NetworkSpec, Rng64, Task};
    use rand::{RngExt, SeedableRng};

    fn close(a: &[f64], b: &[f64], what: &str) {
        assert_eq!(a.len(), b.len(), "{what}: lengths");
        for (i, (x, y)) in a.iter().zip(b).enumerate() {
            let tol = 1e-12 * x.abs().max(y.abs()).max(1.0);
            assert!((x - y).abs() <= tol, "{what}[{i}]: {x} vs {y}");
        }
    }

    fn article() -> Network {
        let a = crate::article::network();
        a.expect("the article's network is valid")
    }

    #[test]
    fn the_warm_up_is_the_chain_rule() {
        let w = warm_up(1.0, 2.0);
        assert_eq!((w.t, w.z), (3.0, 9.0)); // t = x + y, z = t²
        assert_eq!((w.dz_dt, w.dz_dx, w.dz_dy), (6.0, 6.0, 6.0)); // 2t, 2t·1, 2t·1
        // The numerical derivative agrees: (z(x + h) − z(x − h)) / 2h.
        let h = 1e-6;
        let num = (warm_up(1.0 + h, 2.0).z - warm_up(1.0 - h, 2.0).z) / (2.0 * h);
        assert!((num - w.dz_dx).abs() < 1e-6);
    }

    #[test]
    fn the_articles_example_on_every_node() {
        let net = article();
        let p = primitive_trace(&net, [5.0, 1.0], 1.0);
        let kinds: Vec<_> = p.stages.iter().map(|s| s.kind).collect();
        assert_eq!(kinds, ["affine", "relu", "affine", "loss"]);
        close(&p.stages[0].nodes[0].value, &[0.7, 1.9, 3.1], "x·W1"); // 5·0.1 + 1·0.2, …
        close(&p.stages[0].value, &[0.8, 2.1, 3.4], "u1 = x·W1 + b1");
        close(&p.stages[1].value, &[0.8, 2.1, 3.4], "z1 = relu(u1)");
        close(&p.stages[2].value, &[1.62, 3.61], "u2");
        let loss = &p.stages[3];
        let (e1, e2) = (1.62f64.exp(), 3.61f64.exp());
        close(&loss.nodes[0].value, &[e1, e2], "exp(u2)");
        close(&loss.nodes[1].value, &[e1 + e2], "Σ exp");
        close(
            &loss.nodes[3].value,
            &[0.12025686246775079, 0.8797431375322493],
            "y = softmax(u2)",
        );
        close(&[p.loss], &[0.12812530328571797], "L = −ln y₁");
        close(
            &loss.input_grad,
            &[0.12025686246775079, -0.12025686246775069],
            "δ2 = y − t",
        );
        close(
            &p.stages[1].grad,
            &[
                -0.03607705874032521,
                -0.03607705874032521,
                -0.03607705874032521,
            ],
            "∂L/∂z1 = δ2·W2ᵀ",
        );
        close(
            &p.stages[0].grad,
            &[-0.0360770587403252; 3],
            "δ1 = ∂L/∂z1 ⊙ relu′",
        );
        let dw1 = p.stages[0].nodes[0].param_grad.clone().expect("dot has dW");
        close(&dw1[0], &[-0.180385293701626; 3], "dW1 row 0 = 5·δ1");
        assert!(
            loss.nodes.last().expect("neg").scalar && loss.nodes[1].scalar && loss.nodes[2].scalar
        );
    }

    /// Asserts that every arrow of `p` carries its own share: each node's gradient is the sum
    /// of what the nodes it feeds send back along their arrows from it (the next node's, and
    /// for softmax's exp also the × node's), the first node sends back the stage's input
    /// gradient, and the stage's output gradient is what the next stage sends back.
    fn shares_add_up(p: &PrimitiveTrace, what: &str) {
        for (si, s) in p.stages.iter().enumerate() {
            let n = &s.nodes;
            close(
                &n[0].input_grad,
                &s.input_grad,
                &format!("{what}: stage {si} in"),
            );
            for i in 0..n.len() {
                let mut sum = match n.get(i + 1) {
                    Some(next) => next.input_grad.clone(),
                    None => match p.stages.get(si + 1) {
                        Some(next) => next.input_grad.clone(),
                        None => vec![1.0], // the loss itself: ∂L/∂L
                    },
                };
                if s.output == Some("softmax") && i == 0 {
                    let to_mul = &n[3].operand_grad.as_ref().expect("× takes e")[0];
                    sum = zip(&sum, to_mul, |a, b| a + b);
                }
                let same = n[i].grad.iter().zip(&sum).all(|(a, b)| a == b);
                if !same {
                    close(
                        &n[i].grad,
                        &sum,
                        &format!("{what}: stage {si} node {i} = Σ shares"),
                    );
                }
            }
        }
    }

    /// Where a value feeds several nodes each arrow carries its own share: at the article's
    /// softmax, e → Σ carries 1/S to both exponentials, e → × carries ∂L/∂y · 1/S = (0, −1/e₂),
    /// and ∂L/∂e is their sum — which times e is the layer-level δ2 = y − t.
    #[test]
    fn each_arrow_carries_its_own_share() {
        let net = article();
        let p = primitive_trace(&net, [5.0, 1.0], 1.0);
        shares_add_up(&p, "article");
        let soft = &p.stages[3].nodes;
        let (e1, e2) = (1.62f64.exp(), 3.61f64.exp());
        let s = e1 + e2;
        close(&soft[1].input_grad, &[1.0 / s, 1.0 / s], "e → Σ");
        let to_mul = &soft[3].operand_grad.as_ref().expect("e → ×")[0];
        close(to_mul, &[0.0, -1.0 / e2], "e → ×");
        close(
            &soft[0].grad,
            &[1.0 / s, 1.0 / s - 1.0 / e2],
            "∂L/∂e = Σ share + × share",
        );
        close(
            &soft[3].operand_value.as_ref().expect("e")[0],
            &[e1, e2],
            "e into ×",
        );
        close(&[soft[3].input_grad[0]], &[-s], "1/x → ×: ∂L/∂(1/S) = −S");
        let tr = trace(&net, [5.0, 1.0], 1.0);
        let delta = zip(&soft[0].grad, &soft[0].value, |g, e| g * e);
        close(&delta, &tr.layers[1].delta, "(Σ share + × share)·e = δ2");
        // The parameters' arrows carry dW and db; t's carries ∂L/∂t = −ln y.
        let aff = &p.stages[0].nodes;
        assert_eq!(aff[0].operand_grad, aff[0].param_grad);
        assert_eq!(
            aff[0].operand_value.as_ref().expect("W1")[0],
            crate::article::W1[0]
        );
        assert_eq!(
            aff[1].operand_value,
            Some(vec![crate::article::B1.to_vec()])
        );
        close(
            &soft[5].operand_grad.as_ref().expect("t")[0],
            &map(&p.y, |y| -y.ln()),
            "∂L/∂t",
        );
        // Along the chain, one consumer: the arrow's share is the whole gradient.
        close(
            &p.stages[1].nodes[0].input_grad,
            &tr.layers[0].delta,
            "ReLU → δ1",
        );
    }

    /// For every activation and both outputs on random networks (and on huge inputs, where
    /// the softmax shifts its exponentials), the shares add up at every node, and the arrows
    /// into each stage carry the layer-level backward's numbers to 1e-12.
    #[test]
    fn shares_add_up_everywhere() {
        let mut rng = Rng64::seed_from_u64(23);
        for act in [
            Activation::Relu,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Linear,
        ] {
            for task in [
                Task::Classification { classes: 3 },
                Task::Classification { classes: 2 },
                Task::Regression,
            ] {
                for hidden in [vec![], vec![3], vec![4, 2]] {
                    let spec = NetworkSpec {
                        features: vec![Feature::X1, Feature::X2],
                        hidden: hidden.clone(),
                        activation: act,
                        task,
                    };
                    let net = Network::new(&spec, &mut rng).expect("valid spec");
                    for point in [
                        [rng.random_range(-5.0..5.0), rng.random_range(-5.0..5.0)],
                        [1e4, 1.0],
                    ] {
                        let label = match task {
                            Task::Regression => rng.random_range(-1.0..1.0),
                            Task::Classification { classes } => rng.random_range(0..classes) as f64,
                        };
                        let what = format!("{act:?} {task:?} {hidden:?} {point:?}");
                        let p = primitive_trace(&net, point, label);
                        shares_add_up(&p, &what);
                        let tr = trace(&net, point, label);
                        for (l, lt) in tr.layers.iter().enumerate() {
                            let aff = p
                                .stages
                                .iter()
                                .find(|s| s.kind == "affine" && s.layer == l + 1)
                                .expect("affine stage");
                            let n = &aff.nodes;
                            close(
                                &n[1].input_grad,
                                &lt.delta,
                                &format!("{what}: → b{}", l + 1),
                            );
                            let dw = n[0].operand_grad.clone().expect("dW").concat();
                            close(&dw, &lt.dw.concat(), &format!("{what}: W{} arrow", l + 1));
                            let db = n[1].operand_grad.clone().expect("db");
                            close(&db[0], &lt.db, &format!("{what}: b{} arrow", l + 1));
                        }
                        close(
                            &p.stages[0].nodes[0].input_grad,
                            &tr.dx,
                            &format!("{what}: x"),
                        );
                    }
                }
            }
        }
    }

    /// Huge inputs (a learner types x₁ = 10000): no NaN anywhere in the chain, and it still
    /// meets the layer-level backward — the softmax takes its exponentials of u − max u when
    /// e^u would overflow (the article's own overflow guard), 0·ln 0 counts as 0, and a node
    /// whose gradient is 0 passes 0 even where its local derivative overflowed.
    #[test]
    fn huge_inputs_give_no_nan() {
        let mut rng = Rng64::seed_from_u64(5);
        for act in [
            Activation::Relu,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Linear,
        ] {
            let spec = NetworkSpec {
                features: vec![Feature::X1, Feature::X2],
                hidden: vec![3, 2],
                activation: act,
                task: Task::Classification { classes: 3 },
            };
            let net = Network::new(&spec, &mut rng).expect("valid spec");
            for point in [[1e4, 1.0], [-1e4, 3.0], [1e6, -1e6], [5.0, 1.0]] {
                for label in [0.0, 1.0, 2.0] {
                    let p = primitive_trace(&net, point, label);
                    let tr = trace(&net, point, label);
                    let what = format!("{act:?} {point:?} t={label}");
                    for s in &p.stages {
                        for n in &s.nodes {
                            assert!(
                                !n.value
                                    .iter()
                                    .chain(&n.grad)
                                    .chain(&n.input_grad)
                                    .chain(n.operand_grad.iter().flatten().flatten())
                                    .any(|v| v.is_nan()),
                                "{what}: a NaN at {} {:?}: {:?} / {:?}",
                                s.kind,
                                n.kind,
                                n.value,
                                n.grad
                            );
                        }
                    }
                    assert!(p.loss.is_finite(), "{what}: L = {}", p.loss);
                    close(&[p.loss], &[tr.loss], &format!("{what}: L"));
                    close(&p.y, &tr.y, &format!("{what}: y"));
                    close(&p.dx, &tr.dx, &format!("{what}: dx"));
                }
            }
        }
        // The article's sample keeps its exponentials as they are: e^1.62, e^3.61.
        let p = primitive_trace(&article(), [5.0, 1.0], 1.0);
        assert_eq!(p.stages[3].nodes[0].operand, None);
        let big = primitive_trace(&article(), [1e4, 1.0], 0.0);
        assert_eq!(big.stages[3].nodes[0].operand.as_deref(), Some("−max"));
    }

    /// For every activation and both outputs on random networks, the primitive chain meets
    /// the layer-level backward at every layer boundary.
    #[test]
    fn primitives_meet_the_layer_backward() {
        let mut rng = Rng64::seed_from_u64(11);
        for act in [
            Activation::Relu,
            Activation::Sigmoid,
            Activation::Tanh,
            Activation::Linear,
        ] {
            for task in [
                Task::Classification { classes: 3 },
                Task::Classification { classes: 2 },
                Task::Regression,
            ] {
                for hidden in [vec![], vec![3], vec![4, 2, 5]] {
                    let spec = NetworkSpec {
                        features: vec![Feature::X1, Feature::X2, Feature::SinX1],
                        hidden: hidden.clone(),
                        activation: act,
                        task,
                    };
                    let net = Network::new(&spec, &mut rng).expect("valid spec");
                    let point = [rng.random_range(-5.0..5.0), rng.random_range(-5.0..5.0)];
                    let label = match task {
                        Task::Regression => rng.random_range(-1.0..1.0),
                        Task::Classification { classes } => rng.random_range(0..classes) as f64,
                    };
                    let p = primitive_trace(&net, point, label);
                    let tr = trace(&net, point, label);
                    let what = format!("{act:?} {task:?} {hidden:?}");
                    close(&[p.loss], &[tr.loss], &format!("{what}: L"));
                    close(&p.y, &tr.y, &format!("{what}: y"));
                    close(&p.dx, &tr.dx, &format!("{what}: dx"));
                    for (l, lt) in tr.layers.iter().enumerate() {
                        let aff = p
                            .stages
                            .iter()
                            .find(|s| s.kind == "affine" && s.layer == l + 1)
                            .expect("affine stage");
                        close(&aff.value, &lt.u, &format!("{what}: u{}", l + 1));
                        close(&aff.grad, &lt.delta, &format!("{what}: δ{}", l + 1));
                        let dw: Vec<f64> = aff.nodes[0].param_grad.clone().expect("dW").concat();
                        close(&dw, &lt.dw.concat(), &format!("{what}: dW{}", l + 1));
                        close(
                            &aff.nodes[1].param_grad.clone().expect("db")[0],
                            &lt.db,
                            &format!("{what}: db{}", l + 1),
                        );
                        if !lt.dz.is_empty() {
                            let act_stage = p
                                .stages
                                .iter()
                                .find(|s| {
                                    s.kind != "affine" && s.kind != "loss" && s.layer == l + 1
                                })
                                .expect("activation stage");
                            close(&act_stage.value, &lt.z, &format!("{what}: z{}", l + 1));
                            close(&act_stage.grad, &lt.dz, &format!("{what}: dz{}", l + 1));
                            close(
                                &act_stage.input_grad,
                                &lt.delta,
                                &format!("{what}: δ{} through the nodes", l + 1),
                            );
                        }
                    }
                }
            }
        }
    }
}
