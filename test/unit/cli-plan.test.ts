// `pulumi-dbaas plan`: the report rendered from the JSON of real `pulumi preview --json` runs
// (test/fixtures/plan, recorded against the simulator: see its README), checked against the field
// tables and mutations the provider executes.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseArgs, UsageError } from "../../src/cli/args";
import { planOf } from "../../src/cli/plan";
import { renderPlan, summaryLine } from "../../src/cli/plan-report";
import { recordDuration } from "../../src/core/durations";
import { opKey } from "../../src/core/timed";
import { DURATIONS_KEY } from "../../src/core/travel";
import { definitionOf } from "../../src/runtime";

const fixture = (name: string) => JSON.parse(readFileSync(join(__dirname, "../fixtures/plan", `${name}.json`), "utf8"));
const pg = definitionOf("scp:Cluster").variants!.of.postgresql;
const mutation = (def: any, name: string) => def.mutations.find((m: any) => m.name === name);

const saved = { ...process.env };
afterEach(() => {
  for (const k of ["DBAAS_CACHE_DIR", "DBAAS_WAIT_LEARN"]) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

describe("pulumi-dbaas plan: the report of a real preview", () => {
  it("an in-place change lists each property old → new and the calls of the mutations its rows name", () => {
    const plan = planOf(fixture("scp-inplace"));
    expect(plan.refusals).toEqual([]);
    expect(plan.resources).toHaveLength(1);
    const r = plan.resources[0];
    expect(r).toMatchObject({ kind: "scp:Cluster", name: "orders", action: "update" });
    expect(r.changes).toEqual([
      { key: "allowedIps", old: '["10.0.0.0/24"]', new: '["10.0.0.0/24","192.168.0.0/16"]', how: "in place" },
      { key: "serverType", old: "db1v2m4", new: "db1v4m8", how: "in place" },
    ]);
    // The calls are the endpoints of the mutations the two rows name, in the order update runs them.
    const rows = ["serverType", "allowedIps"].map((k) => (pg.fields.find((f: any) => f.key === k)!.apply as { mutation: string }).mutation);
    expect(r.calls).toEqual(rows.map((name) => ({ call: mutation(pg, name).endpoint, by: name })));
    // The SCP documents say nothing of a resize's or a rule change's effect on availability.
    expect(r.effects.map((e) => e.effect)).toEqual(["not documented", "not documented"]);
    expect(r.expected).toEqual({ from: "no history yet (serverType, allowedIps)" });
    expect(summaryLine(plan)).toBe("1 in place: duration: no history yet.");
  });

  it("a replace of a cluster (unique name) deletes first, through the kind's delete and create calls", () => {
    const plan = planOf(fixture("scp-replace"));
    const r = plan.resources[0];
    expect(r.action).toBe("replace, deleting first");
    expect(r.replaceReasons).toEqual(["subnetId"]);
    expect(r.changes.find((c) => c.key === "subnetId")).toEqual({
      key: "subnetId",
      old: "subnet-a",
      new: "subnet-b",
      how: "forces the replacement",
    });
    expect(r.calls).toEqual([
      { call: pg.calls!.delete, by: "delete" },
      { call: pg.calls!.create, by: "create" },
    ]);
    expect(r.effects).toHaveLength(1);
    expect(r.effects[0].effect).toBe("recreated");
    expect(r.effects[0].note).toMatch(/deleted before the new one is created/);
    expect(summaryLine(plan)).toBe("1 replace that deletes first: duration: no history yet, one recreated object.");
  });

  it("a preview refused by check reports the refusal per resource, with the property and the rule", () => {
    for (const [name, kind, message] of [
      ["scp-refusal", "scp:Cluster", "blockStorages[0].sizeGb: block storage can only grow: 104 GB → 16 GB is a shrink"],
      ["selectel-refusal", "selectel:Cluster", "flavor.disk: disk can only grow: 32 → 16"],
    ]) {
      const plan = planOf(fixture(name));
      expect(plan.resources).toEqual([]);
      expect(plan.refusals).toEqual([{ kind, name: kind === "scp:Cluster" ? "orders" : "pg", message }]);
      expect(summaryLine(plan)).toBe("1 refused.");
      expect(renderPlan(plan)).toContain(`- ${kind} \`${kind === "scp:Cluster" ? "orders" : "pg"}\`: ${message}`);
    }
  });

  it("several resources: documented availability effects (by their rules), secrets masked, dependents replaced", () => {
    const preview = fixture("selectel-changes");
    const plan = planOf(preview);
    const by = (name: string) => plan.resources.find((r) => r.name === name)!;
    // nodeCount 1 → 2: the resize of a single-node cluster is documented as downtime; config may restart.
    expect(by("pg").effects.map((e) => [e.by, e.effect])).toEqual([
      ["resize", "downtime"],
      ["config", "restart"],
    ]);
    // The user's password is secret on both sides: the report says so instead of guessing.
    expect(by("app").changes).toEqual([
      { key: "password", old: "[secret]", new: "[secret]", how: "in place (a secret value; the preview hides whether it changed)" },
    ]);
    expect(by("app").calls).toEqual([{ call: mutation(definitionOf("selectel:User"), "update").endpoint, by: "update" }]);
    expect(by("orders")).toMatchObject({ action: "replace, deleting first", replaceReasons: ["name"] });
    expect(by("pgcrypto").replaceReasons).toEqual([]);
    expect(by("pgcrypto").changes).toEqual([
      { key: "databaseId", old: expect.any(String), new: "(known after apply)", how: "known once what it refers to is replaced" },
    ]);
    expect(summaryLine(plan)).toBe(
      "2 in place, 3 replaces that delete first: duration: no history yet, one possible restart, one " +
        "period of downtime, three recreated objects.",
    );
    // No value the preview marks secret, nor any secret config value, reaches the report.
    const report = renderPlan(plan);
    expect(report).not.toMatch(/passw0rd/i);
    expect(report).toContain("| `password` | [secret] | [secret] |");
  });

  it("with --refresh, a property changed outside Pulumi is reported as drift, and the change starts from the live value", () => {
    const plan = planOf(fixture("scp-drift"));
    const r = plan.resources[0];
    expect(r.drift).toEqual([{ key: "allowedIps", state: '["10.0.0.0/24"]', live: '["10.0.0.0/24","192.0.2.0/24"]' }]);
    expect(r.changes).toEqual([{ key: "allowedIps", old: '["10.0.0.0/24","192.0.2.0/24"]', new: '["10.0.0.0/24"]', how: "in place" }]);
    expect(summaryLine(plan)).toBe("1 in place: duration: no history yet. One resource changed outside Pulumi.");
    expect(renderPlan(plan)).toContain(
      '> **Drift:** `allowedIps` changed outside Pulumi (state ["10.0.0.0/24"], live ["10.0.0.0/24","192.0.2.0/24"])',
    );
    // Without --refresh there is nothing to compare with: no drift is claimed.
    expect(planOf(fixture("scp-inplace")).resources[0].drift).toEqual([]);
  });

  it("a secret input of the field table is masked even when the preview shows it in clear", () => {
    const preview = fixture("scp-inplace");
    const step = preview.steps.find((s: any) => s.op === "update");
    step.oldState.inputs.databasePassword = "old-plain-Passw0rd";
    step.newState.inputs.databasePassword = "new-plain-Passw0rd";
    const report = renderPlan(planOf(preview));
    expect(report).toContain("| `databasePassword` | [secret] | [secret] |");
    expect(report).not.toContain("plain-Passw0rd");
  });

  it("the expected duration comes from the durations recorded in the resource's state, else from this machine's cache", () => {
    process.env.DBAAS_WAIT_LEARN = "1";
    process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), "plan-durations-"));
    const preview = fixture("scp-inplace");
    const step = preview.steps.find((s: any) => s.op === "update");
    step.oldState.outputs[DURATIONS_KEY] = {
      [opKey("scp:Cluster", "postgresql", "serverType")]: [400_000, 420_000, 410_000],
      [opKey("scp:Cluster", "postgresql", "allowedIps")]: [20_000],
    };
    let r = planOf(preview).resources[0];
    expect(r.expected).toEqual({ ms: 430_000, from: "this resource's state" });
    expect(renderPlan(planOf(preview))).toContain("Expected duration: ~7 min (from this resource's state)");

    delete step.oldState.outputs[DURATIONS_KEY];
    recordDuration(opKey("scp:Cluster", "postgresql", "serverType"), 300_000);
    r = planOf(preview).resources[0];
    expect(r.expected).toEqual({ from: "no history yet (allowedIps)" });
    recordDuration(opKey("scp:Cluster", "postgresql", "allowedIps"), 60_000);
    r = planOf(preview).resources[0];
    expect(r.expected).toEqual({ ms: 360_000, from: "this machine's cache" });
    expect(summaryLine(planOf(preview))).toBe("1 in place: ~6 min.");
  });
});

describe("pulumi-dbaas plan: arguments", () => {
  it("reads a file or stdin, or passes everything after -- to the preview it runs", () => {
    expect(parseArgs(["plan"])).toEqual({ command: "plan", input: undefined, previewArgs: [], cwd: undefined });
    expect(parseArgs(["plan", "-"])).toMatchObject({ input: "-" });
    expect(parseArgs(["plan", "--input", "p.json"])).toMatchObject({ input: "p.json" });
    expect(parseArgs(["plan", "--cwd=infra", "--", "--stack", "prod", "--refresh"])).toEqual({
      command: "plan",
      input: undefined,
      previewArgs: ["--stack", "prod", "--refresh"],
      cwd: "infra",
    });
    expect(parseArgs(["plan", "--", "--help"])).toMatchObject({ command: "plan", previewArgs: ["--help"] });
    expect(() => parseArgs(["plan", "--stack", "prod"])).toThrow(UsageError);
    expect(() => parseArgs(["plan", "-", "--", "--stack", "prod"])).toThrow(/--input reads a preview/);
  });
});
