// The coalesced status poller (core/coalesce.ts): one list request serves many waiters, within a
// budget; a waiter alone reads its own object; a list never concludes "done" or "gone" on its own.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { coalescedPoll, join, type ListSource } from "../../src/core/coalesce";

/** A list source over a table of statuses, counting its requests; `pages` is what one list costs. */
function fakeSource(key: string, statuses: Record<string, string>, pages = 1) {
  const calls: number[] = [];
  const source: ListSource = {
    key,
    async list() {
      calls.push(Date.now());
      return { statuses: new Map(Object.entries(statuses)), requests: pages };
    },
  };
  return { source, calls };
}

const PENDING = (s: string) => s === "CREATING" || s === "EDITING";

/** A per-object read that counts its calls and answers the table's current status. */
function objectReads(statuses: Record<string, string>) {
  const reads: string[] = [];
  return {
    reads,
    read: (id: string) => async () => {
      reads.push(id);
      return { id, state: statuses[id] ?? "<gone>", full: true };
    },
  };
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date("2026-11-25T20:00:00Z"));
  delete process.env.DBAAS_COALESCE;
  process.env.DBAAS_LIST_BUDGET_PER_S = "1";
});
afterEach(() => {
  vi.useRealTimers();
  delete process.env.DBAAS_LIST_BUDGET_PER_S;
});

describe("coalesced polling", () => {
  it("one list request answers the polls of N waiters in the same tick", async () => {
    const statuses = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`c${i}`, "CREATING"]));
    const { source, calls } = fakeSource("acct-a", statuses);
    const objects = objectReads(statuses);
    const members = Object.keys(statuses).map((id) => ({ id, m: join(source, id) }));
    const polls = members.map(({ id, m }) => coalescedPoll(m, objects.read(id), PENDING, (s) => ({ id, state: s, full: false })));
    const answers = await Promise.all(polls.map((p) => p()));
    expect(calls).toHaveLength(1);
    expect(objects.reads).toEqual([]);
    expect(answers.every((a) => a.state === "CREATING" && !a.full)).toBe(true);
    for (const { m } of members) m.leave();
  });

  it("respects the budget: each poll gets an answer newer than its last, and lists are at least 1 s apart", async () => {
    const statuses = { a: "CREATING", b: "CREATING", c: "EDITING" };
    const { source, calls } = fakeSource("acct-b", statuses);
    const objects = objectReads(statuses);
    const ms = Object.keys(statuses).map((id) => [id, join(source, id)] as const);
    // Three waiters, each polling 5 times 100 ms apart (as a waiter with a short interval would).
    const waiter = async (i: number) => {
      const poll = coalescedPoll(ms[i][1], objects.read(ms[i][0]), PENDING, (s) => ({ id: ms[i][0], state: s, full: false }));
      for (let n = 0; n < 5; n++) {
        await poll();
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    const all = Promise.all([waiter(0), waiter(1), waiter(2)]);
    await vi.advanceTimersByTimeAsync(10_000);
    await all;
    // 15 polls, 5 lists: every poll learned something newer than its previous one.
    expect(calls).toHaveLength(5);
    for (let i = 1; i < calls.length; i++) expect(calls[i] - calls[i - 1]).toBeGreaterThanOrEqual(1000);
    expect(objects.reads).toEqual([]);
    for (const [, m] of ms) m.leave();
  });

  it("a list of several pages counts each page against the budget", async () => {
    const statuses = { a: "CREATING", b: "CREATING" };
    const { source, calls } = fakeSource("acct-c", statuses, 3);
    const objects = objectReads(statuses);
    const [ma, mb] = [join(source, "a"), join(source, "b")];
    const pa = coalescedPoll(ma, objects.read("a"), PENDING, (s) => ({ id: "a", state: s, full: false }));
    await pa();
    const second = pa();
    await vi.advanceTimersByTimeAsync(2_900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(100);
    await second;
    expect(calls).toHaveLength(2);
    expect(calls[1] - calls[0]).toBe(3000);
    ma.leave();
    mb.leave();
  });

  it("a waiter that joins after a list was fetched waits for a newer list, not for its own GET", async () => {
    const statuses: Record<string, string> = { a: "CREATING", b: "CREATING", c: "CREATING" };
    const { source, calls } = fakeSource("acct-j", statuses);
    const objects = objectReads(statuses);
    const [ma, mb] = [join(source, "a"), join(source, "b")];
    await coalescedPoll(ma, objects.read("a"), PENDING, (s) => ({ id: "a", state: s, full: false }))();
    vi.advanceTimersByTime(200);
    const mc = join(source, "c");
    const pc = coalescedPoll(mc, objects.read("c"), PENDING, (s) => ({ id: "c", state: s, full: false }))();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await pc).toEqual({ id: "c", state: "CREATING", full: false });
    expect(calls).toHaveLength(2);
    expect(objects.reads).toEqual([]);
    for (const m of [ma, mb, mc]) m.leave();
  });

  it("a failing list costs the poll its shortcut, not the wait: it reads its object", async () => {
    const source: ListSource = {
      key: "acct-k",
      list: async () => {
        throw new Error("HTTP 403");
      },
    };
    const objects = objectReads({ a: "CREATING", b: "CREATING" });
    const [ma, mb] = [join(source, "a"), join(source, "b")];
    expect(await coalescedPoll(ma, objects.read("a"), PENDING, (s) => ({ id: "a", state: s, full: false }))()).toEqual({
      id: "a",
      state: "CREATING",
      full: true,
    });
    ma.leave();
    mb.leave();
  });

  it("an object missing from the list is confirmed by its per-object read, never taken as gone", async () => {
    const statuses: Record<string, string> = { a: "CREATING", b: "CREATING" };
    const { source } = fakeSource("acct-d", { a: "CREATING" }); // the list does not show b (a later page, lag)
    const objects = objectReads(statuses);
    const [ma, mb] = [join(source, "a"), join(source, "b")];
    const pb = coalescedPoll(mb, objects.read("b"), PENDING, (s) => ({ id: "b", state: s, full: false }));
    expect(await pb()).toEqual({ id: "b", state: "CREATING", full: true });
    expect(objects.reads).toEqual(["b"]);
    ma.leave();
    mb.leave();
  });

  it("a status the wait could stop on is confirmed by the per-object read", async () => {
    const { source } = fakeSource("acct-e", { a: "RUNNING", b: "CREATING" });
    const objects = objectReads({ a: "EDITING", b: "CREATING" }); // the list is ahead of (or behind) the object
    const [ma, mb] = [join(source, "a"), join(source, "b")];
    const pa = coalescedPoll(ma, objects.read("a"), PENDING, (s) => ({ id: "a", state: s, full: false }));
    expect(await pa()).toEqual({ id: "a", state: "EDITING", full: true });
    expect(objects.reads).toEqual(["a"]);
    ma.leave();
    mb.leave();
  });

  it("a waiter alone uses its per-object GET, and so does everyone when coalescing is off", async () => {
    const { source, calls } = fakeSource("acct-f", { a: "CREATING", b: "CREATING" });
    const objects = objectReads({ a: "CREATING", b: "CREATING" });
    const ma = join(source, "a");
    const pa = coalescedPoll(ma, objects.read("a"), PENDING, (s) => ({ id: "a", state: s, full: false }));
    await pa();
    await pa();
    expect(calls).toHaveLength(0);
    expect(objects.reads).toEqual(["a", "a"]);
    process.env.DBAAS_COALESCE = "0";
    const mb = join(source, "b");
    await pa();
    expect(calls).toHaveLength(0);
    mb.leave();
    ma.leave();
  });

  it("waiters of different accounts never share a list", async () => {
    const one = fakeSource("acct-g", { a: "CREATING", b: "CREATING" });
    const two = fakeSource("acct-h", { c: "CREATING", d: "CREATING" });
    const objects = objectReads({});
    const ms = [join(one.source, "a"), join(one.source, "b"), join(two.source, "c"), join(two.source, "d")];
    const ids = ["a", "b", "c", "d"];
    await Promise.all(ms.map((m, i) => coalescedPoll(m, objects.read(ids[i]), PENDING, (s) => ({ id: ids[i], state: s, full: false }))()));
    expect(one.calls).toHaveLength(1);
    expect(two.calls).toHaveLength(1);
    for (const m of ms) m.leave();
  });

  it("the answer is forgotten when the last waiter leaves: a new wait never sees an old list", async () => {
    const statuses: Record<string, string> = { a: "CREATING", b: "CREATING" };
    const { source, calls } = fakeSource("acct-i", statuses);
    const objects = objectReads(statuses);
    let [ma, mb] = [join(source, "a"), join(source, "b")];
    await coalescedPoll(ma, objects.read("a"), PENDING, (s) => ({ id: "a", state: s, full: false }))();
    ma.leave();
    mb.leave();
    [ma, mb] = [join(source, "a"), join(source, "b")];
    await coalescedPoll(ma, objects.read("a"), PENDING, (s) => ({ id: "a", state: s, full: false }))();
    expect(calls).toHaveLength(2);
    ma.leave();
    mb.leave();
  });
});
