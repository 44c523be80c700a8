#!/usr/bin/env bash
# lxt4j against the Python reference (LXT efficient mode on HF transformers), alternating on the same machine:
# for each length, ROUNDS rounds of `lxt4j bench` then the reference, each a fresh process, same shapes (TinyLlama-1.1B
# by default), float32, THREADS intra-op threads, random weights. Prints each run's explanation time and the pairwise
# ratio lxt4j ÷ reference, then the median ratio per length.
#
# Usage: benchmarks/vs-reference.sh [SEQ ...]                      (default: 128 512)
# Environment:
#   REF_PYTHON  a Python with torch, transformers, safetensors and numpy (default: python3)
#   LXT_SRC     a checkout of LXT (github.com/rachtibat/LRP-eXplains-Transformers), put on PYTHONPATH
#   ROUNDS      rounds per length (default 3); REPEAT  timed repeats inside each run (default 3)
#   THREADS     intra-op threads for both (default 2); KEEP1  1 (default): the reference computes the logits of the
#               last position only (logits_to_keep=1), as lxt4j does; 0: logits at every position, as LXT's examples
#   LXT4J_ARGS  extra `lxt4j bench` options (e.g. "--layers 4")
#   OUT         a folder: each run's JSON is also kept there (lxt4j-SEQ-ROUND.json, reference-SEQ-ROUND.json)
# The reference is not part of lxt4j: when it is not installed this script says what is missing and exits 3.
set -euo pipefail
cd "$(dirname "$0")/.."
here="benchmarks/reference"
py="${REF_PYTHON:-python3}"
rounds="${ROUNDS:-3}"
repeat="${REPEAT:-3}"
threads="${THREADS:-2}"
keep1=""
[ "${KEEP1:-1}" = 1 ] && keep1="--keep1"
seqs=("$@")
[ ${#seqs[@]} -eq 0 ] && seqs=(128 512)
export PYTHONPATH="${LXT_SRC:-}${PYTHONPATH:+:$PYTHONPATH}"
if ! "$py" -c 'import torch, transformers, safetensors, numpy, lxt.efficient' 2>/dev/null; then
  echo "vs-reference: the Python reference is not installed: $py cannot import torch, transformers, safetensors," \
    "numpy and lxt.efficient (set REF_PYTHON to a Python that has them and LXT_SRC to a checkout of LXT)" >&2
  exit 3
fi
config="$here/tinyllama-1.1b.json"
layers=""
if [[ "${LXT4J_ARGS:-}" =~ --layers[[:space:]=]+([0-9]+) ]]; then
  layers="${BASH_REMATCH[1]}"
  config="$(mktemp --suffix=.json)"
  "$py" -c "import json,sys; c=json.load(open('$here/tinyllama-1.1b.json')); c['num_hidden_layers']=$layers; \
json.dump(c, open('$config','w'))"
fi
./lxt4j info >/dev/null # builds the CLI once, outside the timed runs
field() { "$py" -c "import json,sys; print(json.loads(sys.stdin.read())['$1'])"; }
printf '%-5s %-5s %-12s %-12s %-8s %s\n' seq round lxt4j_s reference_s ratio sgemm_GFLOPs_reference
for seq in "${seqs[@]}"; do
  ratios=()
  for r in $(seq 1 "$rounds"); do
    # shellcheck disable=SC2086
    ours="$(./lxt4j bench --config tinyllama-1.1b --seq "$seq" --repeat "$repeat" --threads "$threads" --json \
      ${LXT4J_ARGS:-} 2>/dev/null)"
    theirs="$(THREADS="$threads" "$py" "$here/lxt_efficient_bench.py" "$config" "$seq" "$repeat" $keep1 2>/dev/null)"
    if [ -n "${OUT:-}" ]; then
      mkdir -p "$OUT"
      echo "$ours" > "$OUT/lxt4j-$seq-$r.json"
      echo "$theirs" > "$OUT/reference-$seq-$r.json"
    fi
    a="$(echo "$ours" | field explain_s)"
    b="$(echo "$theirs" | field explain_s)"
    g="$(echo "$theirs" | field sgemm_gflops)"
    ratio="$("$py" -c "print(f'{$a / $b:.3f}')")"
    ratios+=("$ratio")
    printf '%-5s %-5s %-12s %-12s %-8s %s\n' "$seq" "$r" "$a" "$b" "$ratio" "$g"
  done
  median="$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR%2 ? v[(NR+1)/2] : (v[NR/2]+v[NR/2+1])/2)}')"
  echo "seq $seq: median lxt4j ÷ reference = $median over $rounds alternating rounds"
done
