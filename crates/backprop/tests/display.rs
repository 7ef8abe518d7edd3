//! The `f32` display grids — the boundary at full resolution ([`DisplayGrid`]) and every
//! neuron's values ([`Grid`], the thumbnails and the hidden space) — against the exact `f64`
//! forward pass of the network: for every activation, 2, 3 and 4 classes and regression,
//! several feature sets and depths, after some training, every cell's values agree to display
//! precision (far below a pixel's 1/255), and the picture the page paints from them — the
//! class, the colour index — is the same.

use backprop::data::features::transform;
use backprop::display::boundary::DisplayGrid;
use backprop::display::grid::{Grid, grid_points};
use backprop::{Activation, Affine, Config, DatasetKind, Feature, Hyper, Network, Output, Session};
use ndarray::{Array1, Array2};

/// Every layer's exact `f64` values over a `size`² grid (hidden layers, then the output).
fn exact_layers(net: &Network, size: usize) -> Vec<Array2<f64>> {
    net.activations(&transform(net.features(), &grid_points(size)))
}

/// The exact `f64` output over a `size`² grid.
fn exact(net: &Network, size: usize) -> Array2<f64> {
    net.predict(&transform(net.features(), &grid_points(size)))
}

/// Display precision for the all-neuron grid: `|f32 pass − f64 pass| ≤ 1e−5 · max(1, |value|)`
/// (tanh and sigmoid values and probabilities lie in [−1, 1], so there it is absolute). The
/// `f32` pass rounds each weight and input to 24 bits (6e−8 relative) and uses activations
/// accurate to about 5e−7; through at most seven layers of at most eight terms that stays
/// near 1e−6 for trained networks (the worst of these cases: 3e−6, a ReLU net's output).
/// The page's palette has 255 steps over [−1, 1], one step being 7.8e−3: 1e−5 is almost a
/// thousand times finer than a colour step. Training, the inspector and every printed number
/// use the `f64` network and stay exact.
const DISPLAY: f64 = 1e-5;

fn cases() -> Vec<(DatasetKind, Vec<usize>, Activation, Vec<Feature>)> {
    use Feature::*;
    vec![
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
    ]
}

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
    for (kind, hidden, act, features) in cases() {
        let s = session(kind, &hidden, act, &features);
        let net = s.network();
        for size in [1, 2, 5, 7, 45, 66, 97, 360] {
            let e = exact(net, size);
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
    let mut all = Grid::new(33, a.network().features());
    for s in [&a, &b, &a] {
        let net = s.network();
        // The all-neuron grid follows the features and the shape too.
        let eval = all.evaluate(net);
        let want = exact_layers(net, 33);
        assert_eq!(eval.features().width, net.features().len());
        assert_eq!(eval.hidden().len() + 1, want.len());
        for (got, want) in eval.hidden().iter().chain([eval.output()]).zip(&want) {
            let got = rows_of(got);
            assert_eq!(got.dim(), want.dim());
            for (x, y) in got.iter().zip(want) {
                assert!((x - y).abs() <= DISPLAY * y.abs().max(1.0));
            }
        }
        let d = g.evaluate_exact(net).to_vec();
        let e = exact(net, 33);
        assert_eq!(d.len(), e.len());
        for (x, y) in e.iter().zip(&d) {
            assert!((x - *y as f64).abs() < 2e-5);
        }
    }
    assert_eq!(DisplayGrid::new(0).size(), 1);
    assert_eq!(
        DisplayGrid::new(100_000).size(),
        backprop::display::boundary::MAX_DISPLAY
    );
}

/// The boundary computed in parts (bands of rows, a slow device's picture over several short
/// tasks) is exactly the boundary computed at once, in any order of the parts, for the exact
/// path of coarse grids and the tiled one; the parts' tiles add up to all tiles.
#[test]
fn display_grid_in_parts_equals_it_at_once() {
    for (kind, hidden, act, features) in cases() {
        let s = session(kind, &hidden, act, &features);
        let net = s.network();
        for size in [5, 45, 97, 360] {
            let whole = DisplayGrid::new(size).evaluate(net).to_vec();
            for parts in [2, 3, 7, 200] {
                let mut display = DisplayGrid::new(size);
                let mut tiles = 0;
                // Last part first: no part may lean on another having run before it.
                for part in (0..parts).rev() {
                    display.evaluate_part(net, part, parts);
                    tiles += display.refined().1;
                }
                let got = display.evaluate_part(net, parts - 1, parts).to_vec();
                let what = format!("{kind} {hidden:?} {act} size {size}, {parts} parts");
                assert!(
                    got.iter()
                        .zip(&whole)
                        .all(|(a, b)| a.to_bits() == b.to_bits()),
                    "{what}: differs from the whole"
                );
                let side = size.div_ceil(backprop::display::boundary::TILE);
                let all = if size < backprop::display::boundary::MIN_TILED {
                    0
                } else {
                    side * side
                };
                assert_eq!(tiles, all, "{what}: tiles covered");
            }
        }
    }
    // Out-of-range arguments are clamped, not a panic: part past the last is the last.
    let s = session(
        DatasetKind::Xor,
        &[3],
        Activation::Tanh,
        &[Feature::X1, Feature::X2],
    );
    let mut d = DisplayGrid::new(80);
    let once = DisplayGrid::new(80).evaluate(s.network()).to_vec();
    d.evaluate_part(s.network(), 0, 0);
    assert_eq!(d.evaluate_part(s.network(), 9, 2).len(), once.len());
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
        worst <= 2.0 * backprop::display::boundary::FLAT as f64,
        "{what}: adaptive worst {worst}"
    );
    assert!(steps <= 2, "{what}: adaptive colour steps {steps}");
}

/// The all-neuron grid (thumbnails, hidden space) is computed in `f32` for display: every
/// layer of every case, at sizes that fill whole blocks of four cells and sizes that do not,
/// within [`DISPLAY`] of the exact `f64` pass; the features are exact; a second pass reuses
/// the buffers and gives the same values.
#[test]
fn all_neuron_grid_matches_the_exact_pass_to_display_precision() {
    for (kind, hidden, act, features) in cases() {
        let s = session(kind, &hidden, act, &features);
        let net = s.network();
        for size in [1, 2, 3, 5, 50, 101] {
            let what = format!("{kind} {hidden:?} {act} size {size}");
            let want = exact_layers(net, size);
            let mut g = Grid::new(size, net.features());
            let eval = g.evaluate(net);
            assert_eq!(eval.size, size);
            let x = transform(net.features(), &grid_points(size));
            let x32 = x.mapv(|v| v as f32 as f64);
            assert_eq!(
                rows_of(eval.features()),
                x32,
                "{what}: the features, rounded to f32"
            );
            let got: Vec<Array2<f64>> = eval.layers[1..].iter().map(rows_of).collect();
            assert_eq!(got.len(), want.len(), "{what}: one matrix per layer");
            let mut worst = 0.0f64;
            for (l, (g, w)) in got.iter().zip(&want).enumerate() {
                assert_eq!(g.dim(), w.dim(), "{what}: layer {l} shape");
                for (&a, &b) in g.iter().zip(w) {
                    let d = (a - b).abs() / b.abs().max(1.0);
                    assert!(d <= DISPLAY, "{what}: layer {l}: {a} vs exact {b}");
                    worst = worst.max(d);
                }
            }
            // Not the exact pass in disguise: f32 rounding shows somewhere.
            if !hidden.is_empty() && size > 3 {
                assert!(worst > 0.0, "{what}: identical to the f64 pass");
            }
            // A second evaluation reuses the buffers and gives the same values.
            let first = eval_ptr(&mut g, net);
            let again = g.evaluate(net);
            assert_eq!(
                again.output().values.as_ptr(),
                first,
                "{what}: buffers reused"
            );
            assert_eq!(
                &rows_of(again.output()),
                got.last().expect("an output"),
                "{what}: same values"
            );
        }
    }
}

fn eval_ptr(g: &mut Grid, net: &Network) -> *const f32 {
    g.evaluate(net).output().values.as_ptr()
}

/// A grid's node-major plane as a row-major (cells × width) matrix, to compare with the
/// exact pass.
fn rows_of(p: &backprop::Plane) -> Array2<f64> {
    let cells = p.values.len() / p.width.max(1);
    Array2::from_shape_fn((cells, p.width), |(i, j)| p.values[j * cells + i] as f64)
}

/// Where `f32` overflows but `f64` does not (ReLU layers of weights near the largest a model
/// may hold), the grid takes the exact `f64` pass instead of showing ∞ or NaN.
#[test]
fn all_neuron_grid_falls_back_to_f64_where_f32_overflows() {
    let big = |i: usize, o: usize| Affine::new(Array2::from_elem((i, o), 1e6), Array1::zeros(o));
    let layers = vec![
        big(2, 8),
        big(8, 8),
        big(8, 8),
        big(8, 8),
        big(8, 8),
        big(8, 1),
    ];
    let net = Network::from_layers(
        vec![Feature::X1, Feature::X2],
        layers,
        Activation::Relu,
        Output::Linear,
    )
    .unwrap();
    let want = exact_layers(&net, 9);
    let out = want.last().unwrap();
    assert!(out.iter().all(|v| v.is_finite()), "finite in f64");
    assert!(out.iter().any(|&v| v > f32::MAX as f64), "beyond f32");
    let mut g = Grid::new(9, net.features());
    let eval = g.evaluate(&net);
    // The f64 values, rounded to f32 as they are stored (saturating at f32's largest).
    let stored =
        |m: &Array2<f64>| m.mapv(|v| v.clamp(-(f32::MAX as f64), f32::MAX as f64) as f32 as f64);
    assert!(
        eval.output().values.iter().all(|v| v.is_finite()),
        "no ∞ shown"
    );
    assert_eq!(rows_of(eval.output()), stored(out));
    for (h, w) in eval.hidden().iter().zip(&want) {
        assert_eq!(rows_of(h), stored(w));
    }
}

/// The loss landscape's picture path (`f32`, the middle value exact) against the exact map:
/// every value within display precision relative to max(1, L), the middle one equal, for
/// every case above, over a weight and a bias of the first layer (every layer runs for each value),
/// a weight and a bias of the last, and a curve; rows computed apart are the whole map's.
#[test]
fn landscape_picture_matches_the_exact_map_and_its_middle_is_exact() {
    use backprop::ParamId;
    use backprop::inspect::landscape::{loss_landscape_rows, loss_map_rows};
    for (kind, hidden, act, features) in cases() {
        let s = session(kind, &hidden, act, &features);
        let (net, samples) = (s.network(), s.train_samples());
        let last = net.layers().len();
        let picks: [(String, Option<String>); 3] = [
            ("W1[0][0]".into(), Some("b1[0]".into())),
            (format!("W{last}[0][0]"), Some(format!("b{last}[0]"))),
            (format!("W{last}[1][0]"), None),
        ];
        for (a, b) in picks {
            let (a, b): (ParamId, Option<ParamId>) =
                (a.parse().unwrap(), b.map(|b| b.parse().unwrap()));
            let (n, span) = (9, 1.5);
            let rows = if b.is_some() { n } else { 1 };
            let exact = loss_landscape_rows(net, samples, a, b, n, span, 0..rows).unwrap();
            let picture = loss_map_rows(net, samples, a, b, n, span, 0..rows).unwrap();
            let what = format!("{kind:?} {hidden:?} {act:?} {a} {b:?}");
            assert_eq!(picture.len(), exact.len(), "{what}");
            let middle = exact.len() / 2;
            assert_eq!(
                picture[middle], exact[middle],
                "{what}: the middle is exact"
            );
            for (i, (p, e)) in picture.iter().zip(&exact).enumerate() {
                assert!(
                    (p - e).abs() <= DISPLAY * e.abs().max(1.0),
                    "{what}[{i}]: {p} vs {e}"
                );
            }
            if b.is_some() {
                let mut parts = loss_map_rows(net, samples, a, b, n, span, 0..4).unwrap();
                parts.extend(loss_map_rows(net, samples, a, b, n, span, 4..n).unwrap());
                assert_eq!(parts, picture, "{what}: rows apart");
            }
        }
    }
}
