"""The ``publish:`` targets of site.yaml, checked with pydantic, or a target given as a URL.

.. code-block:: yaml

    publish:
      library:        {type: ssh, host: web.example.kz, user: deploy, path: /srv/korme, keep: 5}
      pages:          {type: git, remote: git@github.com:org/site.git, branch: gh-pages}
      cdn:            {type: s3, bucket: korme, prefix: site/, region: eu-central-1,
                       endpoint: https://s3.example.kz}

No passwords or keys in here: SSH uses the user's keys (``identity`` names a key file), S3
takes its credentials from the environment or the standard AWS configuration.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import parse_qs, urlsplit

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from korme.errors import Report, UsageError
from korme.l10n import Text, _
from korme.load.reader import Located
from korme.load.records import _message as message
from korme.load.records import field_path

_SECRET = re.compile(r"pass(word)?|secret|token|access_key", re.I)


class _Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SshTarget(_Target):
    """Releases in ``path/releases/``, served through the ``path/current`` link."""

    type: Literal["ssh"]
    host: str = Field(min_length=1)
    path: str = Field(min_length=1)
    user: str | None = None
    port: int | None = Field(default=None, ge=1, le=65535)
    identity: str | None = None  # a private key file; default: the user's ssh configuration
    keep: int = Field(default=5, ge=1)
    ssh_options: list[str] = []  # e.g. ["-o", "ProxyJump=bastion"]
    rsync_options: list[str] = []  # e.g. ["--bwlimit=5000"]

    @field_validator("path")
    @classmethod
    def _absolute(cls, v: str) -> str:
        if not v.startswith("/") or v.rstrip("/") == "":
            raise ValueError(_("'{value}' must be an absolute folder on the server (not /)",
                               value=v))
        return v.rstrip("/")

    @property
    def destination(self) -> str:
        return f"{self.user}@{self.host}" if self.user else self.host


class GitTarget(_Target):
    """A branch (``gh-pages``) of a remote, one commit per publish."""

    type: Literal["git"]
    remote: str = Field(min_length=1)
    branch: str = "gh-pages"
    cname: str | None = None  # a custom domain for GitHub Pages (written as CNAME)
    message: str = "Publish {source}"

    @field_validator("branch")
    @classmethod
    def _branch(cls, v: str) -> str:
        if not re.fullmatch(r"[A-Za-z0-9._/-]+", v) or ".." in v or v.startswith(("-", "/")):
            raise ValueError(_("'{value}' is not a branch name", value=v))
        return v


class S3Target(_Target):
    """A bucket (and prefix) of an S3-compatible store; credentials from the environment."""

    type: Literal["s3"]
    bucket: str = Field(min_length=1)
    prefix: str = ""
    region: str | None = None
    endpoint: str | None = None  # for other S3-compatible stores; default: AWS

    @field_validator("prefix")
    @classmethod
    def _prefix(cls, v: str) -> str:
        v = v.strip("/")
        return v + "/" if v else ""

    @field_validator("endpoint")
    @classmethod
    def _endpoint(cls, v: str | None) -> str | None:
        if v is not None and not re.match(r"^https?://[^/\s]+/?$", v):
            raise ValueError(_("'{value}' is not an http(s) address such as "
                               "https://s3.example.org", value=v))
        return v


Target = Annotated[SshTarget | GitTarget | S3Target, Field(discriminator="type")]


def check_targets(root: Path, report: Report) -> None:
    """The ``publish:`` targets of the site's site.yaml checked, for ``korme check`` (the
    file's own problems are the loader's to report)."""
    from korme.load.site import load_config

    loaded = load_config(root, Report())
    if loaded is not None:
        publish_targets(loaded[1], report)


def publish_targets(located: Located, report: Report) -> dict[str, Target]:
    """The targets under site.yaml's ``publish:``; problems reported at their positions."""
    data = located.data.get("publish") if isinstance(located.data, dict) else None
    if data is None:
        return {}
    if not isinstance(data, dict):
        report.error(located.at(("publish",)),
                     _("publish: expected a mapping of target names to targets"))
        return {}
    try:
        return dict(_TARGETS.validate_python(data))
    except ValidationError as exc:
        for err in exc.errors():
            loc: tuple[str | int, ...] = tuple(err["loc"])
            if len(loc) > 2 and loc[1] in ("ssh", "git", "s3"):
                loc = (loc[0], *loc[2:])  # pydantic names the union's member
            path = ("publish", *loc)
            where = "publish." + field_path(loc)
            if err["type"] == "extra_forbidden":
                key = str(loc[-1])
                hint = _("no passwords or secrets in site.yaml; use SSH keys or the "
                         "environment (AWS_ACCESS_KEY_ID, AWS_PROFILE, …)") \
                    if _SECRET.search(key) else _("unknown key (is it a typo?)")
                report.error(located.at((*path, "__key__")), _("{where}: {problem}",
                                                               where=where, problem=hint))
            elif err["type"] in ("union_tag_invalid", "union_tag_not_found"):
                report.error(located.at((*path, "type")),
                             _("{where}.type: expected one of ssh, git, s3", where=where))
            else:
                report.error(located.at(path), _("{where}: {problem}", where=where,
                                                 problem=_message(err)))
        return {}


_TARGETS: TypeAdapter[dict[str, Target]] = TypeAdapter(dict[str, Target])


def _message(err: Any) -> str | Text:
    if err["type"] in ("model_attributes_type", "dict_type", "model_type"):
        return _("expected a mapping of keys")
    return message(err)


def target_from_url(url: str, options: dict[str, str | None]) -> Target:
    """A target given on the command line: ``ssh://[user@]host[:port]/path``,
    ``s3://bucket/prefix`` or ``git+URL#branch`` (``git+file:///srv/site.git#gh-pages``)."""
    given = {k: v for k, v in options.items() if v is not None}
    parts = urlsplit(url)
    data: dict[str, object]
    if parts.scheme == "ssh":
        data = {"type": "ssh", "host": parts.hostname or "", "path": parts.path,
                "user": parts.username, "port": parts.port}
        data.update({k: v for k, v in given.items() if k in ("identity", "keep")})
    elif parts.scheme == "s3":
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        data = {"type": "s3", "bucket": parts.netloc, "prefix": parts.path, **query}
        data.update({k: v for k, v in given.items() if k in ("endpoint", "region")})
    elif url.startswith("git+"):
        remote, _sep, branch = url[4:].partition("#")
        if remote.startswith("file://"):
            remote = remote[len("file://"):]
        data = {"type": "git", "remote": remote, "branch": branch or "gh-pages"}
        data.update({k: v for k, v in given.items() if k == "cname"})
    else:
        raise UsageError(_("publish: '{url}' is neither a target named in site.yaml nor a URL "
                           "(ssh://host/path, s3://bucket/prefix, git+URL#branch)", url=url))
    try:
        return TypeAdapter(Target).validate_python({k: v for k, v in data.items()
                                                   if v is not None})
    except ValueError as exc:
        raise UsageError(_("publish: {url}: {problem}", url=url,
                           problem=_first(exc))) from None


def _first(exc: ValueError) -> str | Text:
    errors = getattr(exc, "errors", None)
    if callable(errors):
        err = errors()[0]
        where = ".".join(str(p) for p in err["loc"][1:] if "[" not in str(p))
        return _("{where}: {problem}", where=where, problem=message(err))
    return str(exc)
