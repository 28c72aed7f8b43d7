// The one provider factory. What it returns is serialized into every resource's state, so it
// holds nothing but the resource kind and calls into `pulumi-dbaas/runtime`, resolved at run time
// from the program's node_modules. Never capture a client, an Agent, a credential or an Output here.

import type * as pulumi from "@pulumi/pulumi";

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/** One singleton provider per kind: the SDK caches serialized providers by object identity. */
export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (!provider) {
    provider = {
      async configure(req: pulumi.dynamic.ConfigureRequest) {
        return require("pulumi-dbaas/runtime").configure(req.config);
      },
      async check(olds: any, news: any) {
        return require("pulumi-dbaas/runtime").check(kind, olds, news);
      },
      async diff(id: string, olds: any, news: any) {
        return require("pulumi-dbaas/runtime").diff(kind, id, olds, news);
      },
      async create(inputs: any) {
        return require("pulumi-dbaas/runtime").create(kind, inputs);
      },
      async read(id: string, props: any) {
        return require("pulumi-dbaas/runtime").read(kind, id, props);
      },
      async update(id: string, olds: any, news: any) {
        return require("pulumi-dbaas/runtime").update(kind, id, olds, news);
      },
      async delete(id: string, props: any) {
        return require("pulumi-dbaas/runtime").remove(kind, id, props);
      },
    } as pulumi.dynamic.ResourceProvider;
    providers.set(kind, provider);
  }
  return provider;
}
