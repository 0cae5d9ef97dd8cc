"""A Git branch (``gh-pages``): one commit per publish on top of the branch's history.

The commit is made in a bare repository under ``.korme-cache/publish/git/`` with a private
index, straight from the output folder: the site's own repository and working tree are never
touched. The commit names the source commit; the push is a plain fast-forward.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from korme.l10n import Text, _
from korme.publish import PublishError
from korme.publish.built import Built
from korme.publish.config import GitTarget
from korme.publish.process import last_lines, need, run
from korme.publish.result import Outcome

_NO_PROMPT = {"GIT_TERMINAL_PROMPT": "0",
              "GIT_SSH_COMMAND": "ssh -o BatchMode=yes -o ConnectTimeout=15"}


class _Git:
    """git with a given bare repository and index, never the user's."""

    def __init__(self, repo: Path):
        self.repo = repo
        self.env = {**os.environ, **_NO_PROMPT, "GIT_DIR": str(repo),
                    "GIT_INDEX_FILE": str(repo / "korme-index")}
        for var in ("GIT_WORK_TREE", "GIT_OBJECT_DIRECTORY", "GIT_COMMON_DIR"):
            self.env.pop(var, None)
        self.git = need("git")

    def __call__(self, *args: str, what: str | Text = "git", stdin: str | None = None,
                 check: bool = True) -> str:
        done = run([self.git, *args], what, env=self.env, cwd=str(self.repo), stdin=stdin,
                   check=check)
        return done.stdout if done.returncode == 0 else ""


def source_commit(root: Path) -> str:
    """The site's commit (``-dirty`` with uncommitted changes), or a note that it has none."""
    git = need("git")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    head = run([git, "-C", str(root), "rev-parse", "HEAD"], "git", check=False, env=env)
    if head.returncode != 0:
        return "sources outside Git"
    dirty = run([git, "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                "git", check=False, env=env).stdout.strip()
    return head.stdout.strip() + ("-dirty" if dirty else "")


def _identity(git: _Git) -> None:
    """A committer for machines without ``user.name``/``user.email``."""
    if not git("config", "user.email", check=False).strip():
        for who in ("AUTHOR", "COMMITTER"):
            git.env.setdefault(f"GIT_{who}_NAME", "Kórme")
            git.env.setdefault(f"GIT_{who}_EMAIL", "korme@localhost")


def publish_git(target: GitTarget, built: Built, cache: Path, dry_run: bool = False
                ) -> Outcome:
    """Commit the build onto ``target.branch`` and push it."""
    key = hashlib.sha256(f"{target.remote}\n{target.branch}".encode()).hexdigest()[:16]
    repo = cache / "publish" / "git" / f"{key}.git"
    if not (repo / "HEAD").is_file():
        repo.mkdir(parents=True, exist_ok=True)
        run([need("git"), "init", "-q", "--bare", str(repo)], "git init")
    git = _Git(repo)
    where = f"{target.remote} ({target.branch})"
    heads = run([git.git, "ls-remote", "--heads", target.remote,
                 f"refs/heads/{target.branch}"], "git ls-remote", env=git.env,
                cwd=str(repo), check=False)
    if heads.returncode != 0:
        raise PublishError(_("cannot reach the Git remote {remote}: {output}",
                             remote=target.remote, output=last_lines(heads.stderr)))
    parent = ""
    if heads.stdout.strip():
        git("fetch", "-q", "--no-tags", target.remote,
            f"+refs/heads/{target.branch}:refs/korme/published",
            what=_("fetching {where}", where=where))
        parent = git("rev-parse", "refs/korme/published").strip()
    tree = _tree(git, target, built)
    old_tree = git("rev-parse", f"{parent}^{{tree}}").strip() if parent else ""
    outcome = Outcome(note=where)
    if tree == old_tree:
        return outcome
    if old_tree:
        diff = git("diff-tree", "-r", "--no-renames", "--name-status", old_tree, tree)
    else:
        diff = git("ls-tree", "-r", "--name-only", tree)
        diff = "".join(f"A\t{line}\n" for line in diff.splitlines())
    for line in diff.splitlines():
        status, _sep, path = line.partition("\t")
        if status == "D":
            outcome.deleted += 1
            outcome.changes.append(f"- {path}")
        else:
            outcome.sent += 1
            outcome.changes.append(f"+ {path}")
    if dry_run:
        return outcome
    _identity(git)
    source = source_commit(built.root)
    message = target.message.format(source=source) + f"\n\nSource commit: {source}\n"
    commit = git("commit-tree", tree, *(("-p", parent) if parent else ()), "-m", message,
                 what="git commit").strip()
    git("push", "-q", target.remote, f"{commit}:refs/heads/{target.branch}",
        what=_("pushing to {where} (if the branch moved meanwhile, publish again)",
               where=where))
    git("update-ref", "refs/korme/published", commit)
    outcome.note = _("{where} at {commit}", where=where, commit=commit[:12])
    return outcome


def _tree(git: _Git, target: GitTarget, built: Built) -> str:
    """Write the build's tree (with ``.nojekyll`` and ``CNAME``) into the bare repository."""
    index = Path(git.env["GIT_INDEX_FILE"])
    index.unlink(missing_ok=True)
    files = sorted(built.publishable())
    shas = git("hash-object", "-w", "--no-filters", "--stdin-paths",
               stdin="".join(f"{built.output / p}\n" for p in files),
               what=_("storing the files")).split()
    extra = {".nojekyll": ""}
    if target.cname:
        extra["CNAME"] = target.cname.strip() + "\n"
    for name, text in extra.items():
        files.append(name)
        shas.append(git("hash-object", "-w", "--stdin", stdin=text).strip())
    git("update-index", "--add", "--index-info",
        stdin="".join(f"100644 {sha}\t{p}\n" for p, sha in zip(files, shas, strict=True)),
        what=_("staging the files"))
    tree = git("write-tree", what="git write-tree").strip()
    index.unlink(missing_ok=True)
    return tree
