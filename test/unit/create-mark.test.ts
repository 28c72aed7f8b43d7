// Issue 15 item 9, core/create.ts's part, on a scripted flow: an object of the name that the local
// journal does not prove is taken over only when its own owner mark names this resource; marks
// that show late are read again while the object is young; anything else is refused with the reason.
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { createOnce, type CreateFlow, type Existing } from "../../src/core/create";
import type { Context } from "../../src/core/resource";

const warnings: string[] = [];
const ctx = (owner?: string): Context => ({ config: () => undefined, log: () => {}, warn: (l) => void warnings.push(l), owner });

beforeEach(() => {
  warnings.length = 0;
  process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), "create-mark-")); // no journal: another machine
  process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "5";
  process.env.DBAAS_WAIT_MAX_INTERVAL_MS = "20";
});

/** A flow that finds `existing` and whose mark reads answer `marks` in turn (the last one repeats; an Error is thrown). */
function flow(existing: Existing[], marks: Array<{ owner?: string; marked: boolean } | Error>) {
  const calls = { reads: 0, submits: 0, finished: [] as string[] };
  const f: CreateFlow<{ name: string }, { name: string }> = {
    what: (i) => `cluster ${i.name}`,
    findByName: async () => existing,
    submit: async () => {
      calls.submits++;
      return "new";
    },
    finish: async (_c, id, i) => {
      calls.finished.push(id);
      return { ...i };
    },
    provisional: (_id, i) => ({ ...i }),
    readOuts: async () => undefined,
    ownerMark: {
      what: "tag owner-mark",
      read: async () => {
        const m = marks[Math.min(calls.reads++, marks.length - 1)];
        if (m instanceof Error) throw m;
        return m;
      },
    },
  };
  return { f, calls };
}

const old = (id = "obj"): Existing => ({ id, state: "RUNNING", createdAt: "2020-01-01T00:00:00" });
const young = (id = "obj"): Existing => ({ id, state: "CREATING", createdAt: new Date().toISOString().slice(0, 19) });

describe("take-over by the object's own owner mark", () => {
  it("the mark names this resource: taken over, the proof named, no create sent", async () => {
    const { f, calls } = flow([old()], [{ owner: "me", marked: true }]);
    await expect(createOnce(ctx("me"), f, { name: "db" })).resolves.toEqual({ id: "obj", outs: { name: "db" } });
    expect(calls).toEqual({ reads: 1, submits: 0, finished: ["obj"] });
    expect(warnings).toEqual([
      "cluster db: taking over obj (RUNNING), created by an interrupted create of this same resource: " +
        "its tag owner-mark names this resource",
    ]);
  });

  it("a young object whose marks show late is read again until they do", async () => {
    const { f, calls } = flow([young()], [{ marked: false }, { marked: false }, { owner: "me", marked: true }]);
    await expect(createOnce(ctx("me"), f, { name: "db" })).resolves.toMatchObject({ id: "obj" });
    expect(calls.reads).toBe(3);
    expect(warnings[0]).toMatch(/^cluster db: obj shows no tag owner-mark yet \(marks appear late\); reading it again for up to \d+ s/);
  });

  it("another owner's mark: refused with the reason and the adopt fix", async () => {
    const { f, calls } = flow([old()], [{ owner: "someone-else", marked: true }]);
    await expect(createOnce(ctx("me"), f, { name: "db" })).rejects.toThrow(
      "cluster db already exists and this resource did not create it: obj (state RUNNING, created " +
        "2020-01-01T00:00:00). Its tag owner-mark names another owner. To manage it with this resource, " +
        'add `adopt: "obj"` to its inputs; to create a new one, choose another name. Nothing was changed.',
    );
    expect(calls.submits + calls.finished.length).toBe(0);
  });

  it("marks but no owner mark, or an old object with no marks at all: refused at once (read once)", async () => {
    for (const mark of [{ marked: true }, { marked: false }]) {
      const { f, calls } = flow([old()], [mark]);
      await expect(createOnce(ctx("me"), f, { name: "db" })).rejects.toThrow(
        /Its tag owner-mark|It carries no tag owner-mark\. To manage it/,
      );
      expect(calls.reads).toBe(1);
    }
  });

  it("a mark that cannot be read: refused, naming the error", async () => {
    const { f } = flow([young()], [new Error("HTTP 503 from the tag service")]);
    await expect(createOnce(ctx("me"), f, { name: "db" })).rejects.toThrow(
      "Its tag owner-mark could not be read (HTTP 503 from the tag service). To manage it",
    );
  });

  it("no owner key, or several objects of the name: nothing is read, the create is refused", async () => {
    const none = flow([old()], [{ owner: "me", marked: true }]);
    await expect(createOnce(ctx(undefined), none.f, { name: "db" })).rejects.toThrow(/did not create it: obj .*\. To manage it/);
    expect(none.calls.reads).toBe(0);
    const two = flow([old("a"), old("b")], [{ owner: "me", marked: true }]);
    await expect(createOnce(ctx("me"), two.f, { name: "db" })).rejects.toThrow("2 objects carry the name. Adopt one of them");
    expect(two.calls.reads).toBe(0);
  });
});
