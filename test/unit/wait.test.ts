import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GONE, setProgressSink, setWaitClock, waitFor, waitTuning } from "../../src/core/wait";
import { ApiError, WaitError } from "../../src/core/errors";
import { durationsFile, expectation } from "../../src/core/durations";
import { nextDelay } from "../../src/core/schedule";

process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "5";
process.env.DBAAS_WAIT_MAX_INTERVAL_MS = "20";

const sequence = (...states: string[]) => {
  let i = 0;
  return async () => ({ state: states[Math.min(i++, states.length - 1)] });
};

afterEach(() => {
  delete process.env.DBAAS_WAIT_PROGRESS_MS;
});

describe("waitFor", () => {
  it("polls through pending states to the target", async () => {
    const r = await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll: sequence("EDITING", "EDITING", "RUNNING"),
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
    });
    expect(r.state).toBe("RUNNING");
  });

  it("fails at once on a state that is neither pending nor target, naming resource, operation and state", async () => {
    const err = await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll: sequence("EDITING", "ERROR"),
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
      explain: () => "disk full",
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.message).toMatch(/^resize of cluster a failed: state ERROR \(disk full\) after \d+s$/);
  });

  it("treats the API's own not-found answer as GONE", async () => {
    const poll = async () => {
      throw new ApiError(404, "GET", "/x", "NOT_FOUND", "gone", undefined, true);
    };
    const r = await waitFor({ resource: "cluster a", operation: "delete", poll, status: () => "x", target: [GONE], pending: [] });
    expect(r.state).toBe(GONE);
  });

  it("never treats a 404 that is not the API's not-found answer as GONE", async () => {
    const poll = async () => {
      throw new ApiError(404, "GET", "/x", undefined, "<html>Not Found</html>");
    };
    const err = await waitFor({ resource: "cluster a", operation: "delete", poll, status: () => "x", target: [GONE], pending: [] }).catch(
      (e) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/HTTP 404/);
  });

  it("times out with the last state and the elapsed time", async () => {
    const err = await waitFor({
      resource: "cluster a",
      operation: "create",
      poll: sequence("CREATING"),
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["CREATING"],
      timeoutMs: 60,
    }).catch((e) => e);
    expect(err.timedOut).toBe(true);
    expect(err.message).toMatch(/timed out after \d+s waiting for cluster a \(create\): last state CREATING/);
  });

  it("prints a progress line while waiting", async () => {
    process.env.DBAAS_WAIT_PROGRESS_MS = "10";
    const lines: string[] = [];
    setProgressSink((l) => lines.push(l));
    await waitFor({
      resource: "cluster ordersdb",
      operation: "resize",
      poll: sequence(...Array(8).fill("EDITING"), "RUNNING"),
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
    });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^waiting for cluster ordersdb: EDITING, \d+s$/);
  });
});

describe("waitFor on virtual time with the default schedule", () => {
  let now = 0;
  let sleeps: number[] = [];
  const saved = { ...process.env };
  beforeEach(() => {
    now = 0;
    sleeps = [];
    delete process.env.DBAAS_WAIT_MIN_INTERVAL_MS;
    delete process.env.DBAAS_WAIT_MAX_INTERVAL_MS;
    process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), "dbaas-wait-"));
    process.env.DBAAS_WAIT_LEARN = "1";
    setWaitClock({
      now: () => now,
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
    });
    setProgressSink(() => {});
  });
  afterEach(() => {
    setWaitClock(undefined);
    process.env = { ...saved };
  });

  /** An operation that reads `during` until `endMs` of virtual time, then `to`. */
  const operation = (endMs: number, during = "EDITING", to = "RUNNING") => {
    let polls = 0;
    return {
      poll: async () => {
        polls++;
        return { state: now >= endMs ? to : during };
      },
      polls: () => polls,
    };
  };

  it("polls on the schedule's delays and notices the end within one cadence", async () => {
    const op = operation(600_000);
    const r = await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll: op.poll,
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
    });
    expect(r.state).toBe("RUNNING");
    let t = 0;
    const expected: number[] = [];
    while (t < 600_000) {
      const d = nextDelay({ elapsedMs: t, stateChanged: false }, waitTuning());
      expected.push(d);
      t += d;
    }
    expect(sleeps).toEqual(expected);
    expect(op.polls()).toBe(expected.length + 1);
    expect(r.elapsedMs - 600_000).toBeLessThan(6_000);
  });

  it("re-polls after the minimum interval when the state changes", async () => {
    const poll = async () => ({ state: now < 100_000 ? "BACKING_UP" : now < 200_000 ? "EDITING" : "RUNNING" });
    await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll,
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["BACKING_UP", "EDITING"],
    });
    let t = 0;
    const changedAt = sleeps.findIndex((d) => {
      const before = t;
      t += d;
      return before >= 100_000;
    });
    expect(sleeps[changedAt]).toBe(1_000);
    expect(sleeps[changedAt + 1]).toBeGreaterThan(1_000);
  });

  it("learns how long a kind of operation takes and then polls less and notices sooner", async () => {
    const spec = (end: number) => ({
      resource: "cluster a",
      operation: "resize",
      status: (o: { state: string }) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
      key: "test:resize",
      ...operation(end),
    });
    const first = operation(1_200_000);
    await waitFor({ ...spec(0), poll: first.poll });
    const learned = expectation("test:resize")!;
    expect(Math.abs(learned.ms - 1_200_000)).toBeLessThan(6_000);
    // The later runs, 1 % longer and shorter, after two more samples.
    for (const end of [1_212_000, 1_188_000]) {
      now = 0;
      await waitFor({ ...spec(0), poll: operation(end).poll });
    }
    now = 0;
    sleeps = [];
    const again = operation(1_206_000);
    const r = await waitFor({ ...spec(0), poll: again.poll });
    expect(again.polls()).toBeLessThan(first.polls() / 2);
    expect(r.elapsedMs - 1_206_000).toBeLessThanOrEqual(2_000);
  });

  it("records nothing for a wait that found its target at once, nor without a key", async () => {
    await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll: async () => ({ state: "RUNNING" }),
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
      key: "test:noop",
    });
    await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll: operation(60_000).poll,
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
    });
    expect(existsSync(durationsFile())).toBe(false);
  });

  it("keeps samples taken under overridden poll limits apart from real ones", async () => {
    process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "5";
    await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll: operation(60).poll,
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
      key: "test:resize",
    });
    expect(expectation("test:resize")).toBeUndefined();
    expect(expectation("test:resize@5/-")).toBeDefined();
  });

  it("times out on virtual time with the last state", async () => {
    const err = await waitFor({
      resource: "cluster a",
      operation: "create",
      poll: operation(Infinity, "CREATING").poll,
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["CREATING"],
      timeoutMs: 3_600_000,
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.timedOut).toBe(true);
    expect(err.message).toMatch(/^timed out after 59m5\ds waiting for cluster a \(create\): last state CREATING/);
  });

  it("fails at once on an unknown state, whatever it learned", async () => {
    const poll = async () => ({ state: now < 30_000 ? "EDITING" : "ERROR" });
    const err = await waitFor({
      resource: "cluster a",
      operation: "resize",
      poll,
      status: (o) => o.state,
      target: ["RUNNING"],
      pending: ["EDITING"],
      key: "test:resize",
    }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.timedOut).toBe(false);
    expect(expectation("test:resize")).toBeUndefined();
  });
});
