# Sourced by every project script: puts a Node >= 22 runtime and the pinned Pulumi CLI on PATH,
# installing each into ~/.cache/pulumi-dbaas the first time (a fresh machine has neither).
# Usage: source scripts/env.sh [--no-pulumi]
set -euo pipefail

DBAAS_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DBAAS_CACHE="${DBAAS_CACHE:-$HOME/.cache/pulumi-dbaas}"
NODE_VERSION="22.23.3"
export DBAAS_ROOT DBAAS_CACHE

ensure_node() {
  local have
  have="$(node -p 'process.versions.node' 2>/dev/null || echo 0)"
  if [ "${have%%.*}" -ge 22 ] 2>/dev/null && node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a==22&&b>=19)?0:1)'; then
    return 0
  fi
  local dir="$DBAAS_CACHE/node-$NODE_VERSION"
  if [ ! -x "$dir/node_modules/node/bin/node" ]; then
    echo "[env] installing Node $NODE_VERSION from the npm registry into $dir" >&2
    mkdir -p "$dir"
    (cd "$dir" && npm install --no-save --no-audit --no-fund --loglevel=error "node@$NODE_VERSION" >/dev/null)
  fi
  export PATH="$dir/node_modules/node/bin:$PATH"
}

ensure_pulumi() {
  if [ -n "${DBAAS_PULUMI_BIN:-}" ] && [ -x "$DBAAS_PULUMI_BIN/pulumi" ]; then
    export PATH="$DBAAS_PULUMI_BIN:$PATH"; return 0
  fi
  local bin
  bin="$(bash "$DBAAS_ROOT/scripts/build-pulumi.sh")"
  export DBAAS_PULUMI_BIN="$bin"
  export PATH="$bin:$PATH"
}

ensure_node
if [ "${1:-}" != "--no-pulumi" ]; then ensure_pulumi; fi
export PULUMI_SKIP_UPDATE_CHECK=true
export PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
