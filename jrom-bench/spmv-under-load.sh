#!/usr/bin/env bash
# SpMV under load: jrom's SpmvBench (two benchmark jars, e.g. before and after a change) and the
# same product in SciPy (the `python3` first on PATH and /usr/bin/python3), alternated, while
# SPINNERS busy shells take the cores.
#
#   jrom-bench/spmv-under-load.sh JAR_A JAR_B SPINNERS ROUNDS
#
# Prints one line per measurement: the JMH median (-bm sample) or SciPy's median of 300 products.
set -euo pipefail
if [[ $# -ne 4 ]]; then
    sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
fi
jar_a=$1 jar_b=$2 spinners=$3 rounds=$4
peer=$(mktemp --suffix=.py)
pids=()
trap 'kill "${pids[@]}" 2>/dev/null || true; rm -f "$peer"' EXIT
cat >"$peer" <<'PY'
import statistics, time
import numpy as np, scipy, scipy.sparse as sp
n = 1000
t = sp.diags([-np.ones(n - 1), 2.0 * np.ones(n), -np.ones(n - 1)], [-1, 0, 1])
i = sp.identity(n)
a = (sp.kron(i, t) + sp.kron(t, i)).tocsr()
x = np.random.default_rng(1).random(a.shape[1])
for _ in range(20):
    a @ x
ts = []
for _ in range(300):
    t0 = time.perf_counter(); a @ x; ts.append(time.perf_counter() - t0)
print("SciPy %s: %.3f ms" % (scipy.__version__, statistics.median(ts) * 1e3))
PY
for _ in $(seq 1 "$spinners"); do bash -c 'while :; do :; done' & pids+=($!); done
sleep 2
for r in $(seq 1 "$rounds"); do
    for jar in "$jar_a" "$jar_b"; do
        ms=$(java -jar "$jar" SpmvBench -f 1 -wi 3 -i 5 -w 1 -r 1 -bm sample -tu ms 2>/dev/null |
            awk '/p0.50 /{print $(NF-1)}')
        echo "round $r, load $(cut -d' ' -f1 /proc/loadavg), $jar: $ms ms"
    done
    for py in python3 /usr/bin/python3; do
        echo "round $r, load $(cut -d' ' -f1 /proc/loadavg), $("$py" "$peer")"
    done
done
