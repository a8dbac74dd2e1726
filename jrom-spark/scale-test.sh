#!/usr/bin/env bash
# The scale test of docs/distributed.md: a Spark standalone master and two workers (1 core and
# WORKER_MEMORY each) on 127.0.0.1, started from the module's SPARK_HOME, and the driver
# org.jrom.spark.DistributedScale: the synthetic family generated per row block on the executors,
# its TSQR POD. Prints the driver's line and the peak resident memory of each executor JVM.
# Usage: jrom-spark/scale-test.sh [unknowns=1000000] [snapshots=1000] [row blocks=16]
set -euo pipefail
cd "$(dirname "$0")/.."
DIM=${1:-1000000}
COUNT=${2:-1000}
BLOCKS=${3:-16}
WORKER_MEMORY=${WORKER_MEMORY:-4g}
EXECUTOR_MEMORY=${EXECUTOR_MEMORY:-3g}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; pkill -f "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT

./mvnw -B -q -pl jrom-spark -am install -DskipTests
./mvnw -B -q -pl jrom-spark dependency:build-classpath -Dmdep.outputFile="$WORK/cp.txt"
OPTS=$(sed -n 's/.*<spark.module.options>\(.*\)<\/spark.module.options>.*/\1/p' pom.xml)
HOME_DIR=$(pwd)/jrom-spark/target/spark-home
JARS="$HOME_DIR/jars/*"
V=$(sed -n 's/.*<version>\(0[^<]*SNAPSHOT\)<\/version>.*/\1/p' pom.xml | head -1)
APP=""
for m in jrom-core jrom-fem jrom-io jrom-spark; do APP="$APP,$(pwd)/$m/target/$m-$V.jar"; done
jar cf "$WORK/jrom-spark-tests.jar" -C jrom-spark/target/test-classes .
APP="${APP#,},$WORK/jrom-spark-tests.jar"

export SPARK_HOME=$HOME_DIR SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1 SPARK_LOCAL_DIRS=$WORK
java -Xmx1g $OPTS -cp "$JARS" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 0 \
  --webui-port 0 > "$WORK/master.log" 2>&1 &
until grep -q "Starting Spark master at spark://" "$WORK/master.log"; do sleep 0.2; done
URL=$(grep -o "spark://[0-9.:]*" "$WORK/master.log" | head -1)
for w in 0 1; do
  java -Xmx1g $OPTS -cp "$JARS" org.apache.spark.deploy.worker.Worker "$URL" --host 127.0.0.1 \
    --cores 1 --memory "$WORKER_MEMORY" --webui-port 0 --work-dir "$WORK/work$w" > "$WORK/worker$w.log" 2>&1 &
done
until [ "$(grep -c "Registering worker" "$WORK/master.log")" -ge 2 ]; do sleep 0.2; done

# the executors' peak resident memory, sampled every 0.5 s
( while sleep 0.5; do
    for p in $(pgrep -f CoarseGrainedExecutorBackend || true); do
      echo "$p $(awk '/VmHWM/ {print $2}' /proc/$p/status 2>/dev/null)"
    done
  done > "$WORK/rss.log" ) &

/usr/bin/time -v java -Xmx2g -Xss16m $OPTS -Djrom.spark.module.options="$OPTS" \
  -Dspark.executor.memory="$EXECUTOR_MEMORY" \
  -cp "$(cat "$WORK/cp.txt"):jrom-spark/target/classes:jrom-spark/target/test-classes" \
  org.jrom.spark.DistributedScale "$URL" "$DIM" "$COUNT" "$BLOCKS" "$APP" 2> "$WORK/driver.err" \
  || { tail -40 "$WORK/driver.err"; exit 1; }
grep -E "Elapsed|Maximum resident|User time|System time" "$WORK/driver.err" | sed 's/^/driver: /'
awk 'NF == 2 && $2 > max[$1] {max[$1] = $2} END {for (p in max) printf "executor %s: peak RSS %.0f MB\n", p, max[p] / 1024}' "$WORK/rss.log"
