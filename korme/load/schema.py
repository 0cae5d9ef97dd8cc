"""Pydantic models of the curators' files: the content format's contract in code.

These models check shapes and types of one file at a time; cross-references (item ids,
institutions, sections) are checked in :mod:`korme.validate`. The same models will
give JSON Schemas for editors.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic_core import InitErrorDetails

from korme.i18n import LangText, is_lang_tag, norm_tag
from korme.l10n import _
from korme.langtags import language_tag_problem

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
RESERVED_SLUGS = frozenset(
    {"items", "search", "timeline", "subjects", "institutions", "catalogue", "media", "iiif",
     "pagefind", "static", "compare", "cite"}  # cite: an exhibition's citation files
)
KNOWN_TYPES = ("manuscript", "book", "document", "letter", "photograph", "map", "object", "artwork")


def _to_langtext(value: Any) -> LangText:
    if isinstance(value, LangText):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError(_("expected text or a mapping of language codes to text"))
    if isinstance(value, (str, int, float, datetime.date)):
        return LangText.of(str(value))
    if isinstance(value, dict):
        for k in value:
            if not is_lang_tag(k):
                raise ValueError(_("'{code}' is not a language code; expected a mapping such "
                                   "as {{kk: \"…\", ru: \"…\"}}", code=k))
        texts: dict[str, str] = {}  # lower-case tag → text, as LangText.of keeps them
        for k, v in value.items():
            tag = norm_tag(k)
            if tag in texts:
                raise ValueError(_("language '{code}' is given twice", code=k))
            if isinstance(v, (dict, list, bool)) or v is None:
                raise ValueError(_("the '{code}' text must be plain text", code=k))
            texts[tag] = v if type(v) is str else str(v)
        return LangText(None, tuple(texts.items()))
    raise ValueError(_("expected text or a mapping of language codes to text"))


def _to_str(value: Any) -> Any:
    if isinstance(value, (int, float, datetime.date)) and not isinstance(value, bool):
        return str(value)
    return value


def _to_list(value: Any) -> Any:
    return [value] if isinstance(value, (str, dict)) else value


Text = Annotated[
    LangText,
    BeforeValidator(_to_langtext),
    WithJsonSchema({"anyOf": [{"type": "string"},
                              {"type": "object", "additionalProperties": {"type": "string"}}]}),
]
Str = Annotated[str, BeforeValidator(_to_str)]


def _check_slug(value: str) -> str:
    if not SLUG_RE.match(value):
        raise ValueError(_("'{value}' is not a slug: use lower-case a-z, 0-9 and '-'",
                           value=value))
    return value


Slug = Annotated[str, BeforeValidator(_to_str), AfterValidator(_check_slug)]
LangTag = Annotated[str, BeforeValidator(_to_str)]


class Record(BaseModel):
    """Base of the content models: strict about shapes, lenient about extra keys."""

    model_config = ConfigDict(extra="allow", frozen=True, arbitrary_types_allowed=True,
                              str_strip_whitespace=True)

    @property
    def extra_fields(self) -> dict[str, Any]:
        return dict(self.model_extra or {})


class ImagesConfig(Record):
    """site.yaml ``images:``; defaults come from :mod:`korme.images.settings`."""

    widths: list[int] | None = None
    thumbnail: int | None = None  # the smallest width (and its doublings), for thumbnails
    formats: list[str] | None = None
    quality: dict[str, int] | None = None
    zoom: bool | int | None = None  # a number: tiles only for images longer than that
    max_pixels: int | None = None
    background: str | None = None
    keep_copyright: bool | None = None
    workers: int | None = None
    cluster: str | None = None  # a Dask scheduler's address (korme.images.cluster)
    cache: str | None = None  # a shared image cache: a folder or a URL (korme.images.shared)


# --- citations and re-use (korme.cite reads these; it checks the style names) ---
Download = Literal["full", "largest", "none"]


class CitationConfig(Record):
    """site.yaml ``citation:``: the citation style per published language."""

    styles: dict[LangTag, Str] = {}


# --- end of citations and re-use ---


# --- the site's own words, web fonts, a cover's focal point (korme/words.py, fonts.py, cover.py)
FieldType = Literal["text", "markdown", "list", "date", "url"]


class FieldSpec(Record):
    """site.yaml ``fields:``: one of the site's own item fields, its label and kind."""

    label: Text | None = None
    type: FieldType = "text"


def _vocabulary_keys(value: Any) -> Any:
    """Language codes in ``vocabulary: language:`` matched case-insensitively."""
    if isinstance(value, dict) and isinstance(value.get("language"), dict):
        value = {**value, "language": {norm_tag(str(k)): v
                                       for k, v in value["language"].items()}}
    return value


class FontsConfig(Record):
    """site.yaml ``fonts:``: web fonts the site provides (files in the site folder)."""

    arabic: Str | None = None


class CoverRef(Record):
    """exhibition.yaml ``cover:`` as a mapping: an item's image and the point kept in view
    when it is cropped (``focus: pct:X,Y``, checked in :mod:`korme.cover`)."""

    item: Str
    image: int = 1  # the item's image, from 1
    focus: Str | None = None

    @model_validator(mode="before")
    @classmethod
    def _flow_focus(cls, data: Any) -> Any:
        """``{item: x, focus: pct:50,30}`` in YAML's flow style reads as ``focus: pct:50``
        and a key ``30``: put the point back together."""
        if isinstance(data, dict):
            stray = stray_focus_key(data)
            if stray is not None:
                data = {k: v for k, v in data.items() if k != stray}
                data["focus"] = f"{data['focus']},{stray}"
        return data


def stray_focus_key(data: dict[Any, Any]) -> Any:
    """The key a flow-style ``focus: pct:X,Y`` left behind (``Y``, with no value), if any."""
    focus = data.get("focus")
    if not (isinstance(focus, str) and re.match(r"^pct:[\d.]+$", focus.strip())):
        return None
    strays = [k for k, v in data.items() if v is None and re.match(r"^[\d.]+$", str(k))]
    return strays[0] if len(strays) == 1 else None


# ---


class SiteConfig(Record):
    """site.yaml."""

    format: int = 1
    title: Text
    description: Text | None = None
    languages: list[LangTag] = Field(min_length=1)
    base_url: str | None = None
    iiif_viewer: str | None = None  # a IIIF viewer's URL with {manifest}: "open in" links
    theme: Str = "default"
    images: ImagesConfig = ImagesConfig()
    facets: list[Str] = ["type", "institution", "century", "language", "subjects"]
    publish: dict[str, Any] | None = None
    citation: CitationConfig = CitationConfig()  # korme.cite
    download: Download | None = None  # korme.cite.reuse: full | largest | none
    fields: dict[Str, FieldSpec] = {}  # the site's own item fields
    vocabulary: Annotated[dict[Str, dict[Str, Text]],
                          BeforeValidator(_vocabulary_keys)] = {}  # labels of its own values
    fonts: FontsConfig = FontsConfig()  # korme.fonts
    oai: dict[Str, Any] | None = None  # korme.harvest.oai: admin_email, gateway

    @field_validator("format")
    @classmethod
    def _format(cls, v: int) -> int:
        if v != 1:
            raise ValueError(_("format {format} is not supported by this version of Kórme "
                               "(expected 1)", format=v))
        return v

    @field_validator("languages")
    @classmethod
    def _langs(cls, v: list[str]) -> list[str]:
        for tag in v:
            problem = language_tag_problem(tag, v)
            if problem is not None:
                raise ValueError(problem)
        if len({norm_tag(t) for t in v}) != len(v):
            raise ValueError(_("a language is listed twice"))
        return v

    @field_validator("base_url")
    @classmethod
    def _base(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", v):
            raise ValueError(_("'{value}' is not an absolute http(s) URL", value=v))
        return v if v.endswith("/") else v + "/"

    @field_validator("iiif_viewer")
    @classmethod
    def _viewer(cls, v: str | None) -> str | None:
        if v is None:
            return v
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", v) or "{manifest}" not in v:
            raise ValueError(_("'{value}' is not an http(s) URL with {{manifest}} in it, such "
                               "as https://projectmirador.org/embed/?iiif-content={{manifest}}",
                               value=v))
        return v


class Institution(Record):
    """One partner in content/institutions.yaml; extra fields are shown as given."""

    id: Slug
    name: Text
    url: Str | None = None
    logo: Str | None = None


class ExhibitionDates(Record):
    opens: datetime.date | None = None
    closes: datetime.date | None = None


class ExhibitionCard(Record):
    """exhibition.yaml."""

    title: Text
    subtitle: Text | None = None
    summary: Text | None = None
    institutions: Annotated[list[Slug], BeforeValidator(_to_list)] = []
    curators: Annotated[list[Text], BeforeValidator(_to_list)] = []
    dates: ExhibitionDates = ExhibitionDates()
    cover: CoverRef | Str | None = None
    status: Literal["published", "draft"] = "published"
    aliases: Annotated[list[Slug], BeforeValidator(_to_list)] = []


class ImageRecord(Record):
    """One image of an item: a file of the site, or a partner's IIIF image (``iiif:``)."""

    file: Str | None = None
    iiif: Str | None = None  # korme.partners: an image service or a manifest's canvas
    label: Text | None = None
    alt: Text
    caption: Text | None = None
    rights: Str | None = None
    credit: Text | None = None
    transcription: Text | None = None
    translation: Text | None = None
    id: Slug | None = None  # the image's page slug (korme.imagepages)

    @model_validator(mode="before")
    @classmethod
    def _a_source(cls, data: Any) -> Any:
        """Neither ``file`` nor ``iiif``: ``file`` is missing (as before partners' images)."""
        if isinstance(data, dict) and data.get("file") is None and data.get("iiif") is None:
            raise ValidationError.from_exception_data(
                cls.__name__, [InitErrorDetails(type="missing", loc=("file",), input=data)])
        return data

    @model_validator(mode="after")
    def _one_source(self) -> ImageRecord:
        if self.file is not None and self.iiif is not None:
            raise ValueError(_("give either 'file' (an image of the site) or 'iiif' (a "
                               "partner's IIIF image), not both"))
        return self


class ItemRecord(Record):
    """One catalogue record in items.yaml; unknown fields are kept and shown."""

    id: Slug
    title: Text
    creator: Annotated[list[Text], BeforeValidator(_to_list)] = []
    date: Str | None = None
    date_display: Text | None = None
    type: Str | None = None
    language: Annotated[list[LangTag], BeforeValidator(_to_list)] = []
    institution: Slug | None = None
    identifier: Str | None = None
    credit: Text | None = None
    reading_direction: Literal["left-to-right", "right-to-left", "top-to-bottom",
                               "bottom-to-top"] | None = None
    extent: Text | None = None
    dimensions: Text | None = None
    subjects: Annotated[list[Text], BeforeValidator(_to_list)] = []
    rights: Str | None = None
    description: Text | None = None
    status: Literal["published", "draft"] = "published"
    aliases: Annotated[list[Slug], BeforeValidator(_to_list)] = []
    download: Download | None = None  # korme.cite.reuse: overrides site.yaml's
    manifest: Str | None = None  # korme.partners: a partner's IIIF manifest fills the item
    images: list[ImageRecord] = []

    @model_validator(mode="before")
    @classmethod
    def _title_from_manifest(cls, data: Any) -> Any:
        """An item with ``manifest:`` may leave out its title (the manifest's label is used:
        korme.partners fills the empty title given here)."""
        if isinstance(data, dict) and data.get("manifest") and "title" not in data:
            return {**data, "title": ""}
        return data

    @field_validator("language")
    @classmethod
    def _langs(cls, v: list[str]) -> list[str]:
        for tag in v:
            if not is_lang_tag(tag):
                raise ValueError(_("'{tag}' is not a BCP 47 language code such as fa, ru, "
                                   "kk-Arab", tag=tag))
        return v


class SectionMeta(Record):
    """A section file's front matter."""

    title: Str
    items: Annotated[list[Str], BeforeValidator(_to_list)] = []
    aliases: Annotated[list[Slug], BeforeValidator(_to_list)] = []
    description: Str | None = None
    layout: Literal["article", "story"] = "article"  # story: steps at ``::focus`` lines


class PageMeta(Record):
    """A site page's front matter."""

    title: Str
    description: Str | None = None
    aliases: Annotated[list[Slug], BeforeValidator(_to_list)] = []


KNOWN_KEYS = {
    "site": set(SiteConfig.model_fields),
    "exhibition": set(ExhibitionCard.model_fields),
    "image": set(ImageRecord.model_fields),
    "section": set(SectionMeta.model_fields),
    "page": set(PageMeta.model_fields),
    "images_config": set(ImagesConfig.model_fields),
    "fonts": set(FontsConfig.model_fields),
    "cover": set(CoverRef.model_fields),
}
