"""Chaboche J2 viscoplasticity under a prescribed strain history, by SciPy's solve_ivp (Radau).

The same ODEs as org.jrom.fem.mechanics.J2Plasticity.viscoplastic, in Mandel notation, strain
prescribed: tension eps_11 = e t on [0, 1], then shear eps_12 = e (t - 1) on [1, 2], every other
component zero. Arguments: E nu sigma_y H C D K n e. Prints sigma (6 Mandel components) and p at t = 2.
"""
import sys

import numpy as np
from scipy.integrate import solve_ivp

E, nu, sy, H, C, D, K, n, e = map(float, sys.argv[1:10])
G = E / (2 * (1 + nu))
kappa = E / (3 * (1 - 2 * nu))
I = np.array([1.0, 1.0, 1.0, 0.0, 0.0, 0.0])


def strain(t):
    eps = np.zeros(6)
    eps[0] = e * min(t, 1.0)
    eps[5] = np.sqrt(2) * e * max(t - 1.0, 0.0)
    return eps


def dev(a):
    return a - a[:3].sum() / 3 * I


def stress(t, y):
    eps = strain(t)
    return 2 * G * dev(eps - y[:6]) + kappa * eps[:3].sum() * I


def rates(t, y):
    s = dev(stress(t, y))
    p, X = y[6], y[7:]
    xi = s - X
    seq = np.sqrt(1.5) * np.linalg.norm(xi)
    f = seq - H * p - sy
    pdot = (f / K) ** n if f > 0 else 0.0
    epsvp = 1.5 * pdot * xi / seq if seq > 0 else np.zeros(6)
    return np.concatenate([epsvp, [pdot], 2.0 / 3 * C * epsvp - D * X * pdot])


y = np.zeros(13)
for t0, t1 in ((0.0, 1.0), (1.0, 2.0)):  # the strain rate jumps at t = 1
    sol = solve_ivp(rates, (t0, t1), y, method="Radau", rtol=1e-12, atol=1e-15)
    assert sol.success, sol.message
    y = sol.y[:, -1]
print(" ".join(repr(v) for v in stress(2.0, y)), repr(y[6]))
