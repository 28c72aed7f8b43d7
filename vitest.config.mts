import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// One suite in four projects that run side by side: `npm test` runs them all (what CI runs), and
// `npx vitest run --project unit` (or simulator, integration, e2e) runs one.
const project = (name: string, include: string[]) => ({ extends: true as const, test: { name, include } });

export default defineConfig({
  resolve: {
    // The simulator workspace package, as its TypeScript sources: tests start it in-process without
    // a build (`npm run build` compiles it for the CLI, the demo and the bench).
    alias: [{ find: /^pulumi-dbaas-sim$/, replacement: fileURLToPath(new URL("./simulator/src/index.ts", import.meta.url)) }],
  },
  test: {
    projects: [
      project("unit", ["test/unit/**/*.test.ts"]),
      project("simulator", ["simulator/test/**/*.test.ts"]),
      project("integration", ["test/integration/**/*.test.ts"]),
      project("e2e", ["test/e2e/**/*.test.ts"]),
    ],
    // Files run side by side. An end-to-end file spends about a third of its time waiting on the
    // simulator's operations and the rest in CLI processes, so a few more files than cores keep
    // both cores busy; every file has its own simulator, stacks and directories.
    maxWorkers: Number(process.env.DBAAS_TEST_WORKERS ?? 4),
    testTimeout: 60_000,
    // Learned wait durations stay out of test runs (and the runner's cache directory): a schedule
    // shaped by an earlier run would make request counts depend on history. The tests of learning
    // turn it back on in a scratch directory.
    env: { DBAAS_WAIT_LEARN: "0" },
    hookTimeout: 600_000,
  },
});
