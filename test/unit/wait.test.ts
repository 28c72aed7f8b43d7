import { afterEach, describe, expect, it } from "vitest";
import { GONE, setProgressSink, waitFor } from "../../src/core/wait";
import { ApiError, WaitError } from "../../src/core/errors";

process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "5";
process.env.DBAAS_WAIT_MAX_INTERVAL_MS = "20";

const sequence = (...states: string[]) => {
  let i = 0;
  return async () => ({ state: states[Math.min(i++, states.length - 1)] });
};

afterEach(() => { delete process.env.DBAAS_WAIT_PROGRESS_MS; });

describe("waitFor", () => {
  it("polls through pending states to the target", async () => {
    const r = await waitFor({ resource: "cluster a", operation: "resize", poll: sequence("EDITING", "EDITING", "RUNNING"), status: (o) => o.state, target: ["RUNNING"], pending: ["EDITING"] });
    expect(r.state).toBe("RUNNING");
  });

  it("fails at once on a state that is neither pending nor target, naming resource, operation and state", async () => {
    const err = await waitFor({ resource: "cluster a", operation: "resize", poll: sequence("EDITING", "ERROR"), status: (o) => o.state, target: ["RUNNING"], pending: ["EDITING"], explain: () => "disk full" }).catch((e) => e);
    expect(err).toBeInstanceOf(WaitError);
    expect(err.message).toMatch(/^resize of cluster a failed: state ERROR \(disk full\) after \d+s$/);
  });

  it("treats the API's own not-found answer as GONE", async () => {
    const poll = async () => { throw new ApiError(404, "GET", "/x", "NOT_FOUND", "gone", undefined, true); };
    const r = await waitFor({ resource: "cluster a", operation: "delete", poll, status: () => "x", target: [GONE], pending: [] });
    expect(r.state).toBe(GONE);
  });

  it("never treats a 404 that is not the API's not-found answer as GONE", async () => {
    const poll = async () => { throw new ApiError(404, "GET", "/x", undefined, "<html>Not Found</html>"); };
    const err = await waitFor({ resource: "cluster a", operation: "delete", poll, status: () => "x", target: [GONE], pending: [] }).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toMatch(/HTTP 404/);
  });

  it("times out with the last state and the elapsed time", async () => {
    const err = await waitFor({ resource: "cluster a", operation: "create", poll: sequence("CREATING"), status: (o) => o.state, target: ["RUNNING"], pending: ["CREATING"], timeoutMs: 60 }).catch((e) => e);
    expect(err.timedOut).toBe(true);
    expect(err.message).toMatch(/timed out after \d+s waiting for cluster a \(create\): last state CREATING/);
  });

  it("prints a progress line while waiting", async () => {
    process.env.DBAAS_WAIT_PROGRESS_MS = "10";
    const lines: string[] = [];
    setProgressSink((l) => lines.push(l));
    await waitFor({ resource: "cluster ordersdb", operation: "resize", poll: sequence(...Array(8).fill("EDITING"), "RUNNING"), status: (o) => o.state, target: ["RUNNING"], pending: ["EDITING"] });
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatch(/^waiting for cluster ordersdb: EDITING, \d+s$/);
  });
});
