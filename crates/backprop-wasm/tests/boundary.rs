//! `evaluateBoundary`: the f32 boundary picture the page draws at full resolution, read in
//! place from wasm memory — its layout, its agreement with `evaluateGrid`'s output plane, and
//! bad sizes refused with a message (the handle still works afterwards).
#![cfg(target_arch = "wasm32")]

use backprop_wasm::{Playground, Thrown, wasm_memory};
use js_sys::{Float32Array, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

fn playground() -> Playground {
    let o = Object::new();
    for (k, v) in [
        ("dataset", JsValue::from("spiral")),
        ("hidden", js_sys::Array::of2(&8.into(), &8.into()).into()),
        ("seed", 5.into()),
    ] {
        Reflect::set(&o, &k.into(), &v).unwrap();
    }
    Playground::new(o.into()).unwrap()
}

fn message<T>(r: Result<T, Thrown>) -> String {
    match r {
        Ok(_) => panic!("expected an error"),
        Err(e) => {
            let v: JsValue = e.into();
            Reflect::get(&v, &"message".into())
                .unwrap()
                .as_string()
                .unwrap_or_default()
        }
    }
}

fn buffer() -> js_sys::ArrayBuffer {
    let m: js_sys::WebAssembly::Memory = wasm_memory().unchecked_into();
    m.buffer().unchecked_into()
}

#[wasm_bindgen_test]
fn boundary_is_the_output_in_f32_at_display_precision() {
    let mut pg = playground();
    pg.step(40.0).unwrap();
    let size = 101u32; // tiled, and not a multiple of the tile
    let n = (size * size) as usize;
    let b = pg.evaluate_boundary(size as f64, None, None).unwrap();
    assert_eq!(b.len(), 2);
    assert_eq!(b[1], 2, "two classes");
    let f32s =
        Float32Array::new_with_byte_offset_and_length(&buffer(), b[0], 2 * n as u32).to_vec();
    let g = pg.evaluate_grid(size as f64).unwrap();
    let (ptr, width) = (g[g.len() - 2], g[g.len() - 1]);
    assert_eq!(width, 2);
    // The grid's output plane is node-major: class j at cell i is element j·n + i.
    let plane = Float32Array::new_with_byte_offset_and_length(&buffer(), ptr, 2 * n as u32)
        .slice(0, 2 * n as u32)
        .to_vec();
    let worst = (0..n)
        .flat_map(|i| [(f32s[2 * i], plane[i]), (f32s[2 * i + 1], plane[n + i])])
        .map(|(a, b)| (a as f64 - b as f64).abs())
        .fold(0.0, f64::max);
    assert!(worst < 0.02, "worst difference {worst}");
    for i in 0..n {
        let s = f32s[2 * i] + f32s[2 * i + 1];
        assert!((s - 1.0).abs() < 1e-5, "probabilities sum to 1 at {i}: {s}");
    }
}

#[wasm_bindgen_test]
fn bad_boundary_sizes_are_refused() {
    let mut pg = playground();
    for size in [0, 1201, u32::MAX] {
        assert!(message(pg.evaluate_boundary(size as f64, None, None)).contains("boundary size"));
    }
    assert_eq!(pg.evaluate_boundary(1.0, None, None).unwrap()[1], 2);
    assert_eq!(pg.evaluate_boundary(1200.0, None, None).unwrap()[1], 2);
    // Parts out of range: refused, and the handle works on.
    for (part, parts) in [(0, 0), (2, 2), (0, 65), (u32::MAX, 3)] {
        let m = message(pg.evaluate_boundary(64.0, Some(part as f64), Some(parts as f64)));
        assert!(m.contains("boundary part"), "{part} of {parts}: {m}");
    }
    assert_eq!(
        pg.evaluate_boundary(64.0, Some(1.0), Some(2.0)).unwrap()[1],
        2
    );
}

/// The parts of a boundary, read from memory after the last, equal the whole computed at once.
#[wasm_bindgen_test]
fn boundary_in_parts_is_the_whole() {
    let mut pg = playground();
    pg.step(40.0).unwrap();
    let size = 150u32;
    let n = 2 * (size * size);
    let whole = pg.evaluate_boundary(size as f64, None, None).unwrap();
    let whole = Float32Array::new_with_byte_offset_and_length(&buffer(), whole[0], n).to_vec();
    pg.evaluate_boundary(90.0, None, None).unwrap(); // another size in between: a fresh grid
    let mut ptr = 0;
    for part in 0..5 {
        ptr = pg
            .evaluate_boundary(size as f64, Some(part as f64), Some(5.0))
            .unwrap()[0];
    }
    let parts = Float32Array::new_with_byte_offset_and_length(&buffer(), ptr, n).to_vec();
    assert_eq!(parts, whole);
}
