"""PDF rendering shared by every app: WeasyPrint may read only the app's own static files.

A PDF's text comes from users (narratives, meeting minutes); an <img src> in it must not make the
web or worker process fetch from the network or read files outside the static folders.
"""

import functools
import io
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings

# Charts are embedded by a report itself as SVG data URIs; no other data URI is read.
DATA_SVG = "data:image/svg+xml;base64,"


def _static_roots() -> list[Path]:
    roots = [Path(d) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def static_url_allowed(url: str) -> bool:
    """Only the app's own static files (and a report's own SVG charts) may enter a PDF."""
    if url.startswith(DATA_SVG):
        return True
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    path = Path(unquote(parts.path)).resolve()
    return path.is_file() and any(path.is_relative_to(root) for root in _static_roots())


@functools.cache
def _fetcher_class():
    # Built on first use: importing WeasyPrint parses its stylesheets, which every command would pay for.
    from weasyprint.urls import URLFetcher

    class StaticOnlyFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if not static_url_allowed(url):
                raise ValueError(f"URL ditolak oleh pembuat laporan: {url[:200]}")
            return super().fetch(url, headers)

    return StaticOnlyFetcher


def static_only_fetcher():
    return _fetcher_class()(allowed_protocols={"file", "data"})


def html_to_pdf(html: str) -> bytes:
    # Imported here: loading WeasyPrint parses its stylesheets, which every manage.py command would pay for.
    from weasyprint import HTML

    return HTML(string=html, base_url=str(settings.BASE_DIR / "static"), url_fetcher=static_only_fetcher()).write_pdf()


def pdf_pages_count(content: bytes) -> int:
    from pypdf import PdfReader

    return len(PdfReader(io.BytesIO(content)).pages)


def pdf_join(parts: list[tuple[bytes, str | None]], *, blank_after_first: int = 0) -> bytes:
    """One PDF of the parts in order. A part with a title gets a bookmark holding its own bookmarks; a part
    without one continues the previous part, its bookmarks under that part's.

    blank_after_first blank pages follow the first part, which then ends on the page the others were
    numbered from. The document's title is the first part's.
    """
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    parent = None
    for index, (content, title) in enumerate(parts):
        reader = PdfReader(io.BytesIO(content))
        if index == 0 and reader.metadata:
            writer.add_metadata({k: v for k, v in reader.metadata.items() if k in ("/Title", "/Producer")})
        start = len(writer.pages)
        writer.append(reader, import_outline=False)
        if title is not None:
            parent = writer.add_outline_item(title=title, page_number=start)
        _outline_copy(reader, reader.outline, writer, parent, start)
        if index == 0:
            for _ in range(blank_after_first):
                writer.add_blank_page()
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def _outline_copy(reader, outline: list, writer, parent, start: int) -> None:
    """The reader's bookmarks (a list whose nested lists are the children of the item before them) under parent."""
    item = parent
    for entry in outline:
        if isinstance(entry, list):
            _outline_copy(reader, entry, writer, item, start)
        else:
            page_number = start + reader.get_destination_page_number(entry)
            item = writer.add_outline_item(title=entry.title, page_number=page_number, parent=parent)
