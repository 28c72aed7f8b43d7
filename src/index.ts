// pulumi-dbaas: Pulumi dynamic providers for managed databases.
export * as scp from "./scp";
export * as selectel from "./selectel";
export * as acloud from "./acloud";
