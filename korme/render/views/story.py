"""A section told as a story (``layout: story``): its steps, each with its image and region.

The section's Markdown is converted once (footnotes work across steps); each ``::focus`` line
leaves a mark (:data:`~korme.render.views.figures.STEP_MARK`) where the HTML is split into
steps. Each step carries its still crop (the no-JavaScript and print form: an ordinary article
with the crop above the text) and the region story.js moves the sticky image to.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from korme.markdown.directives import Directive, scan_directives
from korme.markdown.refs import prose_lines
from korme.render.context import PageContext, Picture
from korme.render.views.figures import STEP_MARK, Shot, shot

SIZES_STILL = "(min-width: 860px) 720px, 100vw"
SIZES_STAGE = "(min-width: 60rem) 60vw, 100vw"
_NOTES = '<div class="footnote">'


@dataclass(frozen=True)
class StageImage:
    """An image the story's sticky stage shows (one per item image its steps name)."""

    picture: Picture | None
    width: int
    height: int
    href: str  # its page


@dataclass(frozen=True)
class Step:
    number: int  # from 1: the anchor is ``#step-N``
    html: Markup  # the step's text
    shot: Shot  # its image, with the still crop of its region
    image: int  # index into the story's stage images
    region: str  # "x,y,w,h" in pixels of the image (the whole image without a region)
    large: str  # the still crop's largest file, drawn over the stage once it has moved


@dataclass(frozen=True)
class StoryView:
    intro: Markup  # the text before the first step
    steps: tuple[Step, ...]
    images: tuple[StageImage, ...]
    notes: Markup  # the footnotes, after the last step


def focus_lines(body: str) -> list[Directive]:
    """The story's steps as written (``::focus`` lines outside code)."""
    return [d for d in scan_directives(list(prose_lines(body)))
            if d.kind == "focus" and d.bad is None]


def story_view(p: PageContext, ex: object, body: str, html: str) -> StoryView:
    """The steps of a story section whose Markdown ``body`` converted to ``html``."""
    notes = ""
    if _NOTES in html:
        html, notes = html.split(_NOTES, 1)
        notes = _NOTES + notes
    intro, *parts = html.split(STEP_MARK)
    steps: list[Step] = []
    images: list[StageImage] = []
    index: dict[str, int] = {}
    for n, (d, part) in enumerate(zip(focus_lines(body), parts, strict=False), start=1):
        s = shot(p, ex, d.targets[0], SIZES_STILL)
        if s is None:
            continue
        key = s.image.rel
        if key not in index:
            index[key] = len(images)
            images.append(StageImage(p.picture(key, s.image.record.alt, SIZES_STAGE,
                                               eager=not images),  # the stage's first
                                     s.width, s.height, s.href.split("#")[0]))
        box = s.box or (0, 0, s.width, s.height)
        large = s.picture.large if s.picture is not None and s.box is not None else ""
        steps.append(Step(n, Markup(part.strip()), s, index[key],
                          ",".join(map(str, box)), large))
    return StoryView(Markup(intro), tuple(steps), tuple(images), Markup(notes))

