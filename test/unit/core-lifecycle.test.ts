// The core lifecycle rules every resource inherits: `update` applies only what the preview showed,
// and a create never leaks or duplicates an object (create.ts, journal.ts).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { createOnce, type CreateFlow, type Existing } from "../../src/core/create";
import { AmbiguousRequestError, InputError } from "../../src/core/errors";
import {
  PartialFailure,
  assertFieldTable,
  diffResource,
  updateResource,
  type Context,
  type ResourceDefinition,
} from "../../src/core/resource";

type P = Record<string, any>;

function context(owner?: string): Context & { warnings: string[] } {
  const warnings: string[] = [];
  return { config: () => undefined, log: () => {}, warn: (l) => warnings.push(l), owner, warnings };
}

describe("update applies only the previewed diff", () => {
  let live: P;
  let calls: string[];
  const def: ResourceDefinition<P, P> = {
    kind: "test:Thing",
    schema: z.object({}).passthrough(),
    fields: [
      { key: "name", apply: { replace: true } },
      { key: "size", apply: { mutation: "resize" } },
      { key: "ips", apply: { mutation: "ips" } },
    ],
    create: async () => ({ id: "x", outs: {} }),
    read: async () => ({ inputs: { ...live }, outs: { ...live } }),
    mutations: [
      {
        name: "resize",
        endpoint: "POST /resize",
        apply: async (_c, _id, l, d) => {
          calls.push(`resize ${l.size}->${d.size}`);
          live.size = d.size;
        },
      },
      {
        name: "ips",
        endpoint: "POST /ips",
        apply: async (_c, _id, l, d) => {
          calls.push(`ips ${l.ips}->${d.ips}`);
          live.ips = d.ips;
        },
      },
    ],
    delete: async () => {},
  };
  beforeEach(() => {
    calls = [];
  });

  it("leaves a property changed out of band alone, warns about it, and applies only the planned one", async () => {
    const state = { name: "a", size: "small", ips: "10.0.0.0/24" };
    live = { ...state, size: "large" }; // resized outside Pulumi
    const news = { ...state, ips: "10.1.0.0/24" };
    expect(diffResource(def, state, news)).toMatchObject({ changes: true, replaces: [] });
    const ctx = context();
    const outs = await updateResource(def, ctx, "x", state, news);
    expect(calls).toEqual(["ips 10.0.0.0/24->10.1.0.0/24"]);
    expect(ctx.warnings).toEqual(["test:Thing x: size changed outside Pulumi (state small, live large): run pulumi refresh"]);
    expect(outs.size).toBe("small"); // the state does not move behind the preview's back: refresh records drift
  });

  it("computes a planned change from the live value, and skips it when live already matches", async () => {
    const state = { name: "a", size: "small", ips: "x" };
    live = { ...state, size: "medium" };
    await updateResource(def, context(), "x", state, { ...state, size: "large" });
    expect(calls).toEqual(["resize medium->large"]);
    calls = [];
    live = { ...state, size: "large" }; // a resumed update whose change had applied
    await updateResource(def, context(), "x", state, { ...state, size: "large" });
    expect(calls).toEqual([]);
  });

  it("rethrows bad input found before the first mutating call as is, but records a later failure as partial", async () => {
    const state = { name: "a", size: "small", ips: "x" };
    live = { ...state };
    const refusing = {
      ...def,
      mutations: [
        def.mutations[0],
        {
          name: "ips",
          endpoint: "POST /ips",
          apply: async () => {
            throw new InputError("ips", "not allowed");
          },
        },
      ],
    };
    const alone = await updateResource(refusing, context(), "x", state, { ...state, ips: "y" }).catch((e) => e);
    expect(alone).toBeInstanceOf(InputError);
    const after = await updateResource(refusing, context(), "x", state, { ...state, size: "large", ips: "y" }).catch((e) => e);
    expect(after).toBeInstanceOf(PartialFailure); // the resize was applied: the state must learn it
    expect(after.outs.size).toBe("large");
  });
});

describe("createOnce", () => {
  let objects: Existing[];
  let submitted: number;
  let submitError: Error | undefined;
  beforeEach(() => {
    process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), "dbaas-journal-"));
    process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "5";
    objects = [];
    submitted = 0;
    submitError = undefined;
  });
  const flow: CreateFlow<P, P> = {
    what: (i) => `cluster ${i.name}`,
    findByName: async (_c, i) => objects.filter((o) => o.id.startsWith(i.name)),
    submit: async (_c, i) => {
      submitted++;
      const id = `${i.name}-${submitted}`;
      objects.push({ id, state: "CREATING", createdAt: new Date().toISOString().replace("Z", "") });
      if (submitError) throw submitError;
      return id;
    },
    finish: async (_c, id) => ({ id, ready: true }),
    provisional: (id, i) => ({ ...i, id }),
    readOuts: async () => undefined,
  };
  const lost = () => new AmbiguousRequestError("POST", "/v1/clusters", "timed out");

  it("refuses a name that exists and that it did not create, naming id, state and the adopt fix, before any create call", async () => {
    objects = [{ id: "orders-0", state: "RUNNING", createdAt: "2026-01-01T00:00:00" }];
    const err = await createOnce(context("stack-a"), flow, { name: "orders" }).catch((e) => e);
    expect(err.message).toBe(
      "cluster orders already exists and this resource did not create it: orders-0 (state RUNNING, " +
        'created 2026-01-01T00:00:00). To manage it with this resource, add `adopt: "orders-0"` to its ' +
        "inputs; to create a new one, choose another name. Nothing was changed.",
    );
    expect(submitted).toBe(0);
  });

  it("after a lost answer, finds the object by name and carries on with it", async () => {
    submitError = lost();
    const ctx = context("stack-a");
    const r = await createOnce(ctx, flow, { name: "orders" });
    expect(r.id).toBe("orders-1");
    expect(submitted).toBe(1);
    expect(ctx.warnings[0]).toMatch(/got no answer, but the API shows orders-1/);
  });

  it("takes over only the object its own interrupted create made; another stack is refused", async () => {
    // A create that was killed after the request was accepted: the journal has the id.
    const failingFinish = {
      ...flow,
      finish: async () => {
        throw new Error("killed");
      },
    };
    const err = await createOnce(context("stack-a"), failingFinish, { name: "orders" }).catch((e) => e);
    expect(err).toBeInstanceOf(PartialFailure);
    // Pretend the engine never recorded it (SIGKILL): the rerun finds it and takes it over.
    const again = context("stack-a");
    expect((await createOnce(again, flow, { name: "orders" })).id).toBe("orders-1");
    expect(submitted).toBe(1);
    expect(again.warnings[0]).toMatch(/taking over orders-1 \(CREATING\), created by an interrupted create of this same resource/);
    // Completed: the journal entry is gone, so the object is no longer "ours to take over".
    await expect(createOnce(context("stack-a"), flow, { name: "orders" })).rejects.toThrow(/already exists/);
    await expect(createOnce(context("stack-b"), flow, { name: "orders" })).rejects.toThrow(/already exists/);
  });

  it("keeps the journal when a lost answer shows nothing yet, and the next run takes the object over", async () => {
    const hidden = { ...flow, findByName: async () => [] as Existing[] };
    submitError = lost();
    const err = await createOnce(context("stack-a"), hidden, { name: "orders" }).catch((e) => e);
    expect(err.message).toMatch(/may have been applied\. No cluster orders is visible yet; run `pulumi up` again/);
    submitError = undefined;
    expect((await createOnce(context("stack-a"), flow, { name: "orders" })).id).toBe("orders-1");
    expect(submitted).toBe(1);
  });

  it("without an owner (no journal) never takes anything over", async () => {
    submitError = lost();
    const failing = { ...flow, findByName: async () => [] as Existing[] };
    await createOnce(context(undefined), failing, { name: "orders" }).catch(() => undefined);
    submitError = undefined;
    await expect(createOnce(context(undefined), flow, { name: "orders" })).rejects.toThrow(/already exists/);
  });
});

describe("the field table is checked when the module loads", () => {
  const base = (): ResourceDefinition<P, P> => ({
    kind: "test:Checked",
    schema: z
      .object({ name: z.string(), size: z.number(), adopt: z.string().optional() })
      .strict()
      .superRefine(() => {}),
    fields: [
      { key: "name", apply: { replace: true } },
      { key: "size", apply: { mutation: "resize" } },
      { key: "adopt", apply: { ignore: true } },
    ],
    create: async () => ({ id: "x", outs: {} }),
    read: async () => undefined,
    mutations: [{ name: "resize", endpoint: "POST /resize", apply: async () => {} }],
    delete: async () => {},
  });

  it("accepts a consistent table, and every definition of the package", async () => {
    expect(() => assertFieldTable(base())).not.toThrow();
    const runtime = await import("../../src/runtime");
    for (const kind of runtime.kinds()) expect(() => assertFieldTable(runtime.definitionOf(kind))).not.toThrow();
  });

  it("fails loudly on a mistyped mutation name, naming the row and the known mutations", () => {
    const def = base();
    def.fields[1] = { key: "size", apply: { mutation: "reisze" } };
    expect(() => assertFieldTable(def)).toThrow(
      new RegExp(
        String.raw`field table of test:Checked is inconsistent:` +
          String.raw`\n {2}row size names mutation reisze, which does not exist \(known: resize\)` +
          String.raw`\n {2}mutation resize is named by no row, so it can never run`,
      ),
    );
  });

  it("fails on an input without a row, and on a row without an input", () => {
    const def = base();
    def.fields = def.fields.filter((f) => f.key !== "adopt").concat({ key: "colour", apply: { mutation: "resize" } });
    expect(() => assertFieldTable(def)).toThrow(/input adopt has no row[\s\S]*row colour is not an input of the schema/);
  });
});

describe("update reads the object once before and never twice after (Observed)", () => {
  it("the settle wait's last read is the update's read; each mutation's last read is its read-back", async () => {
    const live: P = { name: "a", size: "small", ips: "x" };
    const reads: string[] = [];
    // An observation is a snapshot of the object as a wait's last poll read it.
    const snapshot = () => ({ snapshot: { ...live } });
    const def: ResourceDefinition<P, P> = {
      kind: "test:Thing",
      schema: z.object({}).passthrough(),
      fields: [
        { key: "name", apply: { replace: true } },
        { key: "size", apply: { mutation: "resize" } },
        { key: "ips", apply: { mutation: "ips" } },
      ],
      create: async () => ({ id: "x", outs: {} }),
      settle: async () => snapshot(),
      read: async (_c, _id, _p, observed) => {
        reads.push(observed ? "from the wait" : "GET");
        const o = observed ? (observed as { snapshot: P }).snapshot : live;
        return { inputs: { ...o }, outs: { ...o } };
      },
      mutations: [
        {
          name: "resize",
          endpoint: "POST /resize",
          apply: async (_c, _id, _l, d) => {
            live.size = d.size;
            return snapshot();
          },
        },
        // A mutation that answers nothing: its read-back is a GET.
        {
          name: "ips",
          endpoint: "POST /ips",
          apply: async (_c, _id, _l, d) => {
            live.ips = d.ips;
          },
        },
      ],
      delete: async () => {},
    };
    const state = { ...live };
    const outs = await updateResource(def, context(), "x", state, { ...state, size: "large", ips: "y" });
    expect(reads).toEqual(["from the wait", "from the wait", "GET"]);
    expect(outs).toMatchObject({ size: "large", ips: "y" });
  });
});

describe("preflight: catalogue checks once per update, before its first mutating call", () => {
  const thing = (preflight: ResourceDefinition<P, P>["preflight"], calls: string[]): ResourceDefinition<P, P> => ({
    kind: "test:Thing",
    schema: z.object({}).passthrough(),
    fields: [
      { key: "size", apply: { mutation: "resize" } },
      { key: "ips", apply: { mutation: "ips" } },
    ],
    create: async () => ({ id: "x", outs: {} }),
    read: async (_c, _id, previous) => ({ inputs: { ...previous }, outs: { ...previous } }),
    preflight,
    mutations: [
      {
        name: "resize",
        endpoint: "POST /resize",
        apply: async () => {
          calls.push("resize");
        },
      },
      {
        name: "ips",
        endpoint: "POST /ips",
        apply: async () => {
          calls.push("ips");
        },
      },
    ],
    delete: async () => {},
  });
  const state = { size: "small", ips: "x" };

  it("runs once for two mutations, with what they aim at", async () => {
    const calls: string[] = [];
    const seen: P[] = [];
    await updateResource(
      thing(async (_c, _id, _live, desired) => {
        calls.push("preflight");
        seen.push(desired);
      }, calls),
      context(),
      "x",
      state,
      { size: "large", ips: "y" },
    );
    expect(calls).toEqual(["preflight", "resize", "ips"]);
    expect(seen).toEqual([{ size: "large", ips: "y" }]);
  });

  it("a refusal stops the update with nothing applied, as an input error (not a partial failure)", async () => {
    const calls: string[] = [];
    const err = await updateResource(
      thing(async () => {
        throw new InputError("ips", "y is not in the catalogue");
      }, calls),
      context(),
      "x",
      state,
      { size: "large", ips: "y" },
    ).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect(calls).toEqual([]);
  });

  it("is not asked when nothing needs a call", async () => {
    const calls: string[] = [];
    await updateResource(
      thing(async () => {
        calls.push("preflight");
      }, calls),
      context(),
      "x",
      state,
      { ...state },
    );
    expect(calls).toEqual([]);
  });
});
