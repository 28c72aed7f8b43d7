// The demo's last step: connect to the cluster `pulumi up` created (through the simulator's real
// PostgreSQL engine) and print what the server says. Usage: node scripts/demo-query.js <connection string>
const { Client } = require("pg");

async function main() {
  const client = new Client({ connectionString: process.argv[2], connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT version() AS version, current_database() AS database, current_user AS "user"');
    const r = rows[0];
    console.log(`connected to ${client.host}:${client.port}`);
    console.log(`  SELECT version()          → ${r.version}`);
    console.log(`  SELECT current_database() → ${r.database} (as ${r.user})`);
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(`demo: could not query the cluster: ${err.message}`);
  process.exit(1);
});
