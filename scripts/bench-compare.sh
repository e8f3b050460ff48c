#!/usr/bin/env bash
# bench-compare.sh — how fast is `bouncewatch report` next to the tools an admin would reach for?
#
# Generates (once) a 1 GB Postfix log with bwgen and its gzip under bench-data/ (git-ignored),
# then times, on a warm page cache:
#   bouncewatch report --format json FILE      (release build)
#   grep -c status=bounced FILE | cat           (the floor: one literal scan)
#   zcat FILE.gz > /dev/null                    (the floor for compressed input)
#   bouncewatch report --format json FILE.gz
# and, where installed, the log summarisers admins run today on the same data:
#   pflogsumm FILE > /dev/null                  (Postfix; Debian package pflogsumm)
#   eximstats EXIM-LOG > /dev/null              (Exim; Debian package exim4-base), next to
#   bouncewatch report EXIM-LOG                 (an Exim log of the same size, generated once)
# and prints seconds, MB/s (of uncompressed log, 1 MB = 10^6 bytes), the ratio to the
# matching floor, and peak RSS. The summarisers run once (they take minutes), whatever RUNS says.
#
# Environment: SIZE (default 1G), SEED (1), FORMAT (postfix-bsd), RUNS (best of, default 1),
# DATA (bench-data), SKIP_BUILD=1 to use the existing release binaries as they are.
# Plain bash; no network.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

SIZE="${SIZE:-1G}"
SEED="${SEED:-1}"
FORMAT="${FORMAT:-postfix-bsd}"
RUNS="${RUNS:-1}"
DATA="${DATA:-bench-data}"
BW=".build/release/bouncewatch"
GEN=".build/release/bwgen"
LOG="$DATA/$FORMAT-$SIZE-seed$SEED.log"
GZ="$LOG.gz"
TIME_BIN=/usr/bin/time

die() { echo "bench-compare: $*" >&2; exit 1; }

[ -x "$TIME_BIN" ] || die "$TIME_BIN (GNU time) is needed for peak RSS"
command -v gzip >/dev/null || die "gzip is needed"
command -v zcat >/dev/null || die "zcat is needed"

if [ "${SKIP_BUILD:-0}" != 1 ]; then
    for product in bouncewatch bwgen; do
        if [ ! -x ".build/release/$product" ]; then
            echo "== building $product (release)"
            swift build -c release --product "$product" --static-swift-stdlib >/dev/null
        fi
    done
fi
[ -x "$BW" ] || die "$BW is missing (swift build -c release --product bouncewatch)"
[ -x "$GEN" ] || die "$GEN is missing (swift build -c release --product bwgen)"

mkdir -p "$DATA"
if [ ! -s "$LOG" ]; then
    echo "== generating $LOG"
    start=$(date +%s.%N)
    "$GEN" --seed "$SEED" --size "$SIZE" --format "$FORMAT" --out "$LOG.tmp" --expected "$LOG.expected.json"
    mv "$LOG.tmp" "$LOG"
    end=$(date +%s.%N)
    awk -v s="$start" -v e="$end" -v b="$(stat -c %s "$LOG")" \
        'BEGIN { printf "   %.1f s, %.0f MB/s\n", e - s, b / 1e6 / (e - s) }'
fi
if [ ! -s "$GZ" ] || [ "$GZ" -ot "$LOG" ]; then
    echo "== compressing $GZ"
    gzip -c "$LOG" > "$GZ.tmp"
    mv "$GZ.tmp" "$GZ"
fi

BYTES=$(stat -c %s "$LOG")
GZBYTES=$(stat -c %s "$GZ")
# BSD syslog lines carry no year: take it from the generator's start time.
YEAR=$(grep -o '"start": "[0-9]\{4\}' "$LOG.expected.json" 2>/dev/null | head -n 1 | grep -o '[0-9]\{4\}$' || true)
YEAR="${YEAR:-2026}"

# Warm the page cache so every command reads from memory.
cat "$LOG" "$GZ" > /dev/null

TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

# measure NAME CMD... : best elapsed seconds and its peak RSS (KB) over RUNS runs.
declare -A SECS RSS
measure() {
    local name="$1"; shift
    local best="" bestrss=""
    for ((i = 0; i < RUNS; i++)); do
        if ! "$TIME_BIN" -f "%e %M" -o "$TMP/time" "$@" > "$TMP/out" 2> "$TMP/err"; then
            cat "$TMP/err" >&2
            die "$name failed"
        fi
        read -r secs rss < <(tail -n 1 "$TMP/time")
        if [ -z "$best" ] || awk -v a="$secs" -v b="$best" 'BEGIN { exit !(a < b) }'; then best="$secs"; bestrss="$rss"; fi
    done
    SECS[$name]="$best"
    RSS[$name]="$bestrss"
}

echo "== timing (best of $RUNS), $(nproc) cores"
# Without --year so a large plain file may be cut for both cores (the year comes from mtime,
# which the generator's date range shares).
measure report "$BW" report --format json -j 1 --timezone UTC "$LOG"
cp "$TMP/out" "$TMP/report.json"
measure report-j2 "$BW" report --format json -j 2 --timezone UTC "$LOG"
measure grep bash -c 'grep -c status=bounced "$1" | cat' _ "$LOG"
BOUNCED_GREP=$(cat "$TMP/out")
measure zcat bash -c 'zcat "$1" > /dev/null' _ "$GZ"
measure inflate "$BW" inflate "$GZ"
measure report-gz "$BW" report --format json --year "$YEAR" --timezone UTC "$GZ"

# The log summarisers, where installed: one run each.
if command -v pflogsumm >/dev/null 2>&1; then
    saved="$RUNS"; RUNS=1
    measure pflogsumm bash -c 'pflogsumm "$1" > /dev/null' _ "$LOG"
    RUNS="$saved"
fi
if command -v eximstats >/dev/null 2>&1; then
    EXIMLOG="$DATA/exim-$SIZE-seed$SEED.log"
    if [ ! -s "$EXIMLOG" ]; then
        echo "== generating $EXIMLOG"
        "$GEN" --seed "$SEED" --size "$SIZE" --format exim --out "$EXIMLOG.tmp" --expected "$EXIMLOG.expected.json"
        mv "$EXIMLOG.tmp" "$EXIMLOG"
    fi
    cat "$EXIMLOG" > /dev/null
    measure report-exim "$BW" report --format json -j 1 --timezone UTC "$EXIMLOG"
    saved="$RUNS"; RUNS=1
    measure eximstats bash -c 'eximstats "$1" > /dev/null' _ "$EXIMLOG"
    RUNS="$saved"
fi

row() { # name floor label [bytes]
    awk -v n="$3" -v s="${SECS[$1]}" -v f="${SECS[$2]:-0}" -v b="${4:-$BYTES}" -v r="${RSS[$1]}" -v fl="$2" \
        'BEGIN {
            mbs = (s > 0) ? b / 1e6 / s : 0
            ratio = (f > 0) ? s / f : 0
            rel = (fl == "-") ? "" : sprintf("%.2fx %s", ratio, fl)
            printf "%-44s %8.2f %9.0f %14s %10.0f\n", n, s, mbs, rel, r / 1024
        }'
}

echo
printf "log: %s  (%.0f MB, gzip %.0f MB)\n" "$LOG" "$(awk -v b="$BYTES" 'BEGIN{print b/1e6}')" "$(awk -v b="$GZBYTES" 'BEGIN{print b/1e6}')"
printf "%-44s %8s %9s %14s %10s\n" "command" "seconds" "MB/s" "vs floor" "peak MB"
printf "%-44s %8s %9s %14s %10s\n" "-------" "-------" "----" "--------" "-------"
row grep - "grep -c status=bounced | cat"
row report grep "bouncewatch report -j 1 (one core)"
row report-j2 grep "bouncewatch report -j 2 (both cores)"
row zcat - "zcat FILE.gz > /dev/null"
row inflate - "zlib inflate alone (bouncewatch inflate)"
row report-gz inflate "bouncewatch report FILE.gz"
if [ -n "${SECS[pflogsumm]:-}" ]; then
    row pflogsumm report "pflogsumm FILE (Postfix summary)"
fi
if [ -n "${SECS[eximstats]:-}" ]; then
    EXIMBYTES=$(stat -c %s "$EXIMLOG")
    row report-exim - "bouncewatch report -j 1 EXIM-LOG" "$EXIMBYTES"
    row eximstats report-exim "eximstats EXIM-LOG (Exim summary)" "$EXIMBYTES"
fi
echo
echo "(MB/s counts uncompressed log bytes for every row; 'vs floor' = seconds / floor's seconds;"
echo " for pflogsumm and eximstats the 'floor' is bouncewatch's own report on the same file)"

# A sanity line: bouncewatch's bounced count next to grep's (grep also counts non-delivery lines).
BOUNCED_BW=$(grep -o '"bounced": *[0-9]*' "$TMP/report.json" | head -n 1 | grep -o '[0-9]*$' || true)
echo "status=bounced lines: grep $BOUNCED_GREP, bouncewatch deliveries.bounced ${BOUNCED_BW:-?}"
