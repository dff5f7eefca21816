"""What pypdf adds to the book Chromium printed: the contents' page numbers, the outline, the metadata.

Chromium names a destination after every element a link points to, so a
printed book tells where each chapter and heading landed (:class:`Printed`).
:meth:`Printed.finish` lays the page numbers of the contents, printed alone in
the same layout, over the book's first pages; writes the outline (bookmarks)
from the headings ``book.js`` listed, nested as the navigation is; and fills in
the document information.
"""

import io
from typing import TypedDict

from pypdf import PdfReader, PdfWriter
from pypdf.generic import Fit

__all__ = ["OutlineEntry", "Printed", "page_count"]


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
