//! In headless Chromium: the handle works on the page's thread, with `performance.now()` from
//! the window, and a typed-array view of its memory sees the grid.
#![cfg(target_arch = "wasm32")]

use backprop_wasm::{Playground, wasm_memory};
use js_sys::Float64Array;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn trains_within_a_frame_budget_in_the_browser() {
    assert!(web_sys_window_exists());
    let mut pg = Playground::new(JsValue::UNDEFINED).unwrap();
    let start = js_sys::Date::now();
    let m = pg.train_for(8.0, 10_000).unwrap();
    let elapsed = js_sys::Date::now() - start;
    let run = js_sys::Reflect::get(&m, &"epochsRun".into())
        .unwrap()
        .as_f64()
        .unwrap();
    assert!(run >= 1.0);
    // One epoch may overrun the budget, but the call stops soon after it.
    assert!(elapsed < 200.0, "trainFor(8 ms) took {elapsed} ms");
    let layout = pg.evaluate_grid(100).unwrap();
    let memory: js_sys::WebAssembly::Memory = wasm_memory().unchecked_into();
    for pair in layout.chunks(2) {
        let view = Float64Array::new_with_byte_offset_and_length(
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
