#!/usr/bin/env bash
# `npm run bench`: measured figures, side by side in one run (see scripts/bench.js).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh   # P2 and P3 run the real pulumi CLI
source scripts/deps.sh
npm run build --silent
node scripts/bench.js "$@"
