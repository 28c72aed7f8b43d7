// End to end with the real Pulumi CLI: what a user sees after moving or rotating credentials.
// `pulumi refresh` and `pulumi destroy` configure the provider with the stack configuration the
// last `pulumi up` recorded, so keys just set with `pulumi config set` are not seen: the message
// must say so and name commands that work (each is run here), with no stack trace and no key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PulumiProject, type RunResult } from "../support/pulumi";
import { packedTarball } from "../support/pack";
import { SIM_ACCESS_KEY, SIM_SECRET_KEY, startSim, type Sim } from "../support/sim";

let sim: Sim;
let project: PulumiProject;

beforeAll(async () => {
  sim = await startSim({ stepMs: 200 });
  project = await PulumiProject.create("scp-postgresql", packedTarball());
  await project.config("scp:endpoint", sim.scpEndpoint);
  await project.config("databasePassword", "E2e-db-passw0rd", { secret: true });
}, 900_000);
afterAll(async () => {
  await sim?.close();
});

/** `up` with the keys in the environment only, then the keys moved into stack config. */
async function upThenMoveKeysToConfig() {
  await project.pulumi(["config", "rm", "scp:accessKey"]);
  await project.pulumi(["config", "rm", "scp:secretKey"]);
  project.env.SCP_ACCESS_KEY = SIM_ACCESS_KEY;
  project.env.SCP_SECRET_KEY = SIM_SECRET_KEY;
  await project.up();
  delete project.env.SCP_ACCESS_KEY;
  delete project.env.SCP_SECRET_KEY;
  await project.config("scp:accessKey", SIM_ACCESS_KEY, { secret: true });
  await project.config("scp:secretKey", SIM_SECRET_KEY, { secret: true });
}

function expectGuidance(r: RunResult) {
  const text = r.stdout + r.stderr;
  expect(r.code, text).not.toBe(0);
  expect(text).toContain("SCP credentials are missing (scp:accessKey / SCP_ACCESS_KEY, scp:secretKey / SCP_SECRET_KEY)");
  expect(text).toContain("run this command again with `--run-program` (it reads the current configuration), or run `pulumi up` once first");
  expect(text).not.toMatch(/\n\s+at .*\.js:\d+/); // no stack trace
  expect(text).not.toContain(SIM_SECRET_KEY);
}

describe("credentials moved from the environment into stack config", { timeout: 900_000 }, () => {
  it("refresh and destroy fail with the way out; refresh --run-program works; after `pulumi up` destroy works", async () => {
    await upThenMoveKeysToConfig();
    expectGuidance(await project.pulumi(["refresh", "--yes", "--skip-preview"]));
    expectGuidance(await project.pulumi(["destroy", "--yes", "--skip-preview"]));
    await project.ok(["refresh", "--yes", "--skip-preview", "--run-program"]);
    await project.up();
    await project.ok(["destroy", "--yes", "--skip-preview"]);
    expect((await sim.state()).services["scp-postgresql"].clusters).toEqual([]);
  });

  it("destroy --run-program works at once", async () => {
    await upThenMoveKeysToConfig();
    expectGuidance(await project.pulumi(["destroy", "--yes", "--skip-preview"]));
    await project.ok(["destroy", "--yes", "--skip-preview", "--run-program"]);
    expect((await sim.state()).services["scp-postgresql"].clusters).toEqual([]);
  });
});
