"""Every internal link and anchor of the built site resolves, and nothing points to another host."""

import html.parser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []  # every href and src
        self.loads: set[str] = set()  # those the browser fetches by itself: src, and <link> hrefs
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "a" and attrs.get("name"):
            self.ids.add(attrs["name"])
        for name in ("href", "src"):
            if attrs.get(name):
                self.links.append(attrs[name])
                if name == "src" or tag == "link":
                    self.loads.add(attrs[name])


def parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def check_links(folder: Path) -> tuple[list[str], list[str], int]:
    """The broken internal links, the resources loaded from other hosts, and how many links were checked.

    Links to other sites that a reader may follow (``<a href>``) are allowed; anything the browser would
    fetch by itself from another host (scripts, styles, images, fonts) is not.
    """
    documents = {path: parse(path) for path in folder.rglob("*.html")}
    broken, external, checked = [], [], 0
    for path, found in documents.items():
        where = path.relative_to(folder)
        for link in found.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https") or link.startswith("//"):
                if link in found.loads:
                    external.append(f"{where}: {link}")
                continue
            if parts.scheme in ("data", "mailto", "javascript") or not (
                parts.path or parts.fragment
            ):
                continue
            base = (
                folder if parts.path.startswith("/") else path.parent
            )  # 404.html links from the root
            target = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else path
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            if not target.exists():
                broken.append(f"{where}: {link} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                ids = documents[target].ids if target in documents else parse(target).ids
                if unquote(parts.fragment) not in ids and not parts.fragment.startswith("__"):
                    broken.append(f"{where}: {link} (no such anchor)")
    return broken, external, checked


def test_every_internal_link_and_anchor_resolves(built_site):
    broken, external, checked = check_links(built_site)
    assert checked > 500, checked  # the scan found the site's links
    assert broken == []
    assert external == []


def test_a_broken_link_or_anchor_is_caught(tmp_path):
    (tmp_path / "a.html").write_text(
        '<a href="b.html#missing">x</a><a href="c.html">y</a><a href="b.html#here">z</a>'
    )
    (tmp_path / "b.html").write_text('<h2 id="here">B</h2><img src="https://cdn.example/x.png">')
    broken, external, checked = check_links(tmp_path)
    assert broken == ["a.html: b.html#missing (no such anchor)", "a.html: c.html (no such file)"]
    assert external == ["b.html: https://cdn.example/x.png"] and checked == 3
