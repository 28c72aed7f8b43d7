#!/usr/bin/env bash
# Builds the pinned Pulumi CLI, with what it needs to run Node.js programs that use dynamic providers,
# from Go modules alone (the project's machines reach the Go module proxy and the npm registry, not
# get.pulumi.com nor GitHub), and caches it.
#
# Prints ONLY the absolute path of the bin directory on stdout; all progress goes to stderr.
# Usage: bin="$(bash scripts/build-pulumi.sh)"   (scripts/env.sh does this)
#
# The bin directory ($DBAAS_CACHE/pulumi-<version>/bin, DBAAS_CACHE defaulting to ~/.cache/pulumi-dbaas) holds:
#   pulumi                         the real CLI, github.com/pulumi/pulumi/pkg/v3/cmd/pulumi, built through the
#                                  wrapper module tools/pulumi-cli (go.mod/go.sum pin every dependency);
#   pulumi-language-nodejs         our own minimal language host, tools/pulumi-language-nodejs: the upstream
#                                  module is not served by the module proxy here (HTTP 403);
#   pulumi-resource-pulumi-nodejs  the dynamic-provider shim, copied from the sdk/v3 module (nodejs/dist/).
#
# A later run whose sources are unchanged is instant (a stamp of hashes is compared). The build happens in a
# temporary directory that is renamed into place only when complete, under a lock, so an interrupted or
# concurrent run never leaves or sees a half-built cache. When only the language host changed, the cached
# CLI binary is reused rather than rebuilt.
#
# Needs: go (>= 1.26.6, or a Go that may fetch that toolchain from the module proxy), sha256sum, flock (optional).
# The first build takes several minutes on 2 cores (about 4 minutes to compile, plus module downloads).
set -euo pipefail

PULUMI_VERSION="v3.274.1"

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE="${DBAAS_CACHE:-$HOME/.cache/pulumi-dbaas}"
DEST="$CACHE/pulumi-${PULUMI_VERSION#v}"
CLI_MOD="$ROOT/tools/pulumi-cli"
HOST_MOD="$ROOT/tools/pulumi-language-nodejs"

# Release build flags (upstream's .goreleaser.yml and scripts/go-wrapper.sh).
GO_TAGS="osusergo,grpcnotrace"
CLI_LDFLAGS="-X github.com/pulumi/pulumi/sdk/v3/go/common/version.Version=${PULUMI_VERSION}"
HOST_LDFLAGS="-X main.version=${PULUMI_VERSION#v}"

log() { echo "[build-pulumi] $*" >&2; }
die() { log "error: $*"; exit 1; }

# hash_of FILE...: one sha256 over the given files' contents and names, plus the build settings.
hash_of() {
  { printf '%s\n' "$PULUMI_VERSION" "$GO_TAGS" "$CLI_LDFLAGS" "$HOST_LDFLAGS"; sha256sum "$@"; } \
    | sha256sum | cut -c1-16
}

[ -f "$CLI_MOD/go.mod" ] && [ -f "$CLI_MOD/go.sum" ] || die "missing $CLI_MOD/go.mod or go.sum"
[ -f "$HOST_MOD/go.mod" ] || die "missing $HOST_MOD/go.mod"
# Go sources of a module, sorted, relative to it (no spaces in these paths).
module_files() { (cd "$1" && find . -type f \( -name '*.go' -o -name go.mod -o -name go.sum \) | LC_ALL=C sort); }
cli_hash="$(cd "$CLI_MOD" && hash_of $(module_files "$CLI_MOD"))"
host_hash="$(cd "$HOST_MOD" && hash_of $(module_files "$HOST_MOD"))"
STAMP="cli=$cli_hash host=$host_hash"

is_complete() { # is_complete DIR: the three executables are there and built from the current sources
  local d="$1"
  [ -x "$d/bin/pulumi" ] && [ -x "$d/bin/pulumi-language-nodejs" ] && [ -x "$d/bin/pulumi-resource-pulumi-nodejs" ] \
    && [ "$(cat "$d/stamp" 2>/dev/null)" = "$STAMP" ]
}

# Fast path: nothing to do.
if is_complete "$DEST"; then
  echo "$DEST/bin"
  exit 0
fi

command -v go >/dev/null 2>&1 || die "go is not on PATH (Go >= 1.26.6 is needed to build the Pulumi CLI)"
mkdir -p "$CACHE"

# One build at a time (CI and a developer shell may both source env.sh); the loser waits, then re-checks.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$CACHE/.pulumi-${PULUMI_VERSION#v}.lock"
  if ! flock -n 9; then
    log "another build of Pulumi ${PULUMI_VERSION} is running; waiting for it"
    flock 9
  fi
  if is_complete "$DEST"; then
    echo "$DEST/bin"
    exit 0
  fi
  # Holding the lock, anything left by an interrupted run (killed before its cleanup) is garbage.
  rm -rf "$CACHE/.pulumi-${PULUMI_VERSION#v}.tmp."* "$CACHE/.pulumi-${PULUMI_VERSION#v}.old."*
fi

TMP="$(mktemp -d "$CACHE/.pulumi-${PULUMI_VERSION#v}.tmp.XXXXXX")"
cleanup() { rm -rf "$TMP"; }
trap cleanup EXIT
mkdir -p "$TMP/bin"

# Build settings shared by both modules: static, reproducible, only the module proxy; never touch the
# repository's files (-mod=readonly) and ignore any go.work above the repository.
export CGO_ENABLED=0 GOWORK=off GOFLAGS="${GOFLAGS:-} -mod=readonly -buildvcs=false"

start=$SECONDS

# 1. The CLI. Reuse the cached binary when its own sources did not change.
old_cli_hash="$(sed -n 's/^cli=\([^ ]*\) .*/\1/p' "$DEST/stamp" 2>/dev/null || true)"
if [ -x "$DEST/bin/pulumi" ] && [ "$old_cli_hash" = "$cli_hash" ]; then
  log "reusing the cached pulumi ${PULUMI_VERSION} binary"
  cp -p "$DEST/bin/pulumi" "$TMP/bin/pulumi"
else
  log "downloading Go modules for pulumi ${PULUMI_VERSION} (first time only)"
  (cd "$CLI_MOD" && go mod download >&2)
  log "compiling pulumi ${PULUMI_VERSION}: this takes several minutes the first time"
  (cd "$CLI_MOD" && go build -trimpath -tags "$GO_TAGS" -ldflags "$CLI_LDFLAGS" \
      -o "$TMP/bin/pulumi" github.com/pulumi/pulumi/pkg/v3/cmd/pulumi >&2)
fi

# 2. Our Node.js language host.
log "compiling pulumi-language-nodejs"
(cd "$HOST_MOD" && go build -trimpath -tags "$GO_TAGS" -ldflags "$HOST_LDFLAGS" \
    -o "$TMP/bin/pulumi-language-nodejs" . >&2)

# 3. The dynamic-provider shim, from the sdk/v3 module at the pinned version.
sdk_dir="$(cd "$CLI_MOD" && go list -m -f '{{.Dir}}' github.com/pulumi/pulumi/sdk/v3)"
[ -n "$sdk_dir" ] && [ -f "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" ] \
  || die "pulumi-resource-pulumi-nodejs not found in the sdk/v3 module (${sdk_dir:-not downloaded})"
cp "$sdk_dir/nodejs/dist/pulumi-resource-pulumi-nodejs" "$TMP/bin/"
chmod 755 "$TMP/bin/pulumi-resource-pulumi-nodejs"

# Check what we built before publishing it.
got="$("$TMP/bin/pulumi" version 2>/dev/null || true)"
[ "$got" = "$PULUMI_VERSION" ] || die "built pulumi reports version '${got}', expected ${PULUMI_VERSION}"
"$TMP/bin/pulumi-language-nodejs" -version >/dev/null || die "built pulumi-language-nodejs does not run"

echo "$STAMP" > "$TMP/stamp"
chmod 755 "$TMP"

# Publish: a rename is atomic; an outdated cache is first renamed aside, then removed.
if [ -e "$DEST" ]; then
  OLD="$CACHE/.pulumi-${PULUMI_VERSION#v}.old.$$"
  mv "$DEST" "$OLD"
  mv "$TMP" "$DEST"
  rm -rf "$OLD"
else
  mv "$TMP" "$DEST"
fi
trap - EXIT

log "pulumi ${PULUMI_VERSION} ready in $DEST/bin ($((SECONDS - start))s)"
echo "$DEST/bin"
