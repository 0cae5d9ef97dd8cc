"""Pages outside the language folders: the root language chooser and the 404 page."""

from __future__ import annotations

import base64
import hashlib
from urllib.parse import urlsplit

from korme import urls
from korme.model import Site
from korme.theme import Theme
from korme.urls import Linker

_404_CSS = (
    "body{font-family:system-ui,'Segoe UI','Noto Sans','Noto Naskh Arabic',sans-serif;"
    "margin:0;background:#f7f4ee;color:#22201c;line-height:1.5}"
    "main{max-width:40rem;margin:10vh auto;padding:0 1.25rem}"
    "section{border-top:1px solid #cfc6b4;padding:1rem 0}h1{font-size:1.5rem;margin:.2rem 0}"
    "a{color:#7a2e1c}"
    "@media (prefers-color-scheme:dark){body{background:#1b1a17;color:#ece6da}a{color:#f0a58c}}"
)


def csp_hash(text: str) -> str:
    """A CSP ``'sha256-…'`` source for an inline block."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def render_root(site: Site, theme: Theme, version: str, offline: bool) -> str:
    """``/index.html``: sends visitors to their language, or lists the languages."""
    link = Linker("index.html", offline)
    default = site.default
    alternates = [{"tag": lang.tag, "dir": lang.dir, "name": lang.name,
                   "href": link(urls.home(lang.code)),
                   "abs": urls.absolute(site.config.base_url, urls.home(lang.code)) or ""}
                  for lang in site.languages]
    title = site.config.title.resolve(default.code, site.codes).text
    return theme.environment().get_template("root.html").render(
        default=default, codes=site.codes, title=title, alternates=alternates,
        default_href=link(urls.home(default.code)),
        x_default=alternates[0]["abs"] or alternates[0]["href"],
        script=link("static/lang.js") + f"?v={version}",
        css=link("static/korme.css") + f"?v={version}",
        icon=link("static/favicon.svg") + f"?v={version}",
    )


def render_404(site: Site, theme: Theme) -> str:
    """``/404.html``: self-contained, with links that work at any depth of the site.

    Links are root-relative to the path of ``base_url`` (``/`` without one), since a host
    serves this page at whatever URL was missing.
    """
    root_path = urlsplit(site.config.base_url).path if site.config.base_url else "/"
    messages = []
    for lang in site.languages:
        ui = theme.ui(lang.code)
        messages.append({"tag": lang.tag, "dir": lang.dir, "title": ui["not_found_title"],
                         "text": ui["not_found_text"], "home": root_path + urls.home(lang.code),
                         "home_label": ui["not_found_home"]})
    return theme.environment().get_template("404.html").render(
        default=site.default, messages=messages, style=_404_CSS, style_hash=csp_hash(_404_CSS))
