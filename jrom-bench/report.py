#!/usr/bin/python3
"""Prints the jrom benchmark table: JMH results (JSON) against the baselines of baseline.py.

Standard library only, so the table is printed even where SciPy is missing.

    python3 jrom-bench/report.py --jmh jmh.json [--baseline [LABEL=]FILE ...] [--aux jmh-aux.properties]

e.g. (as run-benchmarks.sh does)
    python3 jrom-bench/report.py --jmh bench-results/jmh.json \
        --baseline bench-results/baseline-scipy-1.10.json --baseline bench-results/baseline-scipy-1.17.json \
        --baseline bench-results/baseline-cholmod.json --aux bench-results/jmh-aux.properties

--baseline is repeatable, one JSON of baseline.py per peer. LABEL=FILE names its column; a bare FILE
is labelled from the JSON ("label", written by baseline.py: "SciPy 1.10.1", "CHOLMOD 3.0.14"; files
of older baseline.py runs: "SciPy <version>"). Each peer gets a column of times; "ratio" is the
time of the fastest peer of the row divided by jrom's (> 1: jrom faster), "vs" names that peer,
and the goal's status is judged on that ratio.
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


def load_baselines(specs):
    """[(label, path, data or None)] for each --baseline LABEL=FILE or FILE, in the given order."""
    out = []
    labels = set()
    for spec in specs:
        if "=" in spec and not os.path.exists(spec):
            label, path = spec.split("=", 1)
        else:
            label, path = None, spec
        data = None
        if os.path.exists(path):
            with open(path) as f:
                data = json.load(f)
        if not label:
            if data is not None:
                label = data.get("label") or "SciPy %s" % data.get("scipy", "?")
            else:
                label = os.path.basename(path)
        unique, k = label, 2
        while unique in labels:  # two files with the same label: keep both columns apart
            unique, k = "%s #%d" % (label, k), k + 1
        labels.add(unique)
        out.append((unique, path, data))
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jmh", required=True)
    parser.add_argument("--baseline", action="append", default=[], metavar="[LABEL=]FILE",
                        help="a baseline.py JSON, one per peer (repeatable)")
    parser.add_argument("--aux")
    args = parser.parse_args()
    jmh = load_jmh(args.jmh)
    aux = load_aux(args.aux)

    header = []
    peers = []  # (label, {key: result dict})
    for label, path, data in load_baselines(args.baseline):
        if data is None:
            header.append("baseline %s: not run (%s missing)" % (label, path))
            continue
        peers.append((label, data.get("results", {})))
        line = "baseline %s: Python %s, NumPy %s, SciPy %s, BLAS %s" % (
            label, data.get("python", "?"), data.get("numpy", "?"), data.get("scipy", "?"), data.get("blas", "?"))
        if "cholmod" in data:
            line += ", CHOLMOD %s (%s)" % (data["cholmod"].get("version", "?"), data["cholmod"].get("library", "?"))
        if data.get("size_scale", 1.0) != 1.0:
            line += "  ** --size-scale %s: NOT the benchmark sizes **" % data["size_scale"]
        header.append(line)
    if not peers and not args.baseline:
        header.append("baseline: not run (see the message above; install with `apt-get install python3-scipy`)")
    elif not peers:
        header.append("(no baseline file could be read: the table shows jrom's numbers only)")

    def peer_times(key, field="seconds"):
        return [results.get(key, {}).get(field) for _, results in peers]

    def fastest(times):
        """(label, seconds) of the fastest peer that has a time, or (None, None)."""
        timed = [(t, label) for (label, _), t in zip(peers, times) if t is not None]
        if not timed:
            return None, None
        t, label = min(timed)
        return label, t

    def facts(key, field):
        """', LABEL value' for each peer that reports field for key; equal values share one entry."""
        groups = {}
        for label, results in peers:
            info = results.get(key, {})
            if field in info:
                value = str(info[field])
                if info.get("ordering"):
                    value += " (%s)" % info["ordering"]
                groups.setdefault(value, []).append(label)
        return "".join(", %s %s" % ("/".join(labels), value) for value, labels in groups.items())

    rows = []  # operation, size, jrom, one cell per peer, ratio, vs, goal, status
    no_peers = ["-"] * len(peers)

    def add(operation, size, jrom, cells, ratio, vs, goal, status):
        rows.append([operation, size, jrom] + list(cells) + [ratio, vs, goal, status])

    def compare(operation, size, jrom_key, base_key, goal, threshold, field="seconds", info=False,
                pending=False):
        """A timing row against every peer: ratio = fastest peer's time / jrom time (> 1: jrom faster)."""
        j = jmh.get(jrom_key)
        times = peer_times(base_key, field)
        if j is None and all(t is None for t in times):
            return
        label, b = fastest(times)
        ratio = b / j if (j and b) else None
        if info:
            status = "-"
        elif ratio is None:
            status = "pending" if (pending and j is None) else "-"
        else:
            status = "met" if ratio >= threshold else "NOT met"
        add(operation, size, fmt_time(j) or ("pending" if pending else "n/a"),
            [fmt_time(t) or "-" for t in times], "-" if ratio is None else "%.2f" % ratio,
            label or "-", goal, status)

    spmv_size = "2D Poisson %d^2, n=%.1e, nnz=%.2e" % (SPMV_GRID, SPMV_N, SPMV_NNZ)
    spmv_key = BENCH + "SpmvBench.spmvPoisson2d"
    compare("SpMV y = A x vs A @ x", spmv_size, spmv_key, spmv_key, "> 1 (faster)", 1.0 + 1e-12)

    copies = {k: jmh.get(BENCH + "MemoryBandwidthBench." + k) for k in ("copySerial", "copyParallel")}
    copy_bw = {k: COPY_BYTES / t / 1e9 for k, t in copies.items() if t}
    best_copy = max(copy_bw.values()) if copy_bw else None
    if copy_bw:
        add("copy bandwidth (STREAM copy, 16 B/elem)", "2 x 256 MiB arrays",
            " / ".join("%s %.1f GB/s" % (k[4:].lower(), v) for k, v in copy_bw.items()),
            no_peers, "-", "-", "(the roof)", "-")
    spmv_time = jmh.get(spmv_key)
    if spmv_time:
        spmv_bw = SPMV_BYTES / spmv_time / 1e9
        fraction = spmv_bw / best_copy if best_copy else None
        add("SpMV effective bandwidth (%.1f MB/op)" % (SPMV_BYTES / 1e6), spmv_size, "%.1f GB/s" % spmv_bw,
            no_peers, "%.2f" % fraction if fraction else "-",
            "copy %.1f GB/s" % best_copy if best_copy else "n/a", ">= 0.80 of copy",
            "-" if fraction is None else ("met" if fraction >= 0.8 else "NOT met"))

    for matrix, label in (("poisson2d-500", "2D Poisson 500^2, n=250000"), ("poisson3d-50", "3D Poisson 50^3, n=125000"),
                          ("plate2d-20k", "P1 K+M, unstructured plate, n=20758"),
                          ("plate2d-80k", "P1 K+M, unstructured plate, n=82379")):
        key = BENCH + "SparseCholeskyBench.factorSolve:matrix=" + matrix
        nnz_jrom = aux.get("SparseCholeskyBench.%s.nnzFactor" % matrix, "pending")
        size = "%s; nnz(L) jrom %s%s" % (label, nnz_jrom, facts(key, "nnz_L"))
        compare("sparse Cholesky factor+solve", size, key, key, ">= 1 (as fast as the fastest peer)", 1.0,
                pending=True)
        refactor = jmh.get(BENCH + "SparseCholeskyBench.refactorSolve:matrix=" + matrix)
        if refactor:
            add("  same, symbolic analysis reused", label, fmt_time(refactor), no_peers, "-", "-", "(info)", "-")

    lu_key = BENCH + "SparseLuBench.factorSolve:matrix=convection-diffusion2d-300"
    nnz_lu = facts(lu_key, "nnz_LU")
    size = "convection-diffusion 300^2, n=90000" + ("; nnz(L+U)" + nnz_lu[1:] if nnz_lu else "")
    compare("sparse LU factor+solve vs splu", size, lu_key, lu_key, ">= 1 (as fast as splu)", 1.0, pending=True)
    refactor = jmh.get(lu_key.replace("factorSolve", "refactorSolve"))
    if refactor and (lu_key in jmh or any(t is not None for t in peer_times(lu_key))):
        add("  same, symbolic analysis reused", "n=90000", fmt_time(refactor), no_peers, "-", "-", "(info)", "-")

    dgemm_key = BENCH + "DgemmBench.multiply"
    compare("DGEMM C = A B vs NumPy A @ B", "n=2000", dgemm_key, dgemm_key, ">= 0.90", 0.9)
    gram_key = BENCH + "GramBench.gram"
    compare("Gram V^T V vs NumPy V.T @ V", "V: 1e6 x 200", gram_key, gram_key, ">= 0.90", 0.9)
    mm_key = BENCH + "MatrixMarketBench.readSparse"
    mm_size = "7-point 113^3, nnz=1.0e7, 342 MB"
    compare("Matrix Market read vs scipy.io.mmread", mm_size, mm_key, mm_key, ">= 5 (5x faster)", 5.0)
    if any(t is not None for t in peer_times(mm_key, "tocsr_seconds")):
        compare("  same, vs mmread(file).tocsr() (CSR, as jrom)", mm_size, mm_key, mm_key, "(info)", 0.0,
                field="tocsr_seconds", info=True)
    java = jmh.get(BENCH + "DgemmPureJavaBench.multiply")
    native = jmh.get(dgemm_key)
    if java is not None:
        ratio = native / java if native else None
        add("DGEMM pure Java vs jrom native", "n=2000", fmt_time(java), no_peers,
            "-" if ratio is None else "%.2f" % ratio, "jrom native %s" % (fmt_time(native) or "n/a"),
            ">= 0.10 (within 10x)", "-" if ratio is None else ("met" if ratio >= 0.1 else "NOT met"))

    # Online certified query of the 3x3 thermal block and the high-fidelity solve it replaces.
    for key, query in sorted(jmh.items()):
        if not key.startswith(BENCH + "OnlineQueryBench.certifiedQuery"):
            continue
        params = key.split(":", 1)[1] if ":" in key else ""
        full = jmh.get(key.replace("certifiedQuery", "highFidelitySolve"))
        cells = dict(kv.split("=") for kv in params.split(",")) if params else {}
        unknowns = (3 * int(cells.get("cellsPerBlock", "0")) - 1) ** 2
        label = "thermal block 3x3, %d unknowns, N=%s, %s" % (unknowns, cells.get("basisSize"), cells.get("evaluation"))
        add("certified query (solve + bound + output)", label, fmt_time(query), no_peers, "-", "-", "< 20 us",
            "met" if query < 20e-6 else "NOT met")
        if full:
            speedup = full / query
            add("speedup over the high-fidelity solve", label, fmt_time(query), no_peers, "%.0f" % speedup,
                "FOM %s" % fmt_time(full), "> 10000", "met" if speedup > 1e4 else "NOT met")

    titles = ["operation", "size", "jrom"] + [label for label, _ in peers] + ["ratio", "vs", "goal", "status"]
    widths = [max(len(str(r[i])) for r in rows + [titles]) for i in range(len(titles))]
    for line in header:
        print(line)
    print("ratio = time of the fastest peer of the row (named in 'vs') / jrom time (> 1: jrom faster); "
          "bandwidth row: fraction of the copy bandwidth; DGEMM pure Java: native time / Java time")
    print()
    line = "  ".join(t.ljust(w) for t, w in zip(titles, widths)).rstrip()
    print(line)
    print("-" * len(line))
    for r in rows:
        print("  ".join(str(c).ljust(w) for c, w in zip(r, widths)).rstrip())


if __name__ == "__main__":
    main()
