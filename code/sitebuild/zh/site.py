"""Chinese for what the build writes outside the chapter stages: the notebooks' notes, the
PDF download line and the printed book's own pages (English -> 中文)."""

STRINGS: dict[str, str] = {
    "*Figure: {alt} (see the page on the site).*": "*图：{alt}（见网站上的本页）。*",
    "*An interactive widget: see this page on the site.*": "*交互组件：请在网站上查看本页。*",
}
