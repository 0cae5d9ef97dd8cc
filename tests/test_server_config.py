"""The server configuration written with every build, served by a real nginx from Debian
(started on a loopback port by the test): pretty URLs, the 404 page, content types, cache and
security headers, aliases as redirects; and the files for Apache, Netlify and Cloudflare."""

from __future__ import annotations

import gzip
import urllib.error
import urllib.request
from pathlib import Path

from korme.publish.policy import CSP, IMMUTABLE, REVALIDATE
from tests.publish_servers import nginx


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    opener = urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=10) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


def test_nginx_serves_the_build_with_the_generated_snippet(mini_built: Path,
                                                           tmp_path: Path) -> None:
    with nginx(mini_built, tmp_path / "nginx") as base:
        status, h, body = fetch(base + "/kk/letters/")
        assert status == 200
        assert body == (mini_built / "kk/letters/index.html").read_bytes()
        assert h["Content-Type"] == "text/html; charset=utf-8"
        assert h["Cache-Control"] == REVALIDATE
        assert h["Content-Security-Policy"] == CSP
        assert h["X-Content-Type-Options"] == "nosniff"
        assert h["Referrer-Policy"] == "strict-origin-when-cross-origin"

        status, h, _ = fetch(base + "/kk/letters")  # pretty URL without the slash
        assert status == 301 and h["Location"] == "/kk/letters/"

        status, h, body = fetch(base + "/kk/no-such-page/")
        assert status == 404
        assert body == (mini_built / "404.html").read_bytes()
        assert h["X-Content-Type-Options"] == "nosniff"

        avif = next((mini_built / "media").glob("*.avif")).name
        status, h, _ = fetch(f"{base}/media/{avif}")
        assert status == 200
        assert h["Content-Type"] == "image/avif"
        assert h["Cache-Control"] == IMMUTABLE
        assert h["Content-Security-Policy"] == CSP

        status, h, body = fetch(base + "/static/korme.css", **{"Accept-Encoding": "gzip"})
        assert status == 200 and h["Content-Type"] == "text/css; charset=utf-8"
        assert h.get("Content-Encoding") == "gzip"
        assert gzip.decompress(body) == (mini_built / "static/korme.css").read_bytes()

        fragment = next((mini_built / "pagefind").rglob("*.pf_fragment"))
        status, h, _ = fetch(f"{base}/{fragment.relative_to(mini_built).as_posix()}",
                             **{"Accept-Encoding": "gzip"})
        assert status == 200 and h["Content-Type"] == "application/octet-stream"
        assert "Content-Encoding" not in h  # Pagefind unpacks its own files
        assert h["Cache-Control"] == REVALIDATE

        status, h, _ = fetch(base + "/kk/letters/items/photo-old/")  # an alias
        assert status == 301 and h["Location"] == "/kk/letters/items/photo-1/"
        for hidden in ("/_server/nginx.conf", "/.htaccess", "/_headers"):
            assert fetch(base + hidden)[0] == 404


def test_apache_netlify_and_cloudflare_files(mini_built: Path) -> None:
    htaccess = (mini_built / ".htaccess").read_text("utf-8")
    assert "ErrorDocument 404 /404.html" in htaccess
    assert "AddType image/avif .avif" in htaccess
    assert f'Header always set Content-Security-Policy "{CSP}"' in htaccess
    assert 'RedirectMatch 301 "^/kk/letters/items/photo-old/?$" "/kk/letters/items/photo-1/"' \
        in htaccess
    headers = (mini_built / "_headers").read_text("utf-8")
    assert f"/media/*\n  Cache-Control: {IMMUTABLE}" in headers
    assert f"  Content-Security-Policy: {CSP}" in headers
    redirects = (mini_built / "_redirects").read_text("utf-8").splitlines()
    assert "/ru/letters/items/photo-old/ /ru/letters/items/photo-1/ 301" in redirects


def test_content_types_and_cache_classes() -> None:
    from korme.publish.policy import SHORT, cache_control, content_type
    from korme.publish.s3 import _order

    assert content_type("iiif/images/letters/a/1/info.json") == "application/json"
    assert content_type("pagefind/wasm.kk.pagefind") == "application/octet-stream"
    assert content_type("pagefind/index/kk_1a2b.pf_index") == "application/octet-stream"
    assert content_type("media/0123456789abcdef-w480-q55-e1.webp") == "image/webp"
    assert cache_control("media/0123456789abcdef-w480-q55-e1.webp") == IMMUTABLE
    assert cache_control("media/logos/nlrk-logo.svg") == SHORT  # not named by content
    assert cache_control("iiif/images/letters/a/1/0,0,512,512/512,/0/default.jpg") == SHORT
    assert cache_control("iiif/letters/a/manifest.json") == REVALIDATE
    paths = ["index.html", "kk/letters/index.html", "media/a.avif", "pagefind/x.pf_meta"]
    assert sorted(paths, key=_order) == ["media/a.avif", "pagefind/x.pf_meta",
                                         "kk/letters/index.html", "index.html"]
