//! One error type for everything the core can reject: a [`Code`] (which rule the input
//! breaks), the values that make the message (named, as text), and the places it is at (a
//! line of a file, a field), outermost first.
//!
//! The core words every code in English ([`Code::english`], what `Display` and the CLI
//! print); a front end words the same code and values from its own message tables (the
//! page: `core.<code>` in each language, checked against [`Code::ALL`] by its tests). So a
//! new rule is a new code, never a sentence another language has to recognise.

use std::fmt;

use serde::Serialize;

macro_rules! codes {
    ($($variant:ident => $name:literal, $english:literal;)+) => {
        /// Which rule an input breaks. Its name is the key of its message (`core.<name>` on
        /// the page); its English text names its values in braces.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $(
                #[doc = concat!("`", $english, "`")]
                $variant,
            )+
        }
        impl Code {
            /// Every code, for the front ends' checks that each has a text.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];
            /// The code's name, as front ends key their messages.
            pub fn name(self) -> &'static str {
                match self { $(Code::$variant => $name),+ }
            }
            /// The English template: `{name}` stands for the value of that name.
            pub fn english(self) -> &'static str {
                match self { $(Code::$variant => $english),+ }
            }
        }
    };
}

codes! {
    // Numbers and values.
    NotFinite => "notFinite", "{v} is not a finite number";
    OutOfRange => "outOfRange", "{v} is out of range (|value| ≤ {max})";
    TooLargeX => "tooLargeX", "{v} is too large (|x| ≤ {max})";
    NotNumber => "notNumber", "{v} is not a number";
    NotClass => "notClass", "{v} is not a class index 0..{k}";
    NotSplit => "notSplit", "{v} is not train or test";
    Unknown => "unknown", "unknown {what} {v} (expected one of {list})";
    UnknownTask => "unknownTask", "unknown task {v} (expected regression or classification:K)";
    ExpectedRange => "expectedRange", "expected {min} to {max}, got {v}";
    WholeNumber => "wholeNumber", "expected a whole number ≥ 0, got {v}";
    NonNegative => "nonNegative", "expected a finite number ≥ 0, got {v}";
    NotObject => "notObject", "expected an object";
    BadValue => "badValue", "{detail}";
    PointNotFinite => "pointNotFinite", "point ({x1}, {x2}) is not finite";
    NotString => "notString", "expected text, got {type}";
    NotNumbers => "notNumbers", "expected a list of numbers, got {type}";
    NotBytes => "notBytes", "expected bytes (a Uint8Array), got {type}";
    NotPlainData => "notPlainData", "expected plain data (numbers, text, lists and objects; no getter that throws)";
    // Text and data files.
    NotText => "notText", "not a text file (expected UTF-8 or UTF-16)";
    EmptyCsv => "emptyCsv", "the file is empty (expected the header x1,x2,label)";
    Header => "header", "expected the header x1,x2,label, found {found}";
    TooManyRows => "tooManyRows", "too many rows (at most {n})";
    Fields => "fields", "expected {want} fields ({names}), found {n}";
    NoRows => "noRows", "no data rows after the header";
    // Model files.
    TooLargeFile => "tooLargeFile", "too large ({n} bytes, at most {max})";
    Empty => "empty", "empty";
    NotModel => "notModel", "not a model file: {detail}";
    Format => "format", "expected {want}, found {found}";
    Twice => "twice", "{name} is listed twice";
    Rows => "rows", "expected {want} rows, found {found}";
    BiasValues => "biasValues", "expected {want} values (one per bias), found {found}";
    Shape => "shape", "shape mismatch: {detail}";
    // Networks.
    NoFeature => "noFeature", "at least one input feature is needed";
    NoLayers => "noLayers", "the network has no layers";
    MaxLayers => "maxLayers", "at most {max} layers, found {n}";
    MaxHidden => "maxHidden", "at most {max} hidden layers, got {n}";
    MaxNeurons => "maxNeurons", "at most {max} neurons in a hidden layer, found {n}";
    HiddenNeurons => "hiddenNeurons", "hidden layer {layer} must have 1 to {max} neurons, got {n}";
    ClassesRange => "classesRange", "classes must be between {min} and {max}, got {n}";
    SoftmaxClasses => "softmaxClasses", "a softmax output needs {min} to {max} classes, got {n}";
    LinearOutput => "linearOutput", "a linear output has 1 value, got {n}";
    LayerInputs => "layerInputs", "layer 1 takes {inputs} inputs but there are {features} features";
    LayerChain => "layerChain", "layer {layer} has {outputs} outputs but layer {next} takes {inputs} inputs";
    BadParamName => "badParamName", "bad parameter name {v} (expected e.g. W1[0][2] or b2[1])";
    NoSuchLayer => "noSuchLayer", "there is no layer {layer}";
    LayerShape => "layerShape", "layer {layer} is {inputs}×{outputs}";
    Values => "values", "expected {want} values, got {found}";
    NoFiniteWeights => "noFiniteWeights", "there are no finite weights to export";
    NoLastGood => "noLastGood", "there are no last good weights to restore";
    // Settings.
    LearningRate => "learningRate", "learning rate must be in (0, {max}], got {v}";
    LearningRateMin => "learningRateMin", "learning rate must be at least {min}, got {v}";
    BatchMin => "batchMin", "batch size must be at least {min}";
    BatchMax => "batchMax", "batch size must be at most {max} (a batch as large as the data is full-batch), got {n}";
    RegularizationRate => "regularizationRate", "regularization rate must be in [{min}, {max}], got {v}";
    Points => "points", "points must be {min} to {max}, got {n}";
    Noise => "noise", "noise must be in [{min}, {max}], got {v}";
    TrainRatio => "trainRatio", "train ratio must be in [{min}, {max}], got {v}";
    // Data and runs.
    TaskMismatch => "taskMismatch", "the model is for {model} but the data is for {data}";
    TaskMismatchSet => "taskMismatchSet", "the model is for {model} but data set {set} is for {data}";
    Classes => "classes", "{k} classes";
    Regression => "regression", "regression";
    MaxPoints => "maxPoints", "at most {n} points";
    TooManyPoints => "tooManyPoints", "at most {n} points, got {got}";
    LabelsCount => "labelsCount", "{points} points but {labels} labels";
    PerCall => "perCall", "at most {max} a call, got {n}";
    EpochMax => "epochMax", "expected at most 2^53, got {n}";
    HistoryEpoch => "historyEpoch", "epoch {e} is not a whole number after {last} and up to {epoch}";
    HistoryLoss => "historyLoss", "losses {train} and {test} are not losses";
    HistoryTriples => "historyTriples", "expected (epoch, train loss, test loss) triples, got {n} numbers";
    // The inspector.
    LandscapeSize => "landscapeSize", "expected an odd number from 1 to {max}, got {n}";
    LandscapeSpan => "landscapeSpan", "expected a number in (0, {max}], got {v}";
    ChosenTwice => "chosenTwice", "{name} is chosen twice; pick two different parameters";
    RowsRange => "rowsRange", "expected a range within 0..{all}, got {from}..{to}";
    BoundaryPart => "boundaryPart", "expected 0 ≤ part < parts ≤ {size}, got part {part} of {parts}";
    // Python scripts.
    NoDataRows => "noDataRows", "there are no data rows to compute with";
    NoTrainingRows => "noTrainingRows", "there are no training rows";
    NotFiniteWeights => "notFiniteWeights", "the network's weights are not all finite numbers";
    ScriptEpochs => "scriptEpochs", "epochs must be 1 to {max}, got {n}";
    ScriptOrders => "scriptOrders", "{epochs} epochs of {rows} rows would write {entries} row indices into the script (at most {max}); use fewer epochs or `backprop train`";
}

/// Where an error is: a line of a data file (1-based, the header is line 1) or a field (a
/// model file's `layers[1].weights`, a parameter `W1[0][2]`, a setting).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum At {
    Line(usize),
    Field(String),
}

/// A value in a message: text, or another message (a task, "2 classes", worded in turn).
#[derive(Clone, Debug, PartialEq)]
pub enum Var {
    Text(String),
    Message(Box<Error>),
}

/// What went wrong, and where.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    pub code: Code,
    /// The message's values by name, in the order given.
    pub vars: Vec<(&'static str, Var)>,
    /// The places, outermost first: `line 3`, then `x2`.
    pub at: Vec<At>,
}

impl Error {
    /// An error of `code` with no values yet.
    pub fn new(code: Code) -> Error {
        Error {
            code,
            vars: Vec::new(),
            at: Vec::new(),
        }
    }

    /// Adds the value `name` (as `Display` writes it).
    pub fn with(mut self, name: &'static str, value: impl fmt::Display) -> Error {
        self.vars.push((name, Var::Text(value.to_string())));
        self
    }

    /// Adds the value `name`: another message, worded in turn.
    pub fn with_message(mut self, name: &'static str, message: Error) -> Error {
        self.vars.push((name, Var::Message(Box::new(message))));
        self
    }

    /// The error at `field`, outside the places it already has.
    pub fn at_field(mut self, field: impl Into<String>) -> Error {
        self.at.insert(0, At::Field(field.into()));
        self
    }

    /// The error on line `line`, outside the places it already has.
    pub fn at_line(mut self, line: usize) -> Error {
        self.at.insert(0, At::Line(line));
        self
    }

    /// The value `name`, if the error has it, as text.
    pub fn var(&self, name: &str) -> Option<String> {
        self.vars
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| match v {
                Var::Text(t) => t.clone(),
                Var::Message(m) => m.to_string(),
            })
    }

    /// The message without its places, in English.
    pub fn english_message(&self) -> String {
        let mut out = String::new();
        let mut rest = self.code.english();
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                break;
            };
            let name = &rest[open + 1..open + close];
            out.push_str(&self.var(name).unwrap_or_default());
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for place in &self.at {
            match place {
                At::Line(n) => write!(f, "line {n}: ")?,
                At::Field(name) => write!(f, "{name}: ")?,
            }
        }
        f.write_str(&self.english_message())
    }
}

impl std::error::Error for Error {}

/// As data for a front end: `{code, vars: {name: text | {code, vars, at}}, at: [{line: n} |
/// {field: name}], message}` (the message in English).
impl Serialize for Error {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        struct Vars<'a>(&'a [(&'static str, Var)]);
        impl Serialize for Vars<'_> {
            fn serialize<S: serde::Serializer>(
                &self,
                s: S,
            ) -> std::result::Result<S::Ok, S::Error> {
                let mut m = s.serialize_map(Some(self.0.len()))?;
                for (name, v) in self.0 {
                    match v {
                        Var::Text(t) => m.serialize_entry(name, t)?,
                        Var::Message(e) => m.serialize_entry(name, e)?,
                    }
                }
                m.end()
            }
        }
        let mut m = s.serialize_map(Some(4))?;
        m.serialize_entry("code", self.code.name())?;
        m.serialize_entry("vars", &Vars(&self.vars))?;
        m.serialize_entry("at", &self.at)?;
        m.serialize_entry("message", &self.to_string())?;
        m.end()
    }
}

/// The core's result type.
pub type Result<T> = std::result::Result<T, Error>;

/// `Err(Error::new(code))` with values added by the caller: `fail(Code::X, |e| e.with(…))`.
pub(crate) fn fail<T>(code: Code, build: impl FnOnce(Error) -> Error) -> Result<T> {
    Err(build(Error::new(code)))
}

/// A number for a message: as Rust writes it, but from 1e16 on in exponent form (1e308, not
/// its 309 digits).
pub(crate) fn shown(v: f64) -> String {
    if v.abs() >= 1e16 {
        format!("{v:e}")
    } else {
        v.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_come_before_the_message_and_values_fill_the_template() {
        let e = Error::new(Code::NotFinite)
            .with("v", "NaN")
            .at_field("x2")
            .at_line(3);
        assert_eq!(e.to_string(), "line 3: x2: NaN is not a finite number");
        let task = Error::new(Code::Classes).with("k", 2);
        let e = Error::new(Code::TaskMismatch)
            .with_message("model", task)
            .with_message("data", Error::new(Code::Regression));
        assert_eq!(
            e.to_string(),
            "the model is for 2 classes but the data is for regression"
        );
    }

    #[test]
    fn every_code_has_a_distinct_name_and_every_brace_is_closed() {
        let mut names: Vec<_> = Code::ALL.iter().map(|c| c.name()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), Code::ALL.len());
        for c in Code::ALL {
            let t = c.english();
            assert_eq!(t.matches('{').count(), t.matches('}').count(), "{c:?}");
        }
    }
}
