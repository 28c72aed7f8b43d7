/**
 * The shapes of an SCP DBaaS service's master data, shared by every engine: engine versions, server
 * types, parameter groups and parameter definitions. Each engine fills a {@link KitCatalog} with its
 * own (invented but realistically shaped) rows; the kit's finders, checks and master-data routes read
 * only this interface, so no engine repeats them.
 */

export interface EngineVersion {
  id: string;
  name: string;
  major_version: string;
  software_version: string;
  os_type: string;
  os_version: string;
  product_image_type: string;
  end_of_service: boolean;
}

export interface ServerType {
  name: string;
  cpu_core: number;
  memory_gb: number;
  description: string;
  product_image_type: string;
  product_type: string;
  purpose: string;
  type: string;
}

export interface ParameterGroup {
  id: string;
  major_version: string;
  name: string;
  product_image_type: string;
  product_type: string;
}

export type ParameterDataType = "integer" | "enum" | "boolean" | "string";

export interface ParameterDef {
  /** Suffix of the parameter id; the id is built by the engine's `parameterId`. */
  name: string;
  data_type: ParameterDataType;
  default_value: string;
  /** `min-max` for integers, comma-separated choices for enum/boolean, free text for strings. */
  allows_value: string;
  apply_type: "DYNAMIC" | "STATIC";
  is_modifiable: boolean;
  description: string;
}

/** What the kit needs to know about one engine's master data and naming. */
export interface KitCatalog {
  /** `scp-postgresql`, … (labels of clock operations). */
  service: string;
  /** `dbaas_engine` of Show Cluster, e.g. `POSTGRESQL`. */
  dbaasEngine: string;
  productImageType: string;
  productType: string;
  /** `software_type` of parameter rows, e.g. `PostgreSQL`. */
  softwareType: string;
  engineVersions: EngineVersion[];
  engineVersionProperties: Array<{ name: string; value: string }>;
  serverTypes: ServerType[];
  parameterGroups: ParameterGroup[];
  parameterDefs: ParameterDef[];
  parameterId(major: string, def: ParameterDef): string;
  /** Size of the OS disk the service adds to every instance group. */
  osDiskGb: number;
}

/** Same account and user for every call: the simulator has a single set of credentials. */
export const SIM_ACCOUNT_ID = "4c7f1bb2e0a94b6f9a1d3e5f7a9c0b12";
export const SIM_USER_ID = "90dddfc2b1e04edba54ba2b41539a9ac";
/** The region every simulated SCP endpoint stands for (`<service>.kr-west1.e.samsungsdscloud.com`). */
export const SIM_REGION = "kr-west1";

/** Compare dotted versions numerically: <0, 0, >0. */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/**
 * Row builders for one product's master data, so an engine's catalogue lists only its own values
 * (versions, sizes, group ids) and every row has the same shape.
 */
export function productRows(p: { versionName: string; productImageType: string; productType: string; serverTypePrefix: string }) {
  return {
    /** `software` like `16.4`; the major is the part before the first dot. */
    engineVersion: (id: string, software: string, eos = false): EngineVersion => ({
      id,
      name: `${p.versionName} ${software}`,
      major_version: software.split(".")[0],
      software_version: software,
      os_type: "RHEL",
      os_version: "8.10",
      product_image_type: p.productImageType,
      end_of_service: eos,
    }),
    /** Named like SCP's server types: `<prefix>1v<cpu>m<memory>`. */
    serverType: (cpu: number, mem: number): ServerType => ({
      name: `${p.serverTypePrefix}1v${cpu}m${mem}`,
      cpu_core: cpu,
      memory_gb: mem,
      description: `Standard ${cpu} vCPU, ${mem} GB memory`,
      product_image_type: p.productImageType,
      product_type: p.productType,
      purpose: "DB",
      type: "Standard",
    }),
    parameterGroup: (id: string, major: string, name: string): ParameterGroup => ({
      id,
      major_version: major,
      name,
      product_image_type: p.productImageType,
      product_type: p.productType,
    }),
  };
}
