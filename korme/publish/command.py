"""``korme publish TARGET [--dry-run] [--rollback]``: send the last build to a target."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from korme.errors import Report, UsageError
from korme.l10n import Catalog, Text, _, catalog_for, shown
from korme.publish import PublishError
from korme.publish.built import Built, current_build
from korme.publish.config import (
    GitTarget,
    S3Target,
    SshTarget,
    Target,
    publish_targets,
    target_from_url,
)
from korme.publish.result import Outcome


def add_arguments(p: argparse.ArgumentParser, h: Callable[[Text], str] = str) -> None:
    """The subcommand's options (a target given as a URL may take the last five); ``h``
    puts a help text into the curator's language."""
    p.add_argument("target", help=h(_("a target named under publish: in site.yaml, or "
                                      "ssh://[user@]host[:port]/path, git+URL#branch, "
                                      "s3://bucket/prefix")))
    p.add_argument("--dry-run", action="store_true",
                   help=h(_("list what would change, change nothing")))
    p.add_argument("--rollback", action="store_true", help=h(_(
        "switch an SSH target back to the release before the current one")))
    p.add_argument("--site", default=".", help=h(_("the site folder (default: .)")))
    p.add_argument("--output", "-o", help=h(_("the built site (default: SITE/_site)")))
    p.add_argument("--identity", help=h(_("SSH private key file (ssh:// targets)")))
    p.add_argument("--keep", type=int,
                   help=h(_("releases to keep (ssh:// targets; default 5)")))
    p.add_argument("--endpoint", help=h(_("S3 endpoint URL (s3:// targets; default AWS)")))
    p.add_argument("--region", help=h(_("S3 region (s3:// targets)")))
    p.add_argument("--cname", help=h(_("custom domain written as CNAME (git+ targets)")))


def _target(root: Path, name: str, args: argparse.Namespace, catalog: Catalog
            ) -> Target | None:
    """The named target from site.yaml (``None`` after printing its errors) or a URL's."""
    from korme.load.site import load_config

    report = Report()
    loaded = load_config(root, report)
    targets = publish_targets(loaded[1], report) if loaded else {}
    for d in report.sorted():
        if d in report.errors:
            print(d.text(catalog), file=sys.stderr)
    if report.errors:
        return None
    if name in targets:
        return targets[name]
    if "://" not in name and not name.startswith("git+"):
        known = ", ".join(sorted(targets)) or _("none")
        raise UsageError(_("publish: no target '{name}' under publish: in site.yaml "
                           "(targets: {known}); or give a URL such as ssh://host/path",
                           name=name, known=known))
    return target_from_url(name, {"identity": args.identity, "keep": args.keep,
                                  "endpoint": args.endpoint, "region": args.region,
                                  "cname": args.cname})


def publish_command(args: argparse.Namespace, catalog: Catalog | None = None) -> int:
    """Run ``korme publish``; exit status 1 with a clear message when it cannot (messages in
    ``catalog``'s language, default: :func:`~korme.l10n.catalog_for`)."""
    catalog = catalog or catalog_for()
    root = Path(args.site).resolve()
    output = Path(args.output).resolve() if args.output else root / "_site"
    target = _target(root, args.target, args, catalog)
    if target is None:
        return 1
    try:
        if args.rollback:
            if not isinstance(target, SshTarget):
                raise UsageError(_("publish --rollback works with SSH targets (for a Git "
                                   "branch, revert its last commit; for S3, publish an "
                                   "older build)"))
            from korme.publish.ssh import rollback_ssh

            print(shown(rollback_ssh(target, args.dry_run).note, catalog))
            return 0
        built = _built(root, output)
        outcome = _publish(target, built, root, args.dry_run)
    except PublishError as exc:
        print(_("korme publish: {error}", error=shown(exc, catalog)).render(catalog),
              file=sys.stderr)
        return 1
    _print(outcome, args.dry_run, catalog)
    return 0


def _built(root: Path, output: Path) -> Built:
    from korme.build import BuildOptions, _inputs

    return current_build(root, output, _inputs(root, BuildOptions(root, output)))


def _publish(target: Target, built: Built, root: Path, dry_run: bool) -> Outcome:
    if isinstance(target, SshTarget):
        from korme.publish.ssh import publish_ssh

        return publish_ssh(target, built, dry_run)
    if isinstance(target, GitTarget):
        from korme.build import CACHE_DIR
        from korme.publish.gitbranch import publish_git

        return publish_git(target, built, root / CACHE_DIR, dry_run)
    assert isinstance(target, S3Target)
    from korme.publish.s3 import publish_s3

    return publish_s3(target, built, dry_run)


def _print(outcome: Outcome, dry_run: bool, catalog: Catalog) -> None:
    if dry_run:
        for line in outcome.changes:
            print(line)
        line = _("dry run: would send {sent} files and delete {deleted} ({note}); nothing was "
                 "changed", sent=outcome.sent, deleted=outcome.deleted, note=outcome.note)
    elif outcome.sent or outcome.deleted:
        line = _("published to {note}: sent {sent} files, deleted {deleted}",
                 note=outcome.note, sent=outcome.sent, deleted=outcome.deleted)
    else:
        line = _("published to {note}: nothing changed", note=outcome.note)
    print(line.render(catalog))
