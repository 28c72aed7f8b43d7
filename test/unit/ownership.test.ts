// Issue 15 item 7: the owner key includes the stack's backend (found as the CLI finds it), and a
// journal entry whose create is still running in a live process is never claimed.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CreateJournal, journalDir } from "../../src/core/journal";
import { backendUrl, normaliseBackend, ownerKeys } from "../../src/core/owner";

const dir = () => mkdtempSync(join(tmpdir(), "dbaas-owner-"));

describe("the backend identity, as the CLI chooses it", () => {
  it("PULUMI_BACKEND_URL first, then the project file's backend.url, then `current` of the credentials file", () => {
    // Each step in a fresh program directory: the answer is read once per program run.
    const home = dir();
    const env = { PULUMI_HOME: home };
    expect(backendUrl(env, dir())).toBe("");
    writeFileSync(join(home, "credentials.json"), JSON.stringify({ current: "s3://team-state", accessTokens: {} }));
    expect(backendUrl(env, dir())).toBe("s3://team-state");
    const project = dir();
    writeFileSync(join(project, "Pulumi.yaml"), "name: p\nruntime: nodejs\nbackend:\n  url: file:///srv/state\n");
    mkdirSync(join(project, "src"));
    expect(backendUrl(env, join(project, "src"))).toBe("file:///srv/state");
    expect(backendUrl({ ...env, PULUMI_BACKEND_URL: "gs://other/" }, project)).toBe("gs://other");
  });

  it("a credentials file the CLI encrypted hides `current`: the backend is unknown, not guessed", () => {
    const home = dir();
    writeFileSync(
      join(home, "credentials.json"),
      JSON.stringify({ $pulumiSecureStore: 1, backend: "os", algo: "x", nonce: "n", data: "d" }),
    );
    expect(backendUrl({ PULUMI_HOME: home }, dir())).toBe("");
  });

  it("one backend written two ways is one backend", () => {
    expect(normaliseBackend("file://~")).toBe(`file://${homedir()}`);
    expect(normaliseBackend(`FILE://${homedir()}/`)).toBe(`file://${homedir()}`);
    expect(normaliseBackend("https://app.pulumi.com")).toBe("https://api.pulumi.com");
  });

  it("two backends give two owners for one stack identity; the auto-name seed stays the stack identity", () => {
    const a = ownerKeys("organization/app/dev/scp:Cluster::db", "file:///a");
    const b = ownerKeys("organization/app/dev/scp:Cluster::db", "file:///b");
    expect(a.owner).not.toBe(b.owner);
    expect(a.nameSeed).toBe(b.nameSeed);
    // A backend that cannot be told keeps the key this package always used.
    expect(ownerKeys("organization/app/dev/scp:Cluster::db", "").owner).toBe(a.nameSeed);
  });
});

describe("a create that is still running is never claimed", () => {
  let saved: string | undefined;
  beforeEach(() => {
    saved = process.env.DBAAS_CACHE_DIR;
    process.env.DBAAS_CACHE_DIR = dir();
  });
  afterEach(() => {
    process.env.DBAAS_CACHE_DIR = saved;
  });
  const found = [{ id: "c1", state: "CREATING", createdAt: new Date().toISOString() }];
  const entryFile = () => join(journalDir(), readdirSync(journalDir())[0]);

  it("in this process: running while the create runs, claimable once it has ended", () => {
    const j = new CreateJournal("owner-1", "cluster db");
    j.begin();
    j.record("c1");
    expect(j.running()).toMatch(new RegExp(`^process ${process.pid} on `));
    j.release();
    expect(j.running()).toBeUndefined();
    expect(j.claim(found)?.object.id).toBe("c1");
  });

  it("in another live process of this host: running; once that process has ended: claimable", async () => {
    const j = new CreateJournal("owner-2", "cluster db");
    j.begin();
    j.record("c1");
    j.release();
    const other = spawn(process.execPath, ["-e", "setTimeout(() => {}, 60000)"], { stdio: "ignore" });
    await new Promise((r) => other.once("spawn", r));
    const entry = JSON.parse(readFileSync(entryFile(), "utf8"));
    // The entry as that process would have written it (its start time unknown: the pid alone decides).
    writeFileSync(entryFile(), JSON.stringify({ ...entry, pid: other.pid, started: undefined }));
    expect(j.running()).toMatch(new RegExp(`^process ${other.pid} on `));
    // The same pid with another start time is another process (a reused pid): not running.
    writeFileSync(entryFile(), JSON.stringify({ ...entry, pid: other.pid, started: -1 }));
    expect(j.running()).toBeUndefined();
    writeFileSync(entryFile(), JSON.stringify({ ...entry, pid: other.pid, started: undefined }));
    other.kill("SIGKILL");
    await new Promise((r) => other.once("exit", r));
    expect(j.running()).toBeUndefined();
    expect(j.claim(found)?.object.id).toBe("c1");
  });
});
