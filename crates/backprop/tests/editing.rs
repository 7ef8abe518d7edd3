//! Data drawn by hand: adding, removing and clearing points, and the bounded history.

use backprop::training::session::MAX_HISTORY;
use backprop::{Config, DatasetKind, Session};

fn session() -> Session {
    Session::new(Config {
        dataset: DatasetKind::Xor,
        points: 20,
        hidden: vec![3],
        ..Config::default()
    })
    .unwrap()
}

#[test]
fn added_points_join_the_training_set_and_the_metrics() {
    let mut s = session();
    let (train, test) = (s.train_set().len(), s.test_set().len());
    let loss = s.latest().train.loss;
    s.add_point([5.5, -5.5], 1.0).unwrap();
    assert_eq!(s.train_set().len(), train + 1);
    assert_eq!(s.test_set().len(), test);
    assert_eq!(s.train_set().points.last(), Some(&[5.5, -5.5]));
    assert_ne!(
        s.latest().train.loss,
        loss,
        "the metrics include the new point at once"
    );
    assert_eq!(s.latest().epoch, 0, "no epoch was trained");
    assert_eq!(s.data().len(), train + test + 1);
    // Bad labels and points change nothing.
    for (p, l, want) in [
        ([0.0, 0.0], 2.0, "label: 2 is not a class index 0..1"),
        ([0.0, 0.0], 0.5, "label: 0.5 is not a class index 0..1"),
        ([f64::NAN, 0.0], 0.0, "x1: NaN is not a finite number"),
        ([0.0, f64::INFINITY], 0.0, "x2: inf is not a finite number"),
    ] {
        assert_eq!(s.add_point(p, l).unwrap_err().to_string(), want);
    }
    assert_eq!(s.train_set().len(), train + 1);
}

#[test]
fn remove_nearest_within_a_radius() {
    let mut s = session();
    s.clear_data();
    assert!(s.data().is_empty());
    assert!(
        s.latest().train.loss.is_nan(),
        "no data, no loss — not a panic"
    );
    s.add_point([1.0, 1.0], 1.0).unwrap();
    s.add_point([2.0, 2.0], 0.0).unwrap();
    assert_eq!(
        s.remove_nearest([5.0, 5.0], 0.5),
        None,
        "nothing within the radius"
    );
    assert_eq!(s.remove_nearest([1.8, 2.1], 0.5), Some(([2.0, 2.0], 0.0)));
    assert_eq!(s.data().points, vec![[1.0, 1.0]]);
    s.step(3); // training on one point works
    assert!(s.latest().train.loss.is_finite());
    assert!(
        s.latest().test.loss.is_nan(),
        "an empty test set has no loss"
    );
}

#[test]
fn the_history_stays_bounded_over_long_runs() {
    let mut s = session();
    for _ in 0..(MAX_HISTORY + 500) {
        s.train_epoch();
        s.record_metrics();
    }
    let h = s.history();
    assert!(h.len() <= MAX_HISTORY, "{} entries", h.len());
    assert_eq!(h[0].epoch, 0, "the start stays");
    assert_eq!(
        h.last().unwrap().epoch,
        (MAX_HISTORY + 500) as u64,
        "the latest stays"
    );
    assert!(h.windows(2).all(|w| w[0].epoch < w[1].epoch), "in order");
}
