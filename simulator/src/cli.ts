#!/usr/bin/env node
/**
 * `pulumi-dbaas-sim`: run the simulator. Prints exactly one line of JSON, `{"url":"http://…"}`,
 * on stdout once listening; diagnostics go to stderr. Exits cleanly on SIGTERM/SIGINT.
 *
 *   pulumi-dbaas-sim [--port N] [--host H] [--step-ms N] [--manual] [--engines real|api-only] [--max-engines N]
 *
 * `--engines real` backs PostgreSQL clusters with real servers (default: DBAAS_SIM_REAL_ENGINES,
 * else api-only); on SIGTERM/SIGINT every server is stopped and its directory removed.
 */
import { startSimulator, type EngineMode } from "./index";

interface CliOptions {
  port: number;
  host: string;
  stepMs: number;
  manual: boolean;
  engines?: EngineMode;
  maxEngines?: number;
}

const USAGE = "usage: pulumi-dbaas-sim [--port N] [--host HOST] [--step-ms N] [--manual] [--engines real|api-only] [--max-engines N]";

function usage(message: string): never {
  process.stderr.write(`pulumi-dbaas-sim: ${message}\n${USAGE}\n`);
  process.exit(2);
}

export function parseArgs(argv: string[]): CliOptions {
  const o: CliOptions = { port: 0, host: "127.0.0.1", stepMs: 1000, manual: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.includes("=") ? [arg.slice(0, arg.indexOf("=")), arg.slice(arg.indexOf("=") + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) usage(`${flag} needs a value`);
      return v;
    };
    const int = (v: string): number => {
      if (!/^\d+$/.test(v)) usage(`${flag} needs a non-negative integer, got ${v}`);
      return Number(v);
    };
    switch (flag) {
      case "--port":
        o.port = int(value());
        if (o.port > 65535) usage("--port must be <= 65535");
        break;
      case "--host":
        o.host = value();
        break;
      case "--step-ms":
        o.stepMs = int(value());
        break;
      case "--manual":
        o.manual = true;
        break;
      case "--engines": {
        const v = value();
        if (v !== "real" && v !== "api-only") usage(`--engines must be real or api-only, got ${v}`);
        o.engines = v;
        break;
      }
      case "--max-engines":
        o.maxEngines = int(value());
        if (o.maxEngines < 1) usage("--max-engines must be >= 1");
        break;
      case "--help":
      case "-h":
        process.stderr.write(`${USAGE}\n`);
        process.exit(0);
      // falls through (unreachable)
      default:
        usage(`unknown argument ${arg}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  const o = parseArgs(process.argv.slice(2));
  const sim = await startSimulator({
    port: o.port,
    host: o.host,
    stepMs: o.stepMs,
    mode: o.manual ? "manual" : "time",
    engines: o.engines,
    maxEngines: o.maxEngines,
  });
  process.stdout.write(`${JSON.stringify({ url: sim.url })}\n`);
  let closing = false;
  const shutdown = (signal: string): void => {
    if (closing) return;
    closing = true;
    process.stderr.write(`pulumi-dbaas-sim: ${signal}, shutting down\n`);
    sim.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGTERM", () => shutdown("SIGTERM"));
  process.on("SIGINT", () => shutdown("SIGINT"));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`pulumi-dbaas-sim: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
