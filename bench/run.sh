#!/usr/bin/env bash
# make bench: the pipeline's speed and memory at 100,000 and 1,000,000 samples, the SQLite
# floor for rows of the same size, export throughput, and `mcip dedup` beside datasketch
# and rensa on one input file. Figures go to stdout and $WORK/results.txt.
#
# Settings (environment): SIZES (default "100000 1000000"), WORK (default Output/bench),
# SEED (default 42), EXPORT_SIZE (which run to export, default 100000; 1000000 writes ~32 GB),
# RUNS (runs of each size up to 200,000 samples, of which the median counts; default 3; the
# smallest size runs that often again after the largest, and the ratio uses all its runs).
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=${SIZES:-"100000 1000000"}
WORK=${WORK:-Output/bench}
SEED=${SEED:-42}
EXPORT_SIZE=${EXPORT_SIZE:-100000}
MCIP=.build/release/mcip
BENCH=.build/release/mcip-bench
mkdir -p "$WORK"
RESULTS="$WORK/results.txt"
: > "$RESULTS"

say() { echo "$*" | tee -a "$RESULTS"; }
# The median of the numbers on stdin, one a line.
median() { sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print NR % 2 ? v[m] : (v[m] + v[m + 1]) / 2 }'; }

# All CPU ticks and those stolen by the hypervisor ("total steal"), from /proc/stat; "0 0"
# where there is none.
cpu_ticks() { awk '/^cpu / { t = 0; for (i = 2; i <= 9; i++) t += $i; print t, $9 }' /proc/stat 2>/dev/null || echo "0 0"; }
# The share of the machine's CPU time the hypervisor took since `cpu_ticks` gave "$1 $2", in
# percent: on a virtual machine, time stolen by its neighbours is time the work could not run.
steal_since() { awk -v t0="$1" -v s0="$2" -v now="$(cpu_ticks)" 'BEGIN { split(now, n, " "); d = n[1] - t0; printf "%.1f", (d > 0 ? 100 * (n[2] - s0) / d : 0) }'; }

# Runs a command under /usr/bin/time -v; sets ELAPSED (s), RSS_MB, STEAL (% of CPU time) and OUT
# (its stdout). Earlier steps' writes are flushed first, so one step's disk traffic is not
# timed in the next.
timed() {
  local log="$WORK/time.log" ticks
  sync
  ticks=$(cpu_ticks)
  OUT=$(/usr/bin/time -v "$@" 2> "$log") || { cat "$log" >&2; exit 1; }
  STEAL=$(steal_since $ticks)
  ELAPSED=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
  RSS_MB=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$log")
}

python3 -c 'import datasketch, rensa' 2>/dev/null || python3 -m pip install -q datasketch rensa

say "mcip bench, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, seed $SEED"
say ""
say "== generate → oracle → dedup → store =="
declare -A TIMES PEAK
first=${SIZES%% *}
FLOOR_LINES=()
# Generates n samples RUNS times (once for sizes above 200,000) into a fresh database each
# time; appends each wall time to TIMES[n] and keeps the peak RSS in PEAK[n]. After each run
# of the first size, the SQLite floor runs for rows of the size its samples take: the
# machine's disk and CPU drift over minutes, so the yardstick is read in the same minutes as
# the runs it is held against, and its median counts like theirs.
generate_runs() {
  local n=$1 label=$2 per_class=$(( ($1 + 10) / 11 )) db="$WORK/gen-$1.sqlite" runs=1 r ticks line
  [ "$n" -le 200000 ] && runs=${RUNS:-3}
  for r in $(seq "$runs"); do
    rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
    timed "$MCIP" generate --per-class "$per_class" --seed "$SEED" --db "$db"
    TIMES[$n]="${TIMES[$n]:-} $ELAPSED"
    if [ "$RSS_MB" -gt "${PEAK[$n]:-0}" ]; then PEAK[$n]=$RSS_MB; fi
    if [ "$runs" -gt 1 ]; then say "$(printf '%9s run %d%s: %7.1f s, peak RSS %5d MB, CPU stolen %4s %%' "" "$r" "$label" "$ELAPSED" "$RSS_MB" "$STEAL")"; fi
    if [ "$n" = "$first" ]; then
      # Not under `timed`: OUT keeps the run's summary for report_size.
      sync
      ticks=$(cpu_ticks)
      line=$("$BENCH" sqlite-floor --rows "$n" --like "$db" --db "$WORK/floor.sqlite")
      FLOOR_LINES+=("$line; CPU stolen $(steal_since $ticks) %")
      rm -f "$WORK/floor.sqlite" "$WORK/floor.sqlite-wal" "$WORK/floor.sqlite-shm"
    fi
  done
}

declare -A PER_SAMPLE PER_MADE RATE
# Reports size n from its runs so far (the median counts: one run on this kind of machine
# varies by about ±10 %); sets PER_SAMPLE[n] and PER_MADE[n] (µs per sample stored, made)
# and RATE[n] (samples stored a second).
report_size() {
  local n=$1 db="$WORK/gen-$1.sqlite"
  local median stored made size_mb rate
  median=$(printf '%s\n' ${TIMES[$n]} | median)
  stored=$(echo "$OUT" | sed -n 's/.*stored \([0-9]*\),.*/\1/p')
  made=$(echo "$OUT" | sed -n 's/.*generated \([0-9]*\),.*/\1/p')
  # With its write-ahead log, in case a reader kept the last run from folding it in.
  size_mb=$(du -cm "$db" $( [ -e "$db-wal" ] && echo "$db-wal" ) | tail -1 | cut -f1)
  rate=$(awk -v n="$stored" -v s="$median" 'BEGIN { printf "%.0f", n / s }')
  RATE[$n]=$rate
  PER_SAMPLE[$n]=$(awk -v n="$stored" -v s="$median" 'BEGIN { printf "%.3f", s / n * 1e6 }')
  PER_MADE[$n]=$(awk -v n="$made" -v s="$median" 'BEGIN { printf "%.3f", s / n * 1e6 }')
  say "$(printf '%9d samples: %7.1f s, %7d samples/s, %6.1f µs/sample, peak RSS %5d MB, database %6d MB' "$stored" "$median" "$rate" "${PER_SAMPLE[$n]}" "${PEAK[$n]}" "$size_mb")"
  # A size run once has no per-run lines to show it.
  if [ "$(wc -w <<< "${TIMES[$n]}")" -eq 1 ]; then say "           CPU stolen by the hypervisor: $STEAL %"; fi
  say "           $OUT"
}

for n in $SIZES; do
  generate_runs "$n" ""
  report_size "$n"
done
sizes=($SIZES)
if [ ${#sizes[@]} -ge 2 ]; then
  small=${sizes[0]} large=${sizes[-1]}
  # The small size runs again after the large one, and its cost for the ratio is the median
  # of the runs on both sides: the machine's speed drifts over minutes, and a ratio of runs
  # made at different times would measure the drift.
  say "$(printf '%9d samples again, after the %d run:' "$small" "$large")"
  generate_runs "$small" " (after)"
  report_size "$small"
  RATIO=$(awk -v a="${PER_SAMPLE[$small]}" -v b="${PER_SAMPLE[$large]}" 'BEGIN { printf "%.2f", b / a }')
  say "per-sample cost at $large vs $small: $RATIO× per sample stored"
  # Near-duplicates are made and judged but not stored; more of them at larger sizes, as the
  # seeds' variety runs out, so this is the pipeline's own cost per sample.
  say "$(awk -v a="${PER_MADE[$small]}" -v b="${PER_MADE[$large]}" 'BEGIN { printf "                                        %.2f× per sample made (stored + duplicates)", b / a }')"
fi

say ""
say "== SQLite floor: a bare program inserting rows of the same size, after each run of $first =="
for line in "${FLOOR_LINES[@]}"; do say "$line"; done
floor=$(printf '%s\n' "${FLOOR_LINES[@]}" | sed -n 's/.*: \([0-9]*\) rows\/s.*/\1/p' | median | awk '{ printf "%.0f", $1 }')
say "median of ${#FLOOR_LINES[@]} floor runs: $floor rows/s"

say ""
say "== per-stage CPU time, one thread =="
"$BENCH" stages --samples 22000 | tee -a "$RESULTS"

say ""
say "== export =="
out="$WORK/export-$EXPORT_SIZE"
# The previous bench's export is removed first: freeing 3 GB of old files is not export work
# (it added 4–6 s of kernel time to the timed export).
rm -rf "$out"
timed "$MCIP" export --db "$WORK/gen-$EXPORT_SIZE.sqlite" --out "$out"
# MB are 10^6 bytes, as `mcip export` reports them.
bytes=$(du -sb --apparent-size "$out" | cut -f1)
EXPORT_MBS=$(awk -v b="$bytes" -v s="$ELAPSED" 'BEGIN { printf "%.0f", b / 1e6 / s }')
say "$(awk -v b="$bytes" -v s="$ELAPSED" -v r="$RSS_MB" -v m="$EXPORT_MBS" 'BEGIN { printf "%.0f MB of JSONL in %.1f s: %d MB/s, peak RSS %d MB", b / 1e6, s, m, r }'), CPU stolen $STEAL %"

say ""
say "== mcip dedup vs datasketch vs rensa (word 5-grams, 128 permutations, threshold 0.85) =="
input="$WORK/dialogues.jsonl"
python3 bench/dialogues.py "$input" "$out"/bench/*.jsonl | tee -a "$RESULTS"
timed "$MCIP" dedup --input "$input" --field text --out "$WORK/dialogues.dedup.jsonl"
records=$(wc -l < "$input")
DEDUP_RPS=$(awk -v n="$records" -v s="$ELAPSED" 'BEGIN { printf "%.0f", n / s }')
say "$(awk -v n="$records" -v s="$ELAPSED" -v r="$RSS_MB" -v d="$DEDUP_RPS" 'BEGIN { printf "mcip dedup: %d records in %.2f s: %d records/s, peak RSS %d MB", n, s, d, r }'), CPU stolen $STEAL %"
say "           $OUT"
COMPARE=$(python3 bench/dedup_compare.py "$input" text 0.85)
say "$COMPARE"
rate_of() { echo "$COMPARE" | sed -n "s/.*\"records_per_s\": \([0-9]*\).*\"tool\": \"$1\".*/\1/p"; }

# Each figure against the target it answers to. The machine's speed drifts by tens of percent
# over minutes and hours: datasketch and the bare SQLite program, which mcip does not change,
# say how fast it ran.
say ""
say "== against the targets =="
mark() { awk "BEGIN { print (($1) ? \"met\" : \"MISSED\") }"; }
# RATE of the first size is the median of all its runs, those after the largest size included.
rate=${RATE[$first]}
say "$(printf '%-44s %8d samples/s (median of all %d runs), target 20000: %s' "generation at $first" "$rate" "$(wc -w <<< "${TIMES[$first]}")" "$(mark "$rate >= 20000")")"
say "$(awk -v r="$rate" -v f="$floor" 'BEGIN { printf "%-44s %7.0f %% of %d rows/s, target 50 %%: ", "generation against the SQLite floor", 100 * r / f, f }')$(mark "$rate * 2 >= $floor")"
if [ ${#sizes[@]} -ge 2 ]; then
  say "$(printf '%-44s %7s MB, target 1024: %s' "peak RSS at $large" "${PEAK[$large]}" "$(mark "${PEAK[$large]} <= 1024")")"
  say "$(printf '%-44s %7s×, target 1.3: %s' "cost per sample, $large vs $small" "$RATIO" "$(mark "$RATIO <= 1.3")")"
fi
say "$(printf '%-44s %7s MB/s, target 150: %s' "export" "$EXPORT_MBS" "$(mark "$EXPORT_MBS >= 150")")"
for tool in datasketch:20 rensa:2; do
  name=${tool%%:*} times=${tool##*:}
  theirs=$(rate_of "$name")
  say "$(awk -v m="$DEDUP_RPS" -v t="$theirs" -v n="$name" -v x="$times" 'BEGIN { printf "%-44s %7.1f× (%d against %d records/s), target %d×: ", "mcip dedup against " n, m / t, m, t, x }')$(mark "$DEDUP_RPS >= $times * $theirs")"
done
say ""
say "results: $RESULTS"
