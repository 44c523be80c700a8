#!/usr/bin/env bash
# Explanations per second on the demo model's 300 eval prompts (docs/spark.md): the JSON Lines mode of `explain`
# against `spark-explain` on local[1] and local[2] (2 PyTorch threads per task, and 1 thread per task). Each command runs
# on all 300 prompts and on the first 20; (300 - 20) / (T300 - T20) is the rate with JVM start, Spark start and model
# load cancelled out. One run of each, in one sitting. Usage: flock /tmp/lxt4j-bench.lock benchmarks/spark-throughput.sh
set -euo pipefail
cd "$(dirname "$0")/.."
./lxt4j info >/dev/null
eval_set=src/main/resources/io/github/lxt4j/demo/kv-retrieval/eval.jsonl
tmp=$(mktemp -d)
head -n 20 "$eval_set" > "$tmp/p20.jsonl"
cp "$eval_set" "$tmp/p300.jsonl"
seconds() {  # seconds that "$@" takes
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2> "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
  end=$(date +%s.%N)
  python3 -c "print('%.2f' % ($end - $start))"
}
run() {  # mode size
  local out="$tmp/out-$1-$2.jsonl"
  rm -rf "$out"
  case "$1" in
    jsonl) seconds ./lxt4j explain --prompts "$tmp/p$2.jsonl" --jsonl "$out" ;;
    local1) seconds ./lxt4j spark-explain --master 'local[1]' --input "$tmp/p$2.jsonl" --output "$out" ;;
    local2) seconds ./lxt4j spark-explain --master 'local[2]' --input "$tmp/p$2.jsonl" --output "$out" ;;
    local2-1t) LXT4J_JAVA_OPTS="-Dai.djl.pytorch.num_threads=1" \
        seconds ./lxt4j spark-explain --master 'local[2]' --input "$tmp/p$2.jsonl" --output "$out" ;;
  esac
}
printf 'mode\tT20_s\tT300_s\tall_300_per_s\tmarginal_per_s\n'
for mode in jsonl local1 local2 local2-1t; do
  t20=$(run "$mode" 20)
  t300=$(run "$mode" 300)
  python3 -c "print('%s\t%s\t%s\t%.1f\t%.1f' % ('$mode', $t20, $t300, 300 / $t300, 280 / ($t300 - $t20)))"
done
cmp "$tmp/out-jsonl-300.jsonl" "$tmp/out-local1-300.jsonl" >/dev/null && echo "local[1] output = JSON Lines output, byte for byte" \
  || echo "local[1] output differs from the JSON Lines output in bytes"
rm -rf "$tmp"
