// Every SCP engine version the README or an example program names as one to use is one the
// bundled simulator offers (and not end of service), so a copied example works against it. The
// API documents list no versions: the simulator's catalogues are the reference here.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { ENGINE_VERSIONS as POSTGRESQL } from "../../simulator/src/scp/postgresql/catalog";
import { ENGINE_VERSIONS as CACHESTORE } from "../../simulator/src/scp/cachestore/catalog";
import { ENGINE_VERSIONS as EVENTSTREAMS } from "../../simulator/src/scp/eventstreams/catalog";

const ROOT = resolve(__dirname, "../..");
const README = readFileSync(join(ROOT, "README.md"), "utf8");
const offered: Record<string, string[]> = Object.fromEntries(
  Object.entries({ postgresql: POSTGRESQL, cachestore: CACHESTORE, eventstreams: EVENTSTREAMS })
    .map(([engine, list]) => [engine, list.filter((v) => !v.end_of_service).map((v) => v.software_version)]),
);
const VERSION = /engineVersion[^\n]*?"(\d+\.\d+(?:\.\d+)?)"/g;

/** [engine, version, where] for each version named: engine sections' tables and text, programs with `engine: "…"`. */
function named(): [string, string, string][] {
  const out: [string, string, string][] = [];
  // "#### Engine `eventstreams`" sections: every engineVersion mentioned there.
  const sections = README.split(/^(?=#{2,4} )/m);
  for (const section of sections) {
    const engine = section.match(/^#### Engine `(\w+)`/)?.[1];
    if (!engine) continue;
    for (const m of section.matchAll(VERSION)) out.push([engine, m[1], `README section ${engine}`]);
  }
  // Programs: README code blocks and the examples, each `engine: "x"` with the engineVersion after it.
  const programs = [...README.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => ["README block", m[1]] as const);
  for (const dir of readdirSync(join(ROOT, "examples"))) {
    const file = join(ROOT, "examples", dir, "index.ts");
    if (existsSync(file)) programs.push([`examples/${dir}`, readFileSync(file, "utf8")] as const);
  }
  for (const [where, code] of programs) {
    for (const m of code.matchAll(/engine:\s*"(postgresql|cachestore|eventstreams)"[\s\S]*?engineVersion:[^\n]*?"(\d+\.\d+(?:\.\d+)?)"/g)) out.push([m[1], m[2], where]);
  }
  return out;
}

describe("README and example engine versions", () => {
  const all = named();
  it("finds versions for every SCP engine", () => {
    expect(new Set(all.map(([engine]) => engine))).toEqual(new Set(["postgresql", "cachestore", "eventstreams"]));
  });

  it.each(all)("%s %s (%s) is offered by the simulator", (engine, version) => {
    expect(offered[engine]).toContain(version);
  });
});
