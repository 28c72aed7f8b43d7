// The provider's SCP client, plus what tests need to drive the API by hand (out-of-band changes, a
// cluster made outside Pulumi): a raw mutation and the kit's waiters under short names. These live
// here, not on ScpClient: the provider sends every mutation through its endpoint tables.
import type { Context } from "../../src/core/resource";
import { scpSettings, ScpClient } from "../../src/scp/client";
import type { ScpApi } from "../../src/scp/consts";
import { waitRequest, waitServiceState } from "../../src/scp/kit/cluster";
import { AsyncResponse } from "../../src/scp/schemas";

export class DirectScpClient extends ScpClient {
  static override for(ctx: Context, service: ScpApi): DirectScpClient {
    return new DirectScpClient(service, scpSettings(ctx), ctx.log);
  }

  /** Sends a mutation (answered 202) and returns the accepted request id and resource id. */
  async mutate(method: "POST" | "PUT" | "DELETE", path: string, body?: unknown) {
    return this.http.send(method, path, { body, schema: AsyncResponse }) as Promise<{ request_id: string; resource: { id: string } }>;
  }

  async waitRequest(requestId: string, resource: string, operation: string): Promise<void> {
    return waitRequest(this, requestId, resource, operation);
  }

  async waitState<T extends { service_state: string }>(poll: () => Promise<T>, resource: string, operation: string, target: string[]) {
    return waitServiceState(poll, resource, operation, target);
  }
}
