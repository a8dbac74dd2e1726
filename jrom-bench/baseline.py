#!/usr/bin/python3
"""SciPy/NumPy baselines for the jrom benchmark suite (see docs/benchmarks.md).

Runs the same operations on the same sizes as the JMH benchmarks in
src/main/java/org/jrom/bench and writes median wall-clock seconds as JSON, keyed
by the JMH benchmark name they compare with. Meant to be run by
run-benchmarks.sh with the system interpreter /usr/bin/python3 and Debian's
python3-numpy/python3-scipy, which use the same system BLAS (libblas.so.3,
OpenBLAS when libopenblas0-pthread is installed) as jrom's native backend.

    /usr/bin/python3 jrom-bench/baseline.py [--quick] [--only REGEX] [--output FILE]
"""

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time

try:
    import numpy as np
    import scipy
    import scipy.io
    import scipy.sparse as sp
    import scipy.sparse.linalg as spla
except ImportError as e:  # pragma: no cover - depends on the machine
    sys.stderr.write(
        "baseline.py: cannot import NumPy/SciPy (%s).\n"
        "Install them for the system interpreter with:\n"
        "    sudo apt-get install python3-scipy python3-numpy\n"
        "and run this script with /usr/bin/python3.\n" % e)
    sys.exit(3)

BENCH = "org.jrom.bench."


def median_seconds(fn, warmup, repeats):
    """Median wall-clock time of fn() over `repeats` calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), times


def laplacian_1d(n):
    return sp.diags([-np.ones(n - 1), 2.0 * np.ones(n), -np.ones(n - 1)], [-1, 0, 1])


def poisson_2d(n):
    """5-point Laplacian of an n x n grid, lexicographic order (x fastest): jrom's PoissonMatrices."""
    i, t = sp.identity(n), laplacian_1d(n)
    return (sp.kron(i, t) + sp.kron(t, i)).tocsr()


def poisson_3d(n):
    """7-point Laplacian of an n^3 grid, lexicographic order (x fastest)."""
    i, t = sp.identity(n), laplacian_1d(n)
    return (sp.kron(sp.kron(i, i), t) + sp.kron(sp.kron(i, t), i) + sp.kron(sp.kron(t, i), i)).tocsr()


def spmv(quick):
    a = poisson_2d(1000)
    x = np.random.default_rng(1).random(a.shape[1])
    sec, times = median_seconds(lambda: a @ x, 3 if quick else 10, 20 if quick else 100)
    return sec, times, {"n": a.shape[0], "nnz": int(a.nnz), "what": "scipy.sparse csr_matrix A @ x (single thread)"}


def splu_factor_solve(matrix, quick):
    # SPD options of SuperLU: minimum degree on A^T + A, no pivoting, symmetric mode. The default
    # (COLAMD with partial pivoting) fills far more: ~3x slower in 2D and over 10 minutes in 3D.
    a = poisson_2d(500) if matrix == "poisson2d-500" else poisson_3d(50)
    sec, times, info = symmetric_mode_splu(a, 0, 1 if quick else 3)
    info.pop("nnz_U")
    return sec, times, info


def convection_diffusion_2d(n, cx, cy):
    """poisson_2d(n) plus central convection cx (u_{x+1} - u_{x-1}) / 2 + cy (u_{y+1} - u_{y-1}) / 2:
    jrom's PoissonMatrices.convectionDiffusion2d."""
    i = sp.identity(n)
    d = sp.diags([-np.ones(n - 1), np.ones(n - 1)], [-1, 1])
    return (poisson_2d(n) + 0.5 * cx * sp.kron(i, d) + 0.5 * cy * sp.kron(d, i)).tocsr()


def splu_nonsymmetric_factor_solve(quick):
    # The faster of SuperLU's two set-ups on this positive real matrix (measured: SciPy 1.17 0.35 s
    # against 0.45 s with the default COLAMD and partial pivoting): minimum degree on A^T + A,
    # no pivoting, symmetric mode, as jrom's SparseLu (interchanges only inside its pivot blocks).
    a = convection_diffusion_2d(300, 0.5, 0.25)
    sec, times, info = symmetric_mode_splu(a, 1, 3 if quick else 7)
    info["nnz_LU"] = info.pop("nnz_L") + info.pop("nnz_U")
    return sec, times, info


def symmetric_mode_splu(a, warmup, repeats):
    """SuperLU's set-up for a symmetric pattern: minimum degree on A^T + A, no pivoting, symmetric
    mode; the median of factor + one solve, with nnz(L), nnz(U) and the relative residual."""
    csc = a.tocsc()
    b = np.ones(a.shape[0])
    info = {}

    def run():
        lu = spla.splu(csc, permc_spec="MMD_AT_PLUS_A", diag_pivot_thresh=0.0,
                       options=dict(SymmetricMode=True))
        x = lu.solve(b)
        info["nnz_L"] = int(lu.L.nnz)
        info["nnz_U"] = int(lu.U.nnz)
        info["residual"] = float(np.linalg.norm(a @ x - b) / np.linalg.norm(b))

    sec, times = median_seconds(run, warmup, repeats)
    info.update({"n": a.shape[0], "nnz": int(a.nnz),
                 "what": "scipy.sparse.linalg.splu(A, permc_spec='MMD_AT_PLUS_A', diag_pivot_thresh=0, "
                         "SymmetricMode=True) + one solve"})
    return sec, times, info


def dgemm(quick):
    rng = np.random.default_rng(1)
    # Column-major (Fortran order), the layout of jrom's DenseMatrix; NumPy hands it to DGEMM
    # without copies (C order would be just as fast: it only flips the transpose flags).
    a = np.asfortranarray(rng.standard_normal((2000, 2000)))
    b = np.asfortranarray(rng.standard_normal((2000, 2000)))
    sec, times = median_seconds(lambda: a @ b, 1 if quick else 2, 3 if quick else 10)
    return sec, times, {"what": "numpy A @ B, Fortran-order 2000 x 2000 float64"}


def gram(quick):
    # V is 10^6 x 200 in Fortran order (each snapshot contiguous, as in jrom's VectorArray); V.T @ V
    # on the same buffer is recognised by NumPy and computed with one SYRK, as jrom does.
    v = (np.random.default_rng(3).random((200, 1_000_000)) - 0.5).T
    assert v.flags["F_CONTIGUOUS"]
    sec, times = median_seconds(lambda: v.T @ v, 1, 3 if quick else 5)
    return sec, times, {"what": "numpy V.T @ V, V Fortran-order 1e6 x 200 float64 (SYRK)"}


def matrix_market_file():
    """The 10^7-nonzero coordinate file MatrixMarketBench reads; written by its main() if missing."""
    path = os.environ.get("JROM_BENCH_MTX") or os.path.join(tempfile.gettempdir(), "jrom-bench-mm-10M.mtx")
    if not os.path.isfile(path):
        jar = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target", "benchmarks.jar")
        sys.stderr.write("baseline: writing %s with %s\n" % (path, jar))
        subprocess.run(["java", "-cp", jar, "org.jrom.bench.MatrixMarketBench", path], check=True,
                       stdout=subprocess.DEVNULL)
    return path


def mmread(quick):
    path = matrix_market_file()
    info = {}

    def run():
        a = scipy.io.mmread(path)
        info["nnz"] = int(a.nnz)

    sec, times = median_seconds(run, 0, 1 if quick else 3)
    info.update({"file": path, "bytes": os.path.getsize(path),
                 "what": "scipy.io.mmread(file) (returns COO; SciPy %s)" % scipy.__version__})
    return sec, times, info


OPERATIONS = [
    (BENCH + "SpmvBench.spmvPoisson2d", "", spmv),
    (BENCH + "SparseCholeskyBench.factorSolve", "matrix=poisson2d-500",
     lambda q: splu_factor_solve("poisson2d-500", q)),
    (BENCH + "SparseCholeskyBench.factorSolve", "matrix=poisson3d-50",
     lambda q: splu_factor_solve("poisson3d-50", q)),
    (BENCH + "SparseLuBench.factorSolve", "matrix=convection-diffusion2d-300", splu_nonsymmetric_factor_solve),
    (BENCH + "DgemmBench.multiply", "", dgemm),
    (BENCH + "GramBench.gram", "", gram),
    (BENCH + "MatrixMarketBench.readSparse", "", mmread),
]


def blas_library():
    """The BLAS shared object NumPy actually loaded (from this process's memory map)."""
    np.ones((2, 2)) @ np.ones((2, 2))
    try:
        with open("/proc/self/maps") as maps:
            libs = sorted({line.split()[-1] for line in maps
                           if "/" in line and re.search(r"lib(open)?blas", line.split()[-1])})
        return ", ".join(libs) or "unknown"
    except OSError:
        return "unknown"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", default=".*", help="regex on the JMH benchmark name, as for JMH")
    parser.add_argument("--output", help="JSON file to write (default: stdout)")
    args = parser.parse_args()
    pattern = re.compile(args.only)
    results = {}
    for name, params, fn in OPERATIONS:
        if not pattern.search(name):
            continue
        key = name + (":" + params if params else "")
        sys.stderr.write("baseline: %s ...\n" % key)
        sys.stderr.flush()
        sec, times, info = fn(args.quick)
        results[key] = dict(info, seconds=sec, samples=times)
        sys.stderr.write("baseline: %s %.4g s\n" % (key, sec))
    report = {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "blas": blas_library(),
        "results": results,
    }
    text = json.dumps(report, indent=2)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
