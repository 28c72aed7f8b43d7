#!/usr/bin/env bash
# `npm test`: the whole suite (unit, simulator, integration, end to end with the real Pulumi CLI).
# Does all of its own set-up: Node >= 22, dependencies, the Pulumi CLI (built once, cached).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/deps.sh
mkdir -p .work
echo "[test] node $(node --version), $(pulumi version)" >&2
status=0
# Lint (ESLint with type-aware rules, Prettier's check) beside the tests: both fail the run. Only
# the whole suite lints; a subset (`npm test -- <files>`) does not.
lint=""
if [ "$#" -eq 0 ]; then
  bash scripts/lint.sh > .work/lint.log 2>&1 &
  lint=$!
fi
npx vitest run --reporter=default --reporter=json --outputFile=.work/vitest.json "$@" || status=$?
if [ -n "$lint" ]; then
  wait "$lint" || status=$?
  cat .work/lint.log
fi
# Where the time went, file by file, and one plain closing line that any CI reader understands.
node scripts/test-report.js .work/vitest.json || true
exit "$status"
