// What the SCP cluster scenarios of every engine share, end to end and in process: a change made
// outside Pulumi (what a colleague with the console would do).
import type { DirectScpClient } from "../scp-client";

/** Resizes one instance group through the API, outside Pulumi, and waits until the cluster runs again. */
export async function resizeOutOfBand(api: DirectScpClient, clusterId: string, groupId: string, serverType: string): Promise<void> {
  const accepted = await api.mutate("POST", `/v1/instance-groups/${groupId}/resize`, { server_type_name: serverType });
  await api.waitRequest(accepted.request_id, "cluster", "out-of-band resize");
  await api.waitState(() => api.http.get(`/v1/clusters/${clusterId}`) as any, "cluster", "out-of-band resize", ["RUNNING"]);
}
