"""``korme new site DIR``: a minimal site that builds with no warning, ready to be filled in.

It holds site.yaml, one institution, a home page per language, one draft exhibition (one item
with a placeholder image, one section), a ``.gitignore``, the JSON Schemas of the YAML files and
an editor settings file (``.vscode/settings.json``) that maps them, so the editor underlines
mistakes as ``korme check`` reports them. Nothing is written into a folder that is not empty.
"""

from __future__ import annotations

import json
from pathlib import Path

from korme.errors import UsageError
from korme.i18n import is_lang_tag, norm_tag
from korme.l10n import _
from korme.langtags import language_tag_problem
from korme.scaffold import new_exhibition
from korme.schemas import write_schemas

FIRST_EXHIBITION = "first-exhibition"
INSTITUTION = "my-institution"
_WORDS = {
    "kk": {"site": "Менің көрмелерім", "home": "Қош келдіңіз",
           "home_text": "Мұнда сайттың басты бетінің мәтінін жазыңыз.",
           "institution": "Менің мекемем"},
    "ru": {"site": "Мои выставки", "home": "Добро пожаловать",
           "home_text": "Здесь напишите текст главной страницы сайта.",
           "institution": "Моё учреждение"},
    "en": {"site": "My exhibitions", "home": "Welcome",
           "home_text": "Write the text of the site's home page here.",
           "institution": "My institution"},
}
GITIGNORE = """\
# what Kórme makes: the built site, its store and spare folders, the build cache
/_site/
/._site.korme-*/
.korme-cache/
"""
EDITOR_SCHEMAS = {
    "./schemas/site.schema.json": "site.yaml",
    "./schemas/exhibition.schema.json": "exhibitions/*/exhibition.yaml",
    "./schemas/items.schema.json": "exhibitions/*/items.yaml",
}


def _word(lang: str, key: str) -> str:
    return _WORDS.get(lang, _WORDS.get(lang.split("-")[0], _WORDS["en"]))[key]


def _quote(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _texts(langs: tuple[str, ...], key: str, title: str | None = None) -> str:
    return "{" + ", ".join(f"{lang}: {_quote(title or _word(lang, key))}" for lang in langs) \
        + "}"


def parse_languages(value: str) -> tuple[str, ...]:
    """``kk,ru`` → ("kk", "ru"); a code that is not a valid language tag is a usage error."""
    langs = tuple(norm_tag(t.strip()) for t in value.split(",") if t.strip())
    if not langs or not all(is_lang_tag(t) for t in langs):
        raise UsageError(_("--languages: '{value}' is not a list of language codes such as "
                           "kk,ru,en", value=value))
    for tag in langs:
        problem = language_tag_problem(tag, langs)
        if problem is not None:
            raise UsageError(_("--languages: {problem}", problem=problem))
    if len(set(langs)) != len(langs):
        raise UsageError(_("--languages: a language is listed twice"))
    return langs


def new_site(folder: Path, langs: tuple[str, ...] = ("kk", "ru"),
             title: str | None = None) -> list[Path]:
    """Write a new site into ``folder`` (missing or empty); return what was made."""
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise UsageError(_("{path} already exists and is not empty: choose a new folder",
                           path=folder))
    folder.mkdir(parents=True, exist_ok=True)
    made = []

    def write(rel: str, text: str) -> None:
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
        made.append(path)

    write("site.yaml", "# The site: see the curator's guide (docs/content-format.md)\n"
          f"format: 1\ntitle: {_texts(langs, 'site', title)}\n"
          f"languages: [{', '.join(langs)}]\n"
          "# the address the site will have, needed for IIIF manifests and sharing cards:\n"
          "# base_url: https://example.org/exhibitions/\n")
    write("content/institutions.yaml", f"- id: {INSTITUTION}\n"
          f"  name: {_texts(langs, 'institution')}\n")
    for lang in langs:
        write(f"content/pages/index.{lang}.md",
              f"---\ntitle: {_quote(_word(lang, 'home'))}\n---\n{_word(lang, 'home_text')}\n")
    write(".gitignore", GITIGNORE)
    write(".vscode/settings.json", json.dumps({"yaml.schemas": EDITOR_SCHEMAS}, indent=2)
          + "\n")
    made += write_schemas(folder / "schemas", folder)
    made.append(new_exhibition(folder, FIRST_EXHIBITION))
    return made
