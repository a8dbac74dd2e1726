#!/usr/bin/env bash
# make_golden.sh JAR [EXPORT_JAR]: the reference answers of GoldenAnswersTest.
#
# The committed references come from commit a38086f ("ModelFile: read arrays sequentially
# again ..."), run from the repository root as
#   git worktree add --detach ../wt-golden a38086f && (cd ../wt-golden && ./mvnw -B -q -o package -pl jrom-cli -am -DskipTests)
#   jrom-cli/src/test/resources/org/jrom/cli/golden/make_golden.sh ../wt-golden/jrom-cli/target/jrom.jar jrom-cli/target/jrom.jar
# the second jar (the inputs' export) built at e0900c4, both on the system OpenBLAS (JNIBLAS,
# openblas-pthread libblas.so.3) on x86-64 Linux, Java 17.0.15.
#
# With JAR only, it rewrites the references from the committed inputs:
#   <case>-basis.npy  the entry basis.npy of the case's model.jrom, unchanged bytes
#   <case>-batch.csv  jrom batch of the case's model at the fixed query parameters
# for the five cases, each a fresh JVM ($java below, JAVA_OPTS added, e.g. -Djrom.blas=java):
#   tb    jrom demo thermal-block --blocks 2x2 --resolution 6 --tol 1e-10 $common
#   fin   jrom demo thermal-fin --resolution 4 $common
#   el    jrom demo elasticity --blocks 2 --resolution 4 $common
#   from  jrom build --from tb-export/manifest.json --tol 1e-10 --test 10 --uq-samples 200 --threads 2 --seed 3
#   snap  jrom build --snapshots tb-export/snapshots.npy --params tb-export/snapshot-params.csv --threads 2
#   common = --training 100 --test 10 --uq-samples 200 --threads 2 --seed 3
# then  jrom batch <case>/model.jrom --params <queries> --allow-extrapolation --out <case>-batch.csv
# with queries tb-export/queries.csv for tb, from and snap, fin-queries.csv and el-queries.csv.
# GoldenAnswersTest runs the same commands in-process; change both together.
#
# With EXPORT_JAR too, it first rewrites the inputs with that jar's export (its manifest and
# Matrix Market files are the same since a38086f; the example files queries.csv, snapshots.npy
# and snapshot-params.csv need a jar from e0900c4 or later):
#   jrom demo thermal-block --blocks 2x2 --resolution 6 --training 100 --export tb-export
#   jrom demo thermal-fin --resolution 4 --export DIR     (only DIR/queries.csv is kept)
#   jrom demo elasticity --blocks 2 --resolution 4 --export DIR   (only DIR/queries.csv is kept)
# OUT=DIR writes into DIR instead of next to this script (to compare runs without touching it).
set -euo pipefail
jar=$(realpath "$1"); export_jar=${2:+$(realpath "$2")}
here=$(cd "$(dirname "$0")" && pwd)
out=${OUT:-$here}
mkdir -p "$out"
out=$(cd "$out" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
java=(java ${JAVA_OPTS:-} -jar)

if [ -n "$export_jar" ]; then
  rm -rf "$here/tb-export"
  "${java[@]}" "$export_jar" demo thermal-block --blocks 2x2 --resolution 6 --training 100 --export "$here/tb-export" > /dev/null
  "${java[@]}" "$export_jar" demo thermal-fin --resolution 4 --export "$work/fin-export" > /dev/null 2>&1
  cp "$work/fin-export/queries.csv" "$here/fin-queries.csv"
  "${java[@]}" "$export_jar" demo elasticity --blocks 2 --resolution 4 --export "$work/el-export" > /dev/null
  cp "$work/el-export/queries.csv" "$here/el-queries.csv"
fi

j() { "${java[@]}" "$jar" "$@"; }
common=(--training 100 --test 10 --uq-samples 200 --threads 2 --seed 3)
tb=$here/tb-export
j demo thermal-block --blocks 2x2 --resolution 6 --tol 1e-10 "${common[@]}" --out "$work/tb" > "$work/tb.log" 2>&1
j demo thermal-fin --resolution 4 "${common[@]}" --out "$work/fin" > "$work/fin.log" 2>&1
j demo elasticity --blocks 2 --resolution 4 "${common[@]}" --out "$work/el" > "$work/el.log" 2>&1
j build --from "$tb/manifest.json" --tol 1e-10 --test 10 --uq-samples 200 --threads 2 --seed 3 --out "$work/from" > "$work/from.log" 2>&1
j build --snapshots "$tb/snapshots.npy" --params "$tb/snapshot-params.csv" --threads 2 --out "$work/snap" > "$work/snap.log" 2>&1
for m in tb fin el from snap; do
  case $m in fin | el) q=$here/$m-queries.csv ;; *) q=$tb/queries.csv ;; esac
  j batch "$work/$m/model.jrom" --params "$q" --allow-extrapolation --out "$out/$m-batch.csv" 2> /dev/null
  unzip -p "$work/$m/model.jrom" basis.npy > "$out/$m-basis.npy"
done
if [ -n "${KEEP:-}" ]; then cp -r "$work"/. "$KEEP"; fi
ls -l "$out"
