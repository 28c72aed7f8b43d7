#!/usr/bin/env bash
# `npm run demo`: the quick start. Starts the simulator (the workspace package simulator/), runs `pulumi up` on
# examples/scp-postgresql (installed from this package's tarball, as a user would), shows the
# outputs, changes the server type and previews it, applies it, connects to the database it created
# (the simulator backs the cluster with a real PostgreSQL server: --engines real), then destroys everything.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
source scripts/deps.sh

step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Building and packing pulumi-dbaas"
npm run build --silent
rm -rf .work/pack && mkdir -p .work/pack
npm pack --silent --pack-destination .work/pack >/dev/null
tarball="$(ls "$PWD"/.work/pack/*.tgz)"

step "Starting the simulator"
work="$(mktemp -d)"
# SIGTERM lets the simulator stop its PostgreSQL servers and remove their directories: wait for it.
trap 'kill $sim_pid 2>/dev/null && wait $sim_pid 2>/dev/null || true; rm -rf "$work"' EXIT
start_sim() {
  node simulator/dist/cli.js --port 0 --step-ms 1500 --engines "$1" > "$work/sim.json" 2> "$work/sim.log" &
  sim_pid=$!
  for _ in $(seq 1 100); do [ -s "$work/sim.json" ] && return 0; kill -0 $sim_pid 2>/dev/null || return 1; sleep 0.1; done
  return 1
}
# Real PostgreSQL behind the cluster when this machine can run it, the API alone otherwise.
engines=real
if ! start_sim real; then
  echo "real engines unavailable here ($(tail -n 1 "$work/sim.log")): running API-only"
  engines=api-only
  start_sim api-only
fi
sim_url="$(node -p 'JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")).url' "$work/sim.json")"
echo "simulator listening on $sim_url (engines: $engines)"

step "Preparing examples/scp-postgresql with the packed package"
cp -r examples/scp-postgresql "$work/program"
cd "$work/program"
node -e 'const f="package.json";const p=require("./"+f);p.dependencies["pulumi-dbaas"]="file:"+process.argv[1];require("fs").writeFileSync(f,JSON.stringify(p,null,2))' "$tarball"
npm install --no-audit --no-fund --loglevel=error >/dev/null
export PULUMI_BACKEND_URL="file://$work/backend" PULUMI_CONFIG_PASSPHRASE="demo" PULUMI_HOME="$work/pulumi-home"
export DBAAS_WAIT_MIN_INTERVAL_MS=300 DBAAS_WAIT_MAX_INTERVAL_MS=1000
mkdir -p "$work/backend"
pulumi stack init demo --non-interactive >/dev/null
pulumi config set scp:endpoint "$sim_url/scp/{service}"
pulumi config set --secret scp:accessKey sim-access-key
pulumi config set --secret scp:secretKey sim-secret-key
pulumi config set --secret databasePassword 'Demo-passw0rd'

step "pulumi up: create the cluster"
pulumi up --yes --non-interactive

step "Outputs"
pulumi stack output

step "Change serverType db1v2m4 → db1v4m8 and preview"
pulumi config set serverType db1v4m8
pulumi preview --non-interactive

step "pulumi up: resize in place"
pulumi up --yes --non-interactive

step "Connect to the cluster and query it"
if [ "$engines" = real ]; then
  node "$DBAAS_ROOT/scripts/demo-query.js" "$(pulumi stack output connectionString --show-secrets)"
else
  echo "skipped: the simulator runs API-only, nothing listens on $(pulumi stack output endpoint)"
fi

step "pulumi destroy"
pulumi destroy --yes --non-interactive
pulumi stack rm demo --yes --non-interactive >/dev/null
[ "$engines" = real ] && node -e 'fetch(process.argv[1] + "/_sim/state").then((r) => r.json()).then((s) => console.log(`real PostgreSQL servers still running: ${s.engines.pool.servers.length}`))' "$sim_url"
echo; echo "Demo finished."
