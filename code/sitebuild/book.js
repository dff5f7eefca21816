// Fill the book (sitebuild/book.py writes it) with the site's pages, in Chromium.
//
// The book is served from the site's own origin, so the site's stylesheets, fonts,
// KaTeX and figures load as on any page. For each empty <section data-path>, fetch
// that page and move its article, as the site built it, into the book: ids
// prefixed with the chapter's key, links to other pages turned into links inside
// the book, relative addresses made absolute, solutions opened, scripts dropped.
// Then render the math with the site's own katex.js, wait for every figure and
// font, set display formulas wider than the text smaller, and return what the
// PDF's outline needs and what sitebuild/pdf.py checks.
// Called by sitebuild/pdf.py as page.evaluate(this file, { siteUrl }).
async ({ siteUrl }) => {
  const sections = [...document.querySelectorAll("section[data-path]")];
  const chapterOf = new Map(); // pathname of a page -> its chapter's key
  for (const section of sections) {
    chapterOf.set(new URL(section.dataset.path, location.href).pathname, section.id);
  }

  async function fetchPage(section) {
    const url = new URL(section.dataset.path, location.href);
    const response = await fetch(url);
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return new DOMParser().parseFromString(await response.text(), "text/html");
  }

  // The site's stylesheets before the book's own, and the palette of its pages.
  async function adoptLook(page, base) {
    const own = document.head.querySelector("style");
    for (const link of page.head.querySelectorAll('link[rel="stylesheet"]')) {
      const copy = Object.assign(document.createElement("link"), {
        rel: "stylesheet",
        href: new URL(link.getAttribute("href"), base).href,
      });
      const loaded = new Promise((done) => { copy.onload = copy.onerror = done; });
      document.head.insertBefore(copy, own);
      await loaded;
    }
    for (const { name, value } of page.body.attributes) document.body.setAttribute(name, value);
    document.body.dataset.mdColorScheme = "default"; // the light palette, for the figures
  }

  // A link to a page of the book goes to its chapter; to another file of the site
  // (a notebook), to the published site if there is one, else nowhere; to other
  // sites, unchanged.
  function rewriteLink(anchor, base) {
    const url = new URL(anchor.getAttribute("href"), base);
    if (url.origin !== location.origin) return;
    const key = chapterOf.get(url.pathname);
    if (key !== undefined) {
      const fragment = decodeURIComponent(url.hash.slice(1));
      anchor.setAttribute("href", fragment ? `#${key}--${fragment}` : `#${key}`);
    } else if (siteUrl) {
      anchor.setAttribute("href", new URL(url.pathname.slice(1) + url.search + url.hash, siteUrl).href);
    } else {
      anchor.removeAttribute("href");
    }
  }

  function prefixTokens(element, attribute, prefix) {
    const tokens = element.getAttribute(attribute).split(/\s+/).filter(Boolean);
    element.setAttribute(attribute, tokens.map((token) => prefix + token).join(" "));
  }

  // Move a page's article into its section, ready to live among the others.
  function adoptArticle(section, page) {
    const base = new URL(section.dataset.path, location.href);
    const article = page.querySelector("article.md-content__inner");
    if (!article) throw new Error(`${base}: no article`);
    const key = section.id;
    const prefix = `${key}--`;
    article.querySelectorAll("script").forEach((script) => script.remove());
    // The empty link on every line of code that lets the site link to the line: 3,500
    // links to themselves, a sixth of the print time, and nothing to show on paper.
    article.querySelectorAll('a[id^="__codelineno"]:empty').forEach((anchor) => anchor.remove());
    // A page's own styles (the notebook's) stay within its chapter.
    for (const style of article.querySelectorAll("style")) {
      style.textContent = `@scope ([id="${key}"]) {\n${style.textContent}\n}`;
    }
    for (const element of article.querySelectorAll("[id]")) element.id = prefix + element.id;
    for (const label of article.querySelectorAll("label[for]")) label.htmlFor = prefix + label.htmlFor;
    for (const input of article.querySelectorAll("input[name]")) input.name = prefix + input.name;
    for (const attribute of ["aria-controls", "aria-labelledby", "aria-describedby"]) {
      for (const element of article.querySelectorAll(`[${attribute}]`)) prefixTokens(element, attribute, prefix);
    }
    for (const anchor of article.querySelectorAll("a[href]")) rewriteLink(anchor, base);
    for (const element of article.querySelectorAll("[src]")) {
      element.setAttribute("src", new URL(element.getAttribute("src"), base).href);
    }
    for (const details of article.querySelectorAll("details")) details.open = true;
    section.append(document.adoptNode(article));
  }

  // A heading as plain text: no permalink, and math as the text of its MathML.
  function text(heading) {
    const copy = heading.cloneNode(true);
    copy.querySelectorAll(".headerlink, .anchor-link, .katex-html, annotation").forEach((e) => e.remove());
    return copy.textContent.replace(/\s+/g, " ").trim();
  }

  // The PDF's outline, in reading order: the contents, each navigation section,
  // its chapters one level down, and their sections (h2) and subsections (h3).
  // Each chapter's title goes into the contents and the section pages too.
  function outline() {
    const entries = [{ id: "contents", title: text(document.querySelector("#contents h1")), level: 1, open: false }];
    for (const element of document.querySelectorAll(".sr-book-part, .sr-book-chapter")) {
      if (element.classList.contains("sr-book-part")) {
        entries.push({ id: element.id, title: text(element.querySelector("h1")), level: 1, open: true });
        continue;
      }
      const title = element.querySelector("h1");
      for (const entry of document.querySelectorAll(`[data-title-of="${element.id}"]`)) {
        entry.textContent = title ? text(title) : element.dataset.path;
      }
      const depth = element.dataset.inPart === "true" ? 1 : 0;
      for (const heading of element.querySelectorAll("h1, h2, h3")) {
        const id = heading === title ? element.id : heading.id;
        const level = Number(heading.tagName[1]) + depth;
        if (id) entries.push({ id, title: text(heading), level, open: false });
      }
    }
    // Chromium names a destination after each element a link points to: give the
    // headings no link points to one, out of sight.
    const targets = document.createElement("div");
    targets.hidden = true;
    for (const { id } of entries) {
      if (!document.querySelector(`a[href="#${CSS.escape(id)}"]`)) {
        targets.append(Object.assign(document.createElement("a"), { href: `#${id}` }));
      }
    }
    document.body.append(targets);
    return entries;
  }

  // A display formula wider than the text scrolls on the site; on paper it is set
  // smaller until it fits, as a typesetter would.
  function fitFormulas() {
    for (const display of document.querySelectorAll(".katex-display")) {
      if (display.scrollWidth > display.clientWidth) {
        const formula = display.querySelector(".katex");
        const size = parseFloat(getComputedStyle(formula).fontSize);
        formula.style.fontSize = `${(size * 0.99 * display.clientWidth) / display.scrollWidth}px`;
      }
    }
  }

  // What sticks out of the text (the viewport is as wide as the printed text): a
  // formula would be cut at the edge of the paper, anything else would make
  // Chromium shrink every page to fit it.
  function tooWide() {
    const width = document.documentElement.clientWidth;
    const describe = (element) =>
      `${element.closest("section")?.id}: <${element.localName}> ${element.textContent.trim().slice(0, 60)}`;
    const found = [...document.querySelectorAll(".katex-display")]
      .filter((display) => display.scrollWidth > display.clientWidth + 1)
      .map(describe);
    if (document.documentElement.scrollWidth > width) {
      const sticksOut = (element) => element.getBoundingClientRect().right > width + 1;
      for (const element of document.querySelectorAll("body *")) {
        if (sticksOut(element) && !sticksOut(element.parentElement)) found.push(describe(element));
      }
    }
    return found;
  }

  // Nothing is laid out until every chapter is in, its math rendered, its figures
  // and fonts loaded: one layout of the whole book, not one per step.
  document.body.style.display = "none";
  const pages = await Promise.all(sections.map(fetchPage));
  await adoptLook(pages[0], new URL(sections[0].dataset.path, location.href));
  sections.forEach((section, index) => adoptArticle(section, pages[index]));
  window.renderMath$?.({ body: document.body }); // the site's katex.js (see the book's <head>)
  const entries = outline();
  // KaTeX writes each formula twice: as HTML to see, and as MathML, clipped out of
  // sight, for screen readers. The printed book is not tagged for them: the MathML
  // would only add hidden text to search and extraction, and a fifth to the print time.
  document.querySelectorAll(".katex-mathml").forEach((mathml) => mathml.remove());
  const loading = [...document.images].filter((image) => !image.complete);
  await Promise.all(loading.map((image) => new Promise((done) => { image.onload = image.onerror = done; })));
  await Promise.all([...document.fonts].map((font) => font.load().catch(() => {})));
  document.body.style.display = "";
  fitFormulas();
  return {
    chapters: sections.length,
    first: document.querySelector(".sr-book-part, .sr-book-chapter").id,
    outline: entries,
    math: document.querySelectorAll(".arithmatex .katex").length,
    unrendered: document.querySelectorAll(".arithmatex:not(:has(.katex))").length,
    mathErrors: document.querySelectorAll(".katex-error").length,
    tooWide: tooWide(),
    brokenImages: [...document.images].filter((image) => image.naturalWidth === 0).map((image) => image.src),
  };
}
