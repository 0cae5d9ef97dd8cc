"""``korme serve``: build, serve on 127.0.0.1, rebuild on every save, reload the browser.

The site is built (drafts included) into a temporary folder; a small WSGI app serves only that
folder, and while the last rebuild failed it answers every page with an overlay listing the
errors, so the browser shows them and reloads by itself once the next save is good.
"""

from __future__ import annotations

import ipaddress
import mimetypes
import shutil
import socket
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2

from korme.errors import UsageError
from korme.l10n import Catalog, _
from korme.preview import Preview, Rebuilds, SearchRefresher, ServeState, Viewing

mimetypes.add_type("image/avif", ".avif")
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/json", ".json")

WATCHED = ("site.yaml", "content", "exhibitions", "themes")
POLL_MS = 150


def resolve_path(root: Path, url_path: str) -> Path | None:
    """The file for a URL path inside ``root``, or ``None`` (missing, or outside the root)."""
    parts = [p for p in unquote(url_path).split("/") if p not in ("", ".")]
    if any(p == ".." or "\\" in p or "\x00" in p for p in parts):
        return None
    target = root.joinpath(*parts) if parts else root
    try:
        target = target.resolve()
    except OSError:
        return None
    if not target.is_relative_to(root.resolve()):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target if target.is_file() else None


def _templates() -> jinja2.Environment:
    """The preview server's own pages (not the theme's: the theme may be what is broken)."""
    return jinja2.Environment(loader=jinja2.PackageLoader("korme", "templates"),
                              autoescape=True, keep_trailing_newline=True)


def error_page(errors: list[str], catalog: Catalog | None = None) -> bytes:
    """The overlay shown instead of every page while the site has errors, in the curator's
    language."""
    catalog = catalog or Catalog.english()
    return _templates().get_template("serve-errors.html").render(
        lang=catalog.lang, errors=errors,
        title=_("The site has errors").render(catalog),
        advice=_("Fix them and save: this page reloads by itself. The last good build is "
                 "kept meanwhile.").render(catalog)).encode()


WsgiApp = Callable[..., Iterable[bytes]]


def make_app(root: Path, state: ServeState, live_port: int | None,
             search_root: Path | None = None, catalog: Catalog | None = None,
             viewing: Viewing | None = None) -> WsgiApp:
    """A WSGI app serving ``root`` only (``/pagefind/`` from ``search_root``), with the
    livereload client added to HTML pages; HEAD is answered like GET, without the body.
    ``viewing`` is told each page served (the next rebuild renders those first)."""
    top = root.resolve()
    client = _templates().get_template("serve-client.html").render(port=live_port).encode() \
        if live_port else b""

    def app(environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "/")
        with state.lock:
            errors = list(state.errors)
        base = search_root if search_root and path.startswith("/pagefind/") else root
        target = resolve_path(base, path)
        is_page = target is None or target.suffix == ".html"
        if errors and is_page:
            body, status, ctype = error_page(errors, catalog), "500 Internal Server Error", \
                "text/html"
        elif target is None:
            missing = root / "404.html"
            body = missing.read_bytes() if missing.is_file() else b"Not found"
            status, ctype = "404 Not Found", "text/html"
        else:
            body = target.read_bytes()
            status = "200 OK"
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            if viewing is not None and base is root and target.suffix == ".html":
                viewing.saw(target.relative_to(top).as_posix())
        if ctype == "text/html":
            body = body.replace(b"</head>", client + b"</head>", 1)
            ctype += "; charset=utf-8"
        start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    return app


def serve(site: Path, port: int = 8000, host: str = "127.0.0.1",
          workers: int | None = None, catalog: Catalog | None = None) -> int:
    """Run the preview server until interrupted."""
    catalog = catalog or Catalog.english()
    site = site.resolve()
    port = _where(site, host, port, catalog)
    work = Path(tempfile.mkdtemp(prefix="korme-serve-"))
    output = work / "site"
    (work / "search").mkdir()
    refresher = SearchRefresher(output, work / "search", catalog=catalog)
    viewing, live = Viewing(), _Live()
    preview = Preview(site, output, workers, refresher, catalog, viewing, live.reload)
    preview.rebuild()
    rebuilds = Rebuilds(preview, catalog)
    if not output.is_dir():
        output.mkdir(parents=True)
    server = live.server(make_app(output, preview.state, port, work / "search", catalog,
                                  viewing))
    for name in WATCHED:
        if (site / name).exists():
            server.watch(str(site / name), rebuilds.request)
    print(_("serving {site} on {url} (Ctrl+C to stop)", site=site,
            url=f"http://{host}:{port}/").render(catalog), file=sys.stderr)
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


def _where(site: Path, host: str, port: int, catalog: Catalog) -> int:
    """The port to serve on (the next free one if ``port`` is taken, said so); a usage error
    without a site, a warning when others can see the preview."""
    if not (site / "site.yaml").is_file():
        raise UsageError(_("no site.yaml in {path}: run korme in a site folder, give it with "
                           "--site, or start one with korme new site FOLDER", path=site))
    asked, port = port, free_port(host, port)
    if port != asked:
        print(_("port {asked} is taken (another program uses it): using {port}",
                asked=asked, port=port).render(catalog), file=sys.stderr)
    if not is_loopback(host):
        print(_("warning: the preview is visible to every computer that can reach {host} "
                "(drafts included)", host=host).render(catalog), file=sys.stderr)
    return port


class _Live:
    """livereload's server around our WSGI app: its watcher asks for rebuilds; the rebuild
    thread reloads the browsers through the server's event loop."""

    def __init__(self) -> None:
        self.loop: Any = None  # the server's event loop, once it runs

    def reload(self) -> None:
        """Tell the browsers to reload (from any thread)."""
        from livereload.handlers import LiveReloadHandler

        if self.loop is not None:
            self.loop.add_callback(LiveReloadHandler.reload_waiters, "*")

    def server(self, app: WsgiApp) -> Any:
        from livereload import Server
        from livereload.handlers import LiveReloadHandler
        from livereload.server import LiveScriptContainer
        from livereload.watcher import Watcher
        from tornado import ioloop, web

        live = self

        class _Server(Server):  # serve our WSGI app; it adds the livereload client itself
            def get_web_handlers(self, script: bytes) -> list[Any]:
                return [(r".*", web.FallbackHandler,
                         {"fallback": LiveScriptContainer(self.app, b"")})]

        class _Watcher(Watcher):  # look for saves every POLL_MS, not livereload's 800 ms
            def start(self, callback: Callable[[], None]) -> bool:
                live.loop = ioloop.IOLoop.current()
                ioloop.PeriodicCallback(callback, POLL_MS).start()
                return True

            def examine(self) -> tuple[str | None, float | None]:
                super().examine()  # asks for a rebuild if a source changed
                return None, None  # the rebuild reloads the browsers, once it has pages

        # livereload ignores a second save within 3 s of a reload; curators save often
        LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
        return _Server(app=app, watcher=_Watcher())


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer only (127.0.0.1, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def free_port(host: str, port: int, tries: int = 50) -> int:
    """``port`` when nothing listens on it, else the next free one (a usage error if none)."""
    for candidate in range(port, min(port + tries, 65536)):
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server does
            try:
                probe.bind((host, candidate))
            except OSError:
                continue
            return candidate
    raise UsageError(_("no free port from {port} to {last} on {host}", port=port,
                       last=port + tries - 1, host=host))
