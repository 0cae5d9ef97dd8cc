"""The command line's options, their help in the curator's language (``korme build --help``).

The language is known before the options are read: :func:`asked_language` finds ``--lang`` in
the arguments (then ``KORME_LANG``, the locale, English, as for every message).
"""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable, Sequence

from korme import __version__
from korme.l10n import LANGUAGES, Catalog, Text, _

Help = Callable[[Text], str]


def asked_language(argv: Sequence[str]) -> str | None:
    """The value of ``--lang`` among the arguments (``--lang ru`` or ``--lang=ru``), if any."""
    for n, arg in enumerate(argv):
        if arg == "--lang" and n + 1 < len(argv):
            return argv[n + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def parser(catalog: Catalog) -> argparse.ArgumentParser:
    """The parser of ``korme`` and its commands, their help in the catalogue's language."""

    def h(text: Text) -> str:  # argparse formats help with %: a literal one is doubled
        return text.render(catalog).replace("%", "%%")

    ap = argparse.ArgumentParser(prog="korme", description=h(_(
        "Kórme: multilingual virtual exhibitions from Markdown and YAML.")))
    ap.add_argument("--version", action="version", version=f"Kórme {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=h(_("the language of messages (default: KORME_LANG, then the "
                                 "locale, else en)")))
    ap.add_argument("--lang", choices=LANGUAGES, help=argparse.SUPPRESS)
    sub = ap.add_subparsers(dest="command", required=True)
    command = functools.partial(sub.add_parser, parents=[common])
    site = h(_("the site folder (default: .)"))
    _build(command("build", help=h(_("build the site into an output folder"))), h, site)
    _check(command("check", help=h(_("validate content without writing a site"))), h, site)
    _serve(command("serve", help=h(_("preview the site and rebuild it on every save"))), h,
           site)
    _new(command("new", help=h(_("start a site, or add an exhibition, item or section"))), h,
         site)
    _sheets(command("import", help=h(_("merge a spreadsheet or a library catalogue export "
                                       "into an exhibition's items.yaml"))),
            command("export", help=h(_("write an exhibition's items to a spreadsheet"))), h,
            site)
    from korme.publish.command import add_arguments

    add_arguments(command("publish", help=h(_("send the built site to a server, a Git "
                                               "branch or S3"))), h)
    sc = command("schema", help=h(_("write JSON Schemas of the YAML files for editors")))
    sc.add_argument("--site", default=".", help=h(_(
        "a site whose vocabulary: types and fields: to include (default: .)")))
    sc.add_argument("--output", "-o", default="schemas",
                    help=h(_("the folder (default: schemas)")))
    return ap


def _build(b: argparse.ArgumentParser, h: Help, site: str) -> None:
    b.add_argument("--site", default=".", help=site)
    b.add_argument("--output", "-o", help=h(_("the output folder (default: SITE/_site)")))
    b.add_argument("--strict", action="store_true", help=h(_(
        "treat warnings (missing translations, unknown keys) as errors")))
    b.add_argument("--drafts", action="store_true",
                   help=h(_("include draft exhibitions and items")))
    b.add_argument("--offline", action="store_true", help=h(_(
        "links that work opened from disk (file://), for kiosks")))
    b.add_argument("--workers", type=int,
                   help=h(_("image worker processes (default: all cores)")))
    b.add_argument("--cluster", metavar="ADDRESS", help=h(_(
        "make images on this Dask scheduler (tcp://host:8786; korme[dask])")))
    b.add_argument("--image-cache", metavar="FOLDER_OR_URL", help=h(_(
        "a cache the image workers share (a folder, or s3://bucket/prefix/)")))
    b.add_argument("--refresh", action="store_true", help=h(_(
        "fetch partners' IIIF documents again and say what changed")))
    b.add_argument("--quiet", "-q", action="store_true", help=h(_("print only problems")))
    b.add_argument("--no-search", dest="search", action="store_false", help=h(_(
        "leave the search index out (a quicker preview build)")))


def _check(c: argparse.ArgumentParser, h: Help, site: str) -> None:
    c.add_argument("--site", default=".", help=site)
    c.add_argument("--strict", action="store_true", help=h(_(
        "treat warnings (missing translations, unknown keys) as errors")))
    c.add_argument("--drafts", action="store_true",
                   help=h(_("include draft exhibitions and items")))
    c.add_argument("--format", choices=("text", "json"), default="text", help=h(_(
        "text for people, json for other tools (default: text)")))
    c.add_argument("--quiet", "-q", action="store_true",
                   help=h(_("print only problems (no coverage table)")))


def _serve(sv: argparse.ArgumentParser, h: Help, site: str) -> None:
    sv.add_argument("--site", default=".", help=site)
    sv.add_argument("--port", type=int, default=8000, help=h(_(
        "the port (default 8000; the next free one when it is taken)")))
    sv.add_argument("--host", default="127.0.0.1", help=h(_(
        "the address to listen on (default 127.0.0.1, this computer only; 0.0.0.0 shows the "
        "preview to the network)")))
    sv.add_argument("--workers", type=int,
                    help=h(_("image worker processes (default: all cores)")))


def _new(n: argparse.ArgumentParser, h: Help, site: str) -> None:
    n.add_argument("what", choices=("site", "exhibition", "item", "section"))
    n.add_argument("slug", help=h(_(
        "the new site's folder, or the exhibition's, item's or section's name")))
    n.add_argument("--exhibition", help=h(_("the exhibition of a new item or section")))
    n.add_argument("--site", default=".", help=site)
    n.add_argument("--languages", default="kk,ru", help=h(_(
        "new site: its languages, the first the default (default: kk,ru)")))
    n.add_argument("--title", help=h(_("new site: its title")))


def _sheets(im: argparse.ArgumentParser, ex: argparse.ArgumentParser, h: Help,
            site: str) -> None:
    exhibition = h(_("the exhibition's folder name under exhibitions/"))
    im.add_argument("file", help=h(_(
        "FILE.csv (with FILE.images.csv) or FILE.xlsx; MARC 21 or UNIMARC records (ISO 2709 "
        ".mrc, MARCXML .xml); Dublin Core XML")))
    im.add_argument("--exhibition", required=True, help=exhibition)
    im.add_argument("--site", default=".", help=site)
    im.add_argument("--prune", action="store_true", help=h(_(
        "remove the items the file does not name (a backup is kept)")))
    im.add_argument("--language", help=h(_(
        "the language a catalogue is written in (default: what its records say, else the "
        "site's first language)")))
    ex.add_argument("--exhibition", required=True, help=exhibition)
    ex.add_argument("--output", "-o", help=h(_(
        "FILE.csv or FILE.xlsx (default: EXHIBITION.csv)")))
    ex.add_argument("--site", default=".", help=site)
    ex.add_argument("--force", action="store_true", help=h(_("overwrite existing files")))
