// Every SCP engine version the documents (test/support/docs.ts) or an example program name as one to use is one the
// bundled simulator offers (and not end of service), so a copied example works against it. The
// API documents list no versions: the simulator's catalogues are the reference here.
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ENGINE_VERSIONS as POSTGRESQL } from "../../simulator/src/scp/postgresql/catalog";
import { ENGINE_VERSIONS as CACHESTORE } from "../../simulator/src/scp/cachestore/catalog";
import { ENGINE_VERSIONS as EVENTSTREAMS } from "../../simulator/src/scp/eventstreams/catalog";
import { ROOT, docs } from "../support/docs";

const DOCS = docs();
const offered: Record<string, string[]> = Object.fromEntries(
  Object.entries({ postgresql: POSTGRESQL, cachestore: CACHESTORE, eventstreams: EVENTSTREAMS }).map(([engine, list]) => [
    engine,
    list.filter((v) => !v.end_of_service).map((v) => v.software_version),
  ]),
);
const VERSION = /engineVersion[^\n]*?"(\d+\.\d+(?:\.\d+)?)"/g;

/** [engine, version, where] for each version named: engine sections' tables and text, programs with `engine: "…"`. */
function named(): [string, string, string][] {
  const out: [string, string, string][] = [];
  // "## Engine `eventstreams`" sections (docs/resources/scp-cluster.md): every engineVersion mentioned there.
  for (const d of DOCS) {
    for (const section of d.text.split(/^(?=#{1,4} )/m)) {
      const engine = section.match(/^#{1,4} Engine `(\w+)`/)?.[1];
      if (!engine) continue;
      for (const m of section.matchAll(VERSION)) out.push([engine, m[1], `${d.path} section ${engine}`]);
    }
  }
  // Programs: the documents' code blocks and the examples, each `engine: "x"` with the engineVersion after it.
  const programs: (readonly [string, string])[] = DOCS.flatMap((d) =>
    [...d.text.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => [`${d.path} block`, m[1]] as const),
  );
  for (const dir of readdirSync(join(ROOT, "examples"))) {
    const file = join(ROOT, "examples", dir, "index.ts");
    if (existsSync(file)) programs.push([`examples/${dir}`, readFileSync(file, "utf8")] as const);
  }
  for (const [where, code] of programs) {
    for (const m of code.matchAll(/engine:\s*"(postgresql|cachestore|eventstreams)"[\s\S]*?engineVersion:[^\n]*?"(\d+\.\d+(?:\.\d+)?)"/g))
      out.push([m[1], m[2], where]);
  }
  return out;
}

describe("documented and example engine versions", () => {
  const all = named();
  it("finds versions for every SCP engine", () => {
    expect(new Set(all.map(([engine]) => engine))).toEqual(new Set(["postgresql", "cachestore", "eventstreams"]));
  });

  it.each(all)("%s %s (%s) is offered by the simulator", (engine, version) => {
    expect(offered[engine]).toContain(version);
  });
});
