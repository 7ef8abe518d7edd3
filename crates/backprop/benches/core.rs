//! `just bench`: the named configurations every benchmark of the project shares —
//! spiral, 500 points, 50 % train, batch 10, lr 0.03, tanh, hidden [8,8] and [8,8,8,8,8,8].

use backprop::display::boundary::DisplayGrid;
use backprop::{Activation, Config, DatasetKind, Feature, Grid, Hyper, Session, Trainer, article};
use criterion::{Criterion, criterion_group, criterion_main};
use ndarray::array;
use std::hint::black_box;

fn named(hidden: &[usize]) -> Session {
    Session::new(Config {
        dataset: DatasetKind::Spiral,
        points: 500,
        noise: 0.0,
        train_ratio: 0.5,
        seed: 1,
        features: vec![Feature::X1, Feature::X2],
        hidden: hidden.to_vec(),
        activation: Activation::Tanh,
        hyper: Hyper {
            learning_rate: 0.03,
            batch_size: 10,
            ..Hyper::default()
        },
    })
    .unwrap()
}

fn benches(c: &mut Criterion) {
    for (name, hidden) in [("8,8", vec![8, 8]), ("8x6", vec![8; 6])] {
        let s = named(&hidden);
        let mut run = s.clone();
        c.bench_function(&format!("epoch spiral [{name}]"), |b| {
            b.iter(|| black_box(run.train_epoch()))
        });
        for size in [100, 256] {
            let mut grid = Grid::new(size, s.network().features());
            c.bench_function(&format!("grid {size}² all neurons [{name}]"), |b| {
                b.iter(|| black_box(grid.evaluate(s.network()).output().values[0]))
            });
        }
        // The boundary picture at one device pixel per CSS pixel, after 300 epochs (as the page
        // draws it: flat tiles interpolated; and every cell).
        let mut trained = s.clone();
        for _ in 0..300 {
            trained.train_epoch();
        }
        let mut display = DisplayGrid::new(360);
        c.bench_function(&format!("boundary 360² f32 [{name}]"), |b| {
            b.iter(|| black_box(display.evaluate(trained.network())[0]))
        });
        c.bench_function(&format!("boundary 360² f32 every cell [{name}]"), |b| {
            b.iter(|| black_box(display.evaluate_exact(trained.network())[0]))
        });
    }
    let mut t = Trainer::new(
        article::network().unwrap(),
        article::hyper(),
        backprop::rng_for(0, backprop::Stream::Shuffle),
    )
    .unwrap();
    let (x, y) = (array![article::X], array![article::T]);
    c.bench_function("article 2-3-2 step", |b| {
        b.iter(|| black_box(t.step_batch(&x, &y)))
    });
}

criterion_group! {
    name = core;
    config = Criterion::default().sample_size(30).warm_up_time(std::time::Duration::from_millis(500)).measurement_time(std::time::Duration::from_secs(2));
    targets = benches
}
criterion_main!(core);
