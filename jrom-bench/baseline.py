#!/usr/bin/python3
"""SciPy/NumPy and CHOLMOD baselines for the jrom benchmark suite (see docs/benchmarks.md).

Runs the same operations on the same sizes as the JMH benchmarks in
src/main/java/org/jrom/bench and writes median wall-clock seconds as JSON, keyed
by the JMH benchmark name they compare with. One run measures one peer:

  --peer scipy    (default) SciPy/NumPy: SpMV, splu (SPD and nonsymmetric), DGEMM, Gram, mmread.
                  run-benchmarks.sh runs it with /usr/bin/python3 (Debian's python3-numpy and
                  python3-scipy, on the same system BLAS as jrom's native backend: libblas.so.3,
                  OpenBLAS when libopenblas0-pthread is installed) and again with the `python3`
                  first on PATH when that is another interpreter with SciPy (e.g. a pip SciPy 1.17,
                  whose mmread is the C++ fast_matrix_market and whose wheels bundle their own
                  OpenBLAS: see the "blas" field).
  --peer cholmod  SuiteSparse CHOLMOD (the system libcholmod, through ctypes: no compiled code)
                  for the SparseCholeskyBench rows: cholmod_analyze + cholmod_factorize +
                  cholmod_solve with CHOLMOD's default strategy (ordering, supernodal/simplicial).

    /usr/bin/python3 jrom-bench/baseline.py [--peer scipy|cholmod] [--quick] [--only REGEX] [--output FILE]

e.g. (as run-benchmarks.sh does)
    /usr/bin/python3 jrom-bench/baseline.py --output bench-results/baseline-scipy-1.10.json
    python3          jrom-bench/baseline.py --output bench-results/baseline-scipy-1.17.json
    /usr/bin/python3 jrom-bench/baseline.py --peer cholmod --output bench-results/baseline-cholmod.json

JSON: {"peer", "label", "python", "numpy", "scipy", "blas", ["cholmod"], "results": {KEY: {"seconds",
"samples", ...}}}, KEY the JMH benchmark name plus ":param=value" as in JMH's JSON; report.py reads it.
"""

import argparse
import ctypes
import ctypes.util
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
# Hidden --size-scale for quick checks of this script: grid sizes, matrix orders and row counts are
# multiplied by it (results then do not compare with JMH's; the JSON records the scale).
SIZE_SCALE = 1.0


def scaled(n):
    return n if SIZE_SCALE == 1.0 else max(2, int(round(n * SIZE_SCALE)))


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
    a = poisson_2d(scaled(1000))
    x = np.random.default_rng(1).random(a.shape[1])
    sec, times = median_seconds(lambda: a @ x, 3 if quick else 10, 20 if quick else 100)
    return sec, times, {"n": a.shape[0], "nnz": int(a.nnz), "what": "scipy.sparse csr_matrix A @ x (single thread)"}


def cholesky_matrix(matrix):
    """The matrices of SparseCholeskyBench's @Param, by name."""
    if matrix == "poisson2d-500":
        return poisson_2d(scaled(500))
    if matrix == "poisson3d-50":
        return poisson_3d(scaled(50))
    if matrix.startswith("plate2d-"):
        return plate_matrix(matrix)
    raise ValueError("unknown matrix " + matrix)


def plate_matrix(matrix):
    """P1 K + M on the unstructured Gmsh plate mesh: the Matrix Market file SparseCholeskyBench's
    set-up writes (PlateMatrices.java), written with the benchmark jar if missing (needs gmsh)."""
    path = os.path.join(tempfile.gettempdir(), "jrom-bench-%s.mtx" % matrix)
    if not os.path.isfile(path):
        jar = os.path.join(os.path.dirname(os.path.abspath(__file__)), "target", "benchmarks.jar")
        sys.stderr.write("baseline: writing %s with %s\n" % (path, jar))
        subprocess.run(["java", "-jar", jar, "SparseCholeskyBench.factorSolve", "-p", "matrix=" + matrix,
                        "-f", "1", "-wi", "0", "-i", "1", "-r", "1",
                        "-jvmArgsAppend", "-Djava.io.tmpdir=" + tempfile.gettempdir()],
                       check=True, stdout=subprocess.DEVNULL)
    return scipy.io.mmread(path).tocsr()


def splu_factor_solve(matrix, quick):
    # SPD options of SuperLU: minimum degree on A^T + A, no pivoting, symmetric mode. The default
    # (COLAMD with partial pivoting) fills far more: ~3x slower in 2D and over 10 minutes in 3D.
    a = cholesky_matrix(matrix)
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
    a = convection_diffusion_2d(scaled(300), 0.5, 0.25)
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
    n = scaled(2000)
    a = np.asfortranarray(rng.standard_normal((n, n)))
    b = np.asfortranarray(rng.standard_normal((n, n)))
    sec, times = median_seconds(lambda: a @ b, 1 if quick else 2, 3 if quick else 10)
    return sec, times, {"what": "numpy A @ B, Fortran-order 2000 x 2000 float64"}


def gram(quick):
    # V is 10^6 x 200 in Fortran order (each snapshot contiguous, as in jrom's VectorArray); V.T @ V
    # on the same buffer is recognised by NumPy and computed with one SYRK, as jrom does.
    v = (np.random.default_rng(3).random((200, scaled(1_000_000))) - 0.5).T
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
    """scipy.io.mmread(file) ("seconds"), and the same call followed by .tocsr() ("tocsr_seconds"),
    jrom's result being CSR: both from the same calls (the conversion timed right after the read)."""
    path = matrix_market_file()
    info = {}
    tocsr_times = []

    def run():
        t0 = time.perf_counter()
        a = scipy.io.mmread(path)
        t1 = time.perf_counter()
        c = a.tocsr()
        tocsr_times.append(time.perf_counter() - t0)
        info["nnz"] = int(a.nnz)
        info["nnz_csr"] = int(c.nnz)
        return t1 - t0

    times = [run() for _ in range(1 if quick else 3)]
    info.update({"file": path, "bytes": os.path.getsize(path),
                 "what": "scipy.io.mmread(file) (returns COO; SciPy %s)" % scipy.__version__,
                 "tocsr_seconds": statistics.median(tocsr_times), "tocsr_samples": tocsr_times,
                 "tocsr_what": "scipy.io.mmread(file).tocsr() (SciPy %s)" % scipy.__version__})
    return statistics.median(times), times, info


# ---------------------------------------------------------------------------------------------
# CHOLMOD through ctypes
# ---------------------------------------------------------------------------------------------
# Struct layouts transcribed from SuiteSparse 5.x's cholmod_core.h (CHOLMOD 3.0.x), LP64 (size_t,
# pointers and SuiteSparse_long 8 bytes, int 4). cholmod_sparse and cholmod_dense are all this
# wrapper needs to call CHOLMOD; the larger cholmod_common and cholmod_factor are only read for
# facts (the ordering chosen, nnz(L), the status), and only when the library reports main
# version 3 and the sizes match the header's (checked against offsetof/sizeof from a C program:
# common 2664 bytes, status at 1972, lnz at 1984, selected at 176, method at 184, method entry 168
# with ordering at 132; factor 208 bytes, minor at 8, xsize at 120, ordering at 176).

CHOLMOD_INT, CHOLMOD_LONG = 0, 2
CHOLMOD_DOUBLE = 0
CHOLMOD_REAL = 1
CHOLMOD_A = 0
CHOLMOD_MAXMETHODS = 9
CHOLMOD_ORDERINGS = {0: "natural", 1: "given", 2: "AMD", 3: "METIS", 4: "NESDIS", 5: "COLAMD",
                     6: "natural, postordered"}
_size_t, _long, _ptr = ctypes.c_size_t, ctypes.c_int64, ctypes.c_void_p
_int, _double = ctypes.c_int, ctypes.c_double


class CholmodSparse(ctypes.Structure):
    _fields_ = [("nrow", _size_t), ("ncol", _size_t), ("nzmax", _size_t),
                ("p", _ptr), ("i", _ptr), ("nz", _ptr), ("x", _ptr), ("z", _ptr),
                ("stype", _int), ("itype", _int), ("xtype", _int), ("dtype", _int),
                ("sorted", _int), ("packed", _int)]


class CholmodDense(ctypes.Structure):
    _fields_ = [("nrow", _size_t), ("ncol", _size_t), ("nzmax", _size_t), ("d", _size_t),
                ("x", _ptr), ("z", _ptr), ("xtype", _int), ("dtype", _int)]


class CholmodFactor(ctypes.Structure):
    _fields_ = [("n", _size_t), ("minor", _size_t),
                ("Perm", _ptr), ("ColCount", _ptr), ("IPerm", _ptr),
                ("nzmax", _size_t), ("p", _ptr), ("i", _ptr), ("x", _ptr), ("z", _ptr), ("nz", _ptr),
                ("next", _ptr), ("prev", _ptr),
                ("nsuper", _size_t), ("ssize", _size_t), ("xsize", _size_t), ("maxcsize", _size_t),
                ("maxesize", _size_t), ("super", _ptr), ("pi", _ptr), ("px", _ptr), ("s", _ptr),
                ("ordering", _int), ("is_ll", _int), ("is_super", _int), ("is_monotonic", _int),
                ("itype", _int), ("xtype", _int), ("dtype", _int), ("useGPU", _int)]


class CholmodMethod(ctypes.Structure):
    _fields_ = [("lnz", _double), ("fl", _double), ("prune_dense", _double), ("prune_dense2", _double),
                ("nd_oksep", _double), ("other_1", _double * 4), ("nd_small", _size_t),
                ("other_2", _size_t * 4), ("aggressive", _int), ("order_for_lu", _int),
                ("nd_compress", _int), ("nd_camd", _int), ("nd_components", _int), ("ordering", _int),
                ("other_3", _size_t * 4)]


class CholmodCommon(ctypes.Structure):
    _fields_ = ([
        ("dbound", _double), ("grow0", _double), ("grow1", _double), ("grow2", _size_t),
        ("maxrank", _size_t), ("supernodal_switch", _double), ("supernodal", _int),
        ("final_asis", _int), ("final_super", _int), ("final_ll", _int), ("final_pack", _int),
        ("final_monotonic", _int), ("final_resymbol", _int), ("zrelax", _double * 3),
        ("nrelax", _size_t * 3), ("prefer_zomplex", _int), ("prefer_upper", _int),
        ("quick_return_if_not_posdef", _int), ("prefer_binary", _int), ("print", _int),
        ("precise", _int), ("try_catch", _int), ("error_handler", _ptr), ("nmethods", _int),
        ("current", _int), ("selected", _int), ("method", CholmodMethod * (CHOLMOD_MAXMETHODS + 1)),
        ("postorder", _int), ("default_nesdis", _int), ("metis_memory", _double),
        ("metis_dswitch", _double), ("metis_nswitch", _size_t), ("nrow", _size_t), ("mark", _long),
        ("iworksize", _size_t), ("xworksize", _size_t), ("Flag", _ptr), ("Head", _ptr), ("Xwork", _ptr),
        ("Iwork", _ptr), ("itype", _int), ("dtype", _int), ("no_workspace_reallocate", _int),
        ("status", _int), ("fl", _double), ("lnz", _double), ("anz", _double), ("modfl", _double),
        ("malloc_count", _size_t), ("memory_usage", _size_t), ("memory_inuse", _size_t),
        ("nrealloc_col", _double), ("nrealloc_factor", _double), ("ndbounds_hit", _double),
        ("rowfacfl", _double), ("aatfl", _double), ("called_nd", _int), ("blas_ok", _int),
        ("SPQR_grain", _double), ("SPQR_small", _double), ("SPQR_shrink", _int), ("SPQR_nthreads", _int),
        ("SPQR_flopcount", _double), ("SPQR_analyze_time", _double), ("SPQR_factorize_time", _double),
        ("SPQR_solve_time", _double), ("SPQR_flopcount_bound", _double), ("SPQR_tol_used", _double),
        ("SPQR_norm_E_fro", _double), ("SPQR_istat", _long * 10), ("useGPU", _int),
        ("maxGpuMemBytes", _size_t), ("maxGpuMemFraction", _double), ("gpuMemorySize", _size_t),
        ("gpuKernelTime", _double), ("gpuFlops", _long), ("gpuNumKernelLaunches", _int),
        ("cublasHandle", _ptr), ("gpuStream", _ptr * 8), ("cublasEventPotrf", _ptr * 3),
        ("updateCKernelsComplete", _ptr), ("updateCBuffersFree", _ptr * 8), ("dev_mempool", _ptr),
        ("dev_mempool_size", _size_t), ("host_pinned_mempool", _ptr),
        ("host_pinned_mempool_size", _size_t), ("devBuffSize", _size_t), ("ibuffer", _int),
        ("syrkStart", _double)]
        + [(name, _double) for name in ("cpu_gemm_time", "cpu_syrk_time", "cpu_trsm_time",
                                        "cpu_potrf_time", "gpu_gemm_time", "gpu_syrk_time",
                                        "gpu_trsm_time", "gpu_potrf_time", "assemble_time",
                                        "assemble_time2")]
        + [(name, _size_t) for name in ("cpu_gemm_calls", "cpu_syrk_calls", "cpu_trsm_calls",
                                        "cpu_potrf_calls", "gpu_gemm_calls", "gpu_syrk_calls",
                                        "gpu_trsm_calls", "gpu_potrf_calls")])


# sizeof() of the header's structs, CHOLMOD 3.0.x on LP64; the wrapper reads Common/Factor fields
# only when the ctypes layouts above have these sizes and the library is version 3.
CHOLMOD3_SIZES = {CholmodCommon: 2664, CholmodSparse: 88, CholmodDense: 56, CholmodFactor: 208}
COMMON_BUFFER_BYTES = 64 * 1024  # cholmod_common is 2664 bytes in CHOLMOD 3.0.14: room to spare


class Cholmod:
    """The system libcholmod through ctypes: one cholmod_common for the object's life.

        with Cholmod() as cm:
            x, info = cm.factor_solve(a, b)   # A symmetric positive definite (SciPy sparse), b 1-D

    The matrix handed to CHOLMOD is tril(A) in CSC, int32 indices (CHOLMOD_INT), real double,
    sorted and packed, stype = -1 (lower triangle stored); its arrays are NumPy's, kept alive by
    the returned wrapper, never copied by CHOLMOD.
    """

    def __init__(self, path=None):
        path = path or ctypes.util.find_library("cholmod") or "libcholmod.so.3"
        try:
            self.lib = lib = ctypes.CDLL(path)
        except OSError as e:
            raise RuntimeError("cannot load CHOLMOD (%s): install libcholmod3 "
                               "(sudo apt-get install libsuitesparse-dev)" % e)
        lib.cholmod_version.argtypes = [ctypes.POINTER(_int * 3)]
        lib.cholmod_version.restype = _int
        lib.cholmod_start.argtypes = lib.cholmod_finish.argtypes = [_ptr]
        lib.cholmod_start.restype = lib.cholmod_finish.restype = _int
        lib.cholmod_analyze.argtypes = [ctypes.POINTER(CholmodSparse), _ptr]
        lib.cholmod_analyze.restype = _ptr  # cholmod_factor *
        lib.cholmod_factorize.argtypes = [ctypes.POINTER(CholmodSparse), _ptr, _ptr]
        lib.cholmod_factorize.restype = _int
        lib.cholmod_solve.argtypes = [_int, _ptr, ctypes.POINTER(CholmodDense), _ptr]
        lib.cholmod_solve.restype = ctypes.POINTER(CholmodDense)
        lib.cholmod_free_factor.argtypes = [ctypes.POINTER(_ptr), _ptr]
        lib.cholmod_free_factor.restype = _int
        lib.cholmod_free_dense.argtypes = [ctypes.POINTER(ctypes.POINTER(CholmodDense)), _ptr]
        lib.cholmod_free_dense.restype = _int
        v = (_int * 3)()
        lib.cholmod_version(ctypes.byref(v))
        self.version = "%d.%d.%d" % tuple(v)
        self.path = path
        self.layout_known = (v[0] == 3 and ctypes.sizeof(_ptr) == 8
                             and all(ctypes.sizeof(t) == s for t, s in CHOLMOD3_SIZES.items()))
        # cholmod_start initialises every field; a zeroed buffer much larger than the struct keeps
        # a library with a larger cholmod_common (another version) from writing past it.
        self._common = ctypes.create_string_buffer(max(COMMON_BUFFER_BYTES, 4 * ctypes.sizeof(CholmodCommon)))
        self.cm = ctypes.cast(self._common, _ptr)
        self.common = CholmodCommon.from_buffer(self._common) if self.layout_known else None
        if not lib.cholmod_start(self.cm):
            raise RuntimeError("cholmod_start failed")
        self._started = True

    def close(self):
        if getattr(self, "_started", False):
            self.lib.cholmod_finish(self.cm)
            self._started = False

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:  # interpreter shutdown: nothing left to report to
            pass

    def status(self):
        return self.common.status if self.common is not None else None

    def _check(self, ok, what):
        status = self.status()
        if not ok or (status is not None and status != 0):
            raise RuntimeError("%s failed (Common->status %s)" % (what, status))

    @staticmethod
    def wrap_lower(a):
        """cholmod_sparse of tril(A) (stype -1); returns (struct, NumPy arrays it points into)."""
        low = sp.tril(sp.csc_matrix(a), format="csc")
        low.sum_duplicates()
        low.sort_indices()
        p = np.ascontiguousarray(low.indptr, dtype=np.int32)
        i = np.ascontiguousarray(low.indices, dtype=np.int32)
        x = np.ascontiguousarray(low.data, dtype=np.float64)
        if low.shape[0] != low.shape[1] or int(low.indptr[-1]) != len(i):
            raise ValueError("square, packed matrix expected")
        s = CholmodSparse(nrow=low.shape[0], ncol=low.shape[1], nzmax=len(i),
                          p=p.ctypes.data, i=i.ctypes.data, nz=None, x=x.ctypes.data, z=None,
                          stype=-1, itype=CHOLMOD_INT, xtype=CHOLMOD_REAL, dtype=CHOLMOD_DOUBLE,
                          sorted=1, packed=1)
        return s, (p, i, x)

    @staticmethod
    def wrap_dense(b):
        b = np.ascontiguousarray(b, dtype=np.float64)
        d = CholmodDense(nrow=b.shape[0], ncol=1, nzmax=b.shape[0], d=b.shape[0], x=b.ctypes.data,
                         z=None, xtype=CHOLMOD_REAL, dtype=CHOLMOD_DOUBLE)
        return d, b

    def factor_solve_wrapped(self, s, d, facts=None):
        """cholmod_analyze + cholmod_factorize + cholmod_solve(CHOLMOD_A) on wrapped A and b;
        returns x (a NumPy copy). CHOLMOD's factor and solution are freed before returning.
        facts (a dict), when given, receives what could be read: the ordering, nnz(L), ..."""
        lib, cm = self.lib, self.cm
        factor = _ptr(lib.cholmod_analyze(ctypes.byref(s), cm))
        xd = ctypes.POINTER(CholmodDense)()
        try:
            self._check(factor.value, "cholmod_analyze")
            self._check(lib.cholmod_factorize(ctypes.byref(s), factor, cm), "cholmod_factorize")
            if self.layout_known:
                f = CholmodFactor.from_address(factor.value)
                if f.minor < f.n:
                    raise RuntimeError("CHOLMOD: not positive definite (column %d)" % f.minor)
            xd = lib.cholmod_solve(CHOLMOD_A, factor, ctypes.byref(d), cm)
            self._check(bool(xd), "cholmod_solve")
            n = xd.contents.nrow
            x = np.ctypeslib.as_array(ctypes.cast(xd.contents.x, ctypes.POINTER(_double)), shape=(n,)).copy()
            if facts is not None and self.layout_known:
                c = self.common
                f = CholmodFactor.from_address(factor.value)
                facts.update({
                    "nnz_L": int(c.lnz),  # nnz(L) from the analysis: column counts, diagonal included
                    "ordering": CHOLMOD_ORDERINGS.get(f.ordering, str(f.ordering)),
                    "ordering_selected": CHOLMOD_ORDERINGS.get(c.method[c.selected].ordering, "?")
                    if 0 <= c.selected <= CHOLMOD_MAXMETHODS else "?",
                    "supernodal": bool(f.is_super),
                    "factor_entries": int(f.xsize if f.is_super else f.nzmax),  # stored, with padding
                    "flops": float(c.fl),
                })
            return x
        finally:
            if xd:
                lib.cholmod_free_dense(ctypes.byref(xd), cm)
            if factor.value:
                lib.cholmod_free_factor(ctypes.byref(factor), cm)

    def factor_solve(self, a, b, facts=None):
        s, keep_a = self.wrap_lower(a)
        d, keep_b = self.wrap_dense(b)
        x = self.factor_solve_wrapped(s, d, facts)
        del keep_a, keep_b
        return x


def cholmod_factor_solve(matrix, quick):
    """CHOLMOD's peer of SparseCholeskyBench.factorSolve: median of analyze + factorize + one solve
    (plus copying x out and freeing CHOLMOD's factor and solution), tril(A) wrapped outside the
    timed region; the relative residual of every call checked (< 1e-8) outside it."""
    a = cholesky_matrix(matrix)
    b = np.ones(a.shape[0])
    facts = {}
    with Cholmod() as cm:
        s, keep = cm.wrap_lower(a)
        d, keep_b = cm.wrap_dense(b)
        times, residual = [], 0.0
        for k in range(1 + (3 if quick else 7)):
            t0 = time.perf_counter()
            x = cm.factor_solve_wrapped(s, d, facts if k == 0 else None)
            elapsed = time.perf_counter() - t0
            r = float(np.linalg.norm(a @ x - b) / np.linalg.norm(b))
            if not r < 1e-8:
                raise RuntimeError("CHOLMOD: relative residual %.3g >= 1e-8 on %s" % (r, matrix))
            residual = max(residual, r)
            if k > 0:  # the first call is the warm-up
                times.append(elapsed)
        del keep, keep_b
        version = cm.version
    ordering = facts.get("ordering")
    info = {"n": a.shape[0], "nnz": int(a.nnz), "residual": residual}
    info.update(facts)
    info["what"] = ("CHOLMOD %s via ctypes: cholmod_analyze + cholmod_factorize + cholmod_solve(CHOLMOD_A), "
                    "default strategy%s, tril(A) stype=-1 int32" % (
                        version, (" (ordering %s, %s)" % (ordering, "supernodal" if facts.get("supernodal")
                                                           else "simplicial")) if ordering else ""))
    return statistics.median(times), times, info


# SparseCholeskyBench's @Param values, in its order.
CHOLESKY_MATRICES = ("poisson2d-500", "poisson3d-50", "plate2d-20k", "plate2d-80k")


def cholesky_operations(solver):
    """One row per SparseCholeskyBench matrix: (JMH name, params, fn(quick)) with solver(matrix, quick)."""
    return [(BENCH + "SparseCholeskyBench.factorSolve", "matrix=" + m, lambda q, m=m: solver(m, q))
            for m in CHOLESKY_MATRICES]


OPERATIONS = [
    (BENCH + "SpmvBench.spmvPoisson2d", "", spmv),
    *cholesky_operations(splu_factor_solve),
    (BENCH + "SparseLuBench.factorSolve", "matrix=convection-diffusion2d-300", splu_nonsymmetric_factor_solve),
    (BENCH + "DgemmBench.multiply", "", dgemm),
    (BENCH + "GramBench.gram", "", gram),
    (BENCH + "MatrixMarketBench.readSparse", "", mmread),
]

# --peer cholmod: the same keys as the SciPy rows they stand beside in the report.
CHOLMOD_OPERATIONS = cholesky_operations(cholmod_factor_solve)


def blas_library():
    """The BLAS shared object NumPy actually loaded (from this process's memory map)."""
    np.ones((2, 2)) @ np.ones((2, 2))
    try:
        with open("/proc/self/maps") as maps:
            # libblas.so.3, libopenblas.so.0, and the wheels' libscipy_openblas64_-*.so
            libs = sorted({line.split()[-1] for line in maps
                           if "/" in line and re.match(r"lib\w*blas", os.path.basename(line.split()[-1]))})
        return ", ".join(libs) or "unknown"
    except OSError:
        return "unknown"


def loaded_library(fragment):
    """The path of the loaded shared object whose name contains fragment, from /proc/self/maps."""
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                path = line.split()[-1]
                if "/" in path and fragment in os.path.basename(path):
                    return os.path.realpath(path)
    except OSError:
        pass
    return None


def main():
    global SIZE_SCALE
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--peer", choices=("scipy", "cholmod"), default="scipy",
                        help="which peer to measure (default: scipy)")
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--only", default=".*", help="regex on the JMH benchmark name, as for JMH")
    parser.add_argument("--output", help="JSON file to write (default: stdout)")
    parser.add_argument("--size-scale", type=float, default=1.0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    SIZE_SCALE = args.size_scale
    pattern = re.compile(args.only)
    extra = {}
    if args.peer == "cholmod":
        try:
            with Cholmod() as cm:
                extra["cholmod"] = {"version": cm.version,
                                    "library": loaded_library("libcholmod") or cm.path,
                                    "struct_layout": "CHOLMOD 3.0 (read: ordering, nnz(L), status)"
                                    if cm.layout_known else "unknown (ordering and nnz(L) not read)"}
        except RuntimeError as e:
            sys.stderr.write("baseline.py: %s\n" % e)
            sys.exit(3)
        label = "CHOLMOD %s" % extra["cholmod"]["version"]
        operations = CHOLMOD_OPERATIONS
    else:
        label = "SciPy %s" % scipy.__version__
        operations = OPERATIONS
    results = {}
    for name, params, fn in operations:
        if not pattern.search(name):
            continue
        key = name + (":" + params if params else "")
        sys.stderr.write("baseline: %s ...\n" % key)
        sys.stderr.flush()
        sec, times, info = fn(args.quick)
        results[key] = dict(info, seconds=sec, samples=times)
        sys.stderr.write("baseline: %s %.4g s\n" % (key, sec))
    report = {
        "peer": args.peer,
        "label": label,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "blas": blas_library(),
    }
    report.update(extra)
    threads = {k: os.environ[k] for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS") if k in os.environ}
    if threads:
        report["threads"] = threads
    if SIZE_SCALE != 1.0:
        report["size_scale"] = SIZE_SCALE
    report["results"] = results
    text = json.dumps(report, indent=2)
    if args.output:
        with open(args.output, "w") as f:
            f.write(text + "\n")
    else:
        print(text)


if __name__ == "__main__":
    main()
