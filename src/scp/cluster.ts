// scp.Cluster with engine "postgresql": the lifecycle (read, adopt, create, settle, delete) and the
// definition the runtime serves. Inputs and the field table are in cluster-inputs.ts, the API
// shapes in cluster-translate.ts, the in-place changes in cluster-mutations.ts.

import type { z } from "zod";
import { createOnce, type CreateFlow, type Existing } from "../core/create";
import { errorMessage, isApiError, isNotFound } from "../core/errors";
import { registerSecret } from "../core/redact";
import { assertAdoptable, type Context, type ResourceDefinition } from "../core/resource";
import { GONE } from "../core/wait";
import { assertParameterNames, assertServerType, resolveEngineVersion } from "./catalog";
import { ClusterInputs, clusterFields, validateChange, type ClusterOutputs } from "./cluster-inputs";
import { client, clusterMutations, clusterPath, getCluster, label, readParameters } from "./cluster-mutations";
import { createBody, fromApi } from "./cluster-translate";
import { ClusterList } from "./schemas";

/** The password also appears URL-encoded (in connectionString): redact that spelling too. */
function registerPassword(password: string | undefined) {
  if (password) registerSecret(encodeURIComponent(password));
}

async function readCluster(ctx: Context, id: string, previous: Partial<ClusterOutputs>) {
  registerPassword(previous.databasePassword);
  const api = client(ctx);
  let c;
  try {
    c = await getCluster(api, id);
  } catch (err) {
    // Only the API's own not-found answer means gone; a gateway's 404 (wrong endpoint) is an error.
    if (isNotFound(err)) return undefined;
    throw err;
  }
  if (c.service_state === "TERMINATED") return undefined;
  const parameters = await readParameters(api, id, Object.keys(previous.parameters ?? {}));
  return fromApi(c, previous, parameters);
}

async function adopt(ctx: Context, inputs: ClusterInputs): Promise<{ id: string; outs: ClusterOutputs }> {
  const id = inputs.adopt!;
  const live = await readCluster(ctx, id, { ...inputs, blockStorageIds: [] });
  if (!live) throw new Error(`adopt: cluster ${id} does not exist`);
  assertAdoptable(`cluster ${id}`, clusterFields, live.inputs, inputs, ["instanceNamePrefix", "tags"]);
  return { id, outs: live.outs };
}

// ---- create: look the name up, submit, finish (the rules are core/create.ts's) --------------

const PAGE_SIZE = 100;

/** Live clusters named exactly `name`: the list's `name` filter may match substrings, and TERMINATED ones are history. */
async function findByName(ctx: Context, inputs: ClusterInputs): Promise<Existing[]> {
  const api = client(ctx);
  const found: Existing[] = [];
  for (let page = 0, seen = 0; ; page++) {
    const r = await api.http.get("/v1/clusters", { query: { name: inputs.name, size: PAGE_SIZE, page }, schema: ClusterList });
    seen += r.contents.length;
    for (const c of r.contents) {
      if (c.name === inputs.name && c.service_state !== "TERMINATED") found.push({ id: c.id, state: c.service_state, createdAt: c.created_at || undefined });
    }
    if (r.contents.length < PAGE_SIZE || seen >= r.count) return found;
  }
}

/** Catalogue facts first (nothing is created with a version, server type or parameter the API does not offer), then the POST. */
async function submit(ctx: Context, inputs: ClusterInputs): Promise<string> {
  const api = client(ctx);
  const version = await resolveEngineVersion(api, inputs.engineVersion);
  await assertServerType(api, inputs.serverType);
  await assertParameterNames(api, version, Object.keys(inputs.parameters), ctx.log);
  const accepted = await api.mutate("POST", "/v1/clusters", createBody(inputs, version.id));
  return accepted.resource.id;
}

const provisional = (_id: string, inputs: ClusterInputs) => ({ ...inputs, blockStorageIds: [] }) as unknown as ClusterOutputs;

/** Waits for RUNNING (by state: a cluster taken over has no request id to follow), then applies what the create body cannot carry. */
async function finish(ctx: Context, id: string, inputs: ClusterInputs): Promise<ClusterOutputs> {
  const api = client(ctx);
  await api.waitState(() => getCluster(api, id), label(inputs), "create", ["RUNNING"]);
  let live = (await readCluster(ctx, id, provisional(id, inputs)))!;
  for (const m of clusterMutations) {
    if (m.name === "parameters" && Object.keys(inputs.parameters).length === 0) continue;
    if (m.name !== "parameters" && m.name !== "running") continue;
    if (m.name === "running" && inputs.running) continue;
    await m.apply(ctx, id, live.outs, inputs);
    live = (await readCluster(ctx, id, live.outs))!;
  }
  return live.outs;
}

const createFlow: CreateFlow<ClusterInputs, ClusterOutputs> = {
  what: (inputs) => label(inputs),
  findByName,
  submit,
  finish,
  provisional,
  readOuts: async (ctx, id, inputs) => (await readCluster(ctx, id, provisional(id, inputs)))?.outs,
};

async function create(ctx: Context, inputs: ClusterInputs): Promise<{ id: string; outs: ClusterOutputs }> {
  registerPassword(inputs.databasePassword);
  if (inputs.adopt) return adopt(ctx, inputs);
  return createOnce(ctx, createFlow, inputs);
}

// ---- settle, delete -------------------------------------------------------------------------

async function settle(ctx: Context, id: string) {
  const api = client(ctx);
  await api.waitState(() => getCluster(api, id), `cluster ${id}`, "resume", ["RUNNING", "STOPPED"]);
}

/**
 * Ends only when a read confirms the cluster is gone: the API's own 404 for it, or TERMINATED.
 * Any 404 not in the API's shape (a gateway page, a wrong endpoint) is an error, so the state keeps
 * the cluster. A DELETE answered with the API's 404, or refused on a retry (its first attempt may
 * have been applied with the answer lost, and the retry then meets TERMINATING), is confirmed by
 * reading the cluster; a cluster still alive after that is an error.
 */
async function remove(ctx: Context, id: string, outs: ClusterOutputs) {
  // Adopted clusters are deleted like any other: once adopted, the program owns them.
  const api = client(ctx);
  const what = label(outs, id);
  // A cluster still busy with an operation refuses deletion: let it settle first.
  const before = await api.waitState(() => getCluster(api, id), what, "delete", ["RUNNING", "STOPPED", "ERROR", "FAILED", "TERMINATED", GONE]);
  if (before.state === GONE || before.state === "TERMINATED") return;
  try {
    const accepted = await api.mutate("DELETE", clusterPath(id));
    await api.waitRequest(accepted.request_id, what, "delete");
  } catch (err) {
    const unsure = isNotFound(err) || (isApiError(err, 400) && err.afterRetry);
    if (!unsure) throw err;
    const now = await api.waitState(() => getCluster(api, id), what, "delete", [GONE, "TERMINATED", "RUNNING", "STOPPED", "ERROR", "FAILED"]);
    if (now.state !== GONE && now.state !== "TERMINATED") {
      throw new Error(`${errorMessage(err)}; but ${what} (${id}) is still ${now.state}: it was not deleted`);
    }
    return;
  }
  await api.waitState(() => getCluster(api, id), what, "delete", [GONE, "TERMINATED"]);
}

export const clusterDefinition: ResourceDefinition<ClusterInputs, ClusterOutputs> = {
  kind: "scp:Cluster",
  schema: ClusterInputs as unknown as z.ZodType<ClusterInputs>,
  fields: clusterFields,
  validateChange,
  create,
  read: readCluster,
  settle,
  mutations: clusterMutations,
  // Cluster names are unique: a replacement that keeps its name must delete the old one first.
  uniqueName: true,
  delete: remove,
};
