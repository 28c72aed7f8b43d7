// Endpoint tables, one mechanism for every cloud: `METHOD /path` → the zod schemas of the request
// body and of the answer. A cloud's table is the one place its paths are written: calls send a row
// (path parameters validated and encoded, the body checked against the row's request schema before
// it is sent, the answer parsed with its response schema), and mutations and lifecycle `calls`
// name rows, checked when the module loads, so the README, the hover docs and `pulumi-dbaas plan`
// can never name a path the code does not call.

import type { z } from "zod";
import type { HttpClient, RawAnswer } from "./http";
import type { ResourceDefinition } from "./resource";

export interface Endpoint {
  /** The request body; undefined when the call sends none. */
  request?: z.ZodType;
  response: z.ZodType;
}

export type EndpointTable = Readonly<Record<string, Endpoint>>;

/** What differs between clouds: the name in messages, the form of a row, and how a path parameter is checked. */
export interface Cloud {
  /** "SCP", "Selectel", "Avisi" (messages only). */
  name: string;
  /** The form of a row key, e.g. `^(GET|POST) \/v1(\/[a-z-]+|\/\{[a-z_]+\})+$`. */
  row: RegExp;
  /** A path parameter's value, validated and path-encoded; throws a message naming the parameter. */
  param: (name: string, value: string, key: string) => string;
}

type Method = "GET" | "POST" | "PUT" | "DELETE";

/** Checks a table when its module loads: every key has the cloud's row form. */
export function endpointTable<T extends EndpointTable>(cloud: Cloud, table: T): T {
  const bad = Object.keys(table).filter((k) => !cloud.row.test(k));
  if (bad.length > 0) throw new Error(`pulumi-dbaas: malformed ${cloud.name} endpoint rows: ${bad.join(", ")}`);
  return table;
}

/** A row key of `table`, checked: code names endpoints through this, so a typo fails at load. */
export function row<T extends EndpointTable>(cloud: Cloud, table: T, key: keyof T & string): keyof T & string {
  if (!Object.hasOwn(table, key)) throw new Error(`pulumi-dbaas: no ${cloud.name} endpoint ${key}`);
  return key;
}

/**
 * The row keys a mutation's `endpoint` or a lifecycle call names: `A; B` lists several, and a
 * trailing ` (…)` is a note for the reader (`(grow)`, `(polls only)`), not part of the row.
 */
export function namedRows(text: string): string[] {
  return text.split("; ").map((e) => e.replace(/ \(.*\)$/, ""));
}

/**
 * Every row a definition names (its mutations' `endpoint` and its `calls`) must be in `table`:
 * called when the definition's module loads, so a name that drifted from the code fails at once.
 */
export function assertNamedRows(
  cloud: Cloud,
  table: EndpointTable,
  def: Pick<ResourceDefinition<any, any>, "kind" | "mutations" | "calls">,
  tableName = cloud.name,
): void {
  const named = [
    ...def.mutations.map((m) => ({ by: `mutation ${m.name}`, text: m.endpoint })),
    ...(def.calls
      ? [
          { by: "create", text: def.calls.create },
          { by: "delete", text: def.calls.delete },
        ]
      : []),
  ];
  for (const { by, text } of named) {
    for (const key of namedRows(text)) {
      if (!Object.hasOwn(table, key))
        throw new Error(`pulumi-dbaas: ${def.kind} ${by} names ${key}, which is not in the ${tableName} endpoint table`);
    }
  }
}

/** The path of a row with its parameters filled in by the cloud's rule, never spliced in raw. */
export function endpointPath(cloud: Cloud, key: string, params: Record<string, string> = {}): string {
  const path = key.slice(key.indexOf(" ") + 1);
  return path.replace(/\{([a-z_]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`pulumi-dbaas: ${key} needs the path parameter ${name}`);
    return cloud.param(name, value, key);
  });
}

export interface CallOptions {
  /** Path parameters by name, checked and encoded by the cloud's rule. */
  params?: Record<string, string>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Overrides the method-based retry rule (core/http.ts). */
  idempotent?: boolean;
}

/** The method and path of a row, its body checked against the row's request schema: what `callEndpoint` sends. */
export function prepare(
  cloud: Cloud,
  table: EndpointTable,
  key: string,
  opts: CallOptions = {},
): { method: Method; path: string; endpoint: Endpoint } {
  const endpoint = table[key];
  if (!endpoint) throw new Error(`pulumi-dbaas: no ${cloud.name} endpoint ${key}`);
  if (endpoint.request) endpoint.request.parse(opts.body);
  else if (opts.body !== undefined) throw new Error(`pulumi-dbaas: ${key} takes no body`);
  return { method: key.slice(0, key.indexOf(" ")) as Method, path: endpointPath(cloud, key, opts.params), endpoint };
}

/** Sends one row of `table`: the body is checked before sending, the answer parsed with the row's response schema. */
export async function callEndpoint<T extends EndpointTable, K extends keyof T & string>(
  cloud: Cloud,
  http: HttpClient,
  table: T,
  key: K,
  opts: CallOptions = {},
): Promise<z.infer<T[K]["response"]>> {
  const { method, path, endpoint } = prepare(cloud, table, key, opts);
  return http.send(method, path, { body: opts.body, query: opts.query, schema: endpoint.response, idempotent: opts.idempotent });
}

/** Like `callEndpoint`, with the answer's headers; the body is parsed with the row's response schema. */
export async function callEndpointRaw(
  cloud: Cloud,
  http: HttpClient,
  table: EndpointTable,
  key: string,
  opts: CallOptions = {},
): Promise<RawAnswer> {
  const { method, path, endpoint } = prepare(cloud, table, key, opts);
  return http.sendRaw(method, path, { body: opts.body, query: opts.query, schema: endpoint.response, idempotent: opts.idempotent });
}
