//! Input features computed from a point (x1, x2), as in TF Playground.

use ndarray::Array2;

use crate::error::{Code, Error, Result};

/// One input feature.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Feature {
    X1,
    X2,
    X1Squared,
    X2Squared,
    X1X2,
    SinX1,
    SinX2,
}

impl Feature {
    #[inline]
    pub fn eval(self, [x1, x2]: [f64; 2]) -> f64 {
        match self {
            Feature::X1 => x1,
            Feature::X2 => x2,
            Feature::X1Squared => x1 * x1,
            Feature::X2Squared => x2 * x2,
            Feature::X1X2 => x1 * x2,
            Feature::SinX1 => x1.sin(),
            Feature::SinX2 => x2.sin(),
        }
    }
}

crate::names::named_enum!(Feature, "feature",
    X1 => "x1", X2 => "x2", X1Squared => "x1^2", X2Squared => "x2^2", X1X2 => "x1*x2",
    SinX1 => "sin(x1)", SinX2 => "sin(x2)");

/// The feature matrix (points × features) for the given points.
pub fn transform(features: &[Feature], points: &[[f64; 2]]) -> Array2<f64> {
    Array2::from_shape_fn((points.len(), features.len()), |(i, j)| {
        features[j].eval(points[i])
    })
}

/// Parses a comma-separated feature list such as `x1,x2,x1*x2`, rejecting duplicates and an
/// empty list.
pub fn parse_list(s: &str) -> Result<Vec<Feature>> {
    let mut out: Vec<Feature> = Vec::new();
    for name in s.split(',').map(str::trim).filter(|n| !n.is_empty()) {
        let f: Feature = name.parse()?;
        if out.contains(&f) {
            return Err(Error::new(Code::Twice).with("name", format!("feature {name}")));
        }
        out.push(f);
    }
    if out.is_empty() {
        return Err(Error::new(Code::NoFeature));
    }
    Ok(out)
}
