// Selectel auth: the Keystone token cached until near expiry against a fresh token per client.
const { startSimulator } = require("pulumi-dbaas-sim");
const { SelectelClient, forgetTokens } = require("../../dist/selectel/client");

module.exports = {
  id: "AUTH",
  title: "Selectel Keystone token: cached against fresh per client",
  async run() {
    const sim = await startSimulator({ port: 0 });
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        SELECTEL_USERNAME: "sim-user",
        SELECTEL_PASSWORD: "sim-password",
        SELECTEL_ACCOUNT_ID: "sim-account",
        SELECTEL_PROJECT_ID: "0123456789abcdef0123456789abcdef",
        SELECTEL_AUTH_URL: `${sim.url}/selectel/identity/v3`,
        SELECTEL_DBAAS_ENDPOINT: `${sim.url}/selectel/dbaas/{region}/v1`,
      });
      const ctx = { config: () => undefined, log: () => {}, warn: () => {} };
      const N = 200;
      const time = async (fresh) => {
        forgetTokens();
        const start = process.hrtime.bigint();
        for (let i = 0; i < N; i++) {
          if (fresh) forgetTokens();
          const api = await SelectelClient.for(ctx);
          await api.http.get("/datastore-types");
        }
        return Number(process.hrtime.bigint() - start) / 1e6;
      };
      await time(false); // warm-up
      const cached = await time(false);
      const fresh = await time(true);
      return {
        markdown: [
          `${N} API calls, each through \`SelectelClient.for()\`.`,
          "",
          "| token | ms | ratio |",
          "|---|---:|---:|",
          `| cached until near expiry (ours) | ${cached.toFixed(0)} | 1.00 |`,
          `| fresh token per client | ${fresh.toFixed(0)} | ${(fresh / cached).toFixed(2)} |`,
        ].join("\n"),
      };
    } finally {
      process.env = saved;
      await sim.close();
    }
  },
};
