//! The session as the one authority on a run: the frame-budget loop, divergence, the last
//! good weights, and sessions built from parts (the CLI's path).

use backprop::training::network::MAX_PARAM;
use backprop::training::session::{Data, MAX_EPOCHS_PER_CALL};
use backprop::{Config, Dataset, DatasetKind, Hyper, Session, Task, article};

fn small() -> Session {
    Session::new(Config {
        dataset: DatasetKind::Xor,
        points: 60,
        hidden: vec![3, 2],
        seed: 11,
        ..Config::default()
    })
    .unwrap()
}

/// The plane regression at the largest learning rate: the weights blow up within a few
/// epochs.
fn diverging() -> Session {
    Session::new(Config {
        dataset: DatasetKind::Plane,
        hidden: vec![8, 8, 8],
        activation: backprop::Activation::Relu,
        hyper: Hyper {
            learning_rate: 10.0,
            ..Hyper::default()
        },
        ..Config::default()
    })
    .unwrap()
}

#[test]
fn train_for_stops_when_out_of_time_and_records_once() {
    let mut s = small();
    // Out of time at once: still one epoch (the frame always makes progress).
    assert_eq!(s.train_for(50, || true), 1);
    assert_eq!(s.epoch(), 1);
    assert_eq!(s.history().len(), 2, "epoch 0, then one entry for the call");
    // A clock that runs out after the third epoch.
    let mut calls = 0;
    let done = s.train_for(50, || {
        calls += 1;
        calls >= 3
    });
    assert_eq!(done, 3);
    assert_eq!(s.epoch(), 4);
    assert_eq!(s.history().len(), 3);
    assert_eq!(s.latest().epoch, 4);
    // Never out of time: max_epochs bounds it; 0 trains nothing and records nothing.
    assert_eq!(s.train_for(5, || false), 5);
    assert_eq!(s.train_for(0, || false), 0);
    assert_eq!(s.epoch(), 9);
    assert_eq!(s.history().len(), 4);
}

#[test]
fn train_for_caps_a_call_at_max_epochs_per_call() {
    let mut s = Session::new(Config {
        points: 4,
        hidden: vec![],
        ..Config::default()
    })
    .unwrap();
    assert_eq!(s.train_for(u32::MAX, || false), MAX_EPOCHS_PER_CALL);
}

#[test]
fn train_for_matches_step_epoch_for_epoch() {
    let (mut a, mut b) = (small(), small());
    a.step(7);
    let mut n = 0;
    b.train_for(7, || {
        n += 1;
        false
    });
    assert_eq!(a.network().params(), b.network().params());
    assert_eq!(a.latest(), b.latest());
}

#[test]
fn divergence_is_decided_by_the_session_and_stops_train_for() {
    let mut s = diverging();
    assert!(!s.diverged());
    assert!(!s.has_last_good(), "nothing trained yet");
    let mut calls = 0;
    while !s.diverged() {
        calls += 1;
        assert!(calls < 200, "the plane at lr 10 should diverge");
        let done = s.train_for(3, || false);
        assert!((1..=3).contains(&done));
    }
    assert!(!s.network().is_finite() || !s.latest().train.loss.is_finite());
}

#[test]
fn the_last_good_weights_are_restored_after_a_divergence() {
    let mut s = diverging();
    // The weights before every training call: the restored ones must be one of these.
    let mut before = vec![s.network().params()];
    s.step(1);
    assert!(s.has_last_good());
    while !s.diverged() {
        before.push(s.network().params());
        s.train_for(1, || false);
    }
    assert!(s.has_last_good());
    s.restore_last_good().unwrap();
    assert!(
        !s.diverged(),
        "restored weights are finite, and so is the loss"
    );
    let good = s.network().params();
    assert!(good.iter().all(|v| v.is_finite() && v.abs() <= MAX_PARAM));
    let latest_good = before
        .iter()
        .rev()
        .find(|p| p.iter().all(|v| v.abs() <= MAX_PARAM))
        .unwrap();
    assert_eq!(
        &good, latest_good,
        "the weights from before the latest good call"
    );
    assert!(
        s.latest().train.loss.is_finite(),
        "the metrics were refreshed"
    );
    // Restoring twice is allowed (the same weights).
    s.restore_last_good().unwrap();
    assert_eq!(s.network().params(), good);
}

#[test]
fn last_good_weights_are_kept_for_data_edits_and_dropped_for_a_new_shape() {
    let mut s = small();
    assert!(
        s.restore_last_good()
            .unwrap_err()
            .to_string()
            .contains("no last good weights")
    );
    s.step(2);
    assert!(s.has_last_good());
    s.add_point([1.0, 1.0], 1.0).unwrap();
    s.set_data(s.data()).unwrap();
    assert!(s.has_last_good(), "same network, same shape");
    let other = Session::new(Config {
        dataset: DatasetKind::Xor,
        hidden: vec![5],
        ..Config::default()
    })
    .unwrap();
    s.set_network(other.network().clone()).unwrap();
    assert!(
        !s.has_last_good(),
        "weights of another shape cannot be restored"
    );
}

#[test]
fn weights_at_the_parameter_limit_are_kept_and_beyond_it_rejected() {
    let mut s = small();
    s.step(1);
    let kept = s.network().params();
    // ±1e6 is the most a slider or model file may set: such weights are good ones.
    let mut huge = kept.clone();
    huge[0] = 1e6;
    s.set_params(&huge).unwrap();
    s.step(1);
    s.restore_last_good().unwrap();
    assert_eq!(
        s.network().params()[0],
        1e6,
        "1e6 itself is within the limit"
    );
    assert!(s.set_params(&[f64::NAN]).is_err());
    assert!(
        s.set_params(&vec![2e6; kept.len()])
            .unwrap_err()
            .to_string()
            .contains("out of range")
    );
}

#[test]
fn train_sample_is_the_articles_loop() {
    let mut s = Session::from_parts(
        article::config(),
        Some(article::network().unwrap()),
        Data::Generated,
    )
    .unwrap();
    s.train_sample(article::X, article::LABEL, article::STEPS)
        .unwrap();
    // The same golden numbers as tests/article.rs: b2 after 100 recomputed steps.
    let b2 = &s.network().layers()[1].b;
    assert!((b2[0] - 0.059539700694889154).abs() < 1e-12, "{b2}");
    assert!((b2[1] - 0.240460299305111).abs() < 1e-12, "{b2}");
    assert!(s.has_last_good());
    assert!(
        s.train_sample([f64::NAN, 0.0], 1.0, 1)
            .unwrap_err()
            .to_string()
            .contains("x1: NaN")
    );
    assert!(
        s.train_sample([0.0, 0.0], 1.0, MAX_EPOCHS_PER_CALL + 1)
            .unwrap_err()
            .to_string()
            .contains("steps: at most")
    );
}

#[test]
fn from_parts_takes_a_network_or_rows_and_checks_their_task() {
    // Nothing given: exactly Session::new.
    let config = Config {
        dataset: DatasetKind::Spiral,
        seed: 7,
        ..Config::default()
    };
    let mut a = Session::new(config.clone()).unwrap();
    let mut b = Session::from_parts(config.clone(), None, Data::Generated).unwrap();
    a.step(3);
    b.step(3);
    assert_eq!(a.network().params(), b.network().params());
    assert_eq!(a.data(), b.data());
    // Rows: all of them train, no test set; the network is made for the rows' task.
    let rows = Dataset {
        points: vec![[1.0, 1.0], [-1.0, 2.0], [0.5, -3.0]],
        labels: vec![0.0, 2.0, 1.0],
    };
    let three = Task::Classification { classes: 3 };
    let s = Session::from_parts(config.clone(), None, Data::Rows(rows.clone(), three)).unwrap();
    assert_eq!(s.task(), three);
    assert_eq!(s.train_set().len(), 3);
    assert!(s.test_set().is_empty());
    // A network and data for different tasks are rejected.
    let net = article::network().unwrap();
    let e = Session::from_parts(config.clone(), Some(net.clone()), Data::Rows(rows, three));
    assert!(e.unwrap_err().to_string().contains("the model is for"));
    let plane = Config {
        dataset: DatasetKind::Plane,
        ..config
    };
    let e = Session::from_parts(plane, Some(net), Data::Generated);
    assert!(e.unwrap_err().to_string().contains("data set plane"));
}

#[test]
fn a_saved_runs_progress_is_restored_with_its_weights_and_bad_progress_is_refused() {
    // A run trained for a while, saved (weights, epoch, loss curve), then opened anew.
    let mut run = small();
    run.step(40);
    let losses: Vec<[f64; 3]> = run
        .history()
        .iter()
        .map(|m| [m.epoch as f64, m.train.loss, m.test.loss])
        .collect();
    let mut again = small();
    again.set_params(&run.network().params()).unwrap();
    again.restore_progress(40, &losses).unwrap();
    assert_eq!(again.epoch(), 40);
    let h = again.history();
    assert_eq!(
        h.len(),
        losses.len(),
        "the same curve, its last point the weights as they are"
    );
    for (m, l) in h.iter().zip(&losses) {
        assert_eq!([m.epoch as f64, m.train.loss, m.test.loss], *l);
    }
    assert_eq!(
        h.last().unwrap().train.accuracy,
        run.history().last().unwrap().train.accuracy
    );
    // Training goes on from epoch 40.
    again.step(1);
    assert_eq!(again.history().last().unwrap().epoch, 41);
    // Refused, nothing changed: epochs out of order, past the count or fractional; losses
    // that are not losses.
    for bad in [
        vec![[3.0, 0.5, 0.5], [2.0, 0.4, 0.4]],
        vec![[50.0, 0.5, 0.5]],
        vec![[1.5, 0.5, 0.5]],
        vec![[1.0, -0.5, 0.5]],
        vec![[1.0, 0.5, f64::INFINITY]],
    ] {
        let before = (again.epoch(), again.history().len());
        assert!(again.restore_progress(45, &bad).is_err(), "{bad:?}");
        assert_eq!((again.epoch(), again.history().len()), before);
    }
    assert!(again.restore_progress(u64::MAX, &[]).is_err());
    // A curve longer than the history keeps is thinned, its last point kept.
    let long: Vec<[f64; 3]> = (0..5000).map(|e| [e as f64, 1.0, 1.0]).collect();
    again.restore_progress(6000, &long).unwrap();
    assert!(again.history().len() <= backprop::training::session::MAX_HISTORY);
    assert_eq!(again.history().last().unwrap().epoch, 6000);
}
