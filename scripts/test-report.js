// The closing lines of `npm test`: where the time went (every file, slowest first, with its share
// of the run) and one plain summary line that any CI reader understands. Reads vitest's JSON report.
const path = require("node:path");

const report = require(path.resolve(process.argv[2]));
const files = report.testResults
  .map((f) => ({ file: path.relative(process.cwd(), f.name), tests: f.assertionResults.length, seconds: (f.endTime - f.startTime) / 1000 }))
  .sort((a, b) => b.seconds - a.seconds);
const wall = (Math.max(...report.testResults.map((f) => f.endTime)) - report.startTime) / 1000;
const busy = files.reduce((sum, f) => sum + f.seconds, 0);
const width = Math.max(...files.map((f) => f.file.length));
console.log(`\nper-file durations (files run side by side: ${busy.toFixed(0)} s of file time in ${wall.toFixed(0)} s of wall time)`);
console.log(`${"file".padEnd(width)}  tests  seconds`);
for (const f of files) console.log(`${f.file.padEnd(width)}  ${String(f.tests).padStart(5)}  ${f.seconds.toFixed(1).padStart(7)}`);
console.log(
  `tests: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests + report.numTodoTests} skipped`,
);
