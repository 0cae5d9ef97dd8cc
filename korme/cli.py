"""Command line: ``korme build|check|new|serve|publish`` (also ``python build.py …``).

Exit status: 0 success (warnings allowed), 1 content errors (all reported), 2 wrong usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from korme.build import BuildOptions, BuildResult, build
from korme.cliargs import asked_language, parser
from korme.errors import BuildFailed, Report, UsageError, kind_count
from korme.l10n import Catalog, Listed, Text, _, catalog_for, shown


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
    from korme.publish.config import check_targets

    return check_command(_site_folder(Path(args.site)), args.strict, args.drafts, args.format,
                         catalog=catalog, quiet=args.quiet, more=check_targets)


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
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = parser(catalog_for(asked_language(argv))).parse_args(argv)
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
