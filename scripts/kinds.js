// `npm run kinds`: writes every file that follows from the registry of kinds (src/registry.ts):
// each kind's public class and Args (src/<cloud>/generated/), the namespaces' re-exports, the
// provider modules (src/providers/) and src/kinds-meta.ts, as Prettier formats them, and deletes a
// generated file no kind makes any more. Run from dist/ (built first); test/unit/generated.test.ts
// fails when a file on disk differs from what this would write.
const fs = require("node:fs");
const path = require("node:path");
const { GENERATED_DIRS, generatedFiles } = require("../dist/gen");

const ROOT = path.join(__dirname, "..");

async function main() {
  const files = await generatedFiles(ROOT);
  let written = 0;
  for (const [file, text] of files) {
    const full = path.join(ROOT, file);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    if (fs.existsSync(full) && fs.readFileSync(full, "utf8") === text) continue;
    fs.writeFileSync(full, text);
    written++;
    console.log(`${file}: written`);
  }
  for (const dir of GENERATED_DIRS) {
    for (const name of fs.readdirSync(path.join(ROOT, dir))) {
      const file = `${dir}/${name}`;
      if (files.has(file)) continue;
      fs.rmSync(path.join(ROOT, file));
      console.log(`${file}: deleted (no kind makes it)`);
    }
  }
  console.log(`npm run kinds: ${files.size} generated files, ${written} changed`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
