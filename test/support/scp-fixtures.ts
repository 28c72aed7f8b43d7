// A raw SCP create body, for tests that make a cluster out of band (adoption, drift).
import type { ScpClient } from "../../src/scp/client";

export async function createBody(api: ScpClient, o: { name: string; password: string }) {
  const versions: any = await api.http.get("/v1/engine-versions");
  const v = versions.contents.find((x: any) => x.software_version === "16.4");
  return {
    name: o.name,
    dbaas_engine_version_id: v.id,
    subnet_id: "subnet-a",
    ha_enabled: false,
    nat_enabled: false,
    timezone: "Asia/Seoul",
    instance_name_prefix: "legacy",
    allowable_ip_addresses: ["10.0.0.0/24"],
    init_config_option: {
      audit_enabled: false,
      database_encoding: "UTF-8",
      database_locale: "C",
      database_name: "orders",
      database_port: 2866,
      database_user_name: "app",
      database_user_password: o.password,
    },
    instance_groups: [{
      role_type: "ACTIVE",
      server_type_name: "db1v2m4",
      block_storage_groups: [{ role_type: "DATA", size_gb: 104, volume_type: "SSD" }],
      instances: [{ role_type: "ACTIVE" }],
    }],
    tags: [],
  };
}
