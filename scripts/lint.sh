#!/usr/bin/env bash
# `npm run lint` (and part of `npm test`): ESLint with type-aware rules, zero warnings allowed, and
# Prettier's check of the formatting, side by side (each uses one core). `npm run format` rewrites
# what the check refuses. Needs Node and the installed devDependencies (scripts/env.sh, scripts/deps.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
# Prettier's cache is keyed by each file's content and the options, so a hit is always right;
# ESLint runs without one, as its type-aware findings in a file depend on other files.
npx --no-install prettier --check --cache --cache-strategy content --log-level warn . &
prettier=$!
status=0
npx --no-install eslint --max-warnings 0 . || status=$?
wait "$prettier" || status=$?
if [ "$status" -ne 0 ]; then
  echo "[lint] failed (run \`npm run format\` for formatting; fix ESLint findings by hand)" >&2
  exit "$status"
fi
echo "[lint] eslint and prettier: clean ($(($(date +%s) - start)) s)" >&2
