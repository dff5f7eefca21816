// Parse every formula with KaTeX, as the site renders them; print the ones that fail as JSON.
// Input (stdin): JSON list of {page, tex, display}. Output: JSON list of {page, tex, error}.
const katex = require("katex");
let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const failures = [];
  for (const { page, tex, display } of JSON.parse(input)) {
    try {
      katex.renderToString(tex, { displayMode: display, throwOnError: true, strict: "ignore" });
    } catch (error) {
      failures.push({ page, tex, error: String(error.message) });
    }
  }
  process.stdout.write(JSON.stringify(failures));
});
