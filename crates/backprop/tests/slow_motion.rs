//! Slow motion: an epoch trained one mini-batch at a time is the same epoch, to the bit.

use backprop::{Config, DatasetKind, Session};

fn config() -> Config {
    Config {
        dataset: DatasetKind::Xor,
        points: 103, // 51 training rows: batches of 10 leave a partial last batch of 1
        seed: 4,
        hidden: vec![4, 3],
        ..Config::default()
    }
}

#[test]
fn an_epoch_batch_by_batch_equals_the_epoch() {
    let mut by_epoch = Session::new(config()).unwrap();
    let mut by_batch = Session::new(config()).unwrap();
    let n = by_batch.train_set().len();
    let mut rows_seen = Vec::new();
    let mut positions = Vec::new();
    loop {
        let (rows, (done, per_epoch)) = by_batch.train_batch();
        rows_seen.extend(rows);
        positions.push((done, per_epoch));
        if done == per_epoch {
            break;
        }
    }
    by_epoch.step(1);
    assert_eq!(by_batch.network().params(), by_epoch.network().params());
    assert_eq!(by_batch.epoch(), 1);
    // Every training row once, in batches of the configured size.
    rows_seen.sort_unstable();
    assert_eq!(rows_seen, (0..n).collect::<Vec<_>>());
    let per_epoch = n.div_ceil(config().hyper.batch_size);
    assert_eq!(positions.len(), per_epoch);
    assert_eq!(positions[0], (1, per_epoch));
}

#[test]
fn an_epoch_begun_by_batches_is_finished_by_the_next_epoch() {
    let mut by_epoch = Session::new(config()).unwrap();
    let mut mixed = Session::new(config()).unwrap();
    for _ in 0..3 {
        mixed.train_batch();
    }
    mixed.step(1); // finishes epoch 1
    mixed.step(1); // epoch 2
    by_epoch.step(2);
    assert_eq!(mixed.network().params(), by_epoch.network().params());
    assert_eq!(mixed.epoch(), 2);
}

#[test]
fn the_articles_loop_moves_the_epoch_counter() {
    let mut s = Session::new(config()).unwrap();
    let before = s.network().params();
    let m = s.train_sample([5.0, 1.0], 1.0, 100).unwrap();
    assert_eq!(
        m.epoch, 100,
        "100 steps on one sample are 100 passes over it"
    );
    assert_eq!(s.epoch(), 100);
    assert_ne!(s.network().params(), before);
}
