// Issue 15 item 8, core/create.ts's part, on a scripted flow: where the API allows two live objects
// of one name, the earliest created (then the smallest id) stays; a create that made a later one
// deletes exactly its own object and fails with the adopt message, whether the rival shows right
// after the POST or only after the create finished (a rival accepted within the same second).
import { describe, expect, it } from "vitest";
import { createOnce, type CreateFlow, type Existing } from "../../src/core/create";
import type { Context } from "../../src/core/resource";

const ctx: Context = { config: () => undefined, log: () => {}, warn: () => {} };

/** A flow whose name look-ups answer `views` in turn (the last one repeats); ours is "ours". */
function flow(views: Existing[][]) {
  const discarded: string[] = [];
  let lookups = 0;
  const f: CreateFlow<{ name: string }, { name: string }> = {
    what: (i) => `cluster ${i.name}`,
    findByName: async () => views[Math.min(lookups++, views.length - 1)],
    submit: async () => "ours",
    finish: async (_c, _id, i) => ({ ...i }),
    provisional: (_id, i) => ({ ...i }),
    readOuts: async () => undefined,
    duplicates: { discard: async (_c, id) => void discarded.push(id) },
  };
  return { f, discarded };
}

const at = (id: string, createdAt: string): Existing => ({ id, state: "PENDING_CREATE", createdAt });

describe("racing creates of one name, where the API allows duplicates", () => {
  it("a rival created earlier: ours is deleted (only ours) and the create fails naming the rival and adopt", async () => {
    const { f, discarded } = flow([[], [at("ours", "2026-12-06T10:00:01"), at("zz-rival", "2026-12-06T10:00:00")]]);
    await expect(createOnce(ctx, f, { name: "db" })).rejects.toThrow(
      new RegExp(
        String.raw`cluster db already exists and this resource did not create it: ` +
          String.raw`zz-rival .*adopt: "zz-rival".*the duplicate this one made \(ours\) was deleted`,
      ),
    );
    expect(discarded).toEqual(["ours"]);
  });

  it("the same second: the smaller id stays", async () => {
    const lost = flow([[], [at("ours", "2026-12-06T10:00:00"), at("aa-rival", "2026-12-06T10:00:00")]]);
    await expect(createOnce(ctx, lost.f, { name: "db" })).rejects.toThrow(/aa-rival/);
    expect(lost.discarded).toEqual(["ours"]);
    const won = flow([[], [at("ours", "2026-12-06T10:00:00"), at("zz-rival", "2026-12-06T10:00:00")]]);
    await expect(createOnce(ctx, won.f, { name: "db" })).resolves.toMatchObject({ id: "ours" });
    expect(won.discarded).toEqual([]);
  });

  it("a rival that shows only after ours finished (accepted within our second, smaller id): ours still yields", async () => {
    const { f, discarded } = flow([
      [],
      [at("ours", "2026-12-06T10:00:00")],
      [at("ours", "2026-12-06T10:00:00"), at("aa-rival", "2026-12-06T10:00:00")],
    ]);
    await expect(createOnce(ctx, f, { name: "db" })).rejects.toThrow(/aa-rival/);
    expect(discarded).toEqual(["ours"]);
  });

  it("a later rival does not move ours", async () => {
    const { f, discarded } = flow([[], [at("ours", "2026-12-06T10:00:00"), at("aa-rival", "2026-12-06T10:00:05")]]);
    await expect(createOnce(ctx, f, { name: "db" })).resolves.toMatchObject({ id: "ours" });
    expect(discarded).toEqual([]);
  });
});
