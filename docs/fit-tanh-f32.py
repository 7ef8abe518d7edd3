#!/usr/bin/env python3
"""Fits the display kernel's f32 tanh (crates/backprop/src/display/net32.rs, `tanh_v`):
tanh u ~ u*P(u^2)/Q(u^2), P of degree 4 and Q of degree 3 in u^2, P(0) = Q(0) = 1, on
0 <= u <= 7.905311 (where tanh in f32 is already 1), to the least maximum absolute error
(Lawson's iteratively reweighted least squares on the linearized error P - tanh*Q).
Prints the coefficients as f32 and the error of the f32 evaluation (the kernel's operation
order, no fused multiply-add). Needs NumPy:  python3 docs/fit-tanh-f32.py
"""
import numpy as np

CLAMP = 7.905311
x = np.concatenate([np.linspace(0, CLAMP, 20001), np.linspace(0, 1, 5001)])
f = np.tanh(x)
NP, NQ = 5, 4  # P's and Q's coefficients, the constant 1 included

w = np.ones_like(x)
for _ in range(150):
    cols = [x ** (2 * i + 1) for i in range(1, NP)] + [-f * x ** (2 * j) for j in range(1, NQ)]
    A = np.stack(cols, 1)
    s = np.sqrt(w)
    sol, *_ = np.linalg.lstsq(A * s[:, None], (f - x) * s, rcond=None)
    a = np.concatenate([[1.0], sol[: NP - 1]])
    b = np.concatenate([[1.0], sol[NP - 1 :]])
    p = sum(a[i] * x ** (2 * i + 1) for i in range(NP))
    q = sum(b[j] * x ** (2 * j) for j in range(NQ))
    e = np.abs(p / q - f)
    w = w * (e / e.max() + 1e-3)
    w /= w.max()

a32, b32 = a.astype(np.float32), b.astype(np.float32)
u = np.concatenate([np.linspace(-10, 10, 2_000_001), np.geomspace(1e-30, 1, 100_000)]).astype(np.float32)
c = np.clip(u, np.float32(-CLAMP), np.float32(CLAMP))
c2 = c * c
pv = np.full_like(c, a32[-1])
for k in a32[-2::-1]:
    pv = pv * c2 + k
qv = np.full_like(c, b32[-1])
for k in b32[-2::-1]:
    qv = qv * c2 + k
got = (pv * c / qv).astype(np.float64)
print("P (u^0 .. u^8):", [float(k) for k in a32])
print("Q (u^0 .. u^6):", [float(k) for k in b32])
print("max |error| in f32:", np.abs(got - np.tanh(u.astype(np.float64))).max())
