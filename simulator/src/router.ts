/** A `METHOD /path/{param}` route table, checked at construction (duplicates throw). Cloud-agnostic. */

export interface RouteDef<H> {
  method: "GET" | "POST" | "PUT" | "DELETE" | "PATCH";
  path: string;
  handler: H;
}

export type RouteMatch<H> =
  | { kind: "found"; handler: H; params: Record<string, string>; route: RouteDef<H> }
  | { kind: "method-not-allowed"; allowed: string[] }
  | { kind: "not-found" };

interface Compiled<H> extends RouteDef<H> {
  regex: RegExp;
  names: string[];
}

export class RouteTable<H> {
  private readonly compiled: Compiled<H>[];

  constructor(routes: RouteDef<H>[]) {
    const seen = new Set<string>();
    this.compiled = routes.map((r) => {
      const key = `${r.method} ${r.path.replace(/\{[^}]+\}/g, "{}")}`;
      if (seen.has(key)) throw new Error(`duplicate route: ${r.method} ${r.path}`);
      seen.add(key);
      const names: string[] = [];
      const source = r.path
        .split("/")
        .map((seg) => {
          const m = /^\{([a-z_]+)\}$/.exec(seg);
          if (m) {
            names.push(m[1]);
            return "([^/]+)";
          }
          return seg.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
        })
        .join("/");
      return { ...r, regex: new RegExp(`^${source}$`), names };
    });
  }

  get routes(): RouteDef<H>[] {
    return this.compiled.map(({ method, path, handler }) => ({ method, path, handler }));
  }

  match(method: string, path: string): RouteMatch<H> {
    const allowed: string[] = [];
    // Literal segments win over parameters (e.g. `/replicas/other-region` over `/{id}`): try routes
    // with fewer parameters first.
    const ordered = [...this.compiled].sort((a, b) => a.names.length - b.names.length);
    for (const r of ordered) {
      const m = r.regex.exec(path);
      if (!m) continue;
      if (r.method !== method) {
        allowed.push(r.method);
        continue;
      }
      const params: Record<string, string> = {};
      r.names.forEach((n, i) => {
        params[n] = safeDecode(m[i + 1]);
      });
      return { kind: "found", handler: r.handler, params, route: r };
    }
    return allowed.length ? { kind: "method-not-allowed", allowed } : { kind: "not-found" };
  }
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
