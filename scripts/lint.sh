#!/usr/bin/env bash
# `npm run lint` (and part of `npm test`): ESLint with type-aware rules, zero warnings allowed, then
# Prettier's check of the formatting. `npm run format` rewrites what the check refuses.
# Needs Node and the installed devDependencies (scripts/env.sh and scripts/deps.sh provide both).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
npx --no-install eslint --max-warnings 0 .
npx --no-install prettier --check --log-level warn .
echo "[lint] eslint and prettier: clean ($(($(date +%s) - start)) s)" >&2
