//! `backprop` — train, predict, take gradients and walk through the article in the terminal.

use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use backprop::files::csv::DataFile;
use backprop::files::model::LayerFile;
use backprop::files::python::{Lang, PythonOptions, Training, python_script};
use backprop::training::session::Data;
use backprop::{
    Activation, Config, Dataset, DatasetKind, Feature, Hyper, Metrics, Network, OptimizerKind,
    Regularization, Samples, Session, Task, article, trace,
};
use clap::{Args, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressStyle};
use serde::Serialize;

mod out;

/// Why a command stopped: a message for stderr, or quietly (the reader of stdout went away,
/// as in `backprop article | head`).
#[derive(Debug)]
enum Fail {
    Message(String),
    Quiet,
}

impl From<String> for Fail {
    fn from(m: String) -> Fail {
        Fail::Message(m)
    }
}

type Done = Result<(), Fail>;

/// A failed write to stdout: quiet for a closed pipe, else a message.
fn stdout_failed(e: std::io::Error) -> Fail {
    if e.kind() == std::io::ErrorKind::BrokenPipe {
        Fail::Quiet
    } else {
        Fail::Message(format!("writing to stdout: {e}"))
    }
}

/// `println!` whose write error ends the command: quietly when the reader has gone away
/// (`backprop article | head`), with a message otherwise (`> /dev/full`).
macro_rules! say {
    ($($t:tt)*) => {
        writeln!(std::io::stdout(), $($t)*).map_err(stdout_failed)?
    };
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
    /// Write the network and its data as a runnable NumPy script in the article's style: the
    /// loss and gradient over every row, or with any training flag the training of `train`.
    Python(PythonArgs),
}

#[derive(Args)]
struct PythonArgs {
    #[arg(long)]
    model: PathBuf,
    /// The rows (x1,x2,label[,split]); with training flags only the training rows are used.
    #[arg(long)]
    data: PathBuf,
    /// Write the script here instead of to stdout.
    #[arg(long)]
    out: Option<PathBuf>,
    /// Replace an --out that is read-only or has several hard links (as `train --force`).
    #[arg(long)]
    force: bool,
    /// The language of the comments and printed headings: en or ja.
    #[arg(long, default_value = "en")]
    lang: Lang,
    /// Also write the article's own loop (§4 as written); automatic for its 2-3-2 example.
    #[arg(long)]
    article: bool,
    /// Train this many epochs [default: 100 when another training flag is given].
    #[arg(long)]
    epochs: Option<u32>,
    /// Learning rate η [default: 0.03].
    #[arg(long)]
    lr: Option<f64>,
    /// Rows per mini-batch [default: 10].
    #[arg(long)]
    batch: Option<usize>,
    /// The seed of the mini-batches' shuffle [default: 1].
    #[arg(long)]
    seed: Option<u32>,
    /// sgd, momentum or adam [default: sgd].
    #[arg(long)]
    optimizer: Option<OptimizerKind>,
    /// L1 regularization rate.
    #[arg(long, conflicts_with = "l2")]
    l1: Option<f64>,
    /// L2 regularization rate.
    #[arg(long)]
    l2: Option<f64>,
}

#[derive(Args)]
struct TrainArgs {
    /// Start from this model file instead of a fresh network.
    #[arg(long)]
    model: Option<PathBuf>,
    /// Train on every row of this CSV (x1,x2,label) instead of a generated set.
    #[arg(long)]
    data: Option<PathBuf>,
    /// Generated data set: circle, xor, gauss, spiral, spiral3, blobs4, plane, bumps
    /// [default: spiral].
    #[arg(long)]
    dataset: Option<DatasetKind>,
    /// The task of --data without --model: `regression` or a class count like `3`.
    #[arg(long)]
    task: Option<Task>,
    /// Points to generate [default: 500].
    #[arg(long)]
    points: Option<usize>,
    /// Label noise of the generated set, 0 to 0.5 [default: 0].
    #[arg(long)]
    noise: Option<f64>,
    /// Fraction of generated points used for training [default: 0.5].
    #[arg(long)]
    train_ratio: Option<f64>,
    /// Hidden layer widths, e.g. 8,8 (empty for none) [default: 8,8].
    #[arg(long, value_parser = parse_hidden)]
    hidden: Option<Hidden>,
    /// relu, tanh, sigmoid or linear [default: tanh].
    #[arg(long)]
    activation: Option<Activation>,
    /// Input features, e.g. x1,x2,x1*x2,sin(x1) [default: x1,x2].
    #[arg(long, value_parser = parse_features)]
    features: Option<FeatureList>,
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
    /// Write the trained model here: a temporary file beside it, renamed over it (a symlink's
    /// target is replaced; its mode is kept).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Let --out replace a read-only file or one with several hard links, or write into a
    /// device or FIFO.
    #[arg(long, requires = "out")]
    force: bool,
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

/// A text file by the core's one rule (UTF-8 with or without a byte-order mark, or UTF-16
/// with one), as the page reads it.
fn read(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    backprop::files::text::decode(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_model(path: &Path) -> Result<Network, String> {
    Network::from_json(&read(path)?).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_data(path: &Path, task: Task) -> Result<Dataset, String> {
    Dataset::from_csv(&read(path)?, task).map_err(|e| format!("{}: {e}", path.display()))
}

fn load_data_file(path: &Path, task: Task) -> Result<DataFile, String> {
    DataFile::from_csv(&read(path)?, task).map_err(|e| format!("{}: {e}", path.display()))
}

/// Flags that would be ignored are errors: names the first one given with `with`.
fn refuse_with(with: &str, why: &str, given: &[(&str, bool)]) -> Result<(), String> {
    match given.iter().find(|(_, g)| *g) {
        Some((flag, _)) => Err(format!("{flag} cannot be used with {with} ({why})")),
        None => Ok(()),
    }
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
fn train(a: TrainArgs) -> Done {
    let err = |e: backprop::Error| e.to_string();
    if a.model.is_some() {
        refuse_with(
            "--model",
            "the model file gives the network",
            &[
                ("--hidden", a.hidden.is_some()),
                ("--activation", a.activation.is_some()),
                ("--features", a.features.is_some()),
                ("--task", a.task.is_some()),
            ],
        )?;
    }
    if a.data.is_some() {
        refuse_with(
            "--data",
            "the CSV file gives the data and its split",
            &[
                ("--dataset", a.dataset.is_some()),
                ("--points", a.points.is_some()),
                ("--noise", a.noise.is_some()),
                ("--train-ratio", a.train_ratio.is_some()),
            ],
        )?;
    } else if a.task.is_some() {
        return Err(Fail::Message(
            "--task only applies to --data (the task of a CSV file's rows); a generated data set has its own"
                .into(),
        ));
    }
    // Checked before training, so a long run is never lost to a folder that is not there.
    let out = match &a.out {
        Some(path) => Some(out::prepare(path, a.force, a.data.as_deref())?),
        None => None,
    };
    let network = match &a.model {
        Some(path) => Some(load_model(path)?),
        None => None,
    };
    let defaults = Config::default();
    let dataset = a.dataset.unwrap_or(DatasetKind::Spiral);
    let data = match &a.data {
        Some(path) => {
            let task = match (&network, a.task) {
                (Some(net), _) => net.task(),
                (None, Some(task)) => task,
                (None, None) => dataset.task(),
            };
            let file = load_data_file(path, task)?;
            match file.parts() {
                Some((train, test)) => Data::Split(train, test, task),
                None => Data::Rows(file.data, task),
            }
        }
        None => Data::Generated,
    };
    let (regularization, regularization_rate) = match (a.l1, a.l2) {
        (Some(r), _) => (Regularization::L1, r),
        (_, Some(r)) => (Regularization::L2, r),
        _ => (Regularization::None, 0.0),
    };
    let config = Config {
        dataset,
        points: a.points.unwrap_or(500),
        noise: a.noise.unwrap_or(0.0),
        train_ratio: a.train_ratio.unwrap_or(0.5),
        seed: a.seed,
        features: a.features.map_or(defaults.features.clone(), |f| f.0),
        hidden: a.hidden.map_or(vec![8, 8], |h| h.0),
        activation: a.activation.unwrap_or(Activation::Tanh),
        hyper: Hyper {
            learning_rate: a.lr,
            batch_size: a.batch,
            optimizer: a.optimizer,
            regularization,
            regularization_rate,
        },
    };
    let mut session = Session::from_parts(config, network, data).map_err(err)?;
    if session.train_set().is_empty() {
        return Err(Fail::Message(format!(
            "the training set is empty ({} test rows, no training rows): nothing to train on",
            session.test_set().len()
        )));
    }

    let bar = ProgressBar::new(a.epochs as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} epochs  {msg}")
            .map_err(|e| e.to_string())?,
    );
    for e in 0..a.epochs {
        if !session.train_epoch() {
            bar.abandon();
            return Err(Fail::Message(format!(
                "training diverged at epoch {} (the weights became NaN or infinite); try a smaller --lr",
                e + 1
            )));
        }
        if (e + 1) % 50 == 0 {
            let m = session.evaluate();
            bar.set_message(format!("train loss {:.4}", m.train.loss));
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    // The model is written before anything is printed: a reader of stdout that goes away
    // (`| head -1`) cannot cut the save short.
    if let Some(file) = out {
        file.commit(&(session.network().to_json() + "\n"))?;
    }
    let m = session.evaluate();
    say!("trained {} epochs ({})", m.epoch, shape(session.network()));
    say!("{}", describe("train", &m.train, session.train_set().len()));
    say!("{}", describe("test ", &m.test, session.test_set().len()));
    if let Some(path) = &a.out {
        say!("model written to {}", path.display());
    }
    Ok(())
}

fn shape(n: &Network) -> String {
    let widths: Vec<String> = n.spec().widths().iter().map(|w| w.to_string()).collect();
    format!("{}, {}, {}", widths.join("-"), n.activation(), n.output())
}

fn predict(model: &Path, data: &Path) -> Done {
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

fn grad(model: &Path, data: &Path) -> Done {
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

/// The script of `backprop python`: the training rows of D and `train`'s flags when any is
/// given, else every row of D (as `grad` reads it).
fn python(a: PythonArgs) -> Done {
    let out = match &a.out {
        Some(path) => Some(out::prepare(path, a.force, Some(&a.data))?),
        None => None,
    };
    let net = load_model(&a.model)?;
    let trains = a.epochs.is_some()
        || a.lr.is_some()
        || a.batch.is_some()
        || a.seed.is_some()
        || a.optimizer.is_some()
        || a.l1.is_some()
        || a.l2.is_some();
    let training = trains.then(|| {
        let (regularization, regularization_rate) = match (a.l1, a.l2) {
            (Some(r), _) => (Regularization::L1, r),
            (_, Some(r)) => (Regularization::L2, r),
            _ => (Regularization::None, 0.0),
        };
        Training {
            epochs: a.epochs.unwrap_or(100),
            seed: a.seed.unwrap_or(1),
            hyper: Hyper {
                learning_rate: a.lr.unwrap_or(0.03),
                batch_size: a.batch.unwrap_or(10),
                optimizer: a.optimizer.unwrap_or(OptimizerKind::Sgd),
                regularization,
                regularization_rate,
            },
        }
    });
    let file = load_data_file(&a.data, net.task())?;
    let rows = match (&training, file.parts()) {
        (Some(_), Some((train, _))) => train,
        _ => file.data,
    };
    let options = PythonOptions {
        lang: a.lang,
        training,
        article: a.article,
    };
    let script = python_script(&net, &rows, &options).map_err(|e| match &training {
        Some(_) if rows.is_empty() => format!("{}: there are no training rows", a.data.display()),
        _ => e.to_string(),
    })?;
    match (out, &a.out) {
        (Some(file), Some(path)) => {
            file.commit(&script)?;
            say!("script written to {}", path.display());
        }
        _ => write!(std::io::stdout(), "{script}").map_err(stdout_failed)?,
    }
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

fn article() -> Done {
    let err = |e: backprop::Error| e.to_string();
    let net = article::network().map_err(err)?;
    let show_net = |net: &Network| -> Done {
        for (l, layer) in net.layers().iter().enumerate() {
            let w: Vec<Vec<f64>> = layer.w.rows().into_iter().map(|r| r.to_vec()).collect();
            say!("W{} =\n  {}", l + 1, fmt_matrix(&w));
            say!("b{} = {}", l + 1, fmt_vec(&layer.b.to_vec()));
        }
        Ok(())
    };
    say!("## The article's network: 2 inputs, 3 ReLU neurons, 2 softmax outputs\n");
    show_net(&net)?;
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
    show_net(session.network())?;
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
         pass's z1 and y for all {} updates (δ2 = y − t never changes; δ1 reads the updated W2).\n\
         Recomputing them every step, as here, is what gradient descent does. Its loop as\n\
         written gives its table:\n",
        article::STEPS
    );
    let p = article::printed_loop();
    let rows = |m: &[&[f64]]| fmt_matrix(&m.iter().map(|r| r.to_vec()).collect::<Vec<_>>());
    say!("W1 = {}", rows(&[&p.w1[0], &p.w1[1]]));
    say!("b1 = {}", fmt_vec(&p.b1));
    say!("W2 = {}", rows(&[&p.w2[0], &p.w2[1], &p.w2[2]]));
    say!("b2 = {}", fmt_vec(&p.b2));
    Ok(())
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            // clap's own printing ignores a failed write; the exit code says what happened.
            let _ = e.print();
            return ExitCode::from(u8::try_from(e.exit_code()).unwrap_or(2));
        }
    };
    let result = match cli.command {
        Command::Train(a) => train(a),
        Command::Predict { model, data } => predict(&model, &data),
        Command::Grad { model, data } => grad(&model, &data),
        Command::Article => article(),
        Command::Python(a) => python(a),
    }
    .and_then(|()| std::io::stdout().flush().map_err(stdout_failed));
    match result {
        Ok(()) | Err(Fail::Quiet) => ExitCode::SUCCESS,
        Err(Fail::Message(e)) => {
            // A stderr that cannot be written (`2>/dev/full`) must not turn into an abort.
            let _ = writeln!(std::io::stderr(), "error: {e}");
            ExitCode::FAILURE
        }
    }
}
