// `npm run bench`: every figure measured side by side in one run, printed as a markdown table of
// ratios. Each part is a module in scripts/bench/ exporting
//   { id: "P1", title: "…", run: async ({ log }) => ({ markdown: "…", svg?: "<svg…>" }) }
// and is run in file-name order; `npm run bench -- P1 P4` runs only those parts. An SVG a part
// returns is written to docs/bench/<id>.svg (docs/performance.md embeds it). Nothing here asserts a time.
const fs = require("node:fs");
const path = require("node:path");
const os = require("node:os");

async function main() {
  const only = process.argv.slice(2).map((s) => s.toUpperCase());
  const dir = path.join(__dirname, "bench");
  const parts = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".js"))
    .sort()
    .map((f) => require(path.join(dir, f)))
    .filter((p) => p && p.id && (only.length === 0 || only.includes(p.id.toUpperCase())));
  const cpu = os.cpus()[0]?.model?.trim() ?? "unknown CPU";
  console.log(
    `# pulumi-dbaas benchmark\n\n${os.cpus().length} × ${cpu}, ` +
      `${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}, ${os.platform()} ` +
      `${os.release()}, ${new Date().toISOString().slice(0, 10)}\n`,
  );
  for (const part of parts) {
    const log = (line) => process.stderr.write(`[bench ${part.id}] ${line}\n`);
    const started = Date.now();
    const result = await part.run({ log });
    console.log(`## ${part.id}: ${part.title}\n\n${result.markdown.trim()}\n`);
    if (result.svg) {
      const out = path.join(__dirname, "..", "docs", "bench", `${part.id}.svg`);
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(out, result.svg);
      console.log(`Chart: docs/bench/${part.id}.svg\n`);
    }
    log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
