"""What pypdf adds to the book Chromium printed: the contents' page numbers, the outline, the metadata.

Chromium names a destination after every element a link points to, so a
printed book tells where each chapter and heading landed (:class:`Printed`).
:meth:`Printed.finish` lays the page numbers of the contents, printed alone in
the same layout, over the book's first pages; writes the outline (bookmarks)
from the headings ``book.js`` listed, nested as the navigation is; fills in
the document information; and makes Chinese text copy and search as the
characters it shows (:func:`unify_cjk`).
"""

import io
import re
import unicodedata
from typing import TypedDict

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

__all__ = ["OutlineEntry", "Printed", "page_count", "to_unicode", "unified", "unify_cjk"]

#: CJK radicals that Unicode gives no compatibility mapping, and the characters they look like
#: (the simplified radicals of the CJK Radicals Supplement; NFKC maps the Kangxi radicals)
SIMPLIFIED_RADICALS = dict(
    zip(
        "\u2ec5\u2ec6\u2ec9\u2ecb\u2ed3\u2ed4\u2eda\u2edb\u2edc\u2ee2\u2ee3\u2ee4"
        "\u2ee5\u2ee6\u2ee7\u2ee8\u2ee9\u2eec\u2eee\u2ef0",
        "见角贝车长门页风飞马骨鬼鱼鸟卤麦黄齐齿龙",
        strict=True,
    )
)


def unified(text: str) -> str:
    """``text`` with every CJK radical replaced by the ideograph of the same shape."""
    return "".join(
        SIMPLIFIED_RADICALS.get(ch) or unicodedata.normalize("NFKC", ch)
        if 0x2E80 <= ord(ch) <= 0x2FDF
        else ch
        for ch in text
    )


_HEX = r"<([0-9A-Fa-f]+)>"


def _chars(hex_text: str) -> str:
    data = bytes.fromhex(hex_text)
    return data.decode("utf-16-be", errors="replace")


def to_unicode(cmap: str) -> dict[str, str]:
    """The glyph code -> text mapping of a ToUnicode CMap (its bfchar and bfrange entries)."""
    mapping: dict[str, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.S):
        for source, target in re.findall(rf"{_HEX}\s*{_HEX}", block):
            mapping[source.upper()] = _chars(target)
    for block in re.findall(r"beginbfrange(.*?)endbfrange", cmap, re.S):
        for low, high, rest in re.findall(rf"{_HEX}\s*{_HEX}\s*(\[[^\]]*\]|<[0-9A-Fa-f]+>)", block):
            width, first, last = len(low), int(low, 16), int(high, 16)
            targets = re.findall(_HEX, rest)
            for offset, code in enumerate(range(first, last + 1)):
                if rest.startswith("["):
                    text = _chars(targets[offset])
                else:
                    start = _chars(targets[0])
                    text = start[:-1] + chr(ord(start[-1]) + offset)
                mapping[f"{code:0{width}X}"] = text
    return mapping


def _cmap(mapping: dict[str, str]) -> bytes:
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):  # at most 100 entries a block
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{code}> <{text.encode('utf-16-be').hex().upper()}>" for code, text in chunk]
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return ("\n".join(lines) + "\n").encode("ascii")


def unify_cjk(writer: PdfWriter) -> int:
    """Map glyphs that Chromium's PDF gives to CJK radicals back to the ideographs; return how many.

    A CJK font draws 行 and the Kangxi radical ⾏ with one glyph, and the
    ToUnicode map Chromium writes names the radical: a reader who copies or
    searches 行 in the PDF would not find it. The page is not changed, only what
    its text means.
    """
    fixed, seen = 0, set()
    for page in writer.pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for reference in fonts.values():
            font = reference.get_object()
            if "/ToUnicode" not in font or id(font) in seen:
                continue
            seen.add(id(font))
            stream = font["/ToUnicode"].get_object()
            mapping = to_unicode(stream.get_data().decode("latin-1"))
            changed = {code: unified(text) for code, text in mapping.items()}
            count = sum(changed[code] != text for code, text in mapping.items())
            if count:
                stream.set_data(_cmap(changed))
                fixed += count
    return fixed


class OutlineEntry(TypedDict):
    """A heading of the book, as ``book.js`` lists them."""

    id: str  # the element's id: a named destination of the printed book
    title: str
    level: int  # 1 for a navigation section, and for a chapter outside one
    open: bool  # shown unfolded: the navigation sections


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


class Printed:
    """A book as Chromium printed it."""

    def __init__(self, pdf: bytes) -> None:
        self.reader = PdfReader(io.BytesIO(pdf))
        self.targets = {
            name.lstrip("/"): target for name, target in self.reader.named_destinations.items()
        }

    def page_numbers(self) -> dict[str, int]:
        """The page, counted from 1, of every element a link points to, by id."""
        return {
            name: self.reader.get_destination_page_number(target) + 1
            for name, target in self.targets.items()
        }

    def finish(
        self, numbers: bytes, outline: list[OutlineEntry], info: dict[str, str]
    ) -> tuple[bytes, int]:
        """The book with the pages of ``numbers`` laid over its first pages, an outline and ``info``.

        Return the PDF and its number of pages.
        """
        writer = PdfWriter(clone_from=self.reader)
        unify_cjk(writer)
        for index, overlay in enumerate(PdfReader(io.BytesIO(numbers)).pages):
            writer.pages[index].merge_page(overlay)
        parents: list = [None]  # parents[level - 1]: the item the next entry of that level goes in
        for entry in outline:
            target = self.targets.get(entry["id"])
            if target is None:
                raise KeyError(
                    f"no destination for the heading {entry['title']!r} (#{entry['id']})"
                )
            level = min(entry["level"], len(parents))  # a level never skips one
            item = writer.add_outline_item(
                entry["title"],
                self.reader.get_destination_page_number(target),
                parent=parents[level - 1],
                fit=Fit.xyz(left=target.left, top=target.top),
                is_open=entry["open"],
            )
            del parents[level:]
            parents.append(item)
        writer.add_metadata(info)
        writer.page_mode = "/UseOutlines"  # a viewer opens with the bookmarks shown
        out = io.BytesIO()
        writer.write(out)
        return out.getvalue(), len(writer.pages)
