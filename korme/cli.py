"""Command line: ``korme build|check|new|serve|publish`` (also ``python build.py …``).

Exit status: 0 success (warnings allowed), 1 content errors (all reported), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import functools
import sys
import time
from pathlib import Path

from korme import __version__
from korme.build import BuildOptions, BuildResult, build
from korme.errors import BuildFailed, Report, UsageError, kind_count
from korme.l10n import LANGUAGES, Catalog, Listed, Text, _, catalog_for, shown


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="korme", description="Kórme: bilingual virtual "
                                 "exhibitions from Markdown and YAML.")
    ap.add_argument("--version", action="version", version=f"Kórme {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help="the language of messages (default: KORME_LANG, then the "
                        "locale, else en)")
    ap.add_argument("--lang", choices=LANGUAGES, help=argparse.SUPPRESS)
    sub = ap.add_subparsers(dest="command", required=True)
    parser = functools.partial(sub.add_parser, parents=[common])

    b = parser("build", help="build the site into an output folder")
    b.add_argument("--site", default=".", help="the site folder (default: .)")
    b.add_argument("--output", "-o", help="the output folder (default: SITE/_site)")
    b.add_argument("--strict", action="store_true",
                   help="treat warnings (missing translations, unknown keys) as errors")
    b.add_argument("--drafts", action="store_true", help="include draft exhibitions and items")
    b.add_argument("--offline", action="store_true",
                   help="links that work opened from disk (file://), for kiosks")
    b.add_argument("--workers", type=int, help="image worker processes (default: all cores)")
    b.add_argument("--cluster", metavar="ADDRESS",
                   help="make images on this Dask scheduler (tcp://host:8786; korme[dask])")
    b.add_argument("--image-cache", metavar="FOLDER_OR_URL",
                   help="a cache the image workers share (a folder, or s3://bucket/prefix/)")
    b.add_argument("--refresh", action="store_true",
                   help="fetch partners' IIIF documents again and say what changed")
    b.add_argument("--quiet", "-q", action="store_true", help="print only problems")
    b.add_argument("--no-search", dest="search", action="store_false",
                   help="leave the search index out (a quicker preview build)")

    c = parser("check", help="validate content without writing a site")
    c.add_argument("--site", default=".")
    c.add_argument("--strict", action="store_true")
    c.add_argument("--drafts", action="store_true")
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--quiet", "-q", action="store_true",
                   help="print only problems (no coverage table)")

    sv = parser("serve", help="preview the site and rebuild it on every save")
    sv.add_argument("--site", default=".")
    sv.add_argument("--port", type=int, default=8000,
                    help="the port (default 8000; the next free one when it is taken)")
    sv.add_argument("--host", default="127.0.0.1", help="the address to listen on (default "
                    "127.0.0.1, this computer only; 0.0.0.0 shows the preview to the network)")
    sv.add_argument("--workers", type=int, help="image worker processes (default: all cores)")

    n = parser("new", help="start a site, or add an exhibition, item or section")
    n.add_argument("what", choices=("site", "exhibition", "item", "section"))
    n.add_argument("slug", help="the new site's folder, or the exhibition's, item's or "
                   "section's name")
    n.add_argument("--exhibition", help="the exhibition of a new item or section")
    n.add_argument("--site", default=".")
    n.add_argument("--languages", default="kk,ru",
                   help="new site: its languages, the first the default (default: kk,ru)")
    n.add_argument("--title", help="new site: its title")

    im = parser("import", help="merge a spreadsheet or a library catalogue export "
                        "into an exhibition's items.yaml")
    im.add_argument("file", help="FILE.csv (with FILE.images.csv) or FILE.xlsx; MARC 21 or "
                    "UNIMARC records (ISO 2709 .mrc, MARCXML .xml); Dublin Core XML")
    im.add_argument("--exhibition", required=True)
    im.add_argument("--site", default=".")
    im.add_argument("--prune", action="store_true",
                    help="remove the items the file does not name (a backup is kept)")
    im.add_argument("--language", help="the language a catalogue is written in (default: "
                    "what its records say, else the site's first language)")

    ex = parser("export", help="write an exhibition's items to a spreadsheet")
    ex.add_argument("--exhibition", required=True)
    ex.add_argument("--output", "-o", help="FILE.csv or FILE.xlsx (default: EXHIBITION.csv)")
    ex.add_argument("--site", default=".")
    ex.add_argument("--force", action="store_true", help="overwrite existing files")

    pb = parser("publish", help="send the built site to a server, a Git branch or S3")
    from korme.publish.command import add_arguments

    add_arguments(pb)

    sc = parser("schema", help="write JSON Schemas of the YAML files for editors")
    sc.add_argument("--site", default=".", help="a site whose vocabulary: types and fields: "
                    "to include (default: .)")
    sc.add_argument("--output", "-o", default="schemas", help="the folder (default: schemas)")
    return ap


def _site_folder(site: Path) -> Path:
    """The site folder, refused (exit 2, as every command does) when it has no site.yaml."""
    if not (site / "site.yaml").is_file():
        raise UsageError(_("no site.yaml in {path}: run korme in a site folder, give it with "
                           "--site, or start one with korme new site FOLDER",
                           path=site.resolve()))
    return site


def print_report(report: Report, catalog: Catalog) -> None:
    """Every diagnostic as ``path:line:column: message`` on stderr, in the curator's language."""
    for d in report.sorted():
        print(d.text(catalog), file=sys.stderr)


def _cmd_build(args: argparse.Namespace, catalog: Catalog) -> int:
    site = _site_folder(Path(args.site))
    output = Path(args.output) if args.output else site / "_site"
    had_site = output.is_dir() and any(output.iterdir())
    start = time.perf_counter()
    try:
        result = build(BuildOptions(site, output, args.strict, args.drafts, args.offline,
                                    args.workers, args.quiet, args.search,
                                    cluster=args.cluster, image_cache=args.image_cache,
                                    refresh=args.refresh, lang=catalog.lang))
    except BuildFailed as exc:
        print_report(exc.report, catalog)
        n = len(exc.report.errors)
        if had_site:
            message = _("build failed: 1 error; the previous site in {path} is unchanged",
                        path=output) if n == 1 else \
                _("build failed: {count} errors; the previous site in {path} is unchanged",
                  count=n, path=output)
        else:
            message = _("build failed: 1 error; nothing was written") if n == 1 else \
                _("build failed: {count} errors; nothing was written", count=n)
        print(message.render(catalog), file=sys.stderr)
        return 1
    print_report(result.report, catalog)
    if result.refreshed:
        print(shown(result.refreshed, catalog))
    if not args.quiet:
        print(summary(result, output, time.perf_counter() - start).render(catalog))
    return 0


def summary(result: BuildResult, output: Path, seconds: float) -> Text:
    """The short report after a build: pages, images, warnings by kind, time per stage."""
    kinds: dict[str, int] = {}
    for d in result.report.warnings:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    warnings = [kind_count(k, n) for k, n in sorted(kinds.items())]
    if not result.changed and not result.rendered and not result.decoded:
        text = _("nothing changed, the site is up to date ({seconds} s)",
                 seconds=f"{seconds:.1f}")
    else:
        text = _("built {pages} pages ({rendered} rendered) and {images} images ({made} made) "
                 "into {path} in {seconds} s ({stages})", pages=result.pages,
                 rendered=min(result.rendered, result.pages), images=result.images,
                 made=min(result.decoded, result.images), path=output,
                 seconds=f"{seconds:.1f}",
                 stages=Listed(tuple(_("{stage} {seconds}", stage=stage_name(k),
                                       seconds=f"{v:.2f}") for k, v in result.timings.items())))
    if warnings:
        return _("{summary}\nwarnings: {warnings}", summary=text, warnings=Listed(tuple(warnings)))
    return text


def stage_name(stage: str) -> Text | str:
    """A stage of the build as the summary names it."""
    names = {"load": _("reading"), "plan": _("planning"), "images": _("images"),
             "zoom": _("zoom tiles"), "full": _("full size"), "render": _("pages"),
             "search": _("search"), "write": _("writing"), "save": _("saving")}
    return names.get(stage, stage)


def _cmd_check(args: argparse.Namespace, catalog: Catalog) -> int:
    from korme.checks import check_command

    return check_command(_site_folder(Path(args.site)), args.strict, args.drafts, args.format,
                         catalog=catalog, quiet=args.quiet)


def _cmd_serve(args: argparse.Namespace, catalog: Catalog) -> int:
    from korme.server import serve

    return serve(_site_folder(Path(args.site)), args.port, host=args.host,
                 workers=args.workers, catalog=catalog)


def _cmd_new(args: argparse.Namespace, catalog: Catalog) -> int:
    from korme import scaffold

    def done(path: Path | str) -> None:
        print(_("created {path}", path=path).render(catalog))

    if args.what == "site":
        from korme.newsite import new_site, parse_languages

        folder = Path(args.slug)
        new_site(folder, parse_languages(args.languages), args.title)
        done(folder)
        print(_("next: cd {path} && korme serve (a preview that follows your edits), or "
                "korme build", path=folder).render(catalog))
        return 0
    site = _site_folder(Path(args.site))
    if args.what == "exhibition":
        done(scaffold.new_exhibition(site, args.slug))
        return 0
    if not args.exhibition:
        raise UsageError(_("new {what}: give the exhibition with --exhibition SLUG",
                           what=args.what))
    if args.what == "item":
        print(_("added item '{id}' to {path}", id=args.slug,
                path=scaffold.new_item(site, args.exhibition, args.slug)).render(catalog))
    else:
        for path in scaffold.new_section(site, args.exhibition, args.slug):
            done(path)
    return 0


def _cmd_import(args: argparse.Namespace, catalog: Catalog) -> int:
    source = Path(args.file)
    if source.suffix.lower() in (".csv", ".xlsx"):
        from korme.spreadsheet.importing import import_sheet

        return import_sheet(Path(args.site), args.exhibition, source, args.prune, catalog)
    from korme.catalogue.command import import_catalogue

    return import_catalogue(Path(args.site), args.exhibition, source, args.prune,
                            args.language, catalog)


def _cmd_export(args: argparse.Namespace, catalog: Catalog) -> int:
    from korme.spreadsheet.convert import export_items

    output = Path(args.output or f"{args.exhibition}.csv")
    return export_items(Path(args.site), args.exhibition, output, args.force, catalog)


def _cmd_schema(args: argparse.Namespace, catalog: Catalog) -> int:
    from korme.schemas import write_schemas

    for path in write_schemas(Path(args.output), Path(args.site)):
        print(_("wrote {path}", path=path).render(catalog))
    return 0


def _cmd_publish(args: argparse.Namespace, catalog: Catalog) -> int:
    from korme.publish.command import publish_command

    return publish_command(args, catalog)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on wrong usage, 0 for --help
        return int(exc.code or 0)
    catalog = catalog_for(getattr(args, "lang", None))
    try:
        commands = {
            "build": _cmd_build,
            "check": _cmd_check,
            "serve": _cmd_serve,
            "new": _cmd_new,
            "import": _cmd_import,
            "export": _cmd_export,
            "schema": _cmd_schema,
            "publish": _cmd_publish,
        }
        return commands[args.command](args, catalog)
    except UsageError as exc:
        message = exc.args[0] if exc.args else ""
        shown = message.render(catalog) if isinstance(message, Text) else str(message)
        print(f"korme: {shown}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(_("korme: interrupted; the previous site is unchanged").render(catalog),
              file=sys.stderr)
        return 130
