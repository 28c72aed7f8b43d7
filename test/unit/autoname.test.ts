// Auto-naming (core/autoname.ts, `check` in core/resource.ts): a made-up name fits each kind's own
// schema whatever the logical name, is the same on every run of one resource and different for
// another identity, survives updates, and an adoption without a name takes the live one.
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { autoName, nameSuffix, SUFFIX_LENGTH } from "../../src/core/autoname";
import { UNKNOWN } from "../../src/core/diff";
import { checkInputs, diffResource } from "../../src/core/resource";
import { autoNamed, definitionOf, kinds } from "../../src/runtime";

const CLUSTER_ID = "3f1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a";
const OTHER_CLUSTER_ID = "9a1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a";

/** Every kind whose `name` may be left out, with what selects its variant. */
const AUTO_NAMED: [string, Record<string, unknown>][] = [
  ["scp:Cluster", { engine: "postgresql" }],
  ["scp:Cluster", { engine: "cachestore" }],
  ["scp:Cluster", { engine: "eventstreams" }],
  ["scp:Replica", {}],
  ["selectel:Cluster", {}],
  ["selectel:User", {}],
  ["selectel:Database", {}],
  ["selectel:Topic", {}],
];

const ODD_NAMES = [
  "orders",
  "DB",
  "a",
  "",
  "123",
  "9lives",
  "база-данных",
  "Café Crème",
  "注文",
  "🚀-db",
  "x".repeat(300),
  "my_db__prod",
  "a-b.c_d",
  "---",
  "__",
  "Orders-DB-01",
  "trailing-",
  "ends.",
  "z".repeat(12) + "-" + "y".repeat(40),
];

/** `check` with only the bookkeeping keys and the variant selector: the name is the one made up. */
function check(kind: string, extra: Record<string, unknown>, logical: string, owner: string, olds: Record<string, unknown> = {}) {
  return checkInputs(definitionOf(kind), olds, { ...extra, __owner: owner, __logicalName: logical });
}

describe("auto-names fit each kind's schema", () => {
  for (const [kind, extra] of AUTO_NAMED) {
    it(
      `${kind}${typeof extra.engine === "string" ? ` (${extra.engine})` : ""}: every odd logical name ` + `gives a name its schema accepts`,
      () => {
        for (const logical of ODD_NAMES) {
          const { inputs, failures } = check(kind, extra, logical, `owner-of-${logical}`);
          expect(typeof inputs.name, logical).toBe("string");
          // The other inputs are missing here, so failures name them; never `name`.
          expect(
            failures.filter((f) => f.property === "name"),
            `${kind} ${JSON.stringify(logical)} → ${inputs.name}`,
          ).toEqual([]);
          expect(inputs.name.endsWith(nameSuffix(`owner-of-${logical}`))).toBe(true);
        }
      },
    );
  }

  it("a declared name that breaks the rule still fails (the schema is really checked)", () => {
    for (const [kind, extra] of AUTO_NAMED) {
      const { failures } = checkInputs(definitionOf(kind), {}, { ...extra, name: "#".repeat(300), __owner: "o", __logicalName: "x" });
      expect(
        failures.map((f) => f.property),
        kind,
      ).toContain("name");
    }
  });

  it("every kind with a user-chosen name input auto-names; the others do not", () => {
    expect(kinds().filter(autoNamed).sort()).toEqual([
      "scp:Cluster",
      "scp:Replica",
      "selectel:Cluster",
      "selectel:Database",
      "selectel:Topic",
      "selectel:User",
    ]);
    // selectel:Extension's name is a catalogue entry, not a choice.
    expect(definitionOf("selectel:Extension").autoName).toBeUndefined();
  });
});

describe("the generator", () => {
  const rule = { max: 20, chars: "a-z", separator: "" as const, lowerCase: true as const };

  it("is deterministic per identity and differs for another identity (another stack, parent or name)", () => {
    expect(autoName(rule, "orders", "stack-a/orders")).toBe(autoName(rule, "orders", "stack-a/orders"));
    expect(autoName(rule, "orders", "stack-a/orders")).not.toBe(autoName(rule, "orders", "stack-b/orders"));
    const suffixes = new Set(Array.from({ length: 2000 }, (_, i) => nameSuffix(`identity-${i}`)));
    expect(suffixes.size).toBe(2000);
    for (const s of suffixes) expect(s).toMatch(new RegExp(`^[a-z]{${SUFFIX_LENGTH}}$`));
  });

  it("keeps what the API allows of the logical name, in its case rule, within the length", () => {
    const suffix = nameSuffix("id");
    expect(autoName(rule, "Orders-DB 2", "id")).toBe(`ordersdb${suffix}`);
    expect(autoName(rule, "x".repeat(50), "id")).toBe(`${"x".repeat(13)}${suffix}`);
    expect(autoName({ max: 19, chars: "a-z0-9-", separator: "-", lowerCase: true }, "2nd Replica--of_orders", "id")).toBe(
      `nd-replica-${suffix}`,
    );
    expect(autoName({ max: 63, chars: "a-z0-9_", separator: "_", lowerCase: true }, "App User", "id")).toBe(`app_user_${suffix}`);
    expect(autoName({ max: 249, chars: "a-zA-Z0-9._-", separator: "-" }, "Events.v1", "id")).toBe(`Events.v1-${suffix}`);
    expect(autoName(rule, "Café", "id")).toBe(`cafe${suffix}`);
    expect(autoName(rule, "база", "id")).toBe(suffix);
  });
});

describe("check: when a name is made up, kept or left to the live object", () => {
  const user = { clusterId: CLUSTER_ID, password: "passw0rd-long" };
  const kind = "selectel:User";

  it("a declared name is used as is", () => {
    expect(check(kind, { ...user, name: "declared" }, "app", "o1").inputs.name).toBe("declared");
  });

  it("the same resource gets the same name in preview and up, and a replacement gets it again", () => {
    const preview = check(kind, user, "app", "o1").inputs;
    const up = check(kind, user, "app", "o1").inputs;
    expect(up.name).toBe(preview.name);
    expect(preview.name).toMatch(/^app_[a-z]{7}$/);
    // Another stack: another owner key, another name.
    expect(check(kind, user, "app", "o2").inputs.name).not.toBe(preview.name);
    // A replacement (clusterId is replace-only) is checked with no old inputs: same name, so it deletes first.
    const moved = check(kind, { ...user, clusterId: OTHER_CLUSTER_ID }, "app", "o1").inputs;
    expect(moved.name).toBe(preview.name);
    expect(diffResource(definitionOf(kind), { ...preview, status: "ACTIVE" }, moved)).toEqual({
      changes: true,
      replaces: ["clusterId"],
      deleteBeforeReplace: true,
    });
  });

  it("an update keeps the name the resource has, made up or declared before", () => {
    const olds = { ...user, name: "made_up_earlier" };
    expect(check(kind, user, "app", "o1", olds).inputs.name).toBe("made_up_earlier");
    const first = check(kind, user, "app", "o1").inputs;
    const next = check(kind, { ...user, password: "another-passw0rd" }, "app", "o1", first).inputs;
    expect(next.name).toBe(first.name);
    expect(diffResource(definitionOf(kind), first, next)).toMatchObject({ changes: true, replaces: [] });
  });

  it("adopt without a name takes the live name: not in the inputs, not diffed, kept on later runs", () => {
    const adopt = "7d1c9a4e-0b7d-4c1e-9a52-6d8e2f0b1c3a";
    const { inputs, failures } = check(kind, { ...user, adopt }, "app", "o1");
    expect(failures).toEqual([]);
    expect(inputs.name).toBeUndefined();
    const outs = { ...inputs, name: "live_name", status: "ACTIVE" };
    expect(diffResource(definitionOf(kind), outs, inputs)).toMatchObject({ changes: false });
    // Later runs (adopt may even be removed): the state's inputs have no name, so none is made up.
    const later = check(kind, user, "app", "o1", inputs);
    expect(later.failures).toEqual([]);
    expect(later.inputs.name).toBeUndefined();
    expect(diffResource(definitionOf(kind), outs, later.inputs)).toMatchObject({ changes: false });
  });

  it("an owner key not known yet (preview) leaves the name unknown rather than guessing", () => {
    expect(check(kind, user, "app", UNKNOWN).inputs.name).toBe(UNKNOWN);
  });

  it("the logical name never reaches the state (only the owner key and provider travel)", () => {
    const { inputs } = check(kind, user, "app", "o1");
    expect(inputs.__logicalName).toBeUndefined();
    expect(inputs.__owner).toBe("o1");
  });
});

describe("the resource classes", () => {
  it("send the logical name and owner key, and `resource.name` is the name the provider settled on", async () => {
    const registered: Record<string, any>[] = [];
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          registered.push(args.inputs);
          return { id: `${args.name}-id`, state: { ...args.inputs, name: args.inputs.name ?? `made-up-${args.name}` } };
        },
        call: () => ({}),
      },
      "proj",
      "stack",
      false,
      "org",
    );
    const { scp, selectel } = await import("../../src/index");
    const cluster = new selectel.Cluster("analytics", { engine: "postgresql", version: "16", subnetId: "s", flavorId: "f" });
    const user = new selectel.User("reader", { clusterId: cluster.id, password: "passw0rd-long" });
    const named = new scp.Replica("replica", { sourceClusterId: cluster.id, name: "declared", serverType: "db1v2m4", blockStorages: [] });
    const value = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));
    expect(await value(cluster.name)).toBe("made-up-analytics");
    expect(await value(user.name)).toBe("made-up-reader");
    expect(await value(named.name)).toBe("declared");
    expect(registered.map((r) => r.__logicalName).sort()).toEqual(["analytics", "reader", "replica"]);
    for (const r of registered) expect(r.__owner).toMatch(/^[0-9a-f]{32}$/);
  });
});
