// The README's copy-paste block that points a program at the simulator works as written: the
// `pulumi config set` lines it gives (the port swapped for this run's) configure clients that the
// simulator accepts, through the same settings readers the providers use: SCP signatures on all
// three services, a Selectel Keystone token for the project, and the Avisi token and organisation
// (the cluster the README's Avisi example upgrades exists). A wrong credential, path or key in
// the block fails here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AcloudClient } from "../../src/acloud/client";
import { ScpClient } from "../../src/scp/client";
import { SelectelClient } from "../../src/selectel/client";
import { doc } from "../support/docs";
import { startSim, type Sim } from "../support/sim";

const README = doc("README.md").text;

/** The shell block that starts the simulator, and the one after it with the config lines. */
function simulatorBlocks(): { start: string; config: string } {
  const sh = [...README.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1]);
  const at = sh.findIndex((b) => /^npx pulumi-dbaas-sim\b/m.test(b));
  return { start: sh[at] ?? "", config: sh[at + 1] ?? "" };
}

const { start, config } = simulatorBlocks();
const port = start.match(/npx pulumi-dbaas-sim --port (\d+)/)?.[1];
const base = `http://127.0.0.1:${port}`;

/** `pulumi config set [--secret] key value` lines, quotes removed. */
const values: Record<string, string> = Object.fromEntries(
  [...config.matchAll(/^pulumi config set (?:--secret )?(\S+) (\S+)/gm)].map((m) => [m[1], m[2].replace(/^'(.*)'$/, "$1")]),
);

let sim: Sim;
const ctx = () => ({
  config: (key: string) => values[key]?.replace(base, sim.url),
  log: () => {},
  warn: () => {},
});

beforeAll(async () => {
  sim = await startSim();
});
afterAll(async () => {
  await sim?.close();
});

describe("README: pointing a program at the simulator", () => {
  it("starts the simulator on a port and sets every cloud's endpoint to that port", () => {
    expect(port).toBeDefined();
    for (const key of ["scp:endpoint", "selectel:authUrl", "selectel:endpoint", "acloud:endpoint"]) {
      expect(values[key], key).toMatch(new RegExp(`^${base.replace(/\./g, "\\.")}/`));
    }
  });

  it.each(["postgresql", "cachestore", "eventstreams"] as const)("SCP %s accepts the keys and the endpoint", async (service) => {
    const answer = await ScpClient.for(ctx(), service).http.get("/v1/clusters");
    expect(answer).toHaveProperty("contents");
  });

  it("Selectel issues a token for the user, account and project, and lists datastores at the endpoint", async () => {
    const api = await SelectelClient.for(ctx());
    expect(await api.datastoresNamed("none-such")).toEqual([]);
  });

  it("Avisi Cloud accepts the token and organisation, and has the README example's cluster", async () => {
    const cluster = await AcloudClient.for(ctx()).clusterBySlug("production", "prod-k8s");
    expect(cluster).toBeDefined();
  });
});
