// What the SCP cluster scenarios of every engine share, end to end and in process: a change made
// outside Pulumi (what a colleague with the console would do), and stack config written in one go.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DirectScpClient } from "../scp-client";
import type { PulumiProject } from "../pulumi";

/** Resizes one instance group through the API, outside Pulumi, and waits until the cluster runs again. */
export async function resizeOutOfBand(api: DirectScpClient, clusterId: string, groupId: string, serverType: string): Promise<void> {
  const accepted = await api.mutate("POST", `/v1/instance-groups/${groupId}/resize`, { server_type_name: serverType });
  await api.waitRequest(accepted.request_id, "cluster", "out-of-band resize");
  await api.waitState(() => api.http.get(`/v1/clusters/${clusterId}`) as any, "cluster", "out-of-band resize", ["RUNNING"]);
}

/**
 * Sets several plain (not secret) program config values at once. Every `pulumi config set` costs a
 * CLI start (seconds of CPU), so the values are written into the stack file as JSON (valid YAML, as
 * PulumiProject.configJson does), with one `pulumi config rm-all` first for the keys already there.
 */
export async function setConfig(project: PulumiProject, values: Record<string, unknown>): Promise<void> {
  const file = join(project.dir, `Pulumi.${project.stack}.yaml`);
  const name = (readFileSync(join(project.dir, "Pulumi.yaml"), "utf8").match(/^name:\s*(\S+)/m) ?? [])[1];
  const full = (key: string) => (key.includes(":") ? key : `${name}:${key}`);
  const present = Object.keys(values).filter((k) =>
    new RegExp(`^  ${full(k).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:`, "m").test(readFileSync(file, "utf8")),
  );
  if (present.length > 0) await project.ok(["config", "rm-all", ...present]);
  const lines = Object.entries(values)
    .map(([k, v]) => `  ${full(k)}: ${JSON.stringify(v)}\n`)
    .join("");
  writeFileSync(file, `${readFileSync(file, "utf8").replace(/\n*$/, "\n")}${lines}`);
}
