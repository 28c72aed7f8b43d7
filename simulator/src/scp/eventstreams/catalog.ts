/**
 * Master data of the simulated SCP EventStreams (Kafka) service. Neither seed 000 nor the reference
 * lists real values; these are invented but shaped like the real catalogue: Kafka images (product
 * image type `Kafka`, product type `Event Streams` from the SDK enums), several minors of one major
 * so minor patches (seed 000) can be exercised, one end-of-service version, a few broker settings.
 */
import { productRows, type EngineVersion, type KitCatalog, type ParameterDef, type ParameterGroup } from "../kit/catalog";

export const PRODUCT_IMAGE_TYPE = "Kafka";
export const PRODUCT_TYPE = "Event Streams";
export const DBAAS_ENGINE = "KAFKA";
/** Defaults of the SDK's `EventStreamsInitConfigOptionRequest`. */
export const DEFAULT_BROKER_PORT = 9091;
export const DEFAULT_ZOOKEEPER_PORT = 2180;
/** Our bound on brokers per cluster (the documents give none). */
export const MAX_BROKERS = 10;

const {
  engineVersion: ev,
  serverType: st,
  parameterGroup,
} = productRows({
  versionName: "Apache Kafka",
  productImageType: PRODUCT_IMAGE_TYPE,
  productType: PRODUCT_TYPE,
  serverTypePrefix: "kafka",
});

export const ENGINE_VERSIONS: EngineVersion[] = [
  ev("7c2e5b8a3f4d4e0c9a8b7d6e5f4a3b10", "2.8.2", true),
  ev("7c2e5b8a3f4d4e0c9a8b7d6e5f4a3b11", "3.6.2"),
  ev("7c2e5b8a3f4d4e0c9a8b7d6e5f4a3b12", "3.7.1"),
  ev("7c2e5b8a3f4d4e0c9a8b7d6e5f4a3b13", "3.7.2"),
];

const PARAMETER_GROUPS: ParameterGroup[] = ["2", "3"].map((major) =>
  parameterGroup(`9d3f2a1b4c5d6e7f8091a2b3c4d5e6${major.padStart(2, "0")}`, major, `kafka${major}-default`),
);

const PARAMETER_DEFS: ParameterDef[] = [
  {
    name: "num.partitions",
    data_type: "integer",
    default_value: "1",
    allows_value: "1-1000",
    apply_type: "STATIC",
    is_modifiable: true,
    description: "Default number of partitions per topic.",
  },
  {
    name: "log.retention.hours",
    data_type: "integer",
    default_value: "168",
    allows_value: "1-8760",
    apply_type: "STATIC",
    is_modifiable: true,
    description: "Hours to keep a log segment before deleting it.",
  },
  {
    name: "auto.create.topics.enable",
    data_type: "boolean",
    default_value: "false",
    allows_value: "true,false",
    apply_type: "STATIC",
    is_modifiable: true,
    description: "Create a topic on first use.",
  },
  {
    name: "default.replication.factor",
    data_type: "integer",
    default_value: "1",
    allows_value: "1-3",
    apply_type: "STATIC",
    is_modifiable: false,
    description: "Replication factor of automatically created topics; managed by the service.",
  },
];

export const EVENTSTREAMS_CATALOG: KitCatalog = {
  service: "scp-eventstreams",
  dbaasEngine: DBAAS_ENGINE,
  productImageType: PRODUCT_IMAGE_TYPE,
  productType: PRODUCT_TYPE,
  softwareType: "Kafka",
  engineVersions: ENGINE_VERSIONS,
  engineVersionProperties: [
    { name: "broker_port", value: String(DEFAULT_BROKER_PORT) },
    { name: "zookeeper_port", value: String(DEFAULT_ZOOKEEPER_PORT) },
    { name: "max_broker_count", value: String(MAX_BROKERS) },
  ],
  serverTypes: [st(2, 4), st(2, 8), st(4, 16), st(8, 32)],
  parameterGroups: PARAMETER_GROUPS,
  parameterDefs: PARAMETER_DEFS,
  parameterId: (major, def) => `kafka${major}-${def.name.replace(/\./g, "-")}`,
  osDiskGb: 104,
};
