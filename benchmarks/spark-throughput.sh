#!/usr/bin/env bash
# Explanations per second on the demo model's 300 eval prompts (docs/spark.md): the JSON Lines mode of `explain`
# against `spark-explain` on local[1] and local[2], in one warm JVM, alternating, REPEATS rounds (default 3).
# Usage: flock /tmp/lxt4j-bench.lock benchmarks/spark-throughput.sh [REPEATS]
set -euo pipefail
cd "$(dirname "$0")/.."
./lxt4j info >/dev/null
opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
    java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
java $opens -Xmx4g -Dai.djl.offline=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
  -Dorg.slf4j.simpleLogger.log.org.apache.spark=error -Dorg.slf4j.simpleLogger.log.org.apache.hadoop=error \
  -Dorg.slf4j.simpleLogger.log.ai.djl=error \
  -cp "target/lxt4j-cli.jar:$(cat target/classpath.txt):$(cat target/classpath-spark.txt)" \
  benchmarks/SparkThroughput.java src/main/resources/io/github/lxt4j/demo/kv-retrieval/eval.jsonl "${1:-3}" \
  2> >(grep -v '^\[explain\]\|^\[spark-explain\]' >&2)
