// Notebook pages (mkdocs-jupyter) load MathJax from a CDN by default; mkdocs.yml points
// them here instead. The site's own KaTeX (katex.js) renders their math.
