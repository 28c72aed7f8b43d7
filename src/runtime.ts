// `pulumi-dbaas/runtime`: the code the serialized providers call at run time. The provider object
// stored in the state holds only a kind name and `require("pulumi-dbaas/runtime")` calls (see
// provider.ts), so the installed package's code runs, state stays small and holds no secret, and
// upgrading the package never shows a diff. This subpath and these function signatures are a
// contract with every state file ever written: keep them stable.

import {
  allFields,
  assertFieldTable,
  checkInputs,
  diffResource,
  updateResource,
  mergeDesired,
  variantOf,
  withoutUnmanaged,
  PartialFailure,
  OWNER_KEY,
  type Context,
  type Props,
  type ResourceDefinition,
} from "./core/resource";
import { containsUnknown } from "./core/diff";
import { InputError, errorMessage } from "./core/errors";
import { CREATE_FAILED_KEY, failedCreateDiff } from "./core/failed-create";
import { tuningProblems } from "./core/tuning";
import { checkScpEndpointSettings } from "./scp/client";
import { checkSelectelEndpointSettings } from "./selectel/client";
import { acloudEndpoint } from "./acloud/client";
import { redact, registerSecret } from "./core/redact";
import { setProgressSink } from "./core/wait";
import { timedDefinition } from "./core/timed";
import { DURATIONS_KEY, travellingDurations } from "./core/travel";
import { accountConfig, accountChange, accountProblems, registerAccountSecrets, withAccount, withoutAccount } from "./account";

import { REGISTRY } from "./registry";

type Definition = ResourceDefinition<any, any>;

/** Every resource kind this package manages, by the name its serialized provider carries (src/registry.ts). */
const definitions = new Map<string, Definition>(
  REGISTRY.map(({ definition: d }) => {
    assertFieldTable(d); // at module load: a typo in a field table fails every command at once, loudly
    return [d.kind, timedDefinition(d)];
  }),
);

export function definitionOf(kind: string): Definition {
  const def = definitions.get(kind);
  if (!def) throw new Error(`pulumi-dbaas: unknown resource kind ${kind}; is the installed package older than the state?`);
  return def;
}

export const kinds = (): string[] => [...definitions.keys()];

// ---- configuration -------------------------------------------------------------------------

const configured = new Map<string, string>();

/** Config keys read from the stack in `configure`; environment variables are the fallback. */
const CONFIG_KEYS = [
  "scp:accessKey",
  "scp:secretKey",
  "scp:accountId",
  "scp:region",
  "scp:environment",
  "scp:endpoint",
  "selectel:username",
  "selectel:password",
  "selectel:accountId",
  "selectel:projectId",
  "selectel:region",
  "selectel:authUrl",
  "selectel:endpoint",
  "acloud:token",
  "acloud:organisation",
  "acloud:endpoint",
];
const SECRET_CONFIG_KEYS = new Set(["scp:secretKey", "scp:accessKey", "selectel:password", "acloud:token"]);

export async function configure(config: { get(key: string): string | undefined }): Promise<void> {
  for (const key of CONFIG_KEYS) {
    let value: string | undefined;
    try {
      value = config.get(key);
    } catch {
      value = undefined;
    }
    if (value !== undefined && value !== "") {
      configured.set(key, value);
      if (SECRET_CONFIG_KEYS.has(key)) registerSecret(value);
    }
  }
}

export function configValue(key: string): string | undefined {
  return configured.get(key);
}

/** The services a definition uses; `props` (inputs or recorded outputs) give the owner key and the account (src/account.ts). */
function context(kind: string, props?: Props): Context {
  const owner = props?.[OWNER_KEY];
  return {
    config: accountConfig(kind, configValue, props),
    log: (line) => console.log(redact(line)),
    warn: (line) => console.log(redact(`warning: ${line}`)),
    owner: typeof owner === "string" && owner !== "" ? owner : undefined,
  };
}
setProgressSink((line) => console.log(redact(line)));

/** Every value of a field marked `secret` is redacted from errors and log lines from now on. */
function registerSecretInputs(def: Definition, ...propSets: (Props | undefined)[]): void {
  for (const f of allFields(def)) {
    if (!f.secret) continue;
    for (const props of propSets) {
      const v = props?.[f.key];
      if (typeof v === "string") registerSecret(v);
    }
  }
}

/** Keys marked secret in a kind's field table: the resource class stores them as secrets. */
export function secretInputKeys(kind: string): string[] {
  return [
    ...new Set(
      allFields(definitionOf(kind))
        .filter((f) => f.secret)
        .map((f) => f.key),
    ),
  ];
}

/**
 * What a resource class needs before any RPC (src/kinds-meta.ts holds it, generated from here by
 * `npm run kinds`, so that declaring resources loads no schema code).
 */
export function kindMeta(kind: string): { inputs: string[]; secrets: string[]; autoNamed: boolean; uniqueName: boolean } {
  const def = definitionOf(kind);
  return {
    inputs: [...new Set(allFields(def).map((f) => f.key))],
    secrets: secretInputKeys(kind),
    autoNamed: autoNamed(kind),
    uniqueName: def.uniqueName === true,
  };
}

/** The kind makes up a `name` the program leaves out (every variant of it, for scp:Cluster). */
export function autoNamed(kind: string): boolean {
  const def = definitionOf(kind);
  return (
    def.autoName !== undefined || (def.variants !== undefined && Object.values(def.variants.of).every((v) => v.autoName !== undefined))
  );
}

// ---- the provider methods ------------------------------------------------------------------

/**
 * Everything `up` would refuse before its first mutating request is refused here, so `pulumi
 * preview` shows it: the inputs' own rules, every tuning variable and the cloud's endpoint
 * settings, then the catalogue (read through the cache `up` uses; values still unknown are left
 * unchecked).
 */
export async function check(kind: string, olds: Props, news: Props) {
  const def = definitionOf(kind);
  registerSecretInputs(def, olds, news);
  registerAccountSecrets(kind, olds, news);
  const checked = checkInputs(def, withoutAccount(olds ?? {}), withoutAccount(news ?? {}));
  const account = accountProblems(kind, news);
  const result = { inputs: withAccount(checked.inputs, news), failures: [...checked.failures, ...account] };
  if (account.length > 0) return result;
  const settings = settingProblems(kind, news);
  if (settings.length > 0)
    return { inputs: result.inputs, failures: [...result.failures, ...settings.map((reason) => ({ property: "", reason }))] };
  if (result.failures.length > 0) return result;
  const variant = variantOf(def, result.inputs);
  // An account not known yet (preview) names no account whose catalogue could be read.
  if (!variant?.checkCatalog || containsUnknown(news?.account)) return result;
  const known: Props = {};
  for (const [k, v] of Object.entries(strip(result.inputs))) if (!containsUnknown(v)) known[k] = v;
  const oldInputs = strip(olds ?? {});
  // An adoption creates nothing: it takes the live object as it is (a retired server type included).
  if (known.adopt !== undefined && Object.keys(oldInputs).length === 0) return result;
  const sameVariant = !def.variants || oldInputs[def.variants.key] === known[def.variants.key];
  try {
    await variant.checkCatalog(context(kind, news), known, sameVariant ? oldInputs : {});
  } catch (err) {
    if (err instanceof InputError) return { inputs: result.inputs, failures: [{ property: err.property, reason: redact(err.reason) }] };
    // The catalogue could not be read (credentials, endpoint, network): `up` would stop there too.
    return { inputs: result.inputs, failures: [{ property: "", reason: `the catalogue check could not run: ${errorMessage(err)}` }] };
  }
  return result;
}

/** Tuning variables, then the endpoint settings of the kind's cloud: each message names the setting and its value. */
function settingProblems(kind: string, news: Props): string[] {
  const problems = tuningProblems().map((p) => p.message);
  const cloud = kind.split(":")[0];
  const ctx = context(kind, news);
  try {
    if (cloud === "scp") checkScpEndpointSettings(ctx);
    else if (cloud === "selectel") checkSelectelEndpointSettings(ctx);
    else if (cloud === "acloud") acloudEndpoint(ctx);
  } catch (err) {
    problems.push(errorMessage(err));
  }
  return problems;
}

export async function diff(kind: string, id: string, olds: Props, news: Props) {
  const def = definitionOf(kind);
  registerAccountSecrets(kind, olds, news);
  // A create that ended failed is replaced whatever the inputs say (core/failed-create.ts).
  const result =
    failedCreateDiff(kind, id, olds ?? {}, news ?? {}, def.uniqueName === true, context(kind, news).warn) ??
    diffResource(def, olds ?? {}, news ?? {});
  // A planned change of an object another stack has taken over is refused here, in the preview,
  // as `up` would refuse it (src/scp/kit/engine.ts).
  const assertOwned = (variantOf(def, news) ?? def).assertOwned;
  if (result.changes && id && assertOwned)
    await assertOwned(context(kind, news), id).catch((err) => {
      throw asEngineError(err, news?.__provider);
    });
  // A change of account (src/account.ts): new keys for the same account are recorded by an
  // update that sends nothing; another account, project or region is another object.
  const change = accountChange(kind, configValue, olds, news);
  if (change === "none") return result;
  return { ...result, changes: true, replaces: change === "replace" ? [...result.replaces, "account"] : result.replaces };
}

export async function create(kind: string, inputs: Props) {
  const def = definitionOf(kind);
  registerSecretInputs(def, inputs);
  registerAccountSecrets(kind, inputs);
  const provider = inputs.__provider;
  const durations = travellingDurations(undefined);
  try {
    const { id, outs } = await durations.run(() => def.create(context(kind, inputs), strip(inputs)));
    return {
      id,
      outs: withOwner(
        withAccount(
          withDurations(withoutUnmanaged(def, mergeDesired(def, outs, strip(inputs)), strip(inputs)), durations.record()),
          inputs,
        ),
        inputs,
      ),
    };
  } catch (err) {
    throw asEngineError(err, provider, durations.record(), inputs);
  }
}

export async function read(kind: string, id: string, props: Props) {
  const def = definitionOf(kind);
  registerSecretInputs(def, props);
  registerAccountSecrets(kind, props);
  const previous = strip(props);
  let result;
  try {
    result = await def.read(context(kind, props), id, previous);
  } catch (err) {
    throw asEngineError(err, props?.__provider);
  }
  if (!result) return { id: "", props: {} }; // an empty id tells the engine the object is gone
  // A recorded resource keeps out what its program leaves to another owner; a `get` (nothing
  // recorded yet) sees everything.
  const outs = Object.keys(previous).length === 0 ? result.outs : withoutUnmanaged(def, result.outs, previous);
  const inputs = Object.keys(previous).length === 0 ? result.inputs : withoutUnmanaged(def, result.inputs, previous);
  // A refresh keeps the mark of a create that ended failed (the object is still the one that
  // failed) and the durations this resource recorded (the API knows nothing of them).
  const failed = props?.[CREATE_FAILED_KEY];
  // The account is the state's own: the API knows nothing of it, and refresh and destroy need it.
  const kept = withOwner(withAccount(withDurations(outs, props?.[DURATIONS_KEY]), props), props);
  return { id, props: failed === undefined ? kept : { ...kept, [CREATE_FAILED_KEY]: failed }, inputs: withAccount(inputs, props) };
}

export async function update(kind: string, id: string, olds: Props, news: Props) {
  const def = definitionOf(kind);
  registerSecretInputs(def, olds, news);
  registerAccountSecrets(kind, olds, news);
  const durations = travellingDurations(olds?.[DURATIONS_KEY]);
  try {
    const outs = await durations.run(() => updateResource(def, context(kind, news), id, withoutAccount(olds), withoutAccount(news)));
    return { outs: withOwner(withAccount(withDurations(outs, durations.record()), news), news) };
  } catch (err) {
    throw asEngineError(err, news.__provider, durations.record(), news);
  }
}

export async function remove(kind: string, id: string, props: Props) {
  const def = definitionOf(kind);
  registerSecretInputs(def, props);
  registerAccountSecrets(kind, props);
  try {
    await travellingDurations(props?.[DURATIONS_KEY]).run(() => def.delete(context(kind, props), id, strip(props)));
  } catch (err) {
    throw asEngineError(err, props.__provider);
  }
}

/**
 * Outputs with the resource's owner key (core/owner.ts, no secret), when the inputs or the recorded
 * outputs hold one: delete gets only the outputs, and must know whose object it deletes (an SCP
 * cluster adopted by another stack is not this one's any more: kit/engine.ts).
 */
function withOwner(outs: Props, props: Props | undefined): Props {
  const owner = props?.[OWNER_KEY];
  return typeof owner === "string" && owner !== "" ? { ...outs, [OWNER_KEY]: owner } : outs;
}

/** Outputs with the resource's recorded durations (core/travel.ts), when there are any. */
function withDurations(outs: Props, durations: unknown): Props {
  return durations === undefined ? outs : { ...outs, [DURATIONS_KEY]: durations };
}

/** The definition's own properties: no engine or class bookkeeping (`__…`), no account. */
function strip(props: Props): Props {
  const out: Props = {};
  for (const [k, v] of Object.entries(withoutAccount(props ?? {}))) if (!k.startsWith("__")) out[k] = v;
  return out;
}

/**
 * A PartialFailure becomes the shape the dynamic-provider host turns into ErrorResourceInitFailed:
 * the engine keeps the resource in state with these properties. `__provider` must be included by
 * hand (the host does not add it on this path), or a later refresh or delete cannot load the code;
 * so must the account (`inputs`'), or they would reach the stack's account instead.
 */
function asEngineError(err: unknown, provider: unknown, durations?: unknown, inputs?: Props): unknown {
  if (err instanceof PartialFailure) {
    const message = errorMessage(err.cause);
    return {
      id: err.id,
      properties: { ...withOwner(withAccount(withDurations(err.outs, durations), inputs), inputs), __provider: provider },
      reasons: [message],
      message,
    };
  }
  if (err instanceof Error) {
    err.message = redact(err.message);
    return isBug(err) ? err : withoutTrace(err);
  }
  return withoutTrace(new Error(errorMessage(err)));
}

/** Errors of the language itself mean a bug in this package: their stack trace helps the report. */
const isBug = (err: Error) =>
  err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError || err instanceof SyntaxError;

/**
 * A message for the user, not a bug: the dynamic-provider host prints `${err}: ${err.stack}` for
 * read, delete, check and diff (sdk nodejs/cmd/dynamic-provider), which would add a stack trace of
 * our own frames to a refusal that already says what to do. The message alone is printed instead.
 */
function withoutTrace(err: Error): Error {
  const message = err.message;
  Object.defineProperty(err, "stack", { value: message, configurable: true, writable: true });
  Object.defineProperty(err, "toString", { value: () => "pulumi-dbaas", configurable: true, writable: true });
  return err;
}
