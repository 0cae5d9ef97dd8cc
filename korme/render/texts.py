"""The Markdown texts the pages will convert, so they can be converted beforehand.

Listing a text here only lets it be converted on every core before the pages (see
:mod:`korme.markdown.fragments`); a text missed here is still converted by its page.
"""

from __future__ import annotations

from collections.abc import Iterator

from korme.i18n import LangText
from korme.model import Site
from korme.render.theme import Theme


def _chosen(value: LangText | str | None, code: str, order: tuple[str, ...]) -> str:
    """The text a page in ``code`` shows for a value (as ``PageContext.loc`` chooses it)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return value.resolve(code, order).text


def markdown_texts(site: Site, theme: Theme) -> Iterator[tuple[str, str]]:
    """``(text, footnote backlink title)`` of every description, summary, caption,
    transcription and translation, in every published language."""
    order = site.codes
    for lang in site.languages:
        code = lang.code
        back = theme.ui(code).get("footnote_back", "footnote_back")
        for ex in site.exhibitions:
            yield _chosen(ex.card.summary, code, order), back
            for item in ex.items:
                yield _chosen(item.record.description, code, order), back
                for img in item.images:
                    rec = img.record
                    yield _chosen(rec.caption, code, order), back
                    yield _chosen(rec.translation, code, order), back
                    if rec.transcription:
                        own = rec.transcription.get(code)
                        yield (own if own is not None else
                               _chosen(rec.transcription, rec.transcription.langs[0]
                                       if rec.transcription.langs else code, ())), back
