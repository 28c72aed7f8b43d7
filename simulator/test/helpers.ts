/**
 * Test helpers written from the API document and reference scp.md §1.1, independent of the provider's
 * client code: an SCP signer, a signed fetch, and a valid create body.
 */
import { createHmac } from "node:crypto";
import { afterAll, beforeAll, beforeEach } from "vitest";
import { startSimulator, type Simulator } from "../src";

export const ACCESS_KEY = "test-ak";
export const SECRET_KEY = "test-sk";

export function sign(method: string, url: string, timestamp: string, accessKey: string, secretKey: string, accountId = ""): string {
  return createHmac("sha256", secretKey).update(`${method}${url}${timestamp}${accessKey}${accountId}Openapi`).digest("base64");
}

export interface CallOptions {
  body?: unknown;
  rawBody?: string;
  version?: string | null;
  accessKey?: string;
  secretKey?: string;
  timestamp?: number;
  headers?: Record<string, string>;
  signUrl?: string;
}

export interface CallResult {
  status: number;
  body: any;
  headers: Headers;
}

export class ScpClient {
  constructor(
    readonly sim: Simulator,
    readonly base = `${sim.url}/scp/postgresql`,
    /** `Scp-Api-Version` sent unless a call says otherwise. */
    readonly version = "postgresql 1.1",
  ) {}

  async call(method: string, path: string, o: CallOptions = {}): Promise<CallResult> {
    const url = `${this.base}${path}`;
    const ts = String(o.timestamp ?? Date.now());
    const ak = o.accessKey ?? ACCESS_KEY;
    const headers: Record<string, string> = {
      "Scp-AccessKey": ak,
      "Scp-Timestamp": ts,
      "Scp-ClientType": "Openapi",
      "Scp-Signature": sign(method, o.signUrl ?? url, ts, ak, o.secretKey ?? SECRET_KEY),
      "Accept-Language": "en-US",
      "Content-Type": "application/json",
      ...(o.version === null ? {} : { "Scp-Api-Version": o.version ?? this.version }),
      ...o.headers,
    };
    const res = await fetch(url, {
      method,
      headers,
      body: o.rawBody ?? (o.body === undefined ? undefined : JSON.stringify(o.body)),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  get(path: string, o?: CallOptions) {
    return this.call("GET", path, o);
  }
  post(path: string, body?: unknown, o?: CallOptions) {
    return this.call("POST", path, { ...o, body });
  }
  put(path: string, body?: unknown, o?: CallOptions) {
    return this.call("PUT", path, { ...o, body });
  }
  delete(path: string, o?: CallOptions) {
    return this.call("DELETE", path, o);
  }

  /** Engine version id by software version, looked up through the API. */
  async engineVersionId(software: string): Promise<string> {
    const r = await this.get("/v1/engine-versions");
    const v = r.body.contents.find((e: any) => e.software_version === software);
    if (!v) throw new Error(`no engine version ${software}`);
    return v.id;
  }

  /** Create a cluster and complete its creation with one manual step. */
  async createRunning(overrides: Record<string, unknown> = {}): Promise<any> {
    const body = createBody(await this.engineVersionId("16.4"), overrides);
    const r = await this.post("/v1/clusters", body);
    if (r.status !== 202) throw new Error(`create failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.sim.advance(1);
    const show = await this.get(`/v1/clusters/${r.body.resource.id}`);
    return show.body;
  }
}

export async function startManualSim(): Promise<{ sim: Simulator; api: ScpClient }> {
  const sim = await startSimulator({ scp: { accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, mode: "manual" });
  return { sim, api: new ScpClient(sim) };
}

/**
 * Registers the hooks every SCP simulator test file needs: one manual-clock simulator for the file,
 * reset before each test. `bind` receives the simulator, a signed client and the 16.4 version id.
 */
export function useManualSim(bind: (s: { sim: Simulator; api: ScpClient; ev164: string }) => void): void {
  let sim: Simulator;
  beforeAll(async () => {
    const started = await startManualSim();
    sim = started.sim;
    bind({ ...started, ev164: await started.api.engineVersionId("16.4") });
  });
  afterAll(() => sim.close());
  beforeEach(() => {
    sim.reset();
    sim.setClock({ mode: "manual" });
  });
}

export function createBody(engineVersionId: string, overrides: Record<string, unknown> = {}): any {
  return {
    allowable_ip_addresses: ["192.168.10.0/24"],
    dbaas_engine_version_id: engineVersionId,
    ha_enabled: false,
    init_config_option: {
      audit_enabled: false,
      backup_option: { archive_frequency_minute: "60", retention_period_day: "7", starting_time_hour: "2" },
      database_encoding: "UTF-8",
      database_locale: "C",
      database_name: "orders",
      database_port: 2866,
      database_user_name: "dbadmin",
      database_user_password: "S3cret-pass!",
    },
    instance_groups: [
      {
        block_storage_groups: [{ role_type: "DATA", size_gb: 104, volume_type: "SSD" }],
        instances: [{ role_type: "ACTIVE" }],
        role_type: "ACTIVE",
        server_type_name: "db1v2m4",
      },
    ],
    instance_name_prefix: "orders",
    maintenance_option: { period_hour: "2", starting_day_of_week: "SUN", starting_time: "0300" },
    name: "orders",
    nat_enabled: false,
    subnet_id: "3f1a9c0e5b7d4e2f8a6c1b0d9e8f7a6b",
    tags: [{ key: "env", value: "test" }],
    timezone: "Asia/Seoul",
    ...overrides,
  };
}

export function haBody(engineVersionId: string, overrides: Record<string, unknown> = {}): any {
  const b = createBody(engineVersionId, overrides);
  b.ha_enabled = true;
  b.instance_groups[0].role_type = "ACTIVE_STANDBY";
  b.instance_groups[0].instances = [{ role_type: "ACTIVE" }, { role_type: "STANDBY" }];
  return b;
}
