#!/usr/bin/env bash
# Runs the benchmarks bench/*.bench.ts one after another (node --import tsx), or only those named.
#
#   npm run bench                                   # all of them
#   bash bench/run.sh caller-lookup                 # one (name = file name without .bench.ts)
#   bash bench/run.sh caller-lookup --lookups=20000 # options (starting with -) go to every benchmark
#   bash bench/run.sh caller-lookup -- 1000000      # everything after -- too, as is
#   BENCH_CLIENTS=1000000 npm run bench             # the environment is passed through
#
# Figures are JSON lines on stdout, progress on stderr: `npm run bench 2>/dev/null > results.jsonl`.
# Exits non-zero if any benchmark failed (the others still run).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

selected=()
passthrough=()
while (($# > 0)); do
  case "$1" in
    --) shift; passthrough+=("$@"); break ;;
    -*) passthrough+=("$1") ;;
    *)
      name="${1%.bench.ts}"
      name="${name#bench/}"
      if [[ ! -f "bench/${name}.bench.ts" ]]; then
        echo "bench/run.sh: no benchmark bench/${name}.bench.ts; available:" >&2
        for f in bench/*.bench.ts; do echo "  $(basename "$f" .bench.ts)" >&2; done
        exit 2
      fi
      selected+=("bench/${name}.bench.ts")
      ;;
  esac
  shift
done

if ((${#selected[@]} == 0)); then
  shopt -s nullglob
  selected=(bench/*.bench.ts)
  shopt -u nullglob
  if ((${#selected[@]} == 0)); then
    echo "bench/run.sh: no bench/*.bench.ts found" >&2
    exit 2
  fi
fi

failed=()
for file in "${selected[@]}"; do
  echo "=== ${file} ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'))" >&2
  # ${arr[@]+...}: an empty array is not an unbound variable under set -u (bash < 4.4).
  if ! node --import tsx "${file}" ${passthrough[@]+"${passthrough[@]}"}; then
    echo "=== ${file} FAILED" >&2
    failed+=("${file}")
  fi
done

if ((${#failed[@]} > 0)); then
  echo "bench/run.sh: failed: ${failed[*]}" >&2
  exit 1
fi
