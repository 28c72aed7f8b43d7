// Explicit accounts: the `account` input a resource may carry instead of relying on stack config
// (README "Several accounts"). The account travels with the resource, in its inputs and its
// outputs, as one Pulumi secret: refresh and destroy run from the state alone (without the program),
// so what they need to reach the object must be recorded there. This module is the runtime's side:
// which settings an account of each cloud has, how they overlay the stack config a definition
// reads through `Context.config`, and what a change of account means for the object.

import { containsUnknown, deepEqual } from "./core/diff";
import { registerSecret } from "./core/redact";
import { DEFAULT_ENVIRONMENT as SCP_ENVIRONMENT, DEFAULT_REGION as SCP_REGION } from "./scp/consts";
import { DEFAULT_REGION as SELECTEL_REGION } from "./selectel/consts";

export const ACCOUNT_KEY = "account";

interface CloudAccount {
  /** Readable cloud name for messages. */
  title: string;
  /** Settings the account must give (no fallback: half an account from stack config is another account). */
  required: readonly string[];
  /** Settings it may give; left out, they come from stack config (or the environment), as without an account. */
  optional: readonly string[];
  /** Never in a message; registered for redaction. */
  secret: readonly string[];
  /** Where the object lives: another value is another object (replace); any other difference only reaches it another way. */
  identity: readonly string[];
  /** Defaults of identity settings (the clouds' own): "left out" and "the default spelled out" are one place. */
  defaults: Readonly<Record<string, string>>;
}

const CLOUDS: Readonly<Record<string, CloudAccount>> = {
  scp: {
    title: "SCP",
    required: ["accessKey", "secretKey", "accountId"],
    optional: ["region", "environment", "endpoint"],
    secret: ["accessKey", "secretKey"],
    identity: ["accountId", "region", "environment"],
    defaults: { region: SCP_REGION, environment: SCP_ENVIRONMENT },
  },
  selectel: {
    title: "Selectel",
    required: ["username", "password", "accountId", "projectId"],
    optional: ["region", "authUrl", "endpoint"],
    secret: ["password"],
    identity: ["accountId", "projectId", "region"],
    defaults: { region: SELECTEL_REGION },
  },
  acloud: {
    title: "Avisi Cloud",
    required: ["token", "organisation"],
    optional: ["endpoint"],
    secret: ["token"],
    identity: ["organisation"],
    defaults: {},
  },
};

/** Environment variables the clouds' settings fall back to, for the identity settings only. */
const IDENTITY_ENV: Readonly<Record<string, readonly string[]>> = {
  "scp:accountId": ["SCP_ACCOUNT_ID"],
  "scp:region": ["SCP_REGION"],
  "scp:environment": ["SCP_ENVIRONMENT"],
  "selectel:accountId": ["SELECTEL_ACCOUNT_ID", "OS_DOMAIN_NAME"],
  "selectel:projectId": ["SELECTEL_PROJECT_ID", "OS_PROJECT_ID", "INFRA_PROJECT_ID"],
  "selectel:region": ["SELECTEL_REGION", "INFRA_REGION"],
  "acloud:organisation": ["ACLOUD_ORGANISATION"],
};

type Config = (key: string) => string | undefined;

const cloudOf = (kind: string): [string, CloudAccount | undefined] => {
  const cloud = kind.split(":")[0];
  return [cloud, CLOUDS[cloud]];
};

/** The recorded or declared account of a resource, when it has one. */
export function accountOf(props: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  const c = props?.[ACCOUNT_KEY];
  return c === undefined || c === null ? undefined : (c as Record<string, unknown>);
}

/** `props` with the account (`{account}`) or nothing: for the outputs and inputs the engine records. */
export const withAccount = <P extends Record<string, unknown>>(props: P, from: Record<string, unknown> | undefined): P => {
  const c = accountOf(from);
  return c === undefined ? props : { ...props, [ACCOUNT_KEY]: c };
};

/** `props` without the account: definitions never see it (it is no field of theirs). */
export function withoutAccount<P extends Record<string, unknown>>(props: P): P {
  if (props === undefined || props === null || !(ACCOUNT_KEY in props)) return props;
  const { [ACCOUNT_KEY]: _, ...rest } = props;
  return rest as P;
}

/** Registers the account's credentials for redaction before anything can print them. */
export function registerAccountSecrets(kind: string, ...propSets: (Record<string, unknown> | undefined)[]): void {
  const [, cloud] = cloudOf(kind);
  if (!cloud) return;
  for (const props of propSets) {
    const c = accountOf(props);
    if (!c || typeof c !== "object") continue;
    for (const key of cloud.secret) if (typeof c[key] === "string") registerSecret(c[key]);
  }
}

/**
 * Failures of a declared account: not an object, a setting the cloud's account does not
 * have, a required one missing, a value that is not a non-empty string. Values are never quoted
 * (most are credentials). Values still unknown (preview) are not checked.
 */
export function accountProblems(kind: string, props: Record<string, unknown> | undefined): { property: string; reason: string }[] {
  const c = accountOf(props);
  if (c === undefined || containsUnknown(c)) return [];
  const [cloud, spec] = cloudOf(kind);
  if (!spec) return [{ property: ACCOUNT_KEY, reason: `${kind} takes no account` }];
  if (typeof c !== "object" || Array.isArray(c))
    return [
      { property: ACCOUNT_KEY, reason: `must be an object of ${spec.title} settings (${[...spec.required, ...spec.optional].join(", ")})` },
    ];
  const problems: { property: string; reason: string }[] = [];
  const allowed = [...spec.required, ...spec.optional];
  for (const key of Object.keys(c)) {
    if (!allowed.includes(key))
      problems.push({
        property: `${ACCOUNT_KEY}.${key}`,
        reason: `is not a setting of the ${spec.title} account (allowed: ${allowed.join(", ")})`,
      });
  }
  for (const key of allowed) {
    const v = c[key];
    if (v === undefined || v === null) {
      if (spec.required.includes(key)) {
        problems.push({
          property: `${ACCOUNT_KEY}.${key}`,
          reason: `is required in the ${spec.title} account (${spec.required.join(", ")}); it never falls back to ${cloud}:${key} in stack config, which may name another account`,
        });
      }
    } else if (typeof v !== "string" || v === "") {
      problems.push({
        property: `${ACCOUNT_KEY}.${key}`,
        reason: `must be a non-empty string${spec.secret.includes(key) ? "" : ` (got ${JSON.stringify(v)})`}`,
      });
    }
  }
  return problems;
}

/**
 * The stack config a definition reads, with the resource's account laid over its cloud's keys:
 * a setting the account gives wins; one it leaves out (region, endpoint, …) is the stack's.
 */
export function accountConfig(kind: string, config: Config, props: Record<string, unknown> | undefined): Config {
  const c = accountOf(props);
  const [cloud, spec] = cloudOf(kind);
  if (!c || !spec || typeof c !== "object" || containsUnknown(c)) return config;
  const prefix = `${cloud}:`;
  return (key) => {
    if (key.startsWith(prefix)) {
      const v = c[key.slice(prefix.length)];
      if (typeof v === "string" && v !== "") return v;
    }
    return config(key);
  };
}

/** Where a resource's object lives, as far as the settings say (the account, else stack config, environment, default). */
function identity(
  kind: string,
  config: Config,
  props: Record<string, unknown> | undefined,
): Record<string, string | undefined> | undefined {
  const [cloud, spec] = cloudOf(kind);
  if (!spec) return undefined;
  const read = accountConfig(kind, config, props);
  const out: Record<string, string | undefined> = {};
  for (const key of spec.identity) {
    const full = `${cloud}:${key}`;
    out[key] = read(full) ?? (IDENTITY_ENV[full] ?? []).map((e) => process.env[e]).find((v) => v) ?? spec.defaults[key];
  }
  return out;
}

/**
 * What a change of account means (olds: recorded outputs, news: checked inputs):
 * - `none`: the same account, or none on either side (stack config, as before accounts existed);
 * - `update`: the same account, project and region reached with other credentials or another
 *   endpoint: nothing is sent to the object, the update only records the new account (so that
 *   refresh and destroy use the new keys, not revoked ones);
 * - `replace`: another account, project or region: the recorded object is not there, so it is
 *   created there and the old one deleted through its recorded account (a real provider
 *   instance change replaces too). Unknown credentials (preview) decide nothing; an unknown
 *   account, account id, project, region or organisation plans a replace.
 */
export function accountChange(
  kind: string,
  config: Config,
  olds: Record<string, unknown> | undefined,
  news: Record<string, unknown> | undefined,
): "none" | "update" | "replace" {
  const before = accountOf(olds);
  const after = accountOf(news);
  if (before === undefined && after === undefined) return "none";
  if (!containsUnknown(after) && deepEqual(before, after)) return "none";
  const place = placeOf(kind, config, news);
  // Where the object will live is not known yet (preview): planned as a replace, as the diff
  // engine plans a replace-on-change field whose value is unknown (core/diff.ts).
  if (place === "unknown") return "replace";
  return deepEqual(identity(kind, config, olds), place) ? "update" : "replace";
}

/**
 * `identity` for inputs that may hold values not known yet (preview): credentials still unknown
 * do not matter to where the object lives; an unknown account or identity setting does.
 */
function placeOf(
  kind: string,
  config: Config,
  props: Record<string, unknown> | undefined,
): Record<string, string | undefined> | "unknown" | undefined {
  const c = accountOf(props);
  const [, spec] = cloudOf(kind);
  if (c === undefined || !spec) return identity(kind, config, props);
  if (typeof c !== "object" || spec.identity.some((key) => containsUnknown(c[key]))) return "unknown";
  const known = Object.fromEntries(Object.entries(c).filter(([, v]) => !containsUnknown(v)));
  return identity(kind, config, { ...props, account: known });
}
