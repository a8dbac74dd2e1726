#!/usr/bin/env bash
# Runs the jrom benchmark suite (JMH) and the SciPy/NumPy baselines, and prints one table.
#
#   jrom-bench/run-benchmarks.sh [--quick] [REGEX]
#
#   --quick  one fork, 1 warmup + 3 measurement iterations of 1 s (~3 min instead of ~10)
#   REGEX    selects benchmarks by JMH name, e.g. 'Spmv|MemoryBandwidth' or 'Dgemm'
#            (applied to the JMH benchmarks and to the matching baselines alike)
#
# Results go to bench-results/ (jmh.json, baseline.json, table.txt). The baselines need Debian's
# python3-scipy and python3-numpy for /usr/bin/python3: `sudo apt-get install python3-scipy`.
set -euo pipefail

quick=0
regex='.*'
for arg in "$@"; do
    case "$arg" in
        --quick) quick=1 ;;
        -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        -*) echo "run-benchmarks.sh: unknown option $arg (try --help)" >&2; exit 2 ;;
        *) regex="$arg" ;;
    esac
done

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/bench-results"
jar="$root/jrom-bench/target/benchmarks.jar"
python=/usr/bin/python3
mkdir -p "$out"
rm -f "$out/jmh.json" "$out/baseline.json" "$out/jmh-aux.properties"

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

echo "== baselines ($python)"
baseline_opts=(--only "$regex" --output "$out/baseline.json")
if [[ $quick == 1 ]]; then
    baseline_opts+=(--quick)
fi
if ! "$python" "$root/jrom-bench/baseline.py" "${baseline_opts[@]}"; then
    echo "baseline.py failed: the table shows jrom's numbers only." \
        "For the baselines: sudo apt-get install python3-scipy python3-numpy" >&2
fi

echo
report_python="$python"
command -v "$report_python" >/dev/null || report_python=python3
"$report_python" "$root/jrom-bench/report.py" --jmh "$out/jmh.json" --baseline "$out/baseline.json" \
    --aux "$out/jmh-aux.properties" | tee "$out/table.txt"
