// Stack config that points a program at the simulator's SCP services, and a direct SCP client for
// out-of-band changes and checks (what a colleague with the console would do).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll } from "vitest";
import type { ScpService } from "../../src/scp/consts";
import { packedTarball } from "./pack";
import { DirectScpClient } from "./scp-client";
import { PulumiProject } from "./pulumi";
import { SIM_ACCESS_KEY, SIM_SECRET_KEY, startSim, type Sim } from "./sim";

/** Credentials as the README says to set them (every one with --secret), plus secret program config. */
export async function configureScp(p: PulumiProject, sim: Sim, secrets: Record<string, string> = {}, endpoint = sim.scpEndpoint) {
  await p.configAll({ "scp:endpoint": endpoint }, { "scp:accessKey": SIM_ACCESS_KEY, "scp:secretKey": SIM_SECRET_KEY, ...secrets });
}

/** A client of one SCP service of the simulator, outside Pulumi. */
export function scpApi(sim: Sim, service: ScpService): DirectScpClient {
  const values: Record<string, string> = {
    "scp:endpoint": sim.scpEndpoint,
    "scp:accessKey": SIM_ACCESS_KEY,
    "scp:secretKey": SIM_SECRET_KEY,
  };
  return DirectScpClient.for({ config: (k) => values[k], log: () => {}, warn: () => {} }, service);
}

/**
 * In-process tests call the runtime directly: credentials and the endpoint come from the
 * environment, waits poll briskly, and the create journal lives in a fresh directory.
 */
export function pointRuntimeAtSim(sim: Sim, journalLabel: string): void {
  process.env.SCP_ENDPOINT = sim.scpEndpoint;
  process.env.SCP_ACCESS_KEY = SIM_ACCESS_KEY;
  process.env.SCP_SECRET_KEY = SIM_SECRET_KEY;
  process.env.DBAAS_WAIT_MIN_INTERVAL_MS = "20";
  process.env.DBAAS_WAIT_MAX_INTERVAL_MS = "100";
  process.env.DBAAS_HTTP_MIN_RETRY_MS = "20";
  process.env.DBAAS_CACHE_DIR = mkdtempSync(join(tmpdir(), `${journalLabel}-`));
}

/**
 * The set-up of an SCP end-to-end file: a simulator, and the example installed from the packed
 * tarball into a fresh stack configured as the README says (`secrets` as secret program config);
 * `ready` receives both once they exist, and the simulator stops after the file.
 */
export function useScpExample(
  example: string,
  secrets: Record<string, string>,
  ready: (sim: Sim, project: PulumiProject) => void,
  opts: { stepMs?: number; endpoint?: (sim: Sim) => string; config?: Record<string, string> } = {},
): void {
  let sim: Sim | undefined;
  beforeAll(async () => {
    sim = await startSim({ stepMs: opts.stepMs ?? 300 });
    const project = await PulumiProject.create(example, packedTarball());
    await configureScp(project, sim, secrets, opts.endpoint?.(sim) ?? sim.scpEndpoint);
    await project.configAll(opts.config ?? {});
    ready(sim, project);
  }, 900_000);
  afterAll(async () => {
    await sim?.close();
  });
}
