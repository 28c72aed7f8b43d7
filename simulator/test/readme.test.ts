// The package README is the users' reference: it names every CLI flag, every environment variable
// the simulator reads, and every engine version, server type, Selectel region and datastore type
// the catalogues accept, so it cannot fall behind the code.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ENGINE_VERSIONS as CACHESTORE_VERSIONS, SERVER_TYPES as CACHESTORE_TYPES } from "../src/scp/cachestore/catalog";
import { ENGINE_VERSIONS as EVENTSTREAMS_VERSIONS } from "../src/scp/eventstreams/catalog";
import { ENGINE_VERSIONS as POSTGRESQL_VERSIONS, SERVER_TYPES as POSTGRESQL_TYPES } from "../src/scp/postgresql/catalog";
import { DATASTORE_TYPES, SELECTEL_REGIONS } from "../src/selectel/catalog";

const ROOT = resolve(__dirname, "..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith(".ts") ? [readFileSync(join(dir, e.name), "utf8")] : [],
  );

describe("README.md", () => {
  it("documents every CLI flag", () => {
    const flags = [...readFileSync(join(ROOT, "src/cli.ts"), "utf8").matchAll(/case "(--[a-z-]+)"/g)].map((m) => m[1]);
    expect(flags.length).toBeGreaterThan(5);
    expect(flags.filter((f) => !README.includes(`\`${f}`))).toEqual([]);
  });

  it("documents every environment variable the simulator reads", () => {
    const vars = [
      ...new Set(sources(join(ROOT, "src")).flatMap((s) => [...s.matchAll(/\benv\.(DBAAS_SIM_[A-Z0-9_]+)/g)].map((m) => m[1]))),
    ];
    expect(vars.length).toBeGreaterThan(8);
    expect(vars.filter((v) => !README.includes(`\`${v}\``))).toEqual([]);
  });

  it("lists every accepted engine version, server type, Selectel region and datastore type", () => {
    const start = README.indexOf("**Accepted values**");
    expect(start).toBeGreaterThan(0);
    const table = README.slice(start, README.indexOf("\n\n", README.indexOf("\n|", start)));
    const values = [
      ...[...POSTGRESQL_VERSIONS, ...CACHESTORE_VERSIONS, ...EVENTSTREAMS_VERSIONS].map(
        (v) => v.software_version + (v.end_of_service ? " (end of service)" : ""),
      ),
      ...[...POSTGRESQL_TYPES, ...CACHESTORE_TYPES].map((t) => `\`${t.name}\``),
      ...SELECTEL_REGIONS,
      ...DATASTORE_TYPES.map((t) => `${t.engine} ${t.version}`),
    ];
    const missing = values.filter((v) => !table.includes(v));
    // Datastore types are listed per engine ("postgresql 14/15/16"): accept that form too.
    const grouped = missing.filter((v) => {
      const m = /^(\w+) ([\d.]+)$/.exec(v);
      return !(m && new RegExp(`${m[1]} (?:[\\d.]+/)*${m[2].replace(".", "\\.")}\\b`).test(table));
    });
    expect(grouped).toEqual([]);
  });
});
