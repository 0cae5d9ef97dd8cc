"""Page weight per page type of the built sample, and (with ``--lighthouse``) Lighthouse scores.

    python build.py build && python -m bench.bench_pages _site [--lighthouse]

Weight of a first view: the HTML, the CSS and scripts it loads (not ``media="print"``), and the
images it loads eagerly (the ``src`` of each ``<img>`` without ``loading="lazy"``: the JPEG
fallback, an upper bound of what a browser with AVIF fetches), raw and gzip-compressed.
Lighthouse 12 (npm ``lighthouse``; ``CHROME_PATH=/usr/bin/chromium``) runs against the site
served on 127.0.0.1 with its default mobile emulation and throttling, ``--runs`` times per page
(the median of each category); ``--only item,image`` limits it to some page types.

    python -m bench.bench_pages _site --lighthouse --runs 3 --only item,image
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import statistics
import subprocess
import threading
from pathlib import Path

EX = "manuscripts-of-the-steppe"
TYPES = {
    "home": "kk/", "page": "kk/about/", "search": "kk/search/", "exhibition": f"kk/{EX}/",
    "section": f"kk/{EX}/introduction/", "items": f"kk/{EX}/items/",
    "item": f"kk/{EX}/items/ms-0142/", "image": f"kk/{EX}/items/ms-0142/f2r/",
    "timeline": f"kk/{EX}/timeline/",
    "subjects": f"kk/{EX}/subjects/", "institutions": f"kk/{EX}/institutions/",
    "catalogue": f"kk/{EX}/catalogue/",
    "story": f"kk/{EX}/illumination/", "compare": f"kk/{EX}/compare/",
}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, 9))


def weight(site: Path, page: str) -> dict[str, int]:
    """Raw and compressed bytes of one page's first view, by kind."""
    path = site / page / "index.html"
    html = path.read_bytes()
    text = html.decode("utf-8")
    out = {"html": len(html), "html_gz": _gz(html), "css_js": 0, "css_js_gz": 0, "images": 0}
    for tag in re.findall(r"<(?:link|script)\b[^>]*>", text):
        m = re.search(r'(?:href|src)="([^"?#]+\.(?:css|js))', tag)
        if m and 'media="print"' not in tag and 'rel="alternate"' not in tag:
            data = (path.parent / m.group(1)).read_bytes()
            out["css_js"] += len(data)
            out["css_js_gz"] += _gz(data)
    for tag in re.findall(r"<img\b[^>]*>", text):
        m = re.search(r'\bsrc="([^"]+)"', tag)
        if m and 'loading="lazy"' not in tag:
            out["images"] += (path.parent / m.group(1)).stat().st_size
    return out


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def lighthouse(site: Path, pages: dict[str, str], command: str, runs: int = 1
               ) -> dict[str, dict[str, list[int]]]:
    """Lighthouse category scores (0–100) per page type, one per run."""
    srv = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{srv.server_address[1]}/"
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    scores: dict[str, dict[str, list[int]]] = {}
    try:
        for _ in range(runs):  # page types in turn, run after run
            for kind, page in pages.items():
                proc = subprocess.run(
                    [command, base + page, "--quiet", "--output=json", "--output-path=stdout",
                     "--chrome-flags=--headless --no-sandbox",
                     f"--only-categories={','.join(CATEGORIES)}"],
                    capture_output=True, text=True, env=env, timeout=300)
                report = json.loads(proc.stdout)
                for c in CATEGORIES:
                    scores.setdefault(kind, {}).setdefault(c, []).append(
                        round((report["categories"][c]["score"] or 0) * 100))
    finally:
        srv.shutdown()
    return scores


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("site", type=Path, nargs="?", default=Path("_site"))
    ap.add_argument("--lighthouse", action="store_true", help="also run Lighthouse")
    ap.add_argument("--lighthouse-command", default=shutil.which("lighthouse") or "lighthouse")
    ap.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    ap.add_argument("--only", default="", help="page types for Lighthouse, comma-separated")
    a = ap.parse_args()
    print(f"{'page type':<13}{'HTML':>9}{'gz':>8}{'CSS+JS':>9}{'gz':>8}{'images':>10}"
          f"{'first view gz':>15}")
    for kind, page in TYPES.items():
        w = weight(a.site, page)
        total = w["html_gz"] + w["css_js_gz"] + w["images"]
        print(f"{kind:<13}{w['html']:>9}{w['html_gz']:>8}{w['css_js']:>9}{w['css_js_gz']:>8}"
              f"{w['images']:>10}{total:>15}")
    if a.lighthouse:
        only = {k for k in a.only.split(",") if k}
        pages = {k: v for k, v in TYPES.items() if not only or k in only}
        scores = lighthouse(a.site, pages, a.lighthouse_command, a.runs)
        print(f"\n{'page type':<13}" + "".join(f"{c:>16}" for c in CATEGORIES))
        for kind, s in scores.items():
            print(f"{kind:<13}" + "".join(f"{statistics.median(s[c]):>16g}" for c in CATEGORIES)
                  + f"   runs: {'; '.join(', '.join(map(str, s[c])) for c in CATEGORIES)}")


if __name__ == "__main__":
    main()
