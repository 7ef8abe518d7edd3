//! The train/test split is part of the data (it survives CSV and model round
//! trips, reloads, resets and shape changes, and the metrics stay equal to the bit); labels
//! are bounded; a file's bytes read alike whatever their encoding; the saved or exported
//! network never has a non-finite weight.

use backprop::files::csv::{DataFile, split_to_csv};
use backprop::files::text::decode;
use backprop::training::session::Data;
use backprop::{
    Activation, Config, Dataset, DatasetKind, Hyper, Network, OptimizerKind, Session, Task,
};

/// A run the page also makes, `#dataset=spiral&seed=7&hidden=8,8&activation=tanh&optimizer=adam&
/// learningRate=0.01`, 300 epochs.
fn spiral_config() -> Config {
    Config {
        dataset: DatasetKind::Spiral,
        seed: 7,
        hidden: vec![8, 8],
        activation: Activation::Tanh,
        hyper: Hyper {
            optimizer: OptimizerKind::Adam,
            learning_rate: 0.01,
            ..Hyper::default()
        },
        ..Config::default()
    }
}

fn trained() -> Session {
    let mut s = Session::new(spiral_config()).unwrap();
    s.step(300);
    s
}

fn bits(s: &Session) -> [u64; 4] {
    let m = s.evaluate();
    [
        m.train.loss.to_bits(),
        m.test.loss.to_bits(),
        m.train.accuracy.unwrap().to_bits(),
        m.test.accuracy.unwrap().to_bits(),
    ]
}

#[test]
fn model_export_and_import_keeps_the_split_and_the_metrics_to_the_bit() {
    let mut s = trained();
    let before = bits(&s);
    let (train, test) = (s.train_set().clone(), s.test_set().clone());
    let model = s.network().to_json();
    s.set_network(Network::from_json(&model).unwrap()).unwrap();
    assert_eq!(
        s.train_set(),
        &train,
        "no training point became a test point"
    );
    assert_eq!(s.test_set(), &test);
    assert_eq!(bits(&s), before);
}

#[test]
fn a_reload_gives_the_same_split_and_metrics() {
    // The page's reload: the same config (seed included) regenerates the data, then the saved
    // model is imported.
    let s = trained();
    let mut again = Session::new(s.config().clone()).unwrap();
    again
        .set_network(Network::from_json(&s.network().to_json()).unwrap())
        .unwrap();
    assert_eq!(again.train_set(), s.train_set());
    assert_eq!(again.test_set(), s.test_set());
    assert_eq!(bits(&again), bits(&s));
}

#[test]
fn csv_export_and_import_keeps_every_points_set_and_the_metrics_to_the_bit() {
    let mut s = trained();
    let before = bits(&s);
    let csv = split_to_csv(s.train_set(), s.test_set());
    assert!(csv.starts_with("x1,x2,label,split\n"));
    assert_eq!(csv.matches(",train\n").count(), s.train_set().len());
    assert_eq!(csv.matches(",test\n").count(), s.test_set().len());
    let (train, test) = (s.train_set().clone(), s.test_set().clone());
    let file = DataFile::from_csv(&csv, s.task()).unwrap();
    s.set_rows(&file.data, file.split.as_deref()).unwrap();
    assert_eq!(s.train_set(), &train);
    assert_eq!(s.test_set(), &test);
    assert_eq!(bits(&s), before);
}

#[test]
fn reset_and_a_new_shape_keep_the_split_of_hand_made_data() {
    // The page keeps hand-made data across Reset and network changes by exporting and
    // re-importing its CSV.
    let mut s = trained();
    s.add_point([5.5, -5.5], 1.0).unwrap();
    let csv = split_to_csv(s.train_set(), s.test_set());
    let (train, test) = (s.train_set().clone(), s.test_set().clone());
    for hidden in [vec![8, 8], vec![8, 8, 3], vec![2]] {
        let mut r = Session::new(Config {
            hidden,
            ..s.config().clone()
        })
        .unwrap();
        let file = DataFile::from_csv(&csv, r.task()).unwrap();
        r.set_rows(&file.data, file.split.as_deref()).unwrap();
        assert_eq!(r.train_set(), &train);
        assert_eq!(r.test_set(), &test);
    }
}

#[test]
fn a_file_without_the_split_column_is_split_by_the_seeded_rule() {
    let s = trained();
    let plain = s.data().to_csv();
    assert!(plain.starts_with("x1,x2,label\n"));
    let mut a = Session::new(spiral_config()).unwrap();
    let mut b = Session::new(spiral_config()).unwrap();
    let file = DataFile::from_csv(&plain, a.task()).unwrap();
    a.set_rows(&file.data, file.split.as_deref()).unwrap();
    b.set_data(Dataset::from_csv(&plain, b.task()).unwrap())
        .unwrap();
    assert_eq!(a.train_set(), b.train_set());
    assert_eq!(a.train_set().len() + a.test_set().len(), 500);
}

#[test]
fn the_split_column_is_checked() {
    let two = Task::Classification { classes: 2 };
    let e = DataFile::from_csv("x1,x2,label,split\n1,2,0,train\n1,2,1,dev\n", two).unwrap_err();
    assert_eq!(
        e.to_string(),
        r#"line 3: split: "dev" is not train or test"#
    );
    let e = DataFile::from_csv("x1,x2,label,split\n1,2,0\n", two).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2: expected 4 fields (x1,x2,label,split), found 3"
    );
    let f = DataFile::from_csv("x1,x2,label,split\n1,2,0,test\n3,4,1,train\n", two).unwrap();
    let (train, test) = f.parts().unwrap();
    assert_eq!(train.points, vec![[3.0, 4.0]]);
    assert_eq!(test.points, vec![[1.0, 2.0]]);
    assert_eq!(
        split_to_csv(&train, &test),
        "x1,x2,label,split\n3,4,1,train\n1,2,0,test\n"
    );
}

#[test]
fn the_cli_and_the_page_make_the_same_split_from_the_same_spec() {
    // Both build a run through Session: the CLI with from_parts(Generated), the page with new.
    let page = Session::new(spiral_config()).unwrap();
    let cli = Session::from_parts(spiral_config(), None, Data::Generated).unwrap();
    assert_eq!(page.train_set(), cli.train_set());
    assert_eq!(page.test_set(), cli.test_set());
    // A CSV with the split column given to the CLI keeps its sets.
    let f = DataFile::from_csv(
        &split_to_csv(page.train_set(), page.test_set()),
        page.task(),
    )
    .unwrap();
    let (train, test) = f.parts().unwrap();
    let from_file =
        Session::from_parts(spiral_config(), None, Data::Split(train, test, page.task())).unwrap();
    assert_eq!(from_file.train_set(), page.train_set());
    assert_eq!(from_file.test_set(), page.test_set());
}

#[test]
fn regression_labels_are_bounded_like_parameters() {
    let e = Dataset::from_csv("x1,x2,label\n1,2,1e200\n", Task::Regression).unwrap_err();
    assert_eq!(
        e.to_string(),
        "line 2: label: 1e200 is out of range (|value| ≤ 1e6)"
    );
    assert!(Dataset::from_csv("x1,x2,label\n1,2,-1e6\n", Task::Regression).is_ok());
    let mut s = Session::new(Config {
        dataset: DatasetKind::Plane,
        ..Config::default()
    })
    .unwrap();
    assert!(s.add_point([1.0, 1.0], 2e6).is_err());
    assert!(s.add_point([1.0, 1.0], 1e6).is_ok());
}

#[test]
fn utf16_and_a_bom_before_a_blank_line_read_like_plain_utf8() {
    let text = "x1,x2,label\n1,2,0\n-1,0.5,1\n";
    let two = Task::Classification { classes: 2 };
    let want = Dataset::from_csv(text, two).unwrap();
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    let bom: Vec<u8> = [0xEF, 0xBB, 0xBF]
        .into_iter()
        .chain(b"\r\n".iter().copied())
        .chain(text.bytes())
        .collect();
    for bytes in [le, be, bom, text.as_bytes().to_vec()] {
        let got = Dataset::from_csv(&decode(&bytes).unwrap(), two).unwrap();
        assert_eq!(got, want);
    }
    // A BOM in the text (as a page's decoder may leave it) followed by a blank line.
    assert_eq!(
        Dataset::from_csv(&format!("\u{feff}\n{text}"), two).unwrap(),
        want
    );
    assert_eq!(
        decode(&[0x89, b'P', b'N', b'G', 0, 1])
            .unwrap_err()
            .to_string(),
        "file: not a text file (expected UTF-8 or UTF-16)"
    );
    assert_eq!(
        decode(&[0xFF, 0xFE, 0x41]).unwrap_err().to_string(),
        "file: not a text file (expected UTF-8 or UTF-16)"
    );
    assert!(decode(&[0xC3, 0x28]).is_err());
}

#[test]
fn task_errors_are_in_words() {
    let mut s = Session::new(spiral_config()).unwrap();
    let regression = Network::new(
        &backprop::NetworkSpec {
            task: Task::Regression,
            ..s.network().spec()
        },
        &mut backprop::rng_for(1, backprop::Stream::Init),
    )
    .unwrap();
    let e = s.set_network(regression).unwrap_err().to_string();
    assert_eq!(
        e,
        "the model is for regression but the data is for 2 classes"
    );
    let eight = Network::new(
        &backprop::NetworkSpec {
            task: Task::Classification { classes: 8 },
            ..s.network().spec()
        },
        &mut backprop::rng_for(1, backprop::Stream::Init),
    )
    .unwrap();
    let e = Session::from_parts(spiral_config(), Some(eight.clone()), Data::Generated)
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "the model is for 8 classes but data set spiral is for 2 classes"
    );
    // On the page a model of more classes loads over data whose labels it knows.
    let (train, test) = (s.train_set().clone(), s.test_set().clone());
    s.set_network(eight).unwrap();
    assert_eq!(s.task(), Task::Classification { classes: 8 });
    assert_eq!((s.train_set(), s.test_set()), (&train, &test));
}

#[test]
fn a_file_of_more_classes_makes_a_network_for_them() {
    let mut s = Session::new(spiral_config()).unwrap();
    let eight = Task::Classification { classes: 8 };
    let csv = "x1,x2,label,split\n1,1,7,train\n2,2,0,train\n3,3,5,test\n";
    let file = DataFile::from_csv(csv, eight).unwrap();
    s.set_rows_for(&file.data, file.split.as_deref(), eight)
        .unwrap();
    assert_eq!(s.task(), eight);
    assert_eq!(s.network().spec().widths(), vec![2, 8, 8, 8]);
    assert_eq!(s.train_set().len(), 2);
    assert_eq!(s.test_set().len(), 1);
}

#[test]
fn non_finite_weights_are_never_what_is_saved_or_exported() {
    let mut s = Session::new(Config {
        dataset: DatasetKind::Plane,
        hidden: vec![8, 8, 8],
        activation: Activation::Relu,
        hyper: Hyper {
            learning_rate: 10.0,
            ..Hyper::default()
        },
        ..Config::default()
    })
    .unwrap();
    let (net, last) = s.savable_network().unwrap();
    assert!(!last);
    assert_eq!(net.params(), s.network().params());
    for _ in 0..50 {
        s.step(1);
        if s.diverged() {
            break;
        }
    }
    assert!(s.diverged());
    let (net, last) = s.savable_network().unwrap();
    assert!(last, "the last good weights");
    assert!(net.params().iter().all(|v| v.is_finite()));
    let json = net.to_json();
    assert!(!json.contains("null"));
    Network::from_json(&json).unwrap();
}
