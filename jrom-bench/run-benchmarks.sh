#!/usr/bin/env bash
# Runs the jrom benchmark suite (JMH) and the baselines of every peer, and prints one table.
#
#   jrom-bench/run-benchmarks.sh [--quick] [REGEX]
#
#   --quick  one fork, 1 warmup + 3 measurement iterations of 1 s (~3 min instead of ~10)
#   REGEX    selects benchmarks by JMH name, e.g. 'Spmv|MemoryBandwidth' or 'Dgemm'
#            (applied to the JMH benchmarks and to the matching baselines alike)
#
# Peers (jrom-bench/baseline.py, one JSON each in bench-results/):
#   baseline-scipy-X.Y.json   SciPy/NumPy of /usr/bin/python3 (Debian's python3-scipy, system BLAS)
#   baseline-scipy-X.Y.json   again with the `python3` first on PATH (or $JROM_BENCH_EXTRA_PYTHON)
#                             when that is another interpreter with SciPy, e.g. a pip SciPy 1.17
#   baseline-cholmod.json     CHOLMOD (libcholmod3, via ctypes) for the sparse Cholesky rows
# Results go to bench-results/ (jmh.json, baseline-*.json, machine.txt, table.txt); the table has
# one column per peer. The baselines need Debian's python3-scipy and python3-numpy for
# /usr/bin/python3 (`sudo apt-get install python3-scipy`), CHOLMOD's libcholmod3 (`libsuitesparse-dev`).
set -euo pipefail

quick=0
regex='.*'
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run-benchmarks.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
        *) regex="$arg" ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/bench-results"
jar="$root/jrom-bench/target/benchmarks.jar"
python=/usr/bin/python3
mkdir -p "$out"
rm -f "$out/jmh.json" "$out"/baseline*.json "$out/jmh-aux.properties"

echo "== building $jar"
(cd "$root" && ./mvnw -B -q -DskipTests -pl jrom-bench -am package)

echo "== machine"
{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //'), $(nproc) cores," \
        "load average $(cut -d' ' -f1-3 /proc/loadavg)"
    java -cp "$jar" org.jrom.bench.BackendInfo
} | tee "$out/machine.txt"

jmh_opts=(-rf json -rff "$out/jmh.json")
if [[ $quick == 1 ]]; then
    jmh_opts+=(-f 1 -wi 1 -i 3 -w 1s -r 1s)
fi
echo "== JMH ${jmh_opts[*]} '$regex'"
# JMH runs in bench-results/, where benchmarks may leave auxiliary facts (jmh-aux.properties).
(cd "$out" && java -jar "$jar" "$regex" "${jmh_opts[@]}")

baseline_opts=(--only "$regex")
if [[ $quick == 1 ]]; then
    baseline_opts+=(--quick)
fi
report_opts=()   # --baseline FILE for each peer that ran

# run_baseline PYTHON PEER FILE: one peer's JSON; a failure leaves that peer's column out.
run_baseline() {
    echo "== baseline $2 ($1) -> $3"
    if "$1" "$root/jrom-bench/baseline.py" --peer "$2" "${baseline_opts[@]}" --output "$3"; then
        report_opts+=(--baseline "$3")
    else
        rm -f "$3"
        echo "baseline.py --peer $2 failed with $1: the table has no column for it." >&2
    fi
}

# "X.Y PATH": the interpreter's SciPy major.minor and its own path (sys.executable, through pyenv
# shims); nothing when SciPy does not import.
python_info() {
    "$1" -c 'import os, sys, scipy; print(".".join(scipy.__version__.split(".")[:2]), os.path.realpath(sys.executable))' \
        2>/dev/null || true
}

read -r system_scipy system_exe <<<"$(python_info "$python")"
if [[ -n "${system_scipy:-}" ]]; then
    run_baseline "$python" scipy "$out/baseline-scipy-$system_scipy.json"
else
    echo "no SciPy for $python: sudo apt-get install python3-scipy python3-numpy" >&2
fi

extra_python="${JROM_BENCH_EXTRA_PYTHON:-$(command -v python3 || true)}"
if [[ -n "$extra_python" ]]; then
    read -r extra_scipy extra_exe <<<"$(python_info "$extra_python")"
    if [[ -n "${extra_scipy:-}" && "$extra_exe" != "${system_exe:-}" ]]; then
        file="$out/baseline-scipy-$extra_scipy.json"
        if [[ "$extra_scipy" == "${system_scipy:-}" ]]; then
            file="$out/baseline-scipy-$extra_scipy-2.json"   # same SciPy release, another build
        fi
        run_baseline "$extra_python" scipy "$file"
    fi
fi

# CHOLMOD needs NumPy/SciPy only to build the matrices: the system interpreter's are enough.
# Only when REGEX selects its rows (Python's re.search, as baseline.py and JMH match names).
if [[ -n "${system_scipy:-}" ]] && "$python" -c 'import re, sys
sys.exit(not re.search(sys.argv[1], "org.jrom.bench.SparseCholeskyBench.factorSolve"))' "$regex" 2>/dev/null; then
    run_baseline "$python" cholmod "$out/baseline-cholmod.json"
fi

echo
report_python="$python"
command -v "$report_python" >/dev/null || report_python=python3
"$report_python" "$root/jrom-bench/report.py" --jmh "$out/jmh.json" ${report_opts[@]+"${report_opts[@]}"} \
    --aux "$out/jmh-aux.properties" | tee "$out/table.txt"
