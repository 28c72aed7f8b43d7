import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkInputs, diffResource } from "../../src/core/resource";
import { clusterDefinition } from "../../src/scp/cluster";
import { scpEngine } from "../../src/scp/kit/cluster";
import { defineScpCluster } from "../../src/scp/kit/engine";
import { endpointPath } from "../../src/core/endpoints";
import { callEndpoint, endpointTable, SCP } from "../../src/scp/kit/endpoints";
import { allowedIpsMutation } from "../../src/scp/kit/mutations";
import { postgresqlEndpoints } from "../../src/scp/postgresql/endpoints";

const pg = {
  engine: "postgresql",
  name: "orders",
  engineVersion: "16.8",
  subnetId: "subnet-a",
  serverType: "db1v2m4",
  instanceNamePrefix: "orders",
  blockStorages: [{ roleType: "DATA", sizeGb: 104 }],
  databaseName: "orders",
  databaseUserName: "app",
  databasePassword: "s3cretpassw0rd",
};

describe("scp:Cluster dispatches on engine", () => {
  it("refuses an engine it does not serve, naming the property and the choices", () => {
    const { failures } = checkInputs(clusterDefinition, {}, { ...pg, engine: "mysql" });
    expect(failures).toEqual([{ property: "engine", reason: expect.stringMatching(/^must be one of "postgresql"/) }]);
  });

  it("checks with the engine's own schema", () => {
    expect(checkInputs(clusterDefinition, {}, pg).inputs.databasePort).toBe(2866);
  });

  it("a change of engine replaces, deleting first when the name stays", () => {
    const olds = checkInputs(clusterDefinition, {}, pg).inputs;
    expect(diffResource(clusterDefinition, olds, { ...olds, engine: "cachestore" })).toEqual({
      changes: true,
      replaces: ["engine"],
      deleteBeforeReplace: true,
    });
  });
});

describe("SCP endpoint tables", () => {
  it("refuse a malformed row when the module loads", () => {
    expect(() => endpointTable({ "POST /v1/clusters/{id}/stop ": { response: z.any() } })).toThrow(/malformed SCP endpoint rows/);
    expect(() => endpointTable({ "FETCH /v1/clusters": { response: z.any() } })).toThrow(/malformed/);
  });

  it("fill path parameters validated and encoded, never raw", () => {
    expect(
      endpointPath(SCP, "POST /v1/instance-groups/{instance_group_id}/resize", { instance_group_id: "0123456789abcdef0123456789abcdef" }),
    ).toBe("/v1/instance-groups/0123456789abcdef0123456789abcdef/resize");
    expect(() => endpointPath(SCP, "DELETE /v1/clusters/{cluster_id}", { cluster_id: "../x" })).toThrow(
      /cluster id "..\/x" is not an SCP id/,
    );
    expect(() => endpointPath(SCP, "DELETE /v1/clusters/{cluster_id}", {})).toThrow(/needs the path parameter cluster_id/);
  });

  it("check a body against the row's request schema before anything is sent", async () => {
    const api = {
      http: {
        send: async () => {
          throw new Error("sent");
        },
      },
    } as any;
    const params = { cluster_id: "0123456789abcdef0123456789abcdef" };
    await expect(
      callEndpoint(api, postgresqlEndpoints, "PUT /v1/clusters/{cluster_id}/audit-log", { params, body: { use_audit_log: "yes" } }),
    ).rejects.toThrow(/use_audit_log/);
    await expect(callEndpoint(api, postgresqlEndpoints, "POST /v1/clusters/{cluster_id}/stop", { params, body: {} })).rejects.toThrow(
      /takes no body/,
    );
    await expect(callEndpoint(api, postgresqlEndpoints, "POST /v1/clusters/{cluster_id}/stop", { params })).rejects.toThrow(/^sent$/);
  });

  it("an engine table without a row the kit calls is refused", () => {
    const { ["DELETE /v1/clusters/{cluster_id}"]: _gone, ...partial } = postgresqlEndpoints;
    expect(() => scpEngine("postgresql", partial as any)).toThrow(/lacks DELETE \/v1\/clusters\/\{cluster_id\}/);
  });

  it("a mutation naming a row its engine's table does not have fails when the definition is built", () => {
    const engine = scpEngine("cachestore", { ...postgresqlEndpoints });
    const mutation = { ...allowedIpsMutation(engine), endpoint: "POST /v1/clusters/{cluster_id}/security-group-rulez" };
    expect(() =>
      defineScpCluster({
        engine: "cachestore",
        api: engine,
        schema: z.object({}) as any,
        fields: [],
        mutations: [mutation],
        readExtras: async () => undefined,
        fromApi: () => {
          throw new Error("unused");
        },
        createRequest: async () => ({ endpoint: "POST /v1/clusters" }),
        afterCreate: () => [],
        notReadBack: [],
      }),
    ).toThrow(
      /mutation allowedIps names POST \/v1\/clusters\/\{cluster_id\}\/security-group-rulez, which is not in the cachestore endpoint table/,
    );
  });
});
