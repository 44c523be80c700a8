#!/usr/bin/env bash
# Explanation time with each GEMM library, alternating: TinyLlama-1.1B shapes, random weights, DJL, float32, CPU.
# usage: benchmarks/blas-ab.sh [SEQ [ROUNDS [bench options…]]]   e.g. benchmarks/blas-ab.sh 512 2 --repeat 3
# One line per run: the library, forward and explanation medians, explain/forward, both libraries' GEMM rates on the
# MLP shape (GFLOP/s of x·Wᵀ + g·W) and the FLOP-bound ratio; ratios within a round are what count.
set -euo pipefail
cd "$(dirname "$0")/.."
seq="${1:-128}"
rounds="${2:-3}"
shift $(( $# < 2 ? $# : 2 ))
for r in $(seq 1 "$rounds"); do
  for blas in torch openblas; do
    ./lxt4j bench --config tinyllama-1.1b --seq "$seq" --blas "$blas" --json "$@" 2>/dev/null | python3 -c '
import json, sys
j = json.load(sys.stdin)
rates = ", ".join("%s %.1f" % (k, v) for k, v in j["gemm_gflops"].items())
print("round %s  %-8s forward %.3f s  explain %.3f s  explain/forward %.2f  GEMM %s  FLOP-bound %.2f"
      % (sys.argv[1], j["blas"], j["forward_s"], j["explain_s"], j["explain_over_forward"], rates,
         j["flop_bound_ratio"]))' "$r"
  done
done
