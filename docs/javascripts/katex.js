// Render the math that pymdownx.arithmatex (generic mode) marks up, with the KaTeX
// this site serves itself: no request leaves the site.
// Inline math is <span class="arithmatex">\(...\)</span>, display math <div class="arithmatex">\[...\]</div>.
function renderMath(root) {
  for (const element of root.querySelectorAll(".arithmatex")) {
    const text = element.textContent.trim();
    const display = element.tagName === "DIV";
    const tex = text.slice(2, -2);  // strip \( \) or \[ \]
    katex.render(tex, element, { displayMode: display, throwOnError: false, strict: "ignore" });
  }
}

// Material's instant navigation swaps pages without reloading: render on every page.
document$.subscribe(({ body }) => renderMath(body));
