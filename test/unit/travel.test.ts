// Durations that travel with the stack (core/travel.ts): the record a resource keeps in its state,
// read first by the waits of its own operations, bounded, and fed by the whole-operation timings
// (core/timed.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { expectation, recordDuration } from "../../src/core/durations";
import { opKey, timedDefinition } from "../../src/core/timed";
import { MAX_KEYS, MAX_SAMPLES, samplesOf, travellingDurations } from "../../src/core/travel";
import { setWaitClock } from "../../src/core/wait";

beforeEach(() => {
  process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), "dbaas-travel-"));
  process.env.DBAAS_WAIT_LEARN = "1";
});
afterEach(() => {
  delete process.env.DBAAS_CACHE_DIR;
  delete process.env.DBAAS_WAIT_LEARN;
  setWaitClock(undefined);
});

describe("durations recorded with the resource", () => {
  it("a wait inside the resource's operation reads its record before the (empty) local cache", async () => {
    const t = travellingDurations({ "scp:postgresql:allowed IPs": [20_000, 22_000, 21_000] });
    expect(expectation("scp:postgresql:allowed IPs")).toBeUndefined(); // outside the operation: the cache only
    const inside = await t.run(async () => expectation("scp:postgresql:allowed IPs"));
    expect(inside?.ms).toBe(21_000);
  });

  it("what a wait learns goes to the record and to the cache; the record is bounded and holds only numbers", async () => {
    const seed: Record<string, number[]> = {};
    for (let i = 0; i < MAX_KEYS + 3; i++) seed[`old-${i}`] = [1_000];
    const t = travellingDurations(seed);
    await t.run(async () => {
      for (let i = 0; i < MAX_SAMPLES + 2; i++) recordDuration("scp:postgresql:create", 60_000 + i);
    });
    const record = t.record()!;
    expect(Object.keys(record)).toHaveLength(MAX_KEYS);
    // The key this operation learned comes first, with its last samples only.
    expect(Object.keys(record)[0]).toBe("scp:postgresql:create");
    expect(record["scp:postgresql:create"]).toEqual(Array.from({ length: MAX_SAMPLES }, (_, i) => 60_000 + i + 2));
    expect(JSON.stringify(record)).toMatch(/^[{}[\]\d,":a-z0-9 :.-]*$/i);
    expect(expectation("scp:postgresql:create")?.ms).toBeGreaterThan(0); // the cache learned it too
  });

  it("nothing learned, nothing stored; a malformed record reads as empty; learning off reads and writes nothing", async () => {
    expect(travellingDurations(undefined).record()).toBeUndefined();
    expect(samplesOf({ a: "x", b: [1, -1, "2", 3], c: null })).toEqual({ b: [1, 3] });
    expect(samplesOf([1, 2])).toEqual({});
    process.env.DBAAS_WAIT_LEARN = "0";
    const t = travellingDurations({ k: [5_000] });
    await t.run(async () => {
      expect(expectation("k")).toBeUndefined();
      recordDuration("k", 6_000);
    });
    expect(t.record()).toEqual({ k: [5_000] });
  });

  it("whole creates, deletes and mutations are timed under their kind and engine", async () => {
    let now = 0;
    setWaitClock({
      now: () => now,
      sleep: async (ms) => {
        now += ms;
      },
    });
    const variant: any = {
      kind: "scp:Cluster",
      fields: [],
      schema: {},
      read: async () => undefined,
      create: async () => {
        now += 300_000;
        return { id: "x", outs: {} };
      },
      delete: async () => {
        now += 120_000;
      },
      mutations: [
        {
          name: "serverType",
          endpoint: "POST /x",
          apply: async () => {
            now += 240_000;
          },
        },
      ],
    };
    const def = timedDefinition({ ...variant, variants: { key: "engine", of: { postgresql: variant } } });
    const t = travellingDurations(undefined);
    await t.run(async () => {
      await def.create({} as any, { engine: "postgresql" });
      await def.variants!.of.postgresql.mutations[0].apply({} as any, "x", {}, {});
      await def.delete({} as any, "x", { engine: "postgresql" });
      await def.create({} as any, { engine: "postgresql", adopt: "x" }); // an adoption creates nothing: not timed
    });
    expect(t.record()).toEqual({
      [opKey("scp:Cluster", "postgresql", "create")]: [300_000],
      [opKey("scp:Cluster", "postgresql", "serverType")]: [240_000],
      [opKey("scp:Cluster", "postgresql", "delete")]: [120_000],
    });
  });
});
