// The simulator as its own package: `npm pack -w pulumi-dbaas-sim` ships the built CLI and library
// with its README and licence (no tests), and the tarball, installed into an empty directory
// outside this repository (so nothing resolves from the workspace), runs as `npx pulumi-dbaas-sim`
// and loads with `require`, without the provider.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIM_ROOT } from "./built";

const exec = promisify(execFile);
const ROOT = resolve(SIM_ROOT, "..");
const manifest = JSON.parse(readFileSync(join(SIM_ROOT, "package.json"), "utf8"));

describe("the pulumi-dbaas-sim package", { timeout: 600_000 }, () => {
  let dir: string;
  let files: string[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "dbaas-sim-pack-"));
    // From the repository root, as a release would: `prepack` deletes the package's dist and builds it.
    const { stdout } = await exec("npm", ["pack", "-w", "pulumi-dbaas-sim", "--json", "--loglevel=error", "--pack-destination", dir], {
      cwd: ROOT,
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, NO_COLOR: "1" },
    });
    const [report] = JSON.parse(stdout.slice(stdout.indexOf("[")));
    files = report.files.map((f: { path: string }) => f.path);
    writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "sim-user", version: "1.0.0", private: true }));
    await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", join(dir, report.filename)], {
      cwd: dir,
    });
  }, 900_000);

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("packs the built CLI and library, the README and the licence, and no tests", () => {
    for (const f of [
      "package.json",
      "README.md",
      "LICENSE",
      "dist/cli.js",
      "dist/index.js",
      "dist/index.d.ts",
      "dist/engines/postgres/binaries.js",
    ]) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => /^(test|\.work|node_modules)\//.test(f) || f.endsWith(".tgz"))).toEqual([]);
    expect(manifest.bin).toEqual({ "pulumi-dbaas-sim": "dist/cli.js" });
  });

  it("depends on nothing of the provider", () => {
    const all = { ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies };
    expect(Object.keys(all).filter((d) => d.startsWith("pulumi-dbaas") || d.startsWith("@pulumi/"))).toEqual([]);
    expect(existsSync(join(dir, "node_modules", "pulumi-dbaas"))).toBe(false);
  });

  it("npx pulumi-dbaas-sim --port 0 prints its URL as JSON, serves, and stops on SIGTERM", async () => {
    // Its own process group: npx does not pass SIGTERM on, so the signal goes to the group (npx and
    // the simulator), as a terminal's Ctrl-C does.
    const child = spawn("npx", ["--no-install", "pulumi-dbaas-sim", "--port", "0"], {
      cwd: dir,
      stdio: ["ignore", "pipe", "pipe"],
      detached: true,
    });
    const stop = () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
    };
    let stdout = "";
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    // The pipes close when the last process holding them (npx, then the simulator) has exited.
    const closed = Promise.all([child.stdout, child.stderr].map((st) => new Promise((res) => st.on("close", res))));
    try {
      const line = await new Promise<string>((res, rej) => {
        child.stdout.on("data", (d: Buffer) => {
          stdout += d.toString();
          if (stdout.includes("\n")) res(stdout.split("\n")[0]);
        });
        child.on("exit", (code) => rej(new Error(`pulumi-dbaas-sim exited ${code}: ${stderr}`)));
      });
      const { url } = JSON.parse(line);
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/_sim/health`)).status).toBe(200);
      // SCP version discovery, unsigned, at the service's base URL.
      expect((await fetch(`${url}/scp/postgresql`)).status).toBe(200);
      stop();
      await closed;
      expect(stdout.trim().split("\n")).toHaveLength(1);
      expect(stderr).toContain("SIGTERM, shutting down");
      await expect(fetch(`${url}/_sim/health`)).rejects.toThrow();
    } finally {
      stop();
    }
  });

  it("loads with require and starts in-process", async () => {
    const script = `
      const { startSimulator } = require("pulumi-dbaas-sim");
      startSimulator({ port: 0 }).then(async (sim) => {
        const res = await fetch(sim.url + "/_sim/health");
        await sim.close();
        process.stdout.write(JSON.stringify({ status: res.status, resolved: require.resolve("pulumi-dbaas-sim") }));
      });
    `;
    const { stdout } = await exec(process.execPath, ["-e", script], { cwd: dir });
    const { status, resolved } = JSON.parse(stdout);
    expect(status).toBe(200);
    expect(resolved).toBe(join(dir, "node_modules", "pulumi-dbaas-sim", "dist", "index.js"));
  });
});
