//! The decision boundary's picture: the network's output over the canvas's cells in `f32`,
//! computed tile by tile where the boundary bends and interpolated where it does not.

use crate::data::features::{Feature, transform};
use crate::data::sets::EXTENT;
use crate::display::Forward;
use crate::display::grid::{grid_points, grid_rows};
use crate::display::net32::{LANES, Lanes, Net32};

/// The most cells per side of a [`DisplayGrid`] (a boundary canvas at 3× device pixels).
pub const MAX_DISPLAY: usize = 1200;

/// The side of a [`DisplayGrid`] tile, in cells: one block of [`LANES`] cells per tile row.
pub const TILE: usize = LANES;

/// Grids smaller than this are computed cell by cell (a tile is then 1/16 of the input
/// square's side or more).
pub const MIN_TILED: usize = 64;

/// How far from linear the network may be around a tile (second differences of the tile
/// corners, in each output: probability or value) for its inside to be interpolated rather
/// than computed; the picture is checked against the exact one in `tests/display.rs`.
pub const FLAT: f32 = 0.01;

/// The network's output over a `size`×`size` grid in `f32`, for the picture of the decision
/// boundary at the canvas's full resolution (every node's `f64` values come from [`Grid`](super::grid::Grid)).
///
/// [`DisplayGrid::evaluate`] computes the corners of every [`TILE`]×[`TILE`] tile first; a
/// tile where the network is nearly linear (to [`FLAT`], see `flat`) and whose corners agree
/// on the class is filled by bilinear interpolation, every other tile — where the boundary
/// bends — cell by cell. Keeps the
/// features (one [`Lanes`] per feature per block of cells, rows padded to whole blocks) and
/// the buffers between frames; a frame converts the weights to `f32` and runs
/// [`Net32::forward_block`] block by block. [`DisplayGrid::evaluate_exact`] computes every
/// cell; both agree with [`Grid::evaluate`](super::grid::Grid::evaluate) to display precision (`tests/display.rs`).
#[derive(Clone, Debug)]
pub struct DisplayGrid {
    size: usize,
    features: Vec<Feature>,
    /// Row r's block c, feature f: `x[(r·blocks + c)·F + f]` (`blocks` per row); a row's
    /// features are made when a pass first needs them (`built[r]`).
    x: Vec<Lanes>,
    built: Vec<bool>,
    /// The tile corners' features, in blocks of [`LANES`] corners.
    cx: Vec<Lanes>,
    /// The tile corners' outputs, (corners × outputs) row-major.
    corners: Vec<f32>,
    /// (size² × outputs), row-major, like the output matrix of [`Grid`](super::grid::Grid).
    out: Vec<f32>,
    net: Net32,
    /// Tiles computed cell by cell in the last `evaluate`, and all tiles.
    refined: (usize, usize),
}

impl DisplayGrid {
    /// A grid of `size`×`size` cells (clamped to 1..=[`MAX_DISPLAY`]).
    pub fn new(size: usize) -> DisplayGrid {
        DisplayGrid {
            size: size.clamp(1, MAX_DISPLAY),
            features: Vec::new(),
            x: Vec::new(),
            built: Vec::new(),
            cx: Vec::new(),
            corners: Vec::new(),
            out: Vec::new(),
            net: Net32::default(),
            refined: (0, 0),
        }
    }

    pub fn size(&self) -> usize {
        self.size
    }

    /// How many tiles the last [`DisplayGrid::evaluate`] (or part) computed cell by cell, of how
    /// many it covered.
    pub fn refined(&self) -> (usize, usize) {
        self.refined
    }

    fn blocks(&self) -> usize {
        self.size.div_ceil(LANES)
    }

    /// Tile corners per side: cells 0, TILE, 2·TILE, …, one per tile and one past the last
    /// tile (a point beyond the grid when `size` is not a multiple of TILE).
    fn corner_side(&self) -> usize {
        self.size.div_ceil(TILE) + 1
    }

    /// Features of `points` into blocks of [`LANES`], `per` points a row padded to `pad` blocks.
    fn blocks_of(&self, points: &[[f64; 2]], per: usize, pad: usize) -> Vec<Lanes> {
        let f = self.features.len();
        let m = transform(&self.features, points);
        let mut x = vec![[0.0; LANES]; points.len().div_ceil(per) * pad * f];
        for (i, row) in m.rows().into_iter().enumerate() {
            let (r, c) = (i / per, i % per);
            let b = r * pad + c / LANES;
            for (j, &v) in row.iter().enumerate() {
                x[b * f + j][c % LANES] = v as f32;
            }
        }
        x
    }

    /// The tile corners' features, and room for the cells' (rows padded to whole blocks; see
    /// [`DisplayGrid::build_rows`]).
    fn build_features(&mut self) {
        let step = 2.0 * EXTENT / self.size as f64;
        let at = |i: usize| -EXTENT + (i as f64 + 0.5) * step;
        self.x = vec![[0.0; LANES]; self.size * self.blocks() * self.features.len()];
        self.built = vec![false; self.size];
        let side = self.corner_side();
        let corners: Vec<[f64; 2]> = (0..side * side)
            .map(|i| [at(i % side * TILE), -at(i / side * TILE)])
            .collect();
        let n = corners.len();
        self.cx = self.blocks_of(&corners, n, n.div_ceil(LANES));
    }

    /// The features of rows `r0..r1` not made yet (a part of the picture makes only its own,
    /// so that the first part at a new size is no longer than the others).
    fn build_rows(&mut self, r0: usize, r1: usize) {
        let (f, blocks) = (self.features.len(), self.blocks());
        let mut r = r0;
        while r < r1 {
            if self.built[r] {
                r += 1;
                continue;
            }
            let end = (r..r1).find(|&e| self.built[e]).unwrap_or(r1);
            let x = self.blocks_of(&grid_rows(self.size, r, end), self.size, blocks);
            self.x[r * blocks * f..end * blocks * f].copy_from_slice(&x);
            self.built[r..end].fill(true);
            r = end;
        }
    }

    /// The weights in `f32` and the features for this network; false if the network does not
    /// fit the kernel's blocks (none in this playground: every layer is at most 8 wide).
    fn prepare(&mut self, network: &impl Forward) -> bool {
        if network.features() != self.features.as_slice() || self.cx.is_empty() {
            self.features = network.features().to_vec();
            self.build_features();
        }
        let fits = self.net.set(network);
        self.out
            .resize(self.size * self.size * network.outputs(), 0.0);
        fits
    }

    /// Cells `c0..c1` of row `r` (within one block), computed exactly into `out`.
    fn row_block(&mut self, r: usize, block: usize, k: usize) {
        let f = self.features.len();
        let b = r * self.blocks() + block;
        let y = self.net.forward_block(&self.x[b * f..(b + 1) * f]);
        let c0 = block * LANES;
        let cells = (self.size - c0).min(LANES);
        let out = &mut self.out[(r * self.size + c0) * k..];
        for p in 0..cells {
            for (j, o) in out[p * k..(p + 1) * k].iter_mut().enumerate() {
                *o = y[j][p];
            }
        }
    }

    /// Every cell computed: (size² × outputs) row-major, rows in [`grid_points`] order.
    pub fn evaluate_exact(&mut self, network: &impl Forward) -> &[f32] {
        if !self.prepare(network) {
            return self.fallback(network);
        }
        let k = network.outputs();
        self.build_rows(0, self.size);
        for r in 0..self.size {
            for block in 0..self.blocks() {
                self.row_block(r, block, k);
            }
        }
        self.refined = (0, 0);
        &self.out
    }

    /// The output of `network` at every cell: (size² × outputs) row-major, rows in
    /// [`grid_points`] order — class probabilities or the regression value, in `f32`; flat
    /// tiles interpolated from their corners (see [`DisplayGrid`]).
    pub fn evaluate(&mut self, network: &impl Forward) -> &[f32] {
        self.evaluate_part(network, 0, 1)
    }

    /// Part `part` of `parts` of [`DisplayGrid::evaluate`]: the cells of one band of rows (whole
    /// rows of tiles, the bands of about equal height, top to bottom) are written, the others
    /// keep what they held. The parts of one network, in any order, give exactly what
    /// `evaluate` gives, so a picture too large for one short task can be computed over
    /// several (the page does so on slow devices). `parts` is clamped to at least 1 and
    /// `part` to the last part.
    pub fn evaluate_part(&mut self, network: &impl Forward, part: usize, parts: usize) -> &[f32] {
        let parts = parts.max(1);
        let part = part.min(parts - 1);
        let band = |n: usize| (n * part / parts, n * (part + 1) / parts);
        if !self.prepare(network) {
            return self.fallback(network);
        }
        let k = network.outputs();
        // On a coarse grid a tile spans a good part of the input square, so a whole region
        // (the circle's disc) could lie between its corners: every cell is computed.
        if self.size < MIN_TILED {
            let (r0, r1) = band(self.size);
            self.build_rows(r0, r1);
            for r in r0..r1 {
                for block in 0..self.blocks() {
                    self.row_block(r, block, k);
                }
            }
            self.refined = (0, 0);
            return &self.out;
        }
        let f = self.features.len();
        let side = self.corner_side();
        let (t0, t1) = band(side - 1);
        self.build_rows((t0 * TILE).min(self.size), (t1 * TILE).min(self.size));
        // The corner rows this band's tiles read: t0..=t1, and one more on each side for the
        // second differences of `flat`.
        let (c0, c1) = (t0.saturating_sub(1), (t1 + 2).min(side));
        self.corners.resize(side * side * k, 0.0);
        for b in c0 * side / LANES..(c1 * side).div_ceil(LANES) {
            let y = self.net.forward_block(&self.cx[b * f..(b + 1) * f]);
            let cells = (side * side - b * LANES).min(LANES);
            let out = &mut self.corners[b * LANES * k..];
            for p in 0..cells {
                for (j, o) in out[p * k..(p + 1) * k].iter_mut().enumerate() {
                    *o = y[j][p];
                }
            }
        }
        let tiles = side - 1;
        let mut refined = 0;
        let size = self.size;
        for tr in t0..t1 {
            for tc in 0..tiles {
                let corner = |dr: usize, dc: usize| {
                    let (r, c) = ((tr + dr).min(side - 1), (tc + dc).min(side - 1));
                    (r * side + c) * k
                };
                let q = [corner(0, 0), corner(0, 1), corner(1, 0), corner(1, 1)];
                if self.flat(tr, tc, side, k) {
                    let cs = &self.corners;
                    let (r0, c0) = (tr * TILE, tc * TILE);
                    let (r1, c1) = ((r0 + TILE).min(size), (c0 + TILE).min(size));
                    for j in 0..k {
                        let [a, b, c, d] = q.map(|o| cs[o + j]);
                        for r in r0..r1 {
                            let fr = (r - r0) as f32 / TILE as f32;
                            let left = a + (c - a) * fr;
                            let right = b + (d - b) * fr;
                            let row = &mut self.out[(r * size + c0) * k..(r * size + c1) * k];
                            for (i, cell) in row.chunks_exact_mut(k).enumerate() {
                                let fc = i as f32 / TILE as f32;
                                cell[j] = left + (right - left) * fc;
                            }
                        }
                    }
                } else {
                    refined += 1;
                    for r in tr * TILE..((tr + 1) * TILE).min(size) {
                        self.row_block(r, tc, k);
                    }
                }
            }
        }
        self.refined = (refined, (t1 - t0) * tiles);
        &self.out
    }

    /// Whether tile (`tr`, `tc`) can be interpolated: its corners agree on the most probable
    /// class (no boundary crosses between them) and, in every output, the network is nearly
    /// linear around it — every second difference of the corner grid at the tile's corners
    /// (along rows and columns, where the neighbours exist) and the tile's twist
    /// `c00 − c01 − c10 + c11` within [`FLAT`]. Bilinear interpolation then errs by about an
    /// eighth of that; slopes cost nothing, only curvature is refined.
    fn flat(&self, tr: usize, tc: usize, side: usize, k: usize) -> bool {
        let cs = &self.corners;
        let last = side - 1;
        let at = |r: usize, c: usize, j: usize| cs[(r.min(last) * side + c.min(last)) * k + j];
        let (r1, c1) = ((tr + 1).min(last), (tc + 1).min(last));
        let quad = [(tr, tc), (tr, c1), (r1, tc), (r1, c1)];
        let mut best = [0usize; 4];
        for j in 0..k {
            // Each within FLAT; a NaN (a diverged network) compares false, so is never flat.
            let twist = at(tr, tc, j) - at(tr, c1, j) - at(r1, tc, j) + at(r1, c1, j);
            let mut ok = twist.abs() <= FLAT;
            for &(r, c) in &quad {
                if c > 0 && c < last {
                    ok &= (at(r, c - 1, j) - 2.0 * at(r, c, j) + at(r, c + 1, j)).abs() <= FLAT;
                }
                if r > 0 && r < last {
                    ok &= (at(r - 1, c, j) - 2.0 * at(r, c, j) + at(r + 1, c, j)).abs() <= FLAT;
                }
            }
            if !ok {
                return false;
            }
            for (b, &(r, c)) in best.iter_mut().zip(&quad) {
                if at(r, c, j) > at(r, c, *b) {
                    *b = j;
                }
            }
        }
        side > 2 && best.iter().all(|&b| b == best[0])
    }

    /// Networks wider than the kernel's blocks (none in this playground): the `f64` path.
    fn fallback(&mut self, network: &impl Forward) -> &[f32] {
        let y = network.predict(&transform(network.features(), &grid_points(self.size)));
        self.out.clear();
        self.out.extend(y.iter().map(|&v| v as f32));
        &self.out
    }
}
