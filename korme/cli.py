"""Command line: ``korme build|check|new|serve|publish`` (also ``python build.py …``).

Exit status: 0 success (warnings allowed), 1 content errors (all reported), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from korme import __version__
from korme.build import BuildOptions, BuildResult, build, print_report
from korme.errors import BuildFailed, UsageError


def _parser() -> argparse.ArgumentParser:
    ap = argparse.ArgumentParser(prog="korme", description="Kórme: bilingual virtual "
                                 "exhibitions from Markdown and YAML.")
    ap.add_argument("--version", action="version", version=f"Kórme {__version__}")
    sub = ap.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="build the site into an output folder")
    b.add_argument("--site", default=".", help="the site folder (default: .)")
    b.add_argument("--output", help="the output folder (default: SITE/_site)")
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

    c = sub.add_parser("check", help="validate content without writing a site")
    c.add_argument("--site", default=".")
    c.add_argument("--strict", action="store_true")
    c.add_argument("--drafts", action="store_true")
    c.add_argument("--format", choices=("text", "json"), default="text")

    sv = sub.add_parser("serve", help="preview the site and rebuild it on every save")
    sv.add_argument("--site", default=".")
    sv.add_argument("--port", type=int, default=8000)
    sv.add_argument("--workers", type=int, help="image worker processes (default: all cores)")

    n = sub.add_parser("new", help="scaffold new content")
    n.add_argument("what", choices=("exhibition", "item", "section"))
    n.add_argument("slug", help="the new exhibition's, item's or section's name")
    n.add_argument("--exhibition", help="the exhibition of a new item or section")
    n.add_argument("--site", default=".")

    im = sub.add_parser("import", help="merge a spreadsheet or a library catalogue export "
                        "into an exhibition's items.yaml")
    im.add_argument("file", help="FILE.csv (with FILE.images.csv) or FILE.xlsx; MARC 21 or "
                    "UNIMARC records (ISO 2709 .mrc, MARCXML .xml); Dublin Core XML")
    im.add_argument("--exhibition", required=True)
    im.add_argument("--site", default=".")
    im.add_argument("--prune", action="store_true",
                    help="remove the items the file does not name (a backup is kept)")
    im.add_argument("--language", help="the language a catalogue is written in (default: "
                    "what its records say, else the site's first language)")

    ex = sub.add_parser("export", help="write an exhibition's items to a spreadsheet")
    ex.add_argument("--exhibition", required=True)
    ex.add_argument("--output", help="FILE.csv or FILE.xlsx (default: EXHIBITION.csv)")
    ex.add_argument("--site", default=".")
    ex.add_argument("--force", action="store_true", help="overwrite existing files")

    pb = sub.add_parser("publish", help="send the built site to a server, a Git branch or S3")
    from korme.publish.command import add_arguments

    add_arguments(pb)

    sc = sub.add_parser("schema", help="write JSON Schemas of the YAML files for editors")
    sc.add_argument("--output", default="schemas", help="the folder (default: schemas)")
    return ap


def _cmd_build(args: argparse.Namespace) -> int:
    site = Path(args.site)
    output = Path(args.output) if args.output else site / "_site"
    start = time.perf_counter()
    try:
        result = build(BuildOptions(site, output, args.strict, args.drafts, args.offline,
                                    args.workers, args.quiet, args.search,
                                    cluster=args.cluster, image_cache=args.image_cache,
                                    refresh=args.refresh))
    except BuildFailed as exc:
        print_report(exc.report)
        n = len(exc.report.errors)
        print(f"build failed: {n} error{'s' if n != 1 else ''}; the previous site in "
              f"{output} is unchanged", file=sys.stderr)
        return 1
    print_report(result.report)
    if result.refreshed:
        print(result.refreshed)
    if not args.quiet:
        print(summary(result, output, time.perf_counter() - start))
    return 0


def summary(result: BuildResult, output: Path, seconds: float) -> str:
    """The short report after a build: pages, images, warnings by kind, time per stage."""
    pages = f"{result.pages} pages ({result.rendered} rendered, " \
            f"{result.pages - min(result.rendered, result.pages)} unchanged)"
    images = f"{result.images} images ({result.decoded} made, " \
             f"{result.images - min(result.decoded, result.images)} reused)"
    kinds: dict[str, int] = {}
    for d in result.report.warnings:
        kinds[d.kind] = kinds.get(d.kind, 0) + 1
    warnings = ", ".join(f"{n} {k}" for k, n in sorted(kinds.items()))
    stages = ", ".join(f"{k} {v:.2f}" for k, v in result.timings.items())
    where = f"into {output}" if result.changed else f"{output} unchanged"
    lines = [f"built {pages} and {images}; {where}; {seconds:.1f} s ({stages})"]
    if warnings:
        lines.append(f"warnings: {warnings}")
    return "\n".join(lines)


def _cmd_check(args: argparse.Namespace) -> int:
    from korme.checks import check_command

    return check_command(Path(args.site), args.strict, args.drafts, args.format)


def _cmd_serve(args: argparse.Namespace) -> int:
    from korme.server import serve

    return serve(Path(args.site), args.port, workers=args.workers)


def _cmd_new(args: argparse.Namespace) -> int:
    from korme import scaffold

    site = Path(args.site)
    if args.what == "exhibition":
        print(f"created {scaffold.new_exhibition(site, args.slug)}")
        return 0
    if not args.exhibition:
        raise UsageError(f"new {args.what}: give the exhibition with --exhibition SLUG")
    if args.what == "item":
        print(f"added item '{args.slug}' to {scaffold.new_item(site, args.exhibition, args.slug)}")
    else:
        for path in scaffold.new_section(site, args.exhibition, args.slug):
            print(f"created {path}")
    return 0


def _cmd_import(args: argparse.Namespace) -> int:
    source = Path(args.file)
    if source.suffix.lower() in (".csv", ".xlsx"):
        from korme.spreadsheet.importing import import_sheet

        return import_sheet(Path(args.site), args.exhibition, source, args.prune)
    from korme.catalogue.command import import_catalogue

    return import_catalogue(Path(args.site), args.exhibition, source, args.prune,
                            args.language)


def _cmd_export(args: argparse.Namespace) -> int:
    from korme.spreadsheet.convert import export_items

    output = Path(args.output or f"{args.exhibition}.csv")
    return export_items(Path(args.site), args.exhibition, output, args.force)


def _cmd_schema(args: argparse.Namespace) -> int:
    from korme.schemas import write_schemas

    for path in write_schemas(Path(args.output)):
        print(f"wrote {path}")
    return 0


def _cmd_publish(args: argparse.Namespace) -> int:
    from korme.publish.command import publish_command

    return publish_command(args)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on wrong usage, 0 for --help
        return int(exc.code or 0)
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
        return commands[args.command](args)
    except UsageError as exc:
        print(f"korme: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("korme: interrupted; the previous site is unchanged", file=sys.stderr)
        return 130
