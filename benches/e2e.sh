#!/usr/bin/env bash
# Whole-process timings: `tend account list --format json` and `tend kpi --format json` next to
# `sqlite3` printing every row of every table of the same file (the floor a user can feel), plus
# peak RSS. Usage: bash benches/e2e.sh [ACCOUNTS...]   (default: 1000 10000)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v sqlite3 >/dev/null || { apt-get install -y -qq sqlite3 >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq sqlite3 >/dev/null); }
cargo build --release --quiet
bin=target/release/tend
export TEND_NOW=2026-11-23T09:00:00Z TEND_USER=anna.berger TZ=UTC
mkdir -p target/bench-data
runs=7

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); }
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -1; }
dump_all() {
  for t in account account_event contact review note escalation escalation_change checklist_tick visit meta; do
    sqlite3 -readonly "$1" "SELECT * FROM $t"
  done
}

printf "%-8s %-28s %10s %10s\n" accounts command "median ms" "peak KB"
for n in "${@:-1000 10000}"; do
  for count in $n; do
    db=target/bench-data/tend-$count.db
    [ -f "$db" ] || "$bin" --db "$db" demo --accounts "$count" --seed 1 >/dev/null
    for cmd in "account list --format json" "kpi --format json"; do
      # shellcheck disable=SC2086
      m=$(for _ in $(seq $runs); do ms "$bin" --db "$db" $cmd; done | median)
      # shellcheck disable=SC2086
      r=$(rss "$bin" --db "$db" $cmd)
      printf "%-8s %-28s %10s %10s\n" "$count" "tend $cmd" "$m" "$r"
    done
    m=$(for _ in $(seq $runs); do ms dump_all "$db"; done | median)
    printf "%-8s %-28s %10s %10s\n" "$count" "sqlite3 every row" "$m" "-"
  done
done
