"""SSH + rsync: every publish is a new release folder, switched in by one symlink rename.

On the server, below the target's ``path``::

    releases/20260601T120000123456Z/   one folder per publish (the last ``keep`` are kept)
    releases/.20260601T….partial/      a release being sent (an interrupted one is removed)
    current -> releases/…              what the web server serves

Files whose content is unchanged are hard-linked from the current release (``--link-dest``),
so only changed files cross the network. ``current`` is replaced by ``mv -T`` of a new link
(an atomic rename), so visitors see the old release or the new one, never a mix.
"""

from __future__ import annotations

import datetime
import re
import shlex
from pathlib import Path

from korme.l10n import Text, _
from korme.publish import PublishError
from korme.publish.built import Built
from korme.publish.config import SshTarget
from korme.publish.process import last_lines, need, run
from korme.publish.result import Outcome

_SWITCH = 'ln -sfn "releases/$1" ".current.tmp.$$" && mv -T ".current.tmp.$$" current'


def _ssh(target: SshTarget) -> list[str]:
    cmd = [need("ssh", "openssh-client"), "-o", "BatchMode=yes", "-o", "ConnectTimeout=15"]
    if target.port:
        cmd += ["-p", str(target.port)]
    if target.identity:
        cmd += ["-i", str(Path(target.identity).expanduser()), "-o", "IdentitiesOnly=yes"]
    return cmd + list(target.ssh_options)


def _remote(target: SshTarget, script: str, *args: str, what: str | Text) -> str:
    """Run a shell script in the target's folder on the server; returns its output."""
    body = f"set -e; mkdir -p {shlex.quote(target.path)}/releases; " \
           f"cd {shlex.quote(target.path)}; {script}"
    remote = "sh -c " + shlex.quote(body) + " korme " + " ".join(shlex.quote(a) for a in args)
    done = run([*_ssh(target), target.destination, remote], what, check=False)
    if done.returncode == 255:
        raise PublishError(_("cannot reach {host} over SSH ({output}); check the host, the "
                             "port and that your SSH key is accepted (no passwords are asked)",
                             host=target.destination, output=last_lines(done.stderr)))
    if done.returncode != 0:
        raise PublishError(_("{what} on {host} failed: {output}", what=what,
                             host=target.destination,
                             output=last_lines(done.stderr or done.stdout)))
    return done.stdout


def current_release(target: SshTarget) -> str | None:
    """The release ``current`` points to (and stale partial releases removed)."""
    out = _remote(target, "rm -rf releases/.*.partial; readlink current || true",
                  what=_("reading the current release"))
    name = out.strip().rsplit("/", 1)[-1]
    return name or None


def _rsync(target: SshTarget, built: Built, dest: str, extra: list[str]) -> str:
    # media and tiles are links into the store beside the output: sent as the files they are
    cmd = [need("rsync"), "-rl", "--copy-unsafe-links", "--checksum", "--chmod=D755,F644",
           "--exclude=/.korme-site",
           "-e", shlex.join(_ssh(target)), *extra, *target.rsync_options,
           f"{built.output}/", f"{target.destination}:{target.path}/{dest}/"]
    done = run(cmd, "rsync", check=False)
    if done.returncode == 255:
        raise PublishError(_("cannot reach {host} over SSH ({output})",
                             host=target.destination, output=last_lines(done.stderr)))
    if done.returncode != 0:
        raise PublishError(_("rsync to {host} failed (exit {code}): {output}; the current "
                             "release still serves", host=target.destination,
                             code=done.returncode, output=last_lines(done.stderr)))
    return done.stdout


def publish_ssh(target: SshTarget, built: Built, dry_run: bool = False) -> Outcome:
    """Send the build as a new release and switch ``current`` to it."""
    current = current_release(target)
    if dry_run:
        against = f"releases/{current}" if current else "releases/.korme-dry-run-empty"
        out = _rsync(target, built, against,
                     ["--dry-run", "--delete", "--out-format=%i %n"])
        outcome = Outcome()
        for line in out.splitlines():
            flags, _sep, name = line.partition(" ")
            if name.endswith("/") or not name:
                continue
            if flags.startswith("*deleting"):
                outcome.deleted += 1
                outcome.changes.append(f"- {name.strip()}")
            elif flags.startswith(("<f", ">f")):
                outcome.sent += 1
                outcome.changes.append(f"+ {name}")
        outcome.note = _("{where} (current: {release})",
                         where=f"{target.destination}:{target.path}",
                         release=current or _("none"))
        return outcome
    release = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    partial = f"releases/.{release}.partial"
    extra = ["--stats"] + ([f"--link-dest=../{current}"] if current else [])
    stats = _rsync(target, built, partial, extra)
    found = re.search(r"Number of regular files transferred: ([\d,.]+)", stats)
    sent = int(re.sub(r"\D", "", found.group(1))) if found else 0
    keep = target.keep
    _remote(target, f'mv "releases/.$1.partial" "releases/$1"; {_SWITCH}; '
            f'ls -1 releases | sort -r | tail -n +{keep + 1} | while read -r old; do '
            f'[ "releases/$old" = "$(readlink current)" ] || rm -rf "releases/$old"; done',
            release, what=_("switching to the new release"))
    return Outcome(sent=sent, note=f"{target.destination}:{target.path}/releases/{release}")


def rollback_ssh(target: SshTarget, dry_run: bool = False) -> Outcome:
    """Switch ``current`` back to the release before it."""
    script = ('cur=$(readlink current || true); cur=${cur#releases/}; '
              'prev=$(ls -1 releases | sort | awk -v c="$cur" \'$0 < c\' | tail -n 1); '
              'if [ -z "$prev" ]; then echo "no release older than ${cur:-none}" >&2; '
              'exit 3; fi; ')
    script += 'echo "$prev"' if dry_run else \
        f'set -- "$prev"; {_SWITCH}; echo "$prev"'
    prev = _remote(target, script, what=_("rolling back")).strip()
    where, release = f"{target.destination}:{target.path}/current", f"releases/{prev}"
    return Outcome(note=_("would switch {where} to {release}", where=where, release=release)
                   if dry_run else _("switched {where} to {release}", where=where,
                                     release=release))
