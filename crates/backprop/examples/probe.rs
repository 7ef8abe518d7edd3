use backprop::*;
use std::time::Instant;
fn main() {
    for hidden in [vec![1], vec![8, 8]] {
        let s = Session::new(Config {
            dataset: DatasetKind::Spiral,
            hidden: hidden.clone(),
            ..Config::default()
        })
        .unwrap();
        let samples = backprop::Samples::new(s.network(), s.train_set());
        let idx: Vec<usize> = (0..10).collect();
        let xb = samples.x.select(ndarray::Axis(0), &idx);
        let tb = samples.t.select(ndarray::Axis(0), &idx);
        let mut tr = s.trainer.clone();
        let mut nn = s.network().clone();
        let n = 100000;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(nn.forward(&xb, &tb));
        }
        let f = t.elapsed() / n;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(nn.backward());
        }
        let b = t.elapsed() / n;
        let t = Instant::now();
        for _ in 0..n {
            std::hint::black_box(tr.step_batch(&xb, &tb));
        }
        let st = t.elapsed() / n;
        let t = Instant::now();
        for _ in 0..2000 {
            tr.train_epoch(&samples);
        }
        let ep = t.elapsed() / 2000;
        println!("{hidden:?}: fwd {f:?} bwd {b:?} step {st:?} epoch {ep:?}");
    }
}
