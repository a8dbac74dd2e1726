#!/usr/bin/python3
"""Prints the jrom benchmark table: JMH results (JSON) against the SciPy/NumPy baselines.

Standard library only, so the table is printed even where SciPy is missing.

    python3 jrom-bench/report.py --jmh jmh.json [--baseline baseline.json] [--aux jmh-aux.properties]
"""

import argparse
import json
import os
import statistics

BENCH = "org.jrom.bench."
SPMV_GRID = 1000
SPMV_N = SPMV_GRID * SPMV_GRID
SPMV_NNZ = 5 * SPMV_N - 4 * SPMV_GRID
# Bytes the CSR kernel must move once: values and column indices, row pointers, x and y.
SPMV_BYTES = 8 * SPMV_NNZ + 4 * SPMV_NNZ + 4 * (SPMV_N + 1) + 8 * SPMV_N + 8 * SPMV_N
COPY_BYTES = 16 * (1 << 25)  # MemoryBandwidthBench: 2^25 doubles read and written
UNIT_SECONDS = {"s/op": 1.0, "ms/op": 1e-3, "us/op": 1e-6, "ns/op": 1e-9}


def load_jmh(path):
    """{'name' or 'name:k=v,...': median seconds per op} from a JMH JSON result file."""
    out = {}
    if not path or not os.path.exists(path):
        return out
    with open(path) as f:
        for entry in json.load(f):
            metric = entry["primaryMetric"]
            scale = UNIT_SECONDS[metric["scoreUnit"]]
            samples = [x for fork in metric.get("rawData", []) for x in fork]
            value = statistics.median(samples) if samples else metric["score"]
            params = entry.get("params") or {}
            key = entry["benchmark"] + (":" + ",".join("%s=%s" % kv for kv in sorted(params.items())) if params else "")
            out[key] = value * scale
    return out


def load_aux(path):
    aux = {}
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                if "=" in line:
                    k, v = line.strip().split("=", 1)
                    aux[k] = v
    return aux


def fmt_time(sec):
    if sec is None:
        return None
    if sec >= 1:
        return "%.3g s" % sec
    if sec >= 1e-3:
        return "%.3g ms" % (sec * 1e3)
    return "%.3g us" % (sec * 1e6)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--jmh", required=True)
    parser.add_argument("--baseline")
    parser.add_argument("--aux")
    args = parser.parse_args()
    jmh = load_jmh(args.jmh)
    aux = load_aux(args.aux)
    baseline = {}
    header = []
    if args.baseline and os.path.exists(args.baseline):
        with open(args.baseline) as f:
            data = json.load(f)
        baseline = {k: v["seconds"] for k, v in data["results"].items()}
        base_info = data["results"]
        header.append("baseline: Python %s, NumPy %s, SciPy %s, BLAS %s"
                      % (data["python"], data["numpy"], data["scipy"], data["blas"]))
    else:
        base_info = {}
        header.append("baseline: not run (see the message above; install with `apt-get install python3-scipy`)")

    rows = []  # operation, size, jrom, baseline, ratio, goal, status

    def compare(operation, size, jrom_key, base_key, goal, threshold, base_from_jmh=False, base_label=""):
        """A timing row: ratio = baseline time / jrom time (> 1: jrom faster)."""
        j = jmh.get(jrom_key)
        b = (jmh if base_from_jmh else baseline).get(base_key)
        if j is None and b is None:
            return
        ratio = b / j if (j and b) else None
        status = "-" if ratio is None else ("met" if ratio >= threshold else "NOT met")
        rows.append([operation, size, fmt_time(j) or "n/a",
                     (fmt_time(b) or "n/a") + base_label,
                     "-" if ratio is None else "%.2f" % ratio, goal, status])

    spmv_size = "2D Poisson %d^2, n=%.1e, nnz=%.2e" % (SPMV_GRID, SPMV_N, SPMV_NNZ)
    spmv_key = BENCH + "SpmvBench.spmvPoisson2d"
    compare("SpMV y = A x vs SciPy A @ x", spmv_size, spmv_key, spmv_key, "> 1 (faster)", 1.0 + 1e-12)

    copies = {k: jmh.get(BENCH + "MemoryBandwidthBench." + k) for k in ("copySerial", "copyParallel")}
    copy_bw = {k: COPY_BYTES / t / 1e9 for k, t in copies.items() if t}
    best_copy = max(copy_bw.values()) if copy_bw else None
    if copy_bw:
        rows.append(["copy bandwidth (STREAM copy, 16 B/elem)", "2 x 256 MiB arrays",
                     " / ".join("%s %.1f GB/s" % (k[4:].lower(), v) for k, v in copy_bw.items()),
                     "-", "-", "(the roof)", "-"])
    spmv_time = jmh.get(spmv_key)
    if spmv_time:
        spmv_bw = SPMV_BYTES / spmv_time / 1e9
        fraction = spmv_bw / best_copy if best_copy else None
        rows.append(["SpMV effective bandwidth (%.1f MB/op)" % (SPMV_BYTES / 1e6), spmv_size,
                     "%.1f GB/s" % spmv_bw,
                     "%.1f GB/s copy" % best_copy if best_copy else "n/a",
                     "%.2f" % fraction if fraction else "-", ">= 0.80 of copy",
                     "-" if fraction is None else ("met" if fraction >= 0.8 else "NOT met")])

    for matrix, label in (("poisson2d-500", "2D Poisson 500^2, n=250000"), ("poisson3d-50", "3D Poisson 50^3, n=125000")):
        key = BENCH + "SparseCholeskyBench.factorSolve:matrix=" + matrix
        nnz_jrom = aux.get("SparseCholeskyBench.%s.nnzFactor" % matrix, "pending")
        nnz_splu = base_info.get(key, {}).get("nnz_L", "n/a")
        size = "%s; nnz(L) jrom %s, splu %s" % (label, nnz_jrom, nnz_splu)
        j = jmh.get(key)
        b = baseline.get(key)
        if j is None and b is None:
            continue
        ratio = b / j if (j and b) else None
        rows.append(["sparse Cholesky factor+solve vs splu", size, fmt_time(j) or "pending", fmt_time(b) or "n/a",
                     "-" if ratio is None else "%.2f" % ratio, ">= 1 (as fast as splu)",
                     "pending" if j is None else ("met" if ratio and ratio >= 1 else "NOT met")])
        refactor = jmh.get(BENCH + "SparseCholeskyBench.refactorSolve:matrix=" + matrix)
        if refactor:
            rows.append(["  same, symbolic analysis reused", label, fmt_time(refactor), "-", "-", "(info)", "-"])

    lu_key = BENCH + "SparseLuBench.factorSolve:matrix=convection-diffusion2d-300"
    if lu_key in jmh or lu_key in baseline:
        j, b = jmh.get(lu_key), baseline.get(lu_key)
        ratio = b / j if (j and b) else None
        size = "convection-diffusion 300^2, n=90000; nnz(L+U) splu %s" % base_info.get(lu_key, {}).get("nnz_LU", "n/a")
        rows.append(["sparse LU factor+solve vs splu", size, fmt_time(j) or "pending", fmt_time(b) or "n/a",
                     "-" if ratio is None else "%.2f" % ratio, ">= 1 (as fast as splu)",
                     "pending" if j is None else ("met" if ratio and ratio >= 1 else "NOT met")])
        refactor = jmh.get(lu_key.replace("factorSolve", "refactorSolve"))
        if refactor:
            rows.append(["  same, symbolic analysis reused", "n=90000", fmt_time(refactor), "-", "-", "(info)", "-"])

    dgemm_key = BENCH + "DgemmBench.multiply"
    compare("DGEMM C = A B vs NumPy A @ B", "n=2000", dgemm_key, dgemm_key, ">= 0.90", 0.9)
    gram_key = BENCH + "GramBench.gram"
    compare("Gram V^T V vs NumPy V.T @ V", "V: 1e6 x 200", gram_key, gram_key, ">= 0.90", 0.9)
    mm_key = BENCH + "MatrixMarketBench.readSparse"
    compare("Matrix Market read vs scipy.io.mmread", "7-point 113^3, nnz=1.0e7, 342 MB", mm_key, mm_key,
            ">= 5 (5x faster)", 5.0)
    compare("DGEMM pure Java vs jrom native", "n=2000", BENCH + "DgemmPureJavaBench.multiply", dgemm_key,
            ">= 0.10 (within 10x)", 0.1, base_from_jmh=True, base_label=" (native)")

    # Online certified query of the 3x3 thermal block and the high-fidelity solve it replaces.
    for key, query in sorted(jmh.items()):
        if not key.startswith(BENCH + "OnlineQueryBench.certifiedQuery"):
            continue
        params = key.split(":", 1)[1] if ":" in key else ""
        full = jmh.get(key.replace("certifiedQuery", "highFidelitySolve"))
        cells = dict(kv.split("=") for kv in params.split(",")) if params else {}
        unknowns = (3 * int(cells.get("cellsPerBlock", "0")) - 1) ** 2
        label = "thermal block 3x3, %d unknowns, N=%s, %s" % (unknowns, cells.get("basisSize"), cells.get("evaluation"))
        rows.append(["certified query (solve + bound + output)", label, fmt_time(query), "-", "-", "< 20 us",
                     "met" if query < 20e-6 else "NOT met"])
        if full:
            speedup = full / query
            rows.append(["speedup over the high-fidelity solve", label, fmt_time(query), fmt_time(full) + " (FOM)",
                         "%.0f" % speedup, "> 10000", "met" if speedup > 1e4 else "NOT met"])

    titles = ["operation", "size", "jrom", "baseline", "ratio", "goal", "status"]
    widths = [max(len(str(r[i])) for r in rows + [titles]) for i in range(len(titles))]
    for line in header:
        print(line)
    print("ratio = baseline time / jrom time (> 1: jrom faster); bandwidth row: fraction of the copy bandwidth")
    print()
    line = "  ".join(t.ljust(w) for t, w in zip(titles, widths))
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)))


if __name__ == "__main__":
    main()
