"""Helpers for hostile-input tests: find anything executable in built HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

FORBIDDEN_TAGS = {"iframe", "object", "embed", "base", "frame", "frameset", "applet"}
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "srcset"}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k.lower(): (v or "") for k, v in attrs}
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        if tag == "form" and a.get("action", "").startswith(("http:", "https:", "//")):
            self.problems.append(f"<form action={a['action']}>")
        for name, value in a.items():
            if name.startswith("on"):
                self.problems.append(f"{tag} {name}=")
            if name in URL_ATTRS:
                v = "".join(value.split()).lower()
                image_data = tag == "img" and v.startswith("data:image")
                if v.startswith(("javascript:", "vbscript:")) or (
                        v.startswith("data:") and not image_data):
                    self.problems.append(f"{tag} {name}={value[:40]}")
        if tag == "script":
            kind = a.get("type", "")
            if kind == "application/json" or kind == "application/ld+json":
                return
            if not a.get("src") or a["src"].startswith(("http:", "https:", "//")):
                self.problems.append("inline or external <script>")
            self._in_script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.problems.append("script with content")


def executable_content(folder: Path) -> list[str]:
    """Every place in the site's HTML where content could run code."""
    found = []
    for page in sorted(folder.rglob("*.html")):
        scanner = _Scanner()
        scanner.feed(page.read_text("utf-8"))
        found += [f"{page.relative_to(folder)}: {p}" for p in scanner.problems]
    return found
