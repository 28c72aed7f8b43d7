#!/usr/bin/env bash
# `npm run bench`: measured figures, side by side in one run (see scripts/bench.js).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh --no-pulumi
source scripts/deps.sh
npm run build --silent
node scripts/bench.js "$@"
