//! In headless Chromium: the handle works on the page's thread, with `performance.now()` from
//! the window, and a typed-array view of its memory sees the grid.
#![cfg(target_arch = "wasm32")]

use backprop_wasm::{Playground, wasm_memory};
use js_sys::Float32Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn train_for_consults_the_clock_in_the_browser() {
    assert!(web_sys_window_exists());
    let mut pg = Playground::new(JsValue::UNDEFINED).unwrap();
    let run = |m: JsValue| {
        js_sys::Reflect::get(&m, &"epochsRun".into())
            .unwrap()
            .as_f64()
            .unwrap()
    };
    // The window's clock is consulted after every epoch: a spent budget stops after the one
    // epoch every call trains, an ample one runs to the epoch limit. (No duration is asserted:
    // the suite must pass on a busy machine; timings are `just bench` figures.)
    assert_eq!(run(pg.train_for(0.0, 10_000.0).unwrap()), 1.0);
    assert_eq!(run(pg.train_for(1000.0, 5.0).unwrap()), 5.0);
    let layout = pg.evaluate_grid(100.0).unwrap();
    let memory: js_sys::WebAssembly::Memory = wasm_memory().unchecked_into();
    for pair in layout.chunks(2) {
        let view = Float32Array::new_with_byte_offset_and_length(
            &memory.buffer(),
            pair[0],
            10_000 * pair[1],
        );
        // Read element by element: `to_vec` would allocate in wasm memory and could detach
        // the very buffer the view is on (the rule the page follows: view after, read, drop).
        assert!((0..view.length()).all(|i| view.get_index(i).is_finite()));
    }
}

fn web_sys_window_exists() -> bool {
    js_sys::Reflect::has(&js_sys::global(), &"document".into()).unwrap_or(false)
}
