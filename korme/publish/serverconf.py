"""Web server configuration written with every build, from :mod:`.policy`.

- ``_server/nginx.conf``: a snippet to ``include`` inside an nginx ``server`` block whose
  ``root`` is the site (or the ``current`` link of an SSH target);
- ``.htaccess`` for Apache (``AllowOverride FileInfo Indexes``);
- ``_headers`` and ``_redirects`` as Netlify and Cloudflare Pages read them.

All of them: pretty URLs (``/kk/ex/`` serves ``kk/ex/index.html``), the 404 page, MIME types,
compression, cache classes, security headers, and a permanent redirect per ``aliases:`` entry.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from korme import urls
from korme.model import Site
from korme.partners.views import csp_sources, widen_policy
from korme.publish.policy import (
    COMPRESSIBLE,
    CONTENT_TYPES,
    CSP,
    DEFAULT_TYPE,
    HASHED_MEDIA_FILE,
    IMMUTABLE,
    REVALIDATE,
    SECURITY_HEADERS,
    SERVER_DIR,
    SHORT,
)
from korme.write import Output, text_output

NOTE = "Written by Kórme with every build; edit site.yaml or Kórme, not this file."


def base_path(site: Site) -> str:
    """The URL path the site lives under (``/`` unless ``base_url`` names a sub-path)."""
    path = urlsplit(site.config.base_url or "/").path or "/"
    return path if path.endswith("/") else path + "/"


def redirect_pairs(site: Site) -> list[tuple[str, str]]:
    """Former URLs (``aliases:``) and the current ones, as site paths (``kk/ex/old/``)."""
    pairs: list[tuple[str, str]] = []
    for c in site.codes:
        for ex in site.exhibitions:
            pairs += [(urls.exhibition(c, a), urls.exhibition(c, ex.slug))
                      for a in ex.card.aliases]
            for sec in ex.sections:
                pairs += [(urls.section(c, ex.slug, a), urls.section(c, ex.slug, sec.slug))
                          for a in sec.aliases]
            for it in ex.items:
                pairs += [(urls.item(c, ex.slug, a), urls.item(c, ex.slug, it.id))
                          for a in it.record.aliases]
    return sorted(set(pairs))


def _types_by_mime() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for ext, mime in CONTENT_TYPES.items():
        out.setdefault(mime.split(";")[0], []).append(ext)
    return out


def nginx(base: str, redirects: list[tuple[str, str]]) -> str:
    """An nginx snippet for a ``server`` block (it replaces nginx's MIME map with ours)."""

    def headers(cache: str, indent: str, cors: bool = False) -> list[str]:
        lines = [f'{indent}add_header Cache-Control "{cache}" always;']
        lines += [f'{indent}add_header {k} "{v}" always;' for k, v in SECURITY_HEADERS]
        if cors:
            lines.append(f'{indent}add_header Access-Control-Allow-Origin "*" always;')
        return lines

    types = "\n".join(f"    {mime} {' '.join(exts)};" for mime, exts in _types_by_mime().items())
    out = [f"# {NOTE}",
           "# Use inside a server block:",
           "#   server { listen 80; root /srv/site/current;",
           "#            include /srv/site/current/_server/nginx.conf; }",
           "# (reload nginx after a publish that changed this file)",
           "",
           "types {", types, "}",
           f"default_type {DEFAULT_TYPE};",
           "charset utf-8;",
           "charset_types text/css text/javascript application/json application/xml text/plain "
           "image/svg+xml;",
           "index index.html;",
           "absolute_redirect off;",
           f"error_page 404 {base}404.html;",
           "gzip on;",
           "gzip_vary on;",
           "gzip_comp_level 5;",
           "gzip_min_length 512;",
           f"gzip_types {' '.join(m for m in COMPRESSIBLE if m != 'text/html')};",
           "",
           f"location {base} {{",
           *headers(SHORT, "    "),
           "}",
           f"location ^~ {base}{SERVER_DIR}/ {{ return 404; }}",
           f"location ~ ^{base}(\\.htaccess|_headers|_redirects)$ {{ return 404; }}",
           f'location ~ "^{base}media/[0-9a-f]{{16}}-[^/]+$" {{',
           *headers(IMMUTABLE, "    "),
           "}",
           f"location ^~ {base}iiif/ {{",
           *headers(SHORT, "    ", cors=True),
           "    location ~ \\.json$ {",
           *headers(REVALIDATE, "        ", cors=True),
           "    }",
           "}",
           f"location ^~ {base}pagefind/ {{",
           *headers(REVALIDATE, "    "),
           "}",
           "location ~ \\.(html|json)$ {",
           *headers(REVALIDATE, "    "),
           "}"]
    for old, new in redirects:
        out.append(f"location = {base}{old} {{ return 301 {base}{new}; }}")
        out.append(f"location = {base}{old.rstrip('/')} {{ return 301 {base}{new}; }}")
    return "\n".join(out) + "\n"


def htaccess(base: str, redirects: list[tuple[str, str]]) -> str:
    """An Apache ``.htaccess`` for the site's root folder."""
    out = [f"# {NOTE}", "",
           "DirectoryIndex index.html",
           f"ErrorDocument 404 {base}404.html",
           f'RedirectMatch 404 "^{base}({SERVER_DIR}/|_headers$|_redirects$)"',
           "AddDefaultCharset utf-8",
           "", "<IfModule mod_mime.c>"]
    for mime, exts in _types_by_mime().items():
        out.append(f"    AddType {mime} {' '.join('.' + e for e in exts)}")
    out += ["    AddCharset utf-8 .html .css .js .json .svg .txt .xml", "</IfModule>", "",
            "<IfModule mod_deflate.c>",
            f"    AddOutputFilterByType DEFLATE {' '.join(COMPRESSIBLE)}",
            "</IfModule>", "",
            "<IfModule mod_headers.c>"]
    out += [f'    Header always set {k} "{v}"' for k, v in SECURITY_HEADERS]
    out += [f'    Header set Cache-Control "{SHORT}"',
            '    <FilesMatch "\\.(html|json|pagefind|pf_meta|pf_index|pf_fragment|pf_filter)$">',
            f'        Header set Cache-Control "{REVALIDATE}"',
            "    </FilesMatch>",
            f'    <FilesMatch "{HASHED_MEDIA_FILE}">',
            f'        Header set Cache-Control "{IMMUTABLE}"',
            "    </FilesMatch>",
            '    <If "%{REQUEST_URI} =~ m#^' + base + 'iiif/#">',
            '        Header set Access-Control-Allow-Origin "*"',
            "    </If>",
            "</IfModule>"]
    if redirects:
        out.append("")
    for old, new in redirects:
        out.append(f'RedirectMatch 301 "^{base}{old.rstrip("/")}/?$" "{base}{new}"')
    return "\n".join(out) + "\n"


def netlify_headers(base: str) -> str:
    """``_headers``: security headers everywhere, caching per class (the hosts join the values
    of a header given by two matching rules, so every Cache-Control rule is on its own paths)."""
    out = [f"# {NOTE}", f"{base}*"]
    out += [f"  {k}: {v}" for k, v in SECURITY_HEADERS]
    out += [f"{base}media/*", f"  Cache-Control: {IMMUTABLE}",
            f"{base}pagefind/*", f"  Cache-Control: {REVALIDATE}",
            f"{base}iiif/*", "  Access-Control-Allow-Origin: *"]
    return "\n".join(out) + "\n"


def netlify_redirects(base: str, redirects: list[tuple[str, str]]) -> str:
    """``_redirects``: the aliases as permanent redirects."""
    out = [f"# {NOTE}"]
    for old, new in redirects:
        out.append(f"{base}{old} {base}{new} 301")
        out.append(f"{base}{old.rstrip('/')} {base}{new} 301")
    return "\n".join(out) + "\n"


def server_outputs(site: Site, offline: bool = False) -> dict[str, Output]:
    """The configuration files of a build, as outputs of the write stage."""
    base, pairs = base_path(site), redirect_pairs(site)
    # korme.partners: the policy also allows the partners' origins the content names
    sources = csp_sources(site, offline)

    def policy(text: str) -> str:
        return text.replace(CSP, widen_policy(CSP, sources)) if sources else text

    return {f"{SERVER_DIR}/nginx.conf": text_output(policy(nginx(base, pairs))),
            ".htaccess": text_output(policy(htaccess(base, pairs))),
            "_headers": text_output(policy(netlify_headers(base))),
            "_redirects": text_output(netlify_redirects(base, pairs))}
