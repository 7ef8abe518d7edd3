//! The `f32` display grid (the boundary at full resolution) against the exact `f64` grid: for
//! every activation, 2, 3 and 4 classes and regression, several feature sets and depths, after
//! some training, every cell's output agrees to display precision (far below a pixel's 1/255),
//! and the picture the page paints from it — the class, the colour index — is the same.

use backprop::data::grid::{DisplayGrid, Grid};
use backprop::{Activation, Config, DatasetKind, Feature, Hyper, Session};

fn session(kind: DatasetKind, hidden: &[usize], act: Activation, features: &[Feature]) -> Session {
    let mut s = Session::new(Config {
        dataset: kind,
        points: 200,
        noise: 0.1,
        train_ratio: 0.5,
        seed: 7,
        features: features.to_vec(),
        hidden: hidden.to_vec(),
        activation: act,
        hyper: Hyper {
            learning_rate: 0.03,
            batch_size: 10,
            ..Hyper::default()
        },
    })
    .unwrap();
    for _ in 0..60 {
        s.train_epoch();
    }
    s
}

/// The page's colour index of a value in [−1, 1] (draw.js `divergingIndex`).
fn index(v: f64) -> i32 {
    (((v + 1.0) * 127.5) as i32).clamp(0, 255)
}

#[test]
fn display_grid_matches_the_exact_grid() {
    use Feature::*;
    let cases: Vec<(DatasetKind, Vec<usize>, Activation, Vec<Feature>)> = vec![
        (
            DatasetKind::Spiral,
            vec![8; 6],
            Activation::Tanh,
            vec![X1, X2],
        ),
        (
            DatasetKind::Spiral,
            vec![8, 8],
            Activation::Tanh,
            vec![X1, X2],
        ),
        (
            DatasetKind::Xor,
            vec![4, 3],
            Activation::Sigmoid,
            vec![X1, X2, X1X2],
        ),
        (
            DatasetKind::Circle,
            vec![5],
            Activation::Relu,
            vec![X1, X2, X1Squared, X2Squared],
        ),
        (DatasetKind::Gauss, vec![], Activation::Linear, vec![X1, X2]),
        (
            DatasetKind::Spiral3,
            vec![8, 8, 8],
            Activation::Tanh,
            vec![X1, X2, SinX1, SinX2],
        ),
        (
            DatasetKind::Blobs4,
            vec![7, 6],
            Activation::Relu,
            vec![X1, X2],
        ),
        (DatasetKind::Plane, vec![3], Activation::Tanh, vec![X1, X2]),
        (
            DatasetKind::Bumps,
            vec![8, 8],
            Activation::Relu,
            vec![X1, X2, X1Squared, X2Squared, X1X2, SinX1, SinX2],
        ),
    ];
    for (kind, hidden, act, features) in cases {
        let s = session(kind, &hidden, act, &features);
        let net = s.network();
        for size in [1, 2, 5, 7, 45, 66, 97, 360] {
            let mut exact = Grid::new(size, net.features());
            let e = exact.evaluate(net).output.clone();
            let mut display = DisplayGrid::new(size);
            let d = display.evaluate_exact(net).to_vec();
            let k = net.outputs();
            assert_eq!(d.len(), size * size * k);
            let what = format!("{kind} {hidden:?} {act} size {size}");
            let mut worst = 0.0f64;
            let mut colours = 0;
            for (i, row) in e.rows().into_iter().enumerate() {
                let dr = &d[i * k..(i + 1) * k];
                for (&x, &y) in row.iter().zip(dr) {
                    worst = worst.max((x - y as f64).abs() / x.abs().max(1.0));
                }
                // What the page paints: p1 − p0 for two classes, the value for regression.
                let (ex, dx) = match k {
                    1 => (row[0], dr[0] as f64),
                    2 => (row[1] - row[0], (dr[1] - dr[0]) as f64),
                    _ => (0.0, 0.0),
                };
                colours += ((index(ex) - index(dx)).abs() > 1) as usize;
                // The predicted class is the same wherever the exact one is clear.
                if k > 2 {
                    let best = |v: &[f64]| (0..k).fold(0, |b, j| if v[j] > v[b] { j } else { b });
                    let er: Vec<f64> = row.to_vec();
                    let drr: Vec<f64> = dr.iter().map(|&v| v as f64).collect();
                    let mut sorted = er.clone();
                    sorted.sort_by(|a, b| b.total_cmp(a));
                    if sorted[0] - sorted[1] > 1e-4 {
                        assert_eq!(best(&er), best(&drr), "{what}: class at cell {i}");
                    }
                }
            }
            assert!(worst < 2e-5, "{what}: worst relative difference {worst}");
            assert_eq!(colours, 0, "{what}: cells a colour step apart");
            // A fresh grid: no cell may keep a value from another pass.
            adaptive_matches(&what, net, &e, &mut DisplayGrid::new(size));
        }
    }
}

#[test]
fn display_grid_follows_feature_and_shape_changes() {
    use Feature::*;
    let a = session(DatasetKind::Spiral, &[8, 8], Activation::Tanh, &[X1, X2]);
    let b = session(
        DatasetKind::Spiral3,
        &[3],
        Activation::Relu,
        &[X1, X2, X1X2],
    );
    let mut g = DisplayGrid::new(33);
    for s in [&a, &b, &a] {
        let net = s.network();
        let d = g.evaluate_exact(net).to_vec();
        let e = Grid::new(33, net.features()).evaluate(net).output.clone();
        assert_eq!(d.len(), e.len());
        for (x, y) in e.iter().zip(&d) {
            assert!((x - *y as f64).abs() < 2e-5);
        }
    }
    assert_eq!(DisplayGrid::new(0).size(), 1);
    assert_eq!(
        DisplayGrid::new(100_000).size(),
        backprop::data::grid::MAX_DISPLAY
    );
}

/// The picture the page draws (flat tiles interpolated from their corners) against the exact
/// grid: every cell within 2·FLAT in every output, and the colour the page paints at most two
/// steps of 255 away.
fn adaptive_matches(
    what: &str,
    net: &backprop::Network,
    exact: &ndarray::Array2<f64>,
    display: &mut DisplayGrid,
) {
    let k = net.outputs();
    let d = display.evaluate(net).to_vec();
    let (refined, tiles) = display.refined();
    let mut worst = 0.0f64;
    let mut steps = 0;
    for (i, row) in exact.rows().into_iter().enumerate() {
        let dr = &d[i * k..(i + 1) * k];
        for (&x, &y) in row.iter().zip(dr) {
            worst = worst.max((x - y as f64).abs());
        }
        let (ex, dx) = match k {
            1 => (row[0], dr[0] as f64),
            2 => (row[1] - row[0], (dr[1] - dr[0]) as f64),
            _ => (0.0, 0.0),
        };
        steps = steps.max((index(ex) - index(dx)).abs());
    }
    assert!(refined <= tiles, "{what}: {refined} of {tiles} tiles");
    assert!(
        worst <= 2.0 * backprop::data::grid::FLAT as f64,
        "{what}: adaptive worst {worst}"
    );
    assert!(steps <= 2, "{what}: adaptive colour steps {steps}");
}
