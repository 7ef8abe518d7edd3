//! Named numerical-stability regressions: extreme inputs give no NaN or ∞.

use backprop::layers::loss::softmax;
use backprop::{Activation, LossLayer, Output};
use ndarray::array;

#[test]
fn softmax_of_logits_1000_0_does_not_overflow() {
    let y = softmax(array![[1000.0, 0.0]]);
    assert!(y.iter().all(|v| v.is_finite()), "{y:?}");
    assert_eq!(y[[0, 0]], 1.0);
    assert!(y[[0, 1]] >= 0.0 && y[[0, 1]] < 1e-300);
}

#[test]
fn softmax_with_loss_on_huge_wrong_logits_is_finite() {
    // ln y₁ = u₁ − logsumexp(u) = −1000 exactly, where a naive log(softmax) gives −∞.
    let mut l = LossLayer::new(Output::Softmax);
    let loss = l.forward(&array![[1000.0, 0.0]], &array![[0.0, 1.0]]);
    assert!((loss - 1000.0).abs() < 1e-9, "loss {loss}");
    assert!(l.backward().iter().all(|v| v.is_finite()));
}

#[test]
fn sigmoid_of_minus_800_does_not_overflow() {
    let z = Activation::Sigmoid.apply(-800.0);
    assert!(z.is_finite() && (0.0..1e-300).contains(&z), "{z}");
    assert_eq!(Activation::Sigmoid.apply(800.0), 1.0);
    assert!(Activation::Sigmoid.derivative_from_output(z).is_finite());
}

#[test]
fn tanh_of_plus_minus_800_saturates() {
    assert_eq!(Activation::Tanh.apply(800.0), 1.0);
    assert_eq!(Activation::Tanh.apply(-800.0), -1.0);
    assert_eq!(Activation::Tanh.derivative_from_output(1.0), 0.0);
}
