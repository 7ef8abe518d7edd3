//! A network, its data and its training as one plain Python 3 script that needs only NumPy,
//! written the way the article's §4 writes its code: small functions for each layer's forward
//! and backward, the network as a dict of arrays (`W1`, `b1`, …, `u = x·W + b`), a `forward`,
//! a `backward` and a loop, with short comments (English or Japanese) that point to the
//! article's sections. The CLI's `backprop python` and the page's *Export as Python* both
//! write it from here.
//!
//! The script's last line is one JSON object, `{"loss": L, "layers": [...]}`:
//!
//! * without training, the mean loss and its gradient over every row, in the shape
//!   `backprop grad` prints;
//! * with training, the loss over the rows after training and the trained weights, in the
//!   shape of a model file's `layers` — what `backprop train` writes for the same settings.
//!
//! The mini-batch orders of the playground's seeded shuffle are written into the script, so the
//! same rows meet the same weights in the same order. Only the order of additions inside NumPy
//! differs from the playground's kernels: a few epochs agree to about 1e−8, longer runs drift
//! apart (the script says so).

use std::fmt::Write as _;

use rand::seq::SliceRandom;

use crate::article;
use crate::data::features::Feature;
use crate::data::sets::Dataset;
use crate::error::{Code, Result, fail};
use crate::layers::activation::Activation;
use crate::layers::loss::Output;
use crate::rng::{Stream, rng_for};
use crate::training::config::Hyper;
use crate::training::network::{Network, Task};
use crate::training::optimizer::{OptimizerKind, Regularization};

/// The most row indices the written mini-batch orders may hold (epochs × rows): about 7 MB of
/// script. Longer runs belong to `backprop train`.
pub const MAX_ORDER_ENTRIES: usize = 1_000_000;
/// The most epochs a script trains.
pub const MAX_EPOCHS: u32 = 10_000;

/// The language of the script's comments and printed headings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

crate::names::named_enum!(Lang, "language", En => "en", Ja => "ja");

/// Training settings: `epochs` epochs of `backprop train` with these hyper-parameters and the
/// shuffle of this seed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Training {
    pub epochs: u32,
    pub hyper: Hyper,
    pub seed: u32,
}

/// What to write.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct PythonOptions {
    pub lang: Lang,
    /// `None`: the loss and the gradient over every row (`backprop grad`).
    pub training: Option<Training>,
    /// Adds the article's own loop (§4 as written) even when the network is not the article's
    /// example; it is added anyway when it is (see [`is_article_network`]).
    pub article: bool,
}

/// Whether `network` is the article's 2-3-2 example with its initial weights.
pub fn is_article_network(network: &Network) -> bool {
    article::network().is_ok_and(|a| a.to_model() == network.to_model())
}

/// The mini-batch orders `backprop train` uses: the rows `0..rows` shuffled once per epoch by
/// the seed's shuffle stream (each epoch shuffles the previous epoch's order, as the trainer
/// does).
pub fn batch_orders(rows: usize, epochs: u32, seed: u32) -> Vec<Vec<usize>> {
    let mut rng = rng_for(seed, Stream::Shuffle);
    let mut order: Vec<usize> = (0..rows).collect();
    (0..epochs)
        .map(|_| {
            order.shuffle(&mut rng);
            order.clone()
        })
        .collect()
}

/// The script for `network` on `rows` (its training rows when it trains). Refuses rows that do
/// not suit the network's task, no rows, non-finite weights and out-of-range settings, with a
/// message saying which.
pub fn python_script(network: &Network, rows: &Dataset, options: &PythonOptions) -> Result<String> {
    rows.validate(network.task())?;
    if rows.is_empty() {
        return fail(Code::NoDataRows, |e| e);
    }
    if !network.is_finite() {
        return fail(Code::NotFiniteWeights, |e| e);
    }
    if let Some(tr) = &options.training {
        tr.hyper.validate()?;
        if tr.epochs == 0 || tr.epochs > MAX_EPOCHS {
            return fail(Code::ScriptEpochs, |e| {
                e.with("max", MAX_EPOCHS).with("n", tr.epochs)
            });
        }
        let entries = tr.epochs as usize * rows.len();
        if entries > MAX_ORDER_ENTRIES {
            return fail(Code::ScriptOrders, |e| {
                e.with("epochs", tr.epochs)
                    .with("rows", rows.len())
                    .with("entries", entries)
                    .with("max", MAX_ORDER_ENTRIES)
            });
        }
    }
    let mut w = Writer {
        s: String::new(),
        ja: options.lang == Lang::Ja,
    };
    let article = options.article || is_article_network(network);
    w.script(network, rows, options, article);
    Ok(w.s)
}

struct Writer {
    s: String,
    ja: bool,
}

/// A number as Python reads it back to the same f64 (Rust's `Debug` form: `0.1`, `1.0`, `1e-7`).
fn num(v: f64) -> String {
    format!("{v:?}")
}

fn list(v: impl IntoIterator<Item = f64>) -> String {
    let parts: Vec<String> = v.into_iter().map(num).collect();
    format!("[{}]", parts.join(", "))
}

fn activation_name(a: Activation) -> &'static str {
    match a {
        Activation::Relu => "relu",
        Activation::Sigmoid => "sigmoid",
        Activation::Tanh => "tanh",
        Activation::Linear => "identity",
    }
}

fn feature_code(f: Feature) -> &'static str {
    match f {
        Feature::X1 => "x1",
        Feature::X2 => "x2",
        Feature::X1Squared => "x1 * x1",
        Feature::X2Squared => "x2 * x2",
        Feature::X1X2 => "x1 * x2",
        Feature::SinX1 => "np.sin(x1)",
        Feature::SinX2 => "np.sin(x2)",
    }
}

impl Writer {
    /// English or Japanese.
    fn l(&self, en: &str, ja: &str) -> String {
        if self.ja { ja } else { en }.to_string()
    }

    fn line(&mut self, text: &str) {
        self.s.push_str(text);
        self.s.push('\n');
    }

    fn blank(&mut self) {
        self.s.push('\n');
    }

    /// A comment line in the chosen language.
    fn c(&mut self, indent: &str, en: &str, ja: &str) {
        let text = self.l(en, ja).to_string();
        for l in text.lines() {
            let _ = writeln!(self.s, "{indent}# {l}");
        }
    }

    /// `name = [items]` wrapped at about 96 columns, continuation lines indented.
    fn wrapped(&mut self, head: &str, items: &[String], close: &str) {
        let mut line = head.to_string();
        for (i, item) in items.iter().enumerate() {
            let piece = if i + 1 < items.len() {
                format!("{item}, ")
            } else {
                item.clone()
            };
            if line.len() + piece.len() > 96 && line.trim_start().len() > head.trim().len() {
                self.line(line.trim_end());
                line = "    ".to_string();
            }
            line.push_str(&piece);
        }
        line.push_str(close);
        self.line(&line);
    }

    fn script(&mut self, net: &Network, rows: &Dataset, o: &PythonOptions, article: bool) {
        self.header(net, rows, o);
        self.functions(net, article);
        self.features(net);
        self.network(net);
        self.forward(net);
        self.backward(net);
        self.data(net, rows, o.training.is_some());
        match &o.training {
            None => self.gradient_run(net, rows.len()),
            Some(tr) => self.training_run(net, rows.len(), tr),
        }
        if article {
            self.article_loop();
        }
        self.result(o.training.is_some());
    }

    fn header(&mut self, net: &Network, rows: &Dataset, o: &PythonOptions) {
        self.line("#!/usr/bin/env python3");
        let widths: Vec<String> = net.spec().widths().iter().map(|w| w.to_string()).collect();
        let shape = format!(
            "{} ({}, {})",
            widths.join("-"),
            net.activation(),
            match net.output() {
                Output::Softmax => "Softmax-with-Loss",
                Output::Linear => "MSE",
            }
        );
        self.c(
            "",
            &format!("Backprop Playground: the network {shape} and its data as a NumPy script."),
            &format!(
                "Backprop Playground: ネットワーク {shape} とデータを NumPy のスクリプトにしたもの。"
            ),
        );
        self.c(
            "",
            "Written the way the article's §4 (Python implementation) writes its code: one function\nper layer's forward and backward, the network as a dict W1, b1, …, u = x·W + b, a forward,\na backward and a loop. It needs only NumPy: python3 this_file.py",
            "記事の 4.(Pythonでの実装)と同じ書き方です: レイヤごとの順伝播・逆伝播の関数、\n辞書 W1, b1, … のネットワーク(u = x·W + b)、forward、backward、そしてループ。\n必要なのは NumPy だけです: python3 このファイル.py",
        );
        self.c(
            "",
            "Its last line is one JSON object: {\"loss\": ..., \"layers\": [...]}.",
            "最後の行は 1 つの JSON オブジェクトです: {\"loss\": ..., \"layers\": [...]}。",
        );
        self.line("#");
        match &o.training {
            None => {
                self.c(
                    "",
                    &format!(
                        "It computes the mean loss E over all {} rows and its gradient (backward pass).\nThe same numbers from the playground's command line:",
                        rows.len()
                    ),
                    &format!(
                        "全 {} 行の誤差 E(平均)とその勾配(逆伝播)を計算します。\nプレイグラウンドのコマンドラインで同じ数値を出すには:",
                        rows.len()
                    ),
                );
                self.line("#   backprop grad --model model.json --data data.csv");
            }
            Some(tr) => {
                let h = tr.hyper;
                self.c(
                    "",
                    &format!(
                        "It trains {} epochs on the {} training rows, in mini-batches of {} in the playground's\nshuffled order, with {}. The same run on the playground's command line:",
                        tr.epochs,
                        rows.len(),
                        h.batch_size,
                        h.optimizer
                    ),
                    &format!(
                        "{} 行の訓練データで {} エポック学習します(ミニバッチ {} 行、プレイグラウンドと\n同じシャッフル順、最適化手法 {})。プレイグラウンドのコマンドラインでは:",
                        rows.len(),
                        tr.epochs,
                        h.batch_size,
                        h.optimizer
                    ),
                );
                let reg = match h.regularization {
                    Regularization::None => String::new(),
                    r => format!(" --{r} {}", num(h.regularization_rate)),
                };
                let _ = writeln!(
                    self.s,
                    "#   backprop train --model model.json --data data.csv --epochs {} --lr {} --batch {} --seed {} --optimizer {}{reg} --out trained.json",
                    tr.epochs,
                    num(h.learning_rate),
                    h.batch_size,
                    tr.seed,
                    h.optimizer
                );
                self.line("#");
                self.c(
                    "",
                    "Up to a few epochs the weights agree with the playground's to about 1e-8. Longer runs drift\napart: NumPy adds the same numbers in another order than the playground's kernels, and\ntraining amplifies those last-digit differences (Adam most). The run starts afresh as\n`backprop train` does: an optimizer's running state (momentum, Adam's moments) and the\npage's place in its shuffle are not carried over from the page.",
                    "数エポックまでなら重みはプレイグラウンドと 1e-8 程度まで一致します。長く学習すると\nずれていきます: NumPy はプレイグラウンドとは別の順序で足し算をし、その最後の桁の差を\n学習が増幅するためです(Adam で最も大きい)。学習は `backprop train` と同じく最初から\n始まります: 最適化手法の途中の状態(モーメンタム、Adam のモーメント)やページでの\nシャッフルの位置は引き継がれません。",
                );
            }
        }
        self.blank();
        self.line("import json");
        self.blank();
        self.line("import numpy as np");
        self.blank();
        self.line("np.set_printoptions(precision=8, suppress=True)");
        self.blank();
        self.blank();
        self.c(
            "",
            "Prints an array under a heading (as §4 does)",
            "配列を見出し付きで表示する(4. と同じ)",
        );
        self.line("def print_vec(text, vec):");
        self.line("    print(\"*** \" + text + \" ***\")");
        self.line("    print(vec)");
        self.line("    print(\"\")");
        self.blank();
        self.blank();
    }

    fn functions(&mut self, net: &Network, article: bool) {
        self.c(
            "",
            "---- The layers' functions (§3) ----",
            "---- 各レイヤの関数(3.)----",
        );
        let hidden = net.layers().len() > 1;
        let act = net.activation();
        let relu = article || (hidden && act == Activation::Relu);
        if relu {
            self.c("", "ReLU (§3.2.2)", "ReLU関数(3.2.2)");
            self.line("def relu(u):");
            self.line("    return np.maximum(0, u)");
            self.blank();
            self.blank();
            self.c(
                "",
                "Its derivative, read from the output z: 1 where z > 0, else 0 (§3.2.2)",
                "ReLU関数の導関数。出力 z から: z > 0 なら 1、そうでなければ 0(3.2.2)",
            );
            self.line("def d_relu(z):");
            self.line("    return np.where(z > 0, 1.0, 0.0)");
            self.blank();
            self.blank();
        }
        if hidden {
            match act {
                Activation::Relu => {}
                Activation::Sigmoid => {
                    self.c(
                        "",
                        "Sigmoid 1 / (1 + exp(-u)) (§3.2.1), written with exp(-|u|) so that exp never overflows",
                        "シグモイド関数 1 / (1 + exp(-u))(3.2.1)。exp があふれないよう exp(-|u|) で書く",
                    );
                    self.line("def sigmoid(u):");
                    self.line("    e = np.exp(-np.abs(u))");
                    self.line("    return np.where(u >= 0, 1.0, e) / (1 + e)");
                    self.blank();
                    self.blank();
                    self.c(
                        "",
                        "Its derivative from the output z: z(1 - z) (§3.2.1)",
                        "シグモイド関数の導関数。出力 z から: z(1 - z)(3.2.1)",
                    );
                    self.line("def d_sigmoid(z):");
                    self.line("    return z * (1 - z)");
                    self.blank();
                    self.blank();
                }
                Activation::Tanh => {
                    self.c(
                        "",
                        "tanh (not in the article); its derivative from the output z, as §3.2.1 does for the sigmoid",
                        "tanh(記事にはない活性化関数)。導関数は 3.2.1 のシグモイドと同じく出力 z から",
                    );
                    self.line("def tanh(u):");
                    self.line("    return np.tanh(u)");
                    self.blank();
                    self.blank();
                    self.line("def d_tanh(z):");
                    self.line("    return 1 - z * z");
                    self.blank();
                    self.blank();
                }
                Activation::Linear => {
                    self.c(
                        "",
                        "The identity (linear activation, not in the article): z = u, derivative 1",
                        "恒等関数(線形の活性化関数、記事にはない): z = u、導関数は 1",
                    );
                    self.line("def identity(u):");
                    self.line("    return u");
                    self.blank();
                    self.blank();
                    self.line("def d_identity(z):");
                    self.line("    return np.ones_like(z)");
                    self.blank();
                    self.blank();
                }
            }
        }
        if article || net.output() == Output::Softmax {
            self.c(
                "",
                "Softmax (§3.3.1): each row's largest value is subtracted first, so exp never overflows",
                "ソフトマックス関数(3.3.1)。オーバーフロー対策に各行の最大値を先に引く",
            );
            self.line("def softmax(u):");
            self.line("    e = np.exp(u - np.max(u, axis=1, keepdims=True))");
            self.line("    return e / np.sum(e, axis=1, keepdims=True)");
            self.blank();
            self.blank();
        }
        match net.output() {
            Output::Softmax => {
                self.c(
                    "",
                    "Cross-entropy error (§3.3.1), the mean over the rows, from the output layer's u.\nThe article takes log(y + 1e-7); here ln y = u - max - ln Σ exp(u - max), which stays\nfinite for any u and is how the playground computes it.",
                    "交差エントロピー誤差(3.3.1)、行の平均。出力層の総入力 u から計算する。\n記事は log(y + 1e-7) を使うが、ここでは ln y = u - max - ln Σ exp(u - max) とする。\nどんな u でも有限で、プレイグラウンドと同じ計算になる。",
                );
                self.line("def cross_entropy_error(u, t):");
                self.line("    m = np.max(u, axis=1, keepdims=True)");
                self.line(
                    "    log_y = u - (m + np.log(np.sum(np.exp(u - m), axis=1, keepdims=True)))",
                );
                self.line("    return -np.sum(t * log_y) / u.shape[0]");
                self.blank();
                self.blank();
                self.c(
                    "",
                    "The backward of Softmax-with-Loss (§3.3.2): y - t, divided by the batch size\n(the loss is the batch's mean)",
                    "Softmax-with-Lossレイヤの逆伝播(3.3.2): y - t をバッチサイズで割る\n(誤差がバッチの平均なので)",
                );
                self.line("def d_softmax_with_loss(t, y):");
                self.line("    return (y - t) / y.shape[0]");
            }
            Output::Linear => {
                self.c(
                    "",
                    "Regression: the output is u itself and the error is the mean squared error\nE = mean of ½(y - t)² (not in the article)",
                    "回帰: 出力は u そのもの、誤差は二乗誤差の平均 E = ½(y - t)² の平均(記事にはない)",
                );
                self.line("def mean_squared_error(y, t):");
                self.line("    return 0.5 * np.sum((y - t) ** 2) / y.shape[0]");
                self.blank();
                self.blank();
                self.c(
                    "",
                    "Its backward has the same form as Softmax-with-Loss's (§3.3.2): (y - t) / batch size",
                    "その逆伝播は Softmax-with-Lossレイヤ(3.3.2)と同じ形: (y - t) / バッチサイズ",
                );
                self.line("def d_mean_squared_error(t, y):");
                self.line("    return (y - t) / y.shape[0]");
            }
        }
        self.blank();
        self.blank();
    }

    fn features(&mut self, net: &Network) {
        self.c(
            "",
            "---- Input features: what the input layer receives for a point (x1, x2) ----\n(§4 feeds x itself; the playground can also feed x1², x1·x2, sin x1, …)",
            "---- 特徴量: 点 (x1, x2) に対して入力層が受け取る値 ----\n(4. は x をそのまま入力する。プレイグラウンドでは x1²、x1·x2、sin x1 なども選べる)",
        );
        let names: Vec<&str> = net.features().iter().map(|f| f.name()).collect();
        let _ = writeln!(self.s, "# {}", names.join(", "));
        self.line("def features(points):");
        self.line("    x1, x2 = points[:, 0], points[:, 1]");
        let cols: Vec<&str> = net.features().iter().map(|&f| feature_code(f)).collect();
        let _ = writeln!(self.s, "    return np.column_stack([{}])", cols.join(", "));
        self.blank();
        self.blank();
    }

    fn network(&mut self, net: &Network) {
        self.c(
            "",
            "---- The network (§4's init_network): W is (inputs × outputs), so u = x·W + b ----",
            "---- ネットワーク(4. の init_network): W は(入力数 × 出力数)、u = x·W + b ----",
        );
        self.line("def init_network():");
        let title = self.l("Network", "ネットワークの初期化").to_string();
        let _ = writeln!(self.s, "    print(\"##### {title} #####\")");
        self.line("    network = {}");
        for (l, layer) in net.layers().iter().enumerate() {
            let k = l + 1;
            let _ = writeln!(self.s, "    network['W{k}'] = np.array([");
            for r in layer.w.rows() {
                let _ = writeln!(self.s, "        {},", list(r.iter().copied()));
            }
            self.line("    ])");
            let _ = writeln!(
                self.s,
                "    network['b{k}'] = np.array({})",
                list(layer.b.iter().copied())
            );
        }
        let (wname, bname) = (self.l("weights", "重み"), self.l("biases", "バイアス"));
        let (wname, bname) = (wname.to_string(), bname.to_string());
        for l in 1..=net.layers().len() {
            let _ = writeln!(self.s, "    print_vec(\"{wname} W{l}\", network['W{l}'])");
            let _ = writeln!(self.s, "    print_vec(\"{bname} b{l}\", network['b{l}'])");
        }
        self.line("    return network");
        self.blank();
        self.blank();
    }

    /// The hidden activation's function name.
    fn act(net: &Network) -> &'static str {
        activation_name(net.activation())
    }

    fn forward(&mut self, net: &Network) {
        let n = net.layers().len();
        self.c(
            "",
            "Forward pass (§4): u = x·W + b (an Affine layer, §3.1), then the activation function,\nlayer by layer; the output layer and the error at the end. Returns y, the hidden layers'\noutputs z (which the backward pass needs) and the error E.",
            "順伝播(4.): 層ごとに u = x·W + b(Affineレイヤ、3.1)、続いて活性化関数。\n最後に出力層と誤差。y、逆伝播で使う中間層の出力 z、誤差 E を返す。",
        );
        self.line("def forward(network, x, t):");
        let act = Self::act(net);
        let mut input = "x".to_string();
        for l in 1..=n {
            let _ = writeln!(
                self.s,
                "    u{l} = np.dot({input}, network['W{l}']) + network['b{l}']"
            );
            if l < n {
                let _ = writeln!(self.s, "    z{l} = {act}(u{l})");
                input = format!("z{l}");
            }
        }
        match net.output() {
            Output::Softmax => {
                let _ = writeln!(self.s, "    y = softmax(u{n})");
                let _ = writeln!(self.s, "    loss = cross_entropy_error(u{n}, t)");
            }
            Output::Linear => {
                let _ = writeln!(self.s, "    y = u{n}");
                self.line("    loss = mean_squared_error(y, t)");
            }
        }
        let zs: Vec<String> = (1..n).map(|l| format!("z{l}")).collect();
        let _ = writeln!(self.s, "    return y, [{}], loss", zs.join(", "));
        self.blank();
        self.blank();
    }

    fn backward(&mut self, net: &Network) {
        let n = net.layers().len();
        self.c(
            "",
            "Backward pass (§3, §4): delta = ∂E/∂u from the output layer down. Each Affine layer gives\ndW = zᵀ·delta (§3.1.1) and db = the sum of delta over the rows (§3.1.2), and passes\ndelta·Wᵀ down, times the activation's derivative (§3.2).",
            "逆伝播(3.、4.): 出力層から順に delta = ∂E/∂u を求める。Affineレイヤごとに\ndW = zᵀ·delta(3.1.1)、db = delta の行方向の和(3.1.2)。delta·Wᵀ に活性化関数の\n導関数を掛けて下の層へ流す(3.2)。",
        );
        self.line("def backward(network, x, t, y, zs):");
        if n > 1 {
            if n == 2 {
                self.line("    z1 = zs[0]");
            } else {
                let zs: Vec<String> = (1..n).map(|l| format!("z{l}")).collect();
                let _ = writeln!(self.s, "    {} = zs", zs.join(", "));
            }
        }
        self.line("    grad = {}");
        let d = match net.output() {
            Output::Softmax => "d_softmax_with_loss",
            Output::Linear => "d_mean_squared_error",
        };
        let _ = writeln!(self.s, "    delta{n} = {d}(t, y)");
        let act = Self::act(net);
        for l in (1..=n).rev() {
            let input = if l == 1 {
                "x".to_string()
            } else {
                format!("z{}", l - 1)
            };
            let _ = writeln!(self.s, "    grad['W{l}'] = np.dot({input}.T, delta{l})");
            let _ = writeln!(self.s, "    grad['b{l}'] = np.sum(delta{l}, axis=0)");
            if l > 1 {
                let p = l - 1;
                let _ = writeln!(
                    self.s,
                    "    delta{p} = np.dot(delta{l}, network['W{l}'].T) * d_{act}(z{p})"
                );
            }
        }
        self.line("    return grad");
        self.blank();
        self.blank();
    }

    fn data(&mut self, net: &Network, rows: &Dataset, training: bool) {
        if training {
            self.c(
                "",
                "---- The training rows: points (x1, x2) and their labels ----",
                "---- 訓練データ: 点 (x1, x2) とそのラベル ----",
            );
        } else {
            self.c(
                "",
                "---- The data: points (x1, x2) and their labels ----",
                "---- データ: 点 (x1, x2) とそのラベル ----",
            );
        }
        self.line("points = np.array([");
        for p in &rows.points {
            let _ = writeln!(self.s, "    [{}, {}],", num(p[0]), num(p[1]));
        }
        self.line("])");
        match net.task() {
            Task::Classification { classes } => {
                let labels: Vec<String> = rows
                    .labels
                    .iter()
                    .map(|&l| (l as usize).to_string())
                    .collect();
                self.wrapped("labels = np.array([", &labels, "])");
                self.c(
                    "",
                    &format!("The target output t: one-hot rows over the {classes} classes"),
                    &format!("目標出力 t: {classes} クラスの one-hot ベクトル"),
                );
                let _ = writeln!(self.s, "x_all = features(points)");
                let _ = writeln!(self.s, "t_all = np.eye({classes})[labels]");
            }
            Task::Regression => {
                let labels: Vec<String> = rows.labels.iter().map(|&l| num(l)).collect();
                self.wrapped("labels = np.array([", &labels, "])");
                self.c(
                    "",
                    "The target output t: the value, one column",
                    "目標出力 t: 値(1 列)",
                );
                self.line("x_all = features(points)");
                self.line("t_all = labels.reshape(-1, 1)");
            }
        }
        self.blank();
    }

    fn layers_json(&mut self, var: &str, n: usize) {
        let parts: Vec<String> = (1..=n)
            .map(|l| {
                format!("{{\"weights\": {var}['W{l}'].tolist(), \"bias\": {var}['b{l}'].tolist()}}")
            })
            .collect();
        let _ = writeln!(self.s, "layers = [");
        for p in parts {
            let _ = writeln!(self.s, "    {p},");
        }
        self.line("]");
    }

    fn gradient_run(&mut self, net: &Network, rows: usize) {
        let n = net.layers().len();
        self.line("network = init_network()");
        self.blank();
        let h = self.l(
            &format!("Forward pass over all {rows} rows"),
            &format!("順伝播(全 {rows} 行)"),
        );
        let _ = writeln!(self.s, "print(\"##### {h} #####\")");
        self.line("y, zs, loss = forward(network, x_all, t_all)");
        let e = self.l("error E (mean over the rows): ", "誤差 E(行の平均): ");
        let _ = writeln!(self.s, "print(\"{e}\" + str(loss))");
        self.line("print(\"\")");
        self.blank();
        let h = self.l("Backward pass: the gradient", "逆伝播: 勾配");
        let _ = writeln!(self.s, "print(\"##### {h} #####\")");
        self.line("grad = backward(network, x_all, t_all, y, zs)");
        for l in 1..=n {
            let _ = writeln!(self.s, "print_vec(\"dE/dW{l}\", grad['W{l}'])");
            let _ = writeln!(self.s, "print_vec(\"dE/db{l}\", grad['b{l}'])");
        }
        self.blank();
        self.c(
            "",
            "The result, in the shape `backprop grad` prints: the loss and each layer's gradient",
            "結果(`backprop grad` と同じ形): 誤差と各層の勾配",
        );
        self.layers_json("grad", n);
        self.line("result = {\"loss\": float(loss), \"layers\": layers}");
        self.blank();
    }

    fn training_run(&mut self, net: &Network, rows: usize, tr: &Training) {
        let n = net.layers().len();
        let h = tr.hyper;
        self.line("network = init_network()");
        self.blank();
        let title = self.l(
            &format!("Before training: forward and backward pass over all {rows} rows"),
            &format!("学習前: 全 {rows} 行の順伝播と逆伝播"),
        );
        let _ = writeln!(self.s, "print(\"##### {title} #####\")");
        self.line("y, zs, loss = forward(network, x_all, t_all)");
        let e = self.l("error E (mean over the rows): ", "誤差 E(行の平均): ");
        let _ = writeln!(self.s, "print(\"{e}\" + str(loss))");
        self.line("grad = backward(network, x_all, t_all, y, zs)");
        for l in 1..=n {
            let _ = writeln!(self.s, "print_vec(\"dE/dW{l}\", grad['W{l}'])");
            let _ = writeln!(self.s, "print_vec(\"dE/db{l}\", grad['b{l}'])");
        }
        self.blank();
        self.c(
            "",
            "---- Gradient descent (§1; the loop of §4) ----",
            "---- 勾配降下法(1.、4. のループ)----",
        );
        let _ = writeln!(self.s, "epochs = {}", tr.epochs);
        let _ = writeln!(
            self.s,
            "learning_rate = {}  # {}",
            num(h.learning_rate),
            self.l("η", "学習率 η")
        );
        let _ = writeln!(self.s, "batch_size = {}", h.batch_size);
        self.blank();
        self.c(
            "",
            &format!(
                "The playground's shuffled row order of each epoch (seed {}): the same rows meet the same\nweights in the same order. Beyond these epochs NumPy shuffles, and the numbers are its own.",
                tr.seed
            ),
            &format!(
                "各エポックのプレイグラウンドのシャッフル順(シード {}): 同じ行が同じ順で同じ重みに出会う。\nこれより多いエポックでは NumPy がシャッフルし、プレイグラウンドとは別の数値になる。",
                tr.seed
            ),
        );
        let orders = batch_orders(rows, tr.epochs, tr.seed);
        self.line("orders = [");
        for o in &orders {
            let items: Vec<String> = o.iter().map(|i| i.to_string()).collect();
            self.wrapped("    [", &items, "],");
        }
        self.line("]");
        self.blank();
        self.penalty(h);
        self.optimizer(h);
        let title = self.l("Training", "学習");
        let _ = writeln!(self.s, "print(\"##### {title} #####\")");
        self.line("for epoch in range(epochs):");
        self.line("    order = orders[epoch] if epoch < len(orders) else np.random.permutation(len(x_all))");
        self.c(
            "    ",
            "One update per mini-batch; the last, smaller batch is an update of its own",
            "ミニバッチごとに 1 回更新する。最後の小さいバッチも 1 回の更新",
        );
        self.line("    for start in range(0, len(order), batch_size):");
        self.line("        rows = order[start:start + batch_size]");
        self.line("        x, t = x_all[rows], t_all[rows]");
        self.line("        y, zs, _ = forward(network, x, t)");
        self.line("        grad = backward(network, x, t, y, zs)");
        self.line("        update(network, grad)");
        self.line("    _, _, loss = forward(network, x_all, t_all)");
        let e = self.l("epoch", "エポック");
        let l = self.l("error E", "誤差 E");
        let _ = writeln!(
            self.s,
            "    print(\"{e} \" + str(epoch + 1) + \": {l} \" + str(loss))"
        );
        self.line("print(\"\")");
        self.blank();
        let title = self.l("Parameters after training", "更新後パラメータ");
        let _ = writeln!(self.s, "print(\"##### {title} #####\")");
        let (wname, bname) = (self.l("weights", "重み"), self.l("biases", "バイアス"));
        let (wname, bname) = (wname.to_string(), bname.to_string());
        for l in 1..=n {
            let _ = writeln!(self.s, "print_vec(\"{wname} W{l}\", network['W{l}'])");
            let _ = writeln!(self.s, "print_vec(\"{bname} b{l}\", network['b{l}'])");
        }
        self.blank();
        self.c(
            "",
            "The result: the loss over the training rows after training and the trained weights, in\nthe shape of a model file's layers (what `backprop train --out` writes)",
            "結果: 学習後の訓練データの誤差と学習した重み(モデルファイルの layers と同じ形、\n`backprop train --out` が書くもの)",
        );
        self.layers_json("network", n);
        self.line("result = {\"loss\": float(loss), \"layers\": layers}");
        self.blank();
    }

    fn penalty(&mut self, h: Hyper) {
        match h.regularization {
            Regularization::None => {
                self.c(
                    "",
                    "No regularization: the update uses the gradient as it is",
                    "正則化なし: 勾配をそのまま使う",
                );
                self.line("def penalty(key, value):");
                self.line("    return 0.0");
            }
            Regularization::L1 => {
                let _ = writeln!(self.s, "l1 = {}", num(h.regularization_rate));
                self.blank();
                self.c(
                    "",
                    "L1 regularization: λ·Σ|w| adds λ·sign(w) to a weight's gradient (not to the biases')",
                    "L1 正則化: λ·Σ|w| により重みの勾配に λ·sign(w) を足す(バイアスには足さない)",
                );
                self.line("def penalty(key, value):");
                self.line("    return l1 * np.sign(value) if key.startswith('W') else 0.0");
            }
            Regularization::L2 => {
                let _ = writeln!(self.s, "l2 = {}", num(h.regularization_rate));
                self.blank();
                self.c(
                    "",
                    "L2 regularization: λ·½Σw² adds λ·w to a weight's gradient (not to the biases')",
                    "L2 正則化: λ·½Σw² により重みの勾配に λ·w を足す(バイアスには足さない)",
                );
                self.line("def penalty(key, value):");
                self.line("    return l2 * value if key.startswith('W') else 0.0");
            }
        }
        self.blank();
        self.blank();
    }

    fn optimizer(&mut self, h: Hyper) {
        match h.optimizer {
            OptimizerKind::Sgd => {
                self.c(
                    "",
                    "The update of §4: W ← W - η·∂E/∂W for every W and b",
                    "4. の更新: すべての W と b について W ← W - η·∂E/∂W",
                );
                self.line("def update(network, grad):");
                self.line("    for key in network:");
                self.line("        g = grad[key] + penalty(key, network[key])");
                self.line("        network[key] -= learning_rate * g");
            }
            OptimizerKind::Momentum => {
                self.c(
                    "",
                    "Momentum (not in the article): v ← 0.9·v - η·∂E/∂W, then W ← W + v",
                    "モーメンタム(記事にはない): v ← 0.9·v - η·∂E/∂W、そして W ← W + v",
                );
                self.line(
                    "velocity = {key: np.zeros_like(value) for key, value in network.items()}",
                );
                self.blank();
                self.blank();
                self.line("def update(network, grad):");
                self.line("    for key in network:");
                self.line("        g = grad[key] + penalty(key, network[key])");
                self.line("        velocity[key] = 0.9 * velocity[key] - learning_rate * g");
                self.line("        network[key] += velocity[key]");
            }
            OptimizerKind::Adam => {
                self.c(
                    "",
                    "Adam (not in the article): running means of the gradient (m) and of its square (v),\ncorrected for their start at 0, with β1 = 0.9, β2 = 0.999, ε = 1e-8",
                    "Adam(記事にはない): 勾配の移動平均 m とその二乗の移動平均 v を使い、\n0 から始まる偏りを補正する。β1 = 0.9、β2 = 0.999、ε = 1e-8",
                );
                self.line("beta1, beta2, eps = 0.9, 0.999, 1e-8");
                self.line("m = {key: np.zeros_like(value) for key, value in network.items()}");
                self.line("v = {key: np.zeros_like(value) for key, value in network.items()}");
                self.line("beta_powers = [1.0, 1.0]  # β1^step, β2^step");
                self.blank();
                self.blank();
                self.line("def update(network, grad):");
                self.line("    beta_powers[0] *= beta1");
                self.line("    beta_powers[1] *= beta2");
                self.line("    for key in network:");
                self.line("        g = grad[key] + penalty(key, network[key])");
                self.line("        m[key] = beta1 * m[key] + (1 - beta1) * g");
                self.line("        v[key] = beta2 * v[key] + (1 - beta2) * g * g");
                self.line("        m_hat = m[key] / (1 - beta_powers[0])");
                self.line("        v_hat = v[key] / (1 - beta_powers[1])");
                self.line("        network[key] -= learning_rate * m_hat / (np.sqrt(v_hat) + eps)");
            }
        }
        self.blank();
        self.blank();
    }

    fn article_loop(&mut self) {
        let p = article::printed_loop();
        self.line("# ==========================================================================================");
        self.c(
            "",
            "The article's own loop (§4), as it wrote it — apart from everything above",
            "記事の 4. のループ(書かれたとおり)— ここまでの計算とは別のもの",
        );
        self.line("# ==========================================================================================");
        self.c(
            "",
            "The article runs one forward pass on x = (5, 1), t = (0, 1), then 100 updates with η = 0.01\nthat all reuse that pass's z1 and y: delta2 = y - t never changes, while delta1 reads W2 as\nupdated so far. Its table of weights comes from this loop. Gradient descent proper recomputes\nthe forward pass every step (as the playground and the code above do), which gives other\nweights. The article's error takes log(y + 1e-7).",
            "記事は x = (5, 1)、t = (0, 1) で順伝播を 1 回だけ行い、そのときの z1 と y を使い回して\nη = 0.01 で 100 回更新する: delta2 = y - t は変わらず、delta1 はそれまでに更新された W2 を読む。\n記事の重みの表はこのループの結果。本来の勾配降下法は毎回順伝播をやり直す(プレイグラウンドと\n上のコード)ので、重みは別の値になる。記事の誤差は log(y + 1e-7) を使う。",
        );
        self.line("def article_cross_entropy_error(t, y):");
        self.line("    return -np.sum(t * np.log(y + 1e-7)) / y.shape[0]");
        self.blank();
        self.blank();
        self.line("def article_forward(network, x, t):");
        self.line("    u1 = np.dot(x, network['W1']) + network['b1']");
        self.line("    z1 = relu(u1)");
        self.line("    u2 = np.dot(z1, network['W2']) + network['b2']");
        self.line("    y = softmax(u2)");
        let names = [
            self.l("total input 1 (u1)", "総入力1(u1)").to_string(),
            self.l("hidden layer output 1 (z1)", "中間層出力1(z1)")
                .to_string(),
            self.l("total input 2 (u2)", "総入力2(u2)").to_string(),
            self.l("output (y)", "出力(y)").to_string(),
        ];
        for (name, v) in names.iter().zip(["u1", "z1", "u2", "y"]) {
            let _ = writeln!(self.s, "    print_vec(\"{name}\", {v})");
        }
        let e = self.l("error: ", "誤差: ");
        let _ = writeln!(
            self.s,
            "    print(\"{e}\" + str(article_cross_entropy_error(t, y)))"
        );
        self.line("    print(\"\")");
        self.line("    return y, z1");
        self.blank();
        self.blank();
        self.line("def article_backward(network, x, t, z1, y):");
        self.line("    grad = {}");
        self.line("    delta2 = y - t");
        self.line("    grad['b2'] = np.sum(delta2, axis=0)");
        self.line("    grad['W2'] = np.dot(z1.T, delta2)");
        self.line("    delta1 = np.dot(delta2, network['W2'].T) * d_relu(z1)");
        self.line("    grad['b1'] = np.sum(delta1, axis=0)");
        self.line("    grad['W1'] = np.dot(x.T, delta1)");
        self.line("    return grad");
        self.blank();
        self.blank();
        let title = self.l(
            "The article's loop, as written",
            "記事のループ(書かれたとおり)",
        );
        let _ = writeln!(self.s, "print(\"##### {title} #####\")");
        self.line("article = {");
        self.line("    'W1': np.array([[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]),");
        self.line("    'W2': np.array([[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]),");
        self.line("    'b1': np.array([0.1, 0.2, 0.3]),");
        self.line("    'b2': np.array([0.1, 0.2]),");
        self.line("}");
        self.line("x = np.array([[5.0, 1.0]])");
        self.line("t = np.array([[0, 1]])");
        self.line("y, z1 = article_forward(article, x, t)");
        self.c(
            "",
            "The same z1 and y in all 100 updates, as in the article",
            "記事と同じく、100 回の更新すべてで同じ z1 と y を使う",
        );
        self.line("for i in range(100):");
        self.line("    grad = article_backward(article, x, t, z1, y)");
        self.line("    for key in ('W1', 'W2', 'b1', 'b2'):");
        self.line("        article[key] -= 0.01 * grad[key]");
        let title = self.l(
            "The article's table: parameters after its loop",
            "記事の表: ループ後のパラメータ",
        );
        let _ = writeln!(self.s, "print(\"##### {title} #####\")");
        let (wname, bname) = (self.l("weights", "重み"), self.l("biases", "バイアス"));
        let (wname, bname) = (wname.to_string(), bname.to_string());
        for l in 1..=2 {
            let _ = writeln!(self.s, "print_vec(\"{wname} W{l}\", article['W{l}'])");
        }
        for l in 1..=2 {
            let _ = writeln!(self.s, "print_vec(\"{bname} b{l}\", article['b{l}'])");
        }
        self.c(
            "",
            &format!(
                "The article prints W1 = [[0.33765368 0.6307148 0.92377592] [0.24753074 0.46614296 0.68475518]],\nb2 = [-0.02025686 0.32025686] (this loop computed in Rust gives W1[0][0] = {}).",
                num(p.w1[0][0])
            ),
            &format!(
                "記事の表は W1 = [[0.33765368 0.6307148 0.92377592] [0.24753074 0.46614296 0.68475518]]、\nb2 = [-0.02025686 0.32025686](このループを Rust で計算すると W1[0][0] = {})。",
                num(p.w1[0][0])
            ),
        );
        let title = self.l(
            "The article's recomputation on x = (1, 5)",
            "学習モデルでの再計算(x = (1, 5))",
        );
        let _ = writeln!(self.s, "print(\"##### {title} #####\")");
        self.line("article_forward(article, np.array([[1.0, 5.0]]), t)");
        self.blank();
    }

    fn result(&mut self, training: bool) {
        self.c(
            "",
            if training {
                "The last line: the real gradient descent's result above, as one JSON object"
            } else {
                "The last line: the result above as one JSON object"
            },
            if training {
                "最後の行: 上の本来の勾配降下法の結果を 1 つの JSON オブジェクトで"
            } else {
                "最後の行: 上の結果を 1 つの JSON オブジェクトで"
            },
        );
        self.line("print(json.dumps(result))");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article_rows() -> Dataset {
        Dataset {
            points: vec![article::X],
            labels: vec![article::LABEL],
        }
    }

    #[test]
    fn the_orders_are_the_trainers() {
        // The trainer shuffles its order in place every epoch; so does batch_orders.
        let orders = batch_orders(7, 3, 5);
        assert_eq!(orders.len(), 3);
        for o in &orders {
            let mut s = o.clone();
            s.sort();
            assert_eq!(s, (0..7).collect::<Vec<_>>());
        }
        assert_ne!(orders[0], orders[1]);
    }

    #[test]
    fn bad_input_is_refused_with_a_message() {
        let net = article::network().unwrap();
        let three = Dataset {
            points: vec![[0.0, 0.0]],
            labels: vec![2.0],
        };
        let e = python_script(&net, &three, &PythonOptions::default()).unwrap_err();
        assert!(e.to_string().contains("class"), "{e}");
        let e = python_script(&net, &Dataset::default(), &PythonOptions::default()).unwrap_err();
        assert!(e.to_string().contains("no data rows"), "{e}");
        let hyper = Hyper {
            learning_rate: 0.0,
            ..Hyper::default()
        };
        let o = PythonOptions {
            training: Some(Training {
                epochs: 1,
                hyper,
                seed: 1,
            }),
            ..PythonOptions::default()
        };
        let e = python_script(&net, &article_rows(), &o).unwrap_err();
        assert!(e.to_string().contains("learning rate"), "{e}");
        let o = PythonOptions {
            training: Some(Training {
                epochs: 0,
                hyper: Hyper::default(),
                seed: 1,
            }),
            ..PythonOptions::default()
        };
        let e = python_script(&net, &article_rows(), &o).unwrap_err();
        assert!(e.to_string().contains("epochs"), "{e}");
        // Orders too long to write out.
        let many = Dataset {
            points: vec![[0.0, 0.0]; 2000],
            labels: vec![1.0; 2000],
        };
        let o = PythonOptions {
            training: Some(Training {
                epochs: 501,
                hyper: Hyper::default(),
                seed: 1,
            }),
            ..PythonOptions::default()
        };
        let e = python_script(&net, &many, &o).unwrap_err();
        assert!(e.to_string().contains("row indices"), "{e}");
        let infinite = Network::from_layers(
            net.features().to_vec(),
            vec![crate::layers::affine::Affine::new(
                ndarray::Array2::from_elem((2, 2), f64::INFINITY),
                ndarray::Array1::zeros(2),
            )],
            Activation::Relu,
            Output::Softmax,
        )
        .unwrap();
        let e = python_script(&infinite, &article_rows(), &PythonOptions::default()).unwrap_err();
        assert!(e.to_string().contains("finite"), "{e}");
    }

    #[test]
    fn the_articles_example_gets_its_own_loop_and_others_do_not() {
        let net = article::network().unwrap();
        let s = python_script(&net, &article_rows(), &PythonOptions::default()).unwrap();
        assert!(s.contains("np.log(y + 1e-7)"));
        assert!(s.contains("article_backward(article, x, t, z1, y)"));
        assert!(s.trim_end().ends_with("print(json.dumps(result))"));
        let mut other = net.clone();
        other.set_param("W1[0][0]".parse().unwrap(), 0.25).unwrap();
        let s = python_script(&other, &article_rows(), &PythonOptions::default()).unwrap();
        assert!(!s.contains("article_backward"));
        let forced = PythonOptions {
            article: true,
            lang: Lang::Ja,
            ..PythonOptions::default()
        };
        let s = python_script(&other, &article_rows(), &forced).unwrap();
        assert!(s.contains("np.log(y + 1e-7)"));
        assert!(s.contains("順伝播"));
    }
}
