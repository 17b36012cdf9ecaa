"""PDF rendering shared by every app: WeasyPrint may read only the app's own static files.

A PDF's text comes from users (narratives, meeting minutes); an <img src> in it must not make the
web or worker process fetch from the network or read files outside the static folders.
"""

import functools
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
