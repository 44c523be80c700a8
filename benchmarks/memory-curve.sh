#!/usr/bin/env bash
# Peak memory of the relevance pass vs. layer count, TinyLlama width, random weights, with and without
# per-layer checkpointing. One fresh JVM per point. Usage: benchmarks/memory-curve.sh [SEQ] > curve.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
seq=${1:-256}
printf 'layers\tcheckpoint\tpass_peak_gib\tpeak_rss_gib\texplain_s\n'
for layers in 8 16 32; do
  for ckpt in "" "--checkpoint"; do
    json=$(LXT4J_JAVA_OPTS="-Xmx4g" ./lxt4j bench --config tinyllama-1.1b --layers "$layers" --seq "$seq" \
        --repeat 1 --json $ckpt 2>/dev/null)
    python3 -c 'import json,sys; r=json.loads(sys.argv[1]); print("%d\t%s\t%.3f\t%.2f\t%.2f" % (r["layers"], "on" if r["checkpoint"] else "off", r["relevance_pass_peak_bytes"]/2**30, r["peak_rss_bytes"]/2**30, r["explain_s"]))' "$json"
  done
done
