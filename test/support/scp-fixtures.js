// A raw SCP PostgreSQL create body, for clusters made outside Pulumi (adoption and drift tests,
// the benchmark). Plain CommonJS so both vitest and scripts/bench.js load it.
exports.createBody = async function createBody(api, { name, password = "Fixture-passw0rd", prefix = "legacy" }) {
  const versions = await api.http.get("/v1/engine-versions");
  const v = versions.contents.find((x) => x.software_version === "16.4");
  return {
    name,
    dbaas_engine_version_id: v.id,
    subnet_id: "subnet-a",
    ha_enabled: false,
    nat_enabled: false,
    timezone: "Asia/Seoul",
    instance_name_prefix: prefix,
    allowable_ip_addresses: ["10.0.0.0/24"],
    init_config_option: {
      audit_enabled: false,
      database_encoding: "UTF-8",
      database_locale: "C",
      database_name: "orders",
      database_port: 2866,
      database_user_name: "app",
      database_user_password: password,
    },
    instance_groups: [
      {
        role_type: "ACTIVE",
        server_type_name: "db1v2m4",
        block_storage_groups: [{ role_type: "DATA", size_gb: 104, volume_type: "SSD" }],
        instances: [{ role_type: "ACTIVE" }],
      },
    ],
    tags: [],
  };
};
