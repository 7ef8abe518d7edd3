//! `backprop` — train, predict, take gradients and walk through the article in the terminal.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backprop::files::model::LayerFile;
use backprop::training::session::Data;
use backprop::{
    Activation, Config, Dataset, DatasetKind, Feature, Hyper, Metrics, Network, OptimizerKind,
    Regularization, Samples, Session, Task, article, trace,
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
    backprop::data::features::parse_list(s)
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

/// Trains through the same `Session` the page drives: a config from the flags, with the
/// model file's network and the CSV's rows when given — so the same settings give the page's
/// numbers.
fn train(a: TrainArgs) -> Result<(), String> {
    let err = |e: backprop::Error| e.to_string();
    let network = match &a.model {
        Some(path) => Some(load_model(path)?),
        None => None,
    };
    let data = match &a.data {
        Some(path) => {
            let task = match (&network, a.task) {
                (Some(net), _) => net.task(),
                (None, Some(task)) => task,
                (None, None) => a.dataset.task(),
            };
            Data::Rows(load_data(path, task)?, task)
        }
        None => Data::Generated,
    };
    let (regularization, regularization_rate) = match (a.l1, a.l2) {
        (Some(r), _) => (Regularization::L1, r),
        (_, Some(r)) => (Regularization::L2, r),
        _ => (Regularization::None, 0.0),
    };
    let config = Config {
        dataset: a.dataset,
        points: a.points,
        noise: a.noise,
        train_ratio: a.train_ratio,
        seed: a.seed,
        features: a.features.0.clone(),
        hidden: a.hidden.0.clone(),
        activation: a.activation,
        hyper: Hyper {
            learning_rate: a.lr,
            batch_size: a.batch,
            optimizer: a.optimizer,
            regularization,
            regularization_rate,
        },
    };
    let mut session = Session::from_parts(config, network, data).map_err(err)?;

    let bar = ProgressBar::new(a.epochs as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} epochs  {msg}")
            .map_err(|e| e.to_string())?,
    );
    for e in 0..a.epochs {
        if !session.train_epoch() {
            bar.abandon();
            return Err(format!(
                "training diverged at epoch {} (the weights became NaN or infinite); try a smaller --lr",
                e + 1
            ));
        }
        if (e + 1) % 50 == 0 {
            let m = session.evaluate();
            bar.set_message(format!("train loss {:.4}", m.train.loss));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    let m = session.evaluate();
    say!("trained {} epochs ({})", m.epoch, shape(session.network()));
    say!("{}", describe("train", &m.train, session.train_set().len()));
    say!("{}", describe("test ", &m.test, session.test_set().len()));
    if let Some(out) = a.out {
        std::fs::write(&out, session.network().to_json() + "\n")
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
            for (row, class) in y
                .rows()
                .into_iter()
                .zip(backprop::layers::loss::argmax_rows(&y))
            {
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
    layers: Vec<LayerFile>,
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
        .map(|l| LayerFile {
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
    let err = |e: backprop::Error| e.to_string();
    let net = article::network().map_err(err)?;
    let show_net = |net: &Network| {
        for (l, layer) in net.layers().iter().enumerate() {
            let w: Vec<Vec<f64>> = layer.w.rows().into_iter().map(|r| r.to_vec()).collect();
            say!("W{} =\n  {}", l + 1, fmt_matrix(&w));
            say!("b{} = {}", l + 1, fmt_vec(&layer.b.to_vec()));
        }
    };
    say!("## The article's network: 2 inputs, 3 ReLU neurons, 2 softmax outputs\n");
    show_net(&net);
    let (x, t, lr) = (article::X, article::T, article::LEARNING_RATE);
    say!(
        "\nx = ({}, {}), t = ({}, {}), learning rate {lr}\n",
        x[0],
        x[1],
        t[0],
        t[1]
    );
    say!("## Forward");
    let tr = trace(&net, x, article::LABEL);
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

    // The page's inspector preset and this loop are one path: a session with the article's
    // network and settings, trained on the one sample.
    let mut session =
        Session::from_parts(article::config(), Some(net), Data::Generated).map_err(err)?;
    session
        .train_sample(x, article::LABEL, article::STEPS)
        .map_err(err)?;
    say!(
        "\n## After {} steps of W ← W − {lr}·dW (forward pass recomputed every step)\n",
        article::STEPS
    );
    show_net(session.network());
    let p = article::PROBE;
    let tr = trace(session.network(), p, article::LABEL);
    say!(
        "\n## The trained network on x = ({}, {}), t = ({}, {})",
        p[0],
        p[1],
        t[0],
        t[1]
    );
    say!("u1 = {}", fmt_vec(&tr.layers[0].u));
    say!("u2 = {}", fmt_vec(&tr.layers[1].u));
    say!("y  = {}", fmt_vec(&tr.y));
    say!("L  = {}", tr.loss);
    say!(
        "\nThe article's printed weights after training differ: its loop reuses the first forward\n\
         pass's z1 and y for all {} updates. Recomputing them every step, as here, is what\n\
         gradient descent does.",
        article::STEPS
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
