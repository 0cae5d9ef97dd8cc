"""``sitemap.xml`` and ``robots.txt``: what crawlers read of the whole site.

Absolute URLs need the site's ``base_url``; without one there is no sitemap (relative URLs
mean nothing to a crawler) and ``robots.txt`` has no ``Sitemap:`` line.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from korme.model import Site

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap(site: Site, pages: dict[tuple[str, ...], dict[str, str]],
            excluded: Iterable[tuple[str, ...]] = ()) -> str | None:
    """``sitemap.xml`` with an ``xhtml:link`` alternate per language (``None`` without
    ``base_url``). ``pages``: each page key's URL per language code. An item's entry also
    lists its images' pages (``("image", ex, id, slug)``) as its alternates without
    ``hreflang``: views of parts of it in the same language (they have entries of their own
    too)."""
    base = site.config.base_url
    if not base:
        return None
    skip = set(excluded)
    tags = {lang.code: lang.tag for lang in site.languages}
    parts: dict[tuple[str, ...], list[dict[str, str]]] = {}
    for key, by_lang in pages.items():
        if key[0] == "image" and key not in skip:
            parts.setdefault(("item", *key[1:3]), []).append(by_lang)
    root = etree.Element(f"{{{SITEMAP_NS}}}urlset", nsmap={None: SITEMAP_NS, "xhtml": XHTML_NS})
    for key, by_lang in pages.items():
        if key in skip:
            continue
        default = by_lang.get(site.default.code) or next(iter(by_lang.values()))
        for code, url in by_lang.items():
            entry = etree.SubElement(root, f"{{{SITEMAP_NS}}}url")
            etree.SubElement(entry, f"{{{SITEMAP_NS}}}loc").text = base + url
            for hreflang, other in [*((tags[c], o) for c, o in by_lang.items()),
                                    ("x-default", default)]:
                etree.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate", hreflang=hreflang,
                              href=base + other)
            for part in parts.get(key, ()):
                if code in part:
                    etree.SubElement(entry, f"{{{XHTML_NS}}}link", rel="alternate",
                                     href=base + part[code])
    etree.indent(root, space="")
    return etree.tostring(root, encoding="UTF-8", xml_declaration=True).decode() + "\n"


def robots(site: Site) -> str:
    """``robots.txt``: everything may be crawled; the sitemap's address with a ``base_url``."""
    lines = ["User-agent: *", "Allow: /"]
    if site.config.base_url:
        lines.append(f"Sitemap: {site.config.base_url}sitemap.xml")
    return "\n".join(lines) + "\n"


def site_files(site: Site, pages: dict[tuple[str, ...], dict[str, str]],
               unlisted: Iterable[tuple[str, ...]] = ()) -> dict[str, str]:
    """``robots.txt`` and, with a ``base_url``, ``sitemap.xml`` (``unlisted`` pages left
    out, such as search)."""
    out = {"robots.txt": robots(site)}
    xml = sitemap(site, pages, excluded=unlisted)
    if xml:
        out["sitemap.xml"] = xml
    return out
