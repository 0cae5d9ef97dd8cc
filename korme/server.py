"""``korme serve``: build, serve on 127.0.0.1, rebuild on every save, reload the browser.

The site is built (drafts included) into a temporary folder; a small WSGI app serves only that
folder, and while the last rebuild failed it answers every page with an overlay listing the
errors, so the browser shows them and reloads by itself once the next save is good.
"""

from __future__ import annotations

import contextlib
import gc
import ipaddress
import mimetypes
import os
import shutil
import socket
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import jinja2

from korme.build import CACHE_DIR, BuildOptions, build, sources_key
from korme.cache import BuildCache
from korme.errors import BuildFailed, UsageError
from korme.l10n import Catalog, _, shown
from korme.state import KeptStates

mimetypes.add_type("image/avif", ".avif")
mimetypes.add_type("image/webp", ".webp")
mimetypes.add_type("image/svg+xml", ".svg")
mimetypes.add_type("application/json", ".json")

WATCHED = ("site.yaml", "content", "exhibitions", "themes")
POLL_MS = 150
AGAIN = 3  # builds in a row while the sources change under them (then the watcher's turn)


@dataclass
class ServeState:
    """The last build's outcome, shared between the watcher and the web app."""

    errors: list[str] = field(default_factory=list)
    builds: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)


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
             search_root: Path | None = None, catalog: Catalog | None = None) -> WsgiApp:
    """A WSGI app serving ``root`` only (``/pagefind/`` from ``search_root``), with the
    livereload client added to HTML pages; HEAD is answered like GET, without the body."""
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
        if ctype == "text/html":
            body = body.replace(b"</head>", client + b"</head>", 1)
            ctype += "; charset=utf-8"
        start_response(status, [("Content-Type", ctype), ("Content-Length", str(len(body))),
                                ("Cache-Control", "no-store")])
        return [] if environ.get("REQUEST_METHOD") == "HEAD" else [body]

    return app


class SearchRefresher:
    """Rebuilds the preview's search index once edits settle, outside the reload path.

    The index is made from a hard-linked snapshot of the built pages (a rebuild may replace
    them meanwhile) and swapped into ``root/pagefind``, which the app serves apart from the
    site, so a save reloads the browser without waiting for the index.
    """

    def __init__(self, output: Path, root: Path, settle: float = 2.0,
                 catalog: Catalog | None = None):
        self.output, self.root, self.settle = output, root, settle
        self.catalog = catalog or Catalog.english()
        self._timer: threading.Timer | None = None
        self._lock = threading.Lock()

    def schedule(self) -> None:
        """(Re)start the quiet period; the index is rebuilt when it ends."""
        if self._timer is not None:
            self._timer.cancel()
        self._timer = threading.Timer(self.settle, self.refresh)
        self._timer.daemon = True
        self._timer.start()

    def refresh(self) -> None:
        """Index a snapshot of the current pages now."""
        from korme.search.index import index_folder

        # this thread and Pagefind (its child) run at a low priority: a save's rebuild first
        with contextlib.suppress(OSError, AttributeError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 15)
        with self._lock:
            work = Path(tempfile.mkdtemp(prefix="index-", dir=self.root))
            try:
                for page in self.output.rglob("*.html"):
                    target = work / page.relative_to(self.output)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    try:
                        os.link(page, target)
                    except OSError:
                        continue  # replaced by a rebuild meanwhile: the next refresh has it
                index_folder(work, self.root / "cache")
                current, old = self.root / "pagefind", self.root / f"old-{time.monotonic_ns()}"
                if current.exists():
                    current.rename(old)
                (work / "pagefind").rename(current)
                shutil.rmtree(old, ignore_errors=True)
            except Exception as exc:  # the preview keeps working without search
                print(_("search index not refreshed: {error}", error=shown(exc, self.catalog)
                        ).render(self.catalog), file=sys.stderr)
            finally:
                shutil.rmtree(work, ignore_errors=True)


class Preview:
    """Builds the site for previewing and rebuilds it on demand."""

    def __init__(self, site: Path, output: Path, workers: int | None = None,
                 search: SearchRefresher | None = None, catalog: Catalog | None = None):
        self.site, self.output, self.workers = site, output, workers
        self.search = search
        self.catalog = catalog or Catalog.english()
        self.state = ServeState()
        self.cache = BuildCache(site / CACHE_DIR, hold=True)  # kept in memory
        self.states = KeptStates()  # the preview folder's state, likewise

    def rebuild(self) -> bool:
        """Build until the sources stand still: a save that lands while a build reads them (an
        editor writing a long items.yaml, seen half-written) is built again. Print and
        remember the errors; return whether the last build succeeded."""
        options = BuildOptions(self.site, self.output, drafts=True, workers=self.workers,
                               quiet=True, search=False, preview=True,
                               cache=self.cache, states=self.states)
        for _attempt in range(AGAIN):
            before = sources_key(options)
            ok = self._build(options)
            if sources_key(options) == before:
                break
        return ok

    def _build(self, options: BuildOptions) -> bool:
        start = time.perf_counter()
        try:
            result = build(options)
        except BuildFailed as exc:
            _settle_collector(self.state.builds)
            lines = [d.text(self.catalog) for d in exc.report.sorted()
                     if d in exc.report.errors]
            with self.state.lock:
                self.state.errors = lines
            print("\n".join(lines), file=sys.stderr)
            print(_("build failed: {count} error(s); still serving the last good build",
                    count=len(lines)).render(self.catalog), file=sys.stderr)
            return False
        with self.state.lock:
            self.state.errors = []
            self.state.builds += 1
        _settle_collector(self.state.builds)
        for d in result.report.sorted():
            print(d.text(self.catalog), file=sys.stderr)
        if self.search is not None and result.changed:
            self.search.schedule()
        print(_("rebuilt {rendered} of {pages} pages in {seconds} s",
                rendered=result.rendered, pages=result.pages,
                seconds=f"{time.perf_counter() - start:.2f}").render(self.catalog),
              file=sys.stderr)
        return True


FULL_COLLECT_EVERY = 40  # builds


def _settle_collector(builds: int) -> None:
    """Keep the garbage collector from walking the kept site on every rebuild.

    What a build leaves alive (the build cache, the model) is frozen out of the collector's
    sight, so the next rebuild does not spend a third of a second traversing it; now and then
    everything is unfrozen and collected, so cycles left by old builds are still freed."""
    if builds % FULL_COLLECT_EVERY == 0:
        gc.unfreeze()
        gc.collect()
    gc.freeze()


def serve(site: Path, port: int = 8000, host: str = "127.0.0.1",
          workers: int | None = None, catalog: Catalog | None = None) -> int:
    """Run the preview server until interrupted."""
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from livereload.server import LiveScriptContainer
    from livereload.watcher import Watcher
    from tornado import ioloop, web

    catalog = catalog or Catalog.english()
    site = site.resolve()
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
    work = Path(tempfile.mkdtemp(prefix="korme-serve-"))
    output = work / "site"
    (work / "search").mkdir()
    refresher = SearchRefresher(output, work / "search", catalog=catalog)
    preview = Preview(site, output, workers, refresher, catalog)
    preview.rebuild()
    if not output.is_dir():
        output.mkdir(parents=True)

    class _Server(Server):  # serve our WSGI app; it adds the livereload client itself
        def get_web_handlers(self, script: bytes) -> list[Any]:
            return [(r".*", web.FallbackHandler,
                     {"fallback": LiveScriptContainer(self.app, b"")})]

    class _Watcher(Watcher):  # look for saves every POLL_MS instead of livereload's 800 ms
        def start(self, callback: Callable[[], None]) -> bool:
            ioloop.PeriodicCallback(callback, POLL_MS).start()
            return True

    # livereload ignores a second save within 3 s of a reload; curators save often
    LiveReloadHandler.DEFAULT_RELOAD_TIME = 0
    server = _Server(app=make_app(output, preview.state, port, work / "search", catalog),
                     watcher=_Watcher())
    for name in WATCHED:
        if (site / name).exists():
            server.watch(str(site / name), preview.rebuild)
    print(_("serving {site} on {url} (Ctrl+C to stop)", site=site,
            url=f"http://{host}:{port}/").render(catalog), file=sys.stderr)
    try:
        server.serve(port=port, host=host, debug=False, restart_delay=0)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


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
