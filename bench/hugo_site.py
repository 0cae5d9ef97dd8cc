"""The same 2,000-item bilingual exhibition as a Hugo site (the yardstick for page speed)."""

from __future__ import annotations

from pathlib import Path

import yaml

LAYOUT_SINGLE = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }} — {{ .Site.Title }}</title>
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}"
href="{{ .RelPermalink }}">{{ end }}</head><body>
<nav>{{ range .Site.Menus.main }}<a href="{{ .URL }}">{{ .Name }}</a>{{ end }}</nav>
<main><h1>{{ .Title }}</h1><dl><dt>Date</dt><dd>{{ .Params.date_text }}</dd>
<dt>Shelfmark</dt><dd>{{ .Params.identifier }}</dd></dl>
<img src="/media/{{ .Params.image }}" width="64" height="48" alt="{{ .Params.alt }}">
{{ .Content }}</main></body></html>
"""
LAYOUT_LIST = """<!doctype html><html lang="{{ .Language.Lang }}"><head><meta charset="utf-8">
<title>{{ .Title }}</title></head><body><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">
{{ .Title }}</a></li>{{ end }}</ul></body></html>
"""


def make_hugo_site(korme_site: Path, root: Path) -> int:
    """Write a Hugo site with one page per item and language; return the number of pages."""
    items = yaml.safe_load((korme_site / "exhibitions/bench/items.yaml").read_text("utf-8"))
    (root / "layouts/_default").mkdir(parents=True)
    (root / "layouts/_default/single.html").write_text(LAYOUT_SINGLE, "utf-8")
    (root / "layouts/_default/list.html").write_text(LAYOUT_LIST, "utf-8")
    (root / "hugo.toml").write_text(
        'title = "Bench"\ndefaultContentLanguage = "kk"\ndisableKinds = ["taxonomy", "term", '
        '"RSS", "sitemap", "robotsTXT"]\n[languages.kk]\ncontentDir = "content/kk"\n'
        "weight = 1\n[languages.ru]\ncontentDir = \"content/ru\"\nweight = 2\n", "utf-8")
    pages = 0
    for lang in ("kk", "ru"):
        folder = root / "content" / lang / "items"
        folder.mkdir(parents=True)
        for it in items:
            front = {"title": it["title"][lang], "date_text": it["date"],
                     "identifier": it["identifier"], "image": it["images"][0]["file"],
                     "alt": it["images"][0]["alt"][lang], "translationKey": it["id"]}
            (folder / f"{it['id']}.md").write_text(
                "---\n" + yaml.safe_dump(front, allow_unicode=True) + "---\n"
                + it["description"][lang], "utf-8")
            pages += 1
    return pages
