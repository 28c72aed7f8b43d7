// pulumi-dbaas: Pulumi dynamic providers for managed databases.
export * as scp from "./scp";
