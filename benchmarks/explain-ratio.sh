#!/usr/bin/env bash
# explain/forward on TinyLlama-1.1B shapes, random weights, DJL, float32, CPU: median of 5 in one bench run each.
set -euo pipefail
cd "$(dirname "$0")/.."
for seq in 128 512; do
  LXT4J_JAVA_OPTS="-Xmx8g" ./lxt4j bench --config tinyllama-1.1b --seq "$seq" --repeat 5 "$@"
done
