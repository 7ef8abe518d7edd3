//! `backprop` — train, predict, take gradients and walk through the article in the terminal.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backprop::session::{Stream, rng_for};
use backprop::{
    Activation, Dataset, DatasetKind, Feature, Hyper, Metrics, Network, NetworkSpec, OptimizerKind,
    Regularization, Samples, Task, Trainer, evaluate, trace,
};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

/// `println!` that ends quietly when the reader has gone away (`backprop article | head`).
macro_rules! say {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

#[derive(Parser)]
#[command(
    name = "backprop",
    version,
    about = "Backpropagation from scratch: train, predict, gradients, and the article's worked example"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Train a network from a model file or a spec, on a CSV file or a generated data set.
    Train(TrainArgs),
    /// Print one CSV line per row: class probabilities (or the value) and the predicted class.
    Predict {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// Print the gradient of the mean loss over all rows as JSON, in the model's shapes.
    Grad {
        #[arg(long)]
        model: PathBuf,
        #[arg(long)]
        data: PathBuf,
    },
    /// The article's 2-3-2 walkthrough: forward values, loss, gradients, 100 steps, x = (1, 5).
    Article,
}

#[derive(Args)]
struct TrainArgs {
    /// Start from this model file instead of a fresh network.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Train on every row of this CSV (x1,x2,label) instead of a generated set.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Generated data set: circle, xor, gauss, spiral, spiral3, blobs4, plane, bumps.
    #[arg(long, default_value = "spiral")]
    dataset: DatasetKind,
    /// The task of --data without --model: `regression` or a class count like `3`.
    #[arg(long)]
    task: Option<Task>,
    /// Points to generate.
    #[arg(long, default_value_t = 500)]
    points: usize,
    /// Label noise of the generated set, 0 to 0.5.
    #[arg(long, default_value_t = 0.0)]
    noise: f64,
    /// Fraction of generated points used for training.
    #[arg(long, default_value_t = 0.5)]
    train_ratio: f64,
    /// Hidden layer widths, e.g. 8,8 (empty for none).
    #[arg(long, default_value = "8,8", value_parser = parse_hidden)]
    hidden: Hidden,
    #[arg(long, default_value = "tanh")]
    activation: Activation,
    /// Input features, e.g. x1,x2,x1*x2,sin(x1).
    #[arg(long, default_value = "x1,x2", value_parser = parse_features)]
    features: FeatureList,
    #[arg(long, default_value_t = 1)]
    seed: u32,
    #[arg(long, default_value_t = 100)]
    epochs: u32,
    /// Learning rate η.
    #[arg(long, default_value_t = 0.03)]
    lr: f64,
    #[arg(long, default_value_t = 10)]
    batch: usize,
    #[arg(long, default_value = "sgd")]
    optimizer: OptimizerKind,
    /// L1 regularization rate.
    #[arg(long, conflicts_with = "l2")]
    l1: Option<f64>,
    /// L2 regularization rate.
    #[arg(long)]
    l2: Option<f64>,
    /// Write the trained model here.
    #[arg(long)]
    out: Option<PathBuf>,
}

#[derive(Clone)]
struct Hidden(Vec<usize>);
#[derive(Clone)]
struct FeatureList(Vec<Feature>);

fn parse_hidden(s: &str) -> Result<Hidden, String> {
    s.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| {
            p.parse::<usize>()
                .map_err(|_| format!("{p:?} is not a layer width"))
        })
        .collect::<Result<_, _>>()
        .map(Hidden)
}

fn parse_features(s: &str) -> Result<FeatureList, String> {
    backprop::features::parse_list(s)
        .map(FeatureList)
        .map_err(|e| e.to_string())
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_model(path: &Path) -> Result<Network, String> {
    Network::from_json(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_data(path: &Path, task: Task) -> Result<Dataset, String> {
    Dataset::from_csv(&read(path)?, task).map_err(|e| format!("{}: {e}", path.display()))
}

fn describe(name: &str, m: &Metrics, rows: usize) -> String {
    if rows == 0 {
        return format!("{name}: no rows");
    }
    match m.accuracy {
        Some(a) => format!(
            "{name}: loss {:.6}  accuracy {:.1}%  ({rows} rows)",
            m.loss,
            100.0 * a
        ),
        None => format!("{name}: loss {:.6}  ({rows} rows)", m.loss),
    }
}

fn train(a: TrainArgs) -> Result<(), String> {
    let err = |e: backprop::Error| e.to_string();
    let network = match &a.model {
        Some(path) => load_model(path)?,
        None => {
            let task = match (&a.data, a.task) {
                (Some(_), Some(task)) => task,
                _ => a.dataset.task(),
            };
            let spec = NetworkSpec {
                features: a.features.0.clone(),
                hidden: a.hidden.0.clone(),
                activation: a.activation,
                task,
            };
            Network::new(&spec, &mut rng_for(a.seed, Stream::Init)).map_err(err)?
        }
    };
    let (train, test) = match &a.data {
        Some(path) => (load_data(path, network.task())?, Dataset::default()),
        None => {
            if a.dataset.task() != network.task() {
                return Err(format!(
                    "the model is for {:?} but data set {} is for {:?}",
                    network.task(),
                    a.dataset,
                    a.dataset.task()
                ));
            }
            let config = backprop::Config {
                dataset: a.dataset,
                points: a.points,
                noise: a.noise,
                train_ratio: a.train_ratio,
                ..Default::default()
            };
            config.validate().map_err(err)?;
            let data = a
                .dataset
                .generate(a.points, a.noise, &mut rng_for(a.seed, Stream::Data));
            data.split(a.train_ratio, &mut rng_for(a.seed, Stream::Split))
        }
    };
    let (regularization, regularization_rate) = match (a.l1, a.l2) {
        (Some(r), _) => (Regularization::L1, r),
        (_, Some(r)) => (Regularization::L2, r),
        _ => (Regularization::None, 0.0),
    };
    let hyper = Hyper {
        learning_rate: a.lr,
        batch_size: a.batch,
        optimizer: a.optimizer,
        regularization,
        regularization_rate,
    };
    let mut trainer =
        Trainer::new(network, hyper, rng_for(a.seed, Stream::Shuffle)).map_err(err)?;
    let train_s = Samples::new(&trainer.network, &train);
    let test_s = Samples::new(&trainer.network, &test);

    let bar = ProgressBar::new(a.epochs as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} epochs  {msg}")
            .map_err(|e| e.to_string())?,
    );
    for e in 0..a.epochs {
        if !trainer.train_epoch(&train_s) {
            bar.abandon();
            return Err(format!(
                "training diverged at epoch {} (the weights became NaN or infinite); try a smaller --lr",
                e + 1
            ));
        }
        if (e + 1) % 50 == 0 {
            let m = evaluate(&trainer.network, &train_s);
            bar.set_message(format!("train loss {:.4}", m.loss));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    say!(
        "trained {} epochs ({})",
        trainer.epoch(),
        shape(&trainer.network)
    );
    say!(
        "{}",
        describe(
            "train",
            &evaluate(&trainer.network, &train_s),
            train_s.len()
        )
    );
    say!(
        "{}",
        describe("test ", &evaluate(&trainer.network, &test_s), test_s.len())
    );
    if let Some(out) = a.out {
        std::fs::write(&out, trainer.network.to_json() + "\n")
            .map_err(|e| format!("{}: {e}", out.display()))?;
        say!("model written to {}", out.display());
    }
    Ok(())
}

fn shape(n: &Network) -> String {
    let widths: Vec<String> = n.spec().widths().iter().map(|w| w.to_string()).collect();
    format!("{}, {}, {}", widths.join("-"), n.activation(), n.output())
}

fn predict(model: &Path, data: &Path) -> Result<(), String> {
    let net = load_model(model)?;
    let rows = load_data(data, net.task())?;
    let s = Samples::new(&net, &rows);
    let y = net.predict(&s.x);
    let mut out = String::new();
    match net.task() {
        Task::Classification { classes } => {
            let head: Vec<String> = (0..classes).map(|k| format!("p{k}")).collect();
            out += &format!("{},class\n", head.join(","));
            for (row, class) in y.rows().into_iter().zip(backprop::loss::argmax_rows(&y)) {
                let p: Vec<String> = row.iter().map(|v| v.to_string()).collect();
                out += &format!("{},{class}\n", p.join(","));
            }
        }
        Task::Regression => {
            out += "value\n";
            for v in y.iter() {
                out += &format!("{v}\n");
            }
        }
    }
    say!("{}", out.trim_end());
    Ok(())
}

#[derive(Serialize)]
struct Gradients {
    loss: f64,
    layers: Vec<backprop::model::LayerFile>,
}

fn grad(model: &Path, data: &Path) -> Result<(), String> {
    let mut net = load_model(model)?;
    let rows = load_data(data, net.task())?;
    let s = Samples::new(&net, &rows);
    let loss = net.forward(&s.x, &s.t);
    net.backward();
    let layers = net
        .layers()
        .iter()
        .map(|l| backprop::model::LayerFile {
            weights: l.dw.rows().into_iter().map(|r| r.to_vec()).collect(),
            bias: l.db.to_vec(),
        })
        .collect();
    let json =
        serde_json::to_string_pretty(&Gradients { loss, layers }).map_err(|e| e.to_string())?;
    say!("{json}");
    Ok(())
}

fn fmt_vec(v: &[f64]) -> String {
    let parts: Vec<String> = v.iter().map(|x| format!("{x:.8}")).collect();
    format!("[{}]", parts.join(" "))
}

fn fmt_matrix(m: &[Vec<f64>]) -> String {
    let rows: Vec<String> = m.iter().map(|r| fmt_vec(r)).collect();
    format!("[{}]", rows.join("\n   "))
}

fn article() -> Result<(), String> {
    const MODEL: &str = r#"{"format": "backprop-playground/model@1", "features": ["x1", "x2"],
        "activation": "relu", "output": "softmax",
        "layers": [{"weights": [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]], "bias": [0.1, 0.2, 0.3]},
                   {"weights": [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]], "bias": [0.1, 0.2]}]}"#;
    let net = Network::from_json(MODEL).map_err(|e| e.to_string())?;
    let show_net = |net: &Network| {
        for (l, layer) in net.layers().iter().enumerate() {
            let w: Vec<Vec<f64>> = layer.w.rows().into_iter().map(|r| r.to_vec()).collect();
            say!("W{} =\n  {}", l + 1, fmt_matrix(&w));
            say!("b{} = {}", l + 1, fmt_vec(&layer.b.to_vec()));
        }
    };
    say!("## The article's network: 2 inputs, 3 ReLU neurons, 2 softmax outputs\n");
    show_net(&net);
    say!("\nx = (5, 1), t = (0, 1), learning rate 0.01\n");
    say!("## Forward");
    let tr = trace(&net, [5.0, 1.0], 1.0);
    say!("u1 = x·W1 + b1   = {}", fmt_vec(&tr.layers[0].u));
    say!("z1 = relu(u1)    = {}", fmt_vec(&tr.layers[0].z));
    say!("u2 = z1·W2 + b2  = {}", fmt_vec(&tr.layers[1].u));
    say!(
        "y  = softmax(u2) = {}   (sum {})",
        fmt_vec(&tr.y),
        tr.y.iter().sum::<f64>()
    );
    say!("L  = −Σ t·ln y   = {}", tr.loss);
    say!("\n## Backward");
    say!(
        "delta2 = y − t            = {}",
        fmt_vec(&tr.layers[1].delta)
    );
    say!(
        "dW2    = z1ᵀ·delta2 (3×2) =\n  {}",
        fmt_matrix(&tr.layers[1].dw)
    );
    say!("db2    = Σ delta2         = {}", fmt_vec(&tr.layers[1].db));
    say!(
        "delta1 = delta2·W2ᵀ ⊙ relu′(u1) = {}",
        fmt_vec(&tr.layers[0].delta)
    );
    say!(
        "dW1    = xᵀ·delta1 (2×3)  =\n  {}",
        fmt_matrix(&tr.layers[0].dw)
    );
    say!("db1    = Σ delta1         = {}", fmt_vec(&tr.layers[0].db));

    let hyper = Hyper {
        learning_rate: 0.01,
        batch_size: 1,
        ..Hyper::default()
    };
    let mut trainer =
        Trainer::new(net, hyper, rng_for(0, Stream::Shuffle)).map_err(|e| e.to_string())?;
    let s = Samples::new(
        &trainer.network,
        &Dataset {
            points: vec![[5.0, 1.0]],
            labels: vec![1.0],
        },
    );
    for _ in 0..100 {
        trainer.step_batch(&s.x, &s.t);
    }
    say!("\n## After 100 steps of W ← W − 0.01·dW (forward pass recomputed every step)\n");
    show_net(&trainer.network);
    let tr = trace(&trainer.network, [1.0, 5.0], 1.0);
    say!("\n## The trained network on x = (1, 5), t = (0, 1)");
    say!("u1 = {}", fmt_vec(&tr.layers[0].u));
    say!("u2 = {}", fmt_vec(&tr.layers[1].u));
    say!("y  = {}", fmt_vec(&tr.y));
    say!("L  = {}", tr.loss);
    say!(
        "\nThe article's printed weights after training differ: its loop reuses the first forward\n\
         pass's z1 and y for all 100 updates. Recomputing them every step, as here, is what\n\
         gradient descent does."
    );
    Ok(())
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Train(a) => train(a),
        Command::Predict { model, data } => predict(&model, &data),
        Command::Grad { model, data } => grad(&model, &data),
        Command::Article => article(),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
