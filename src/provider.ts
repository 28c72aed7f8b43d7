// The one provider factory. What the engine stores in every resource's state is the serialized
// provider; to keep it tiny and free of code, each kind's provider object is the whole export of
// its own module (src/providers/<cloud>-<Type>.ts). Pulumi's closure serializer writes a module's
// export object as `require("pulumi-dbaas/providers/<cloud>-<Type>")` (about 100 bytes), so the
// installed package's code runs, state holds no secret, and upgrading the package shows no diff.
// Never capture a client, an Agent, a credential or an Output here.
//
// States written before this layout hold providers whose methods call `pulumi-dbaas/runtime`
// directly; runtime.ts keeps those entry points stable for them.

import type * as pulumi from "@pulumi/pulumi";

function makeProvider(kind: string): pulumi.dynamic.ResourceProvider {
  return {
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
}

/** "scp:Cluster" → "scp-Cluster", the module name under src/providers. */
export const providerModuleName = (kind: string) => kind.replace(":", "-");

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

/** The singleton provider of a kind (the SDK caches serialized providers by object identity). */
export function providerFor(kind: string): pulumi.dynamic.ResourceProvider {
  let provider = providers.get(kind);
  if (!provider) {
    provider = makeProvider(kind);
    providers.set(kind, provider);
    // Loading the kind's module makes this object its export (the module calls providerFor), which
    // is what lets the serializer write a `require` instead of the code.
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the kind's module, named at run time
      require(`./providers/${providerModuleName(kind)}`);
    } catch {
      // A source checkout under a TypeScript test runner: the provider is serialized by value.
    }
  }
  return provider;
}
