"""What a web server must send with each file: content type, caching, security headers.

One table for every kind of target: the nginx and Apache configurations, ``_headers`` for
Netlify and Cloudflare Pages, and the metadata of objects uploaded to S3.
"""

from __future__ import annotations

import re

# every extension the build writes (theme files, images, IIIF, Pagefind) and a few common ones
CONTENT_TYPES: dict[str, str] = {
    "html": "text/html; charset=utf-8",
    "css": "text/css; charset=utf-8",
    "js": "text/javascript; charset=utf-8",
    "mjs": "text/javascript; charset=utf-8",
    "json": "application/json",
    "xml": "application/xml",
    "txt": "text/plain; charset=utf-8",
    "svg": "image/svg+xml",
    "avif": "image/avif",
    "webp": "image/webp",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "gif": "image/gif",
    "ico": "image/vnd.microsoft.icon",
    "woff2": "font/woff2",
    "woff": "font/woff",
    "wasm": "application/wasm",
    "webmanifest": "application/manifest+json",
    "pdf": "application/pdf",
    # Pagefind's index: gzip data that pagefind.js unpacks itself (never Content-Encoding)
    "pagefind": "application/octet-stream",
    "pf_meta": "application/octet-stream",
    "pf_index": "application/octet-stream",
    "pf_fragment": "application/octet-stream",
    "pf_filter": "application/octet-stream",
}
DEFAULT_TYPE = "application/octet-stream"
COMPRESSIBLE = ("text/html", "text/css", "text/javascript", "application/json", "application/xml",
                "text/plain", "image/svg+xml", "application/manifest+json")

IMMUTABLE = "public, max-age=31536000, immutable"  # named by their content: never change
REVALIDATE = "public, max-age=0, must-revalidate"  # pages and indexes: new with every publish
SHORT = "public, max-age=3600"  # stable but not named by content: theme files, tiles, logos

# image derivatives are named by their source's hash and their settings (images/plan.py)
HASHED_MEDIA = re.compile(r"^media/[0-9a-f]{16}-[^/]+$")
HASHED_MEDIA_FILE = r"^[0-9a-f]{16}-.+\.(avif|webp|jpg|png)$"  # the file name alone (Apache)

# server configuration written with the build; never served, never uploaded to static hosts
SERVER_DIR = "_server"
HOST_FILES = (".htaccess", "_headers", "_redirects")

# The pages carry their own policy in a <meta> tag (themes/default/templates/base.html) with
# per-page hashes of inline styles; both policies apply, so the header allows what every page
# may allow (the meta tag narrows style-src to the page's hash) and adds what a meta tag cannot
# say (frame-ancestors).
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'self'")
SECURITY_HEADERS: tuple[tuple[str, str], ...] = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "SAMEORIGIN"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), microphone=(), geolocation=()"),
)


def extension(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def content_type(path: str) -> str:
    """The ``Content-Type`` of a site file (IIIF info.json and manifests are plain JSON unless a
    client asks for JSON-LD, as the IIIF APIs say)."""
    return CONTENT_TYPES.get(extension(path), DEFAULT_TYPE)


def cache_control(path: str) -> str:
    """Long and immutable for content-hashed media, revalidated for pages, IIIF JSON and the
    search index, an hour for the rest."""
    if HASHED_MEDIA.match(path):
        return IMMUTABLE
    ext = extension(path)
    if ext in ("html", "json") or path.startswith("pagefind/"):
        return REVALIDATE
    return SHORT


def publishable(path: str) -> bool:
    """Whether a file of the output belongs on a static host (not the server configuration)."""
    return not path.startswith(SERVER_DIR + "/") and path != ".korme-site"
