"""S3-compatible object storage: upload what changed, pages last, deletions after everything.

Objects are compared by MD5 with their ETags (single-part uploads have the MD5 as ETag), so a
publish with nothing changed uploads nothing. Order: media and other files first, so that no
page ever refers to an image that is not there yet; HTML pages after; old objects are deleted
last. Credentials come only from the environment or the standard AWS configuration (boto3's
chain: ``AWS_ACCESS_KEY_ID``…, ``AWS_PROFILE``, ``~/.aws/``); boto3 is the ``s3`` extra.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from korme.l10n import _
from korme.publish import PublishError
from korme.publish.built import Built
from korme.publish.config import S3Target
from korme.publish.policy import cache_control, content_type
from korme.publish.result import Outcome


def _client(target: S3Target) -> Any:
    try:
        import boto3
        from botocore.config import Config
    except ImportError:
        raise PublishError(_("publishing to S3 needs boto3: pip install 'korme[s3]'")
                           ) from None
    config = Config(connect_timeout=10, read_timeout=60, retries={"max_attempts": 3},
                    s3={"addressing_style": "path"} if target.endpoint else None)
    return boto3.session.Session().client("s3", region_name=target.region,
                                          endpoint_url=target.endpoint, config=config)


def _md5(path: Path) -> str:
    h = hashlib.md5(usedforsecurity=False)
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _errors() -> tuple[type[BaseException], ...]:
    from botocore.exceptions import BotoCoreError, ClientError
    return BotoCoreError, ClientError


def _explain(exc: BaseException, target: S3Target) -> PublishError:
    name = type(exc).__name__
    where = f"s3://{target.bucket}/{target.prefix}" + \
        (f" at {target.endpoint}" if target.endpoint else "")
    if name in ("NoCredentialsError", "PartialCredentialsError"):
        return PublishError(_("no S3 credentials for {where}: set AWS_ACCESS_KEY_ID and "
                              "AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (never in site.yaml)",
                              where=where))
    if name in ("EndpointConnectionError", "ConnectTimeoutError", "ConnectionClosedError"):
        return PublishError(_("cannot reach {where}: {error}", where=where, error=str(exc)))
    code = getattr(exc, "response", {}).get("Error", {}).get("Code", "")
    if code in ("InvalidAccessKeyId", "SignatureDoesNotMatch", "AccessDenied", "403"):
        return PublishError(_("{where} refused the credentials ({code})", where=where,
                              code=code))
    if code in ("NoSuchBucket", "404"):
        return PublishError(_("the bucket {bucket} does not exist", bucket=target.bucket))
    return PublishError(_("{where}: {error}", where=where, error=str(exc)))


def _remote(client: Any, target: S3Target) -> dict[str, str]:
    """Every object under the prefix and its ETag (without quotes)."""
    out: dict[str, str] = {}
    pages = client.get_paginator("list_objects_v2").paginate(Bucket=target.bucket,
                                                             Prefix=target.prefix)
    for page in pages:
        for obj in page.get("Contents", []):
            out[obj["Key"][len(target.prefix):]] = obj["ETag"].strip('"')
    return out


def _order(path: str) -> tuple[int, str]:
    """Media and data first, pages after, the home pages last."""
    if not path.endswith(".html"):
        return 0, path
    return (2 if path.count("/") <= 1 else 1), path


def publish_s3(target: S3Target, built: Built, dry_run: bool = False) -> Outcome:
    """Upload changed files, then delete objects the build no longer has."""
    client = _client(target)
    try:
        return _publish(client, target, built, dry_run)
    except _errors() as exc:
        raise _explain(exc, target) from None


def _publish(client: Any, target: S3Target, built: Built, dry_run: bool) -> Outcome:
    remote = _remote(client, target)
    local = sorted(built.publishable(), key=_order)
    send = [p for p in local if remote.get(p) != _md5(built.output / p)]
    gone = sorted(set(remote) - set(local))
    outcome = Outcome(sent=len(send), deleted=len(gone),
                      changes=[f"+ {p}" for p in send] + [f"- {p}" for p in gone],
                      note=f"s3://{target.bucket}/{target.prefix}")
    if dry_run:
        return outcome
    for path in send:
        with (built.output / path).open("rb") as body:
            client.put_object(Bucket=target.bucket, Key=target.prefix + path, Body=body,
                              ContentType=content_type(path),
                              CacheControl=cache_control(path))
    for start in range(0, len(gone), 1000):
        batch = [{"Key": target.prefix + p} for p in gone[start:start + 1000]]
        client.delete_objects(Bucket=target.bucket, Delete={"Objects": batch, "Quiet": True})
    return outcome
