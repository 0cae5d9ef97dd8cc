"""The permanent URL scheme of the content format, and relative links between pages.

Page URLs are site-relative folder paths without a leading slash (``kk/manuscripts/``); the
root index is ``""``. Links in pages are always relative so a site works under any sub-path;
an offline build (for kiosks, ``file://``) spells out ``index.html``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


def home(lang: str) -> str:
    return f"{lang}/"


def exhibition(lang: str, ex: str) -> str:
    return f"{lang}/{ex}/"


def section(lang: str, ex: str, slug: str) -> str:
    return f"{lang}/{ex}/{slug}/"


def items_index(lang: str, ex: str) -> str:
    return f"{lang}/{ex}/items/"


def item(lang: str, ex: str, ident: str) -> str:
    return f"{lang}/{ex}/items/{ident}/"


def image(lang: str, ex: str, ident: str, page: str) -> str:
    """One image's own page (``page``: its slug, see :mod:`korme.imagepages`)."""
    return f"{lang}/{ex}/items/{ident}/{page}/"


def page(lang: str, slug: str) -> str:
    return home(lang) if slug == "index" else f"{lang}/{slug}/"


def search(lang: str) -> str:
    return f"{lang}/search/"


def browse(lang: str, ex: str, kind: str) -> str:
    """An exhibition's timeline, subjects or institutions page."""
    return f"{lang}/{ex}/{kind}/"


def compare(lang: str, ex: str) -> str:
    """An exhibition's compare page (two images side by side, named by its address)."""
    return f"{lang}/{ex}/compare/"


def catalogue(lang: str, ex: str) -> str:
    """An exhibition's printable catalogue: every item with its full record."""
    return f"{lang}/{ex}/catalogue/"


@dataclass(frozen=True)
class Linker:
    """Makes links from one page to any site path."""

    here: str  # the current page's URL ("kk/ex/" or "404.html")
    offline: bool = False
    # the page's folder and each folder above it but the root, shortest first, with the
    # "../" that climbs from the page back to it; ``_top``: the "../" to the root
    _steps: tuple[tuple[str, str], ...] = field(init=False, repr=False, compare=False)
    _top: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        here = self.here
        folder = here if here.endswith("/") or not here else here[:here.rfind("/") + 1]
        steps = []
        up = ""
        while folder:
            steps.append((folder, up))
            folder = folder[:folder.rfind("/", 0, -1) + 1]
            up += "../"
        steps.reverse()
        object.__setattr__(self, "_steps", tuple(steps))
        object.__setattr__(self, "_top", up)

    def __call__(self, target: str) -> str:
        """A relative link from this page to ``target`` (a page folder or a file path)."""
        # the deepest of the page's folders that holds the target (links mostly leave early)
        cut, rel = 0, self._top
        for prefix, up in self._steps:
            if not target.startswith(prefix):
                break
            cut, rel = len(prefix), up
        rel += target[cut:]
        if target.endswith("/") or target == "":
            if self.offline:
                rel += "index.html"
            elif rel == "":
                rel = "./"
        return rel


def absolute(base_url: str | None, target: str) -> str | None:
    """The absolute URL of a site path, when the site has a ``base_url``."""
    return base_url + target if base_url else None
