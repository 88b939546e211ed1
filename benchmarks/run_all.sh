#!/usr/bin/env bash
# Run the licscan benchmarks and print their tables:  bash benchmarks/run_all.sh [--profile]
#   1. classify_corpus.py --tripled   accuracy + speed of the classifier on the variant corpus (x1 and x3 references)
#   3. startup.py                     whole-process wall time of the CLI, fixed costs, heaviest imports
#   5. real_cards.py                  licscan on real Hub cards labelled by hand (fake Hub; category/gate accuracy, false allows)
#   4. check_perf.py    `licscan check` on 1,000 Hub checkpoints: warm (offline, from the Hub cache)
#                                     and cold (fake Hub, 50 ms per request, -j 8 and -j 16); the warm check again
#                                     with each fix recommended for files outside benchmarks/ (~4 min)
#   2. scancode_compare.py            the same corpus through ScanCode (only if benchmarks/.scancode-venv exists; minutes)
#   --profile: also profile_matcher.py (phases, cProfile, the matcher before/after and ideas not adopted; ~2 minutes)
# Benchmarks, not tests: nothing here fails on a timing. Exit status is non-zero only if a script crashes.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

section() { printf '\n################ %s ################\n\n' "$1"; }

section "classify_corpus.py --tripled"
"$PYTHON" benchmarks/classify_corpus.py --tripled

section "startup.py"
"$PYTHON" benchmarks/startup.py

section "check_perf.py"
"$PYTHON" benchmarks/check_perf.py

section "real_cards.py"
"$PYTHON" benchmarks/real_cards.py

section "load_faults.py"
"$PYTHON" benchmarks/load_faults.py 2>/dev/null   # stderr: the fake Hub's log of the connections it resets

if [ -x benchmarks/.scancode-venv/bin/scancode ]; then
    section "scancode_compare.py"
    "$PYTHON" benchmarks/scancode_compare.py
else
    section "scancode_compare.py (skipped)"
    "$PYTHON" benchmarks/scancode_compare.py   # prints how to install ScanCode and exits
fi

if [ "${1:-}" = "--profile" ]; then
    section "profile_matcher.py"
    "$PYTHON" benchmarks/profile_matcher.py
fi
