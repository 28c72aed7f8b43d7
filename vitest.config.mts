import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: {
    // The simulator workspace package, as its TypeScript sources: tests start it in-process without
    // a build (`npm run build` compiles it for the CLI, the demo and the bench).
    alias: [{ find: /^pulumi-dbaas-sim$/, replacement: fileURLToPath(new URL("./simulator/src/index.ts", import.meta.url)) }],
  },
  test: {
    include: ["test/**/*.test.ts", "simulator/test/**/*.test.ts"],
    // End-to-end files drive a real CLI and share the machine's two cores: one file at a time.
    fileParallelism: false,
    testTimeout: 60_000,
    // Learned wait durations stay out of test runs (and the runner's cache directory): a schedule
    // shaped by an earlier run would make request counts depend on history. The tests of learning
    // turn it back on in a scratch directory.
    env: { DBAAS_WAIT_LEARN: "0" },
    hookTimeout: 600_000,
  },
});
