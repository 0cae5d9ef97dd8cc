"""Partners' IIIF documents for the tests: Image API 2 and 3, Presentation 2 and 3."""

from __future__ import annotations

from typing import Any

from korme.iiif.info import info_json


def info_v3_level0(base: str) -> dict[str, Any]:
    """What a site built by Kórme publishes: a level-0 Image API 3 pyramid."""
    return info_json(f"{base}/iiif/3/ms-12-f2r", 3000, 4000, 512,
                     "http://rightsstatements.org/vocab/NoC-NC/1.0/")


def info_v2_level2(base: str) -> dict[str, Any]:
    return {
        "@context": "http://iiif.io/api/image/2/context.json",
        "@id": f"{base}/iiif/2/persan-123-f1",
        "protocol": "http://iiif.io/api/image",
        "width": 6000, "height": 8000,
        "sizes": [{"width": 150, "height": 200}, {"width": 600, "height": 800}],
        "tiles": [{"width": 1024, "scaleFactors": [1, 2, 4, 8, 16]}],
        "profile": ["http://iiif.io/api/image/2/level2.json",
                    {"formats": ["jpg", "png"], "qualities": ["default", "gray"]}],
        "license": "https://creativecommons.org/licenses/by/4.0/",
    }


def manifest_v2(base: str) -> dict[str, Any]:
    """A Presentation 2 manifest with ``@language`` values, attribution and licence."""
    service = {"@context": "http://iiif.io/api/image/2/context.json",
               "@id": f"{base}/iiif/2/persan-123-f1",
               "profile": "http://iiif.io/api/image/2/level2.json"}
    return {
        "@context": "http://iiif.io/api/presentation/2/context.json",
        "@id": f"{base}/iiif/persan-123/manifest.json",
        "@type": "sc:Manifest",
        "label": [{"@value": "Shâhnâmeh", "@language": "fr"},
                  {"@value": "شاهنامه", "@language": "fa"}],
        "description": [{"@value": "<p>Copie <b>illustrée</b><script>alert(1)</script></p>",
                         "@language": "fr"}],
        "metadata": [{"label": [{"@value": "Cote", "@language": "fr"}],
                      "value": "Persan 123"}],
        "attribution": [{"@value": "Bibliothèque partenaire", "@language": "fr"}],
        "license": "https://creativecommons.org/licenses/by/4.0/",
        "sequences": [{
            "@type": "sc:Sequence", "viewingDirection": "right-to-left",
            "canvases": [
                {"@id": f"{base}/iiif/persan-123/canvas/f1", "@type": "sc:Canvas",
                 "label": "f. 1r", "width": 6000, "height": 8000,
                 "images": [{"@type": "oa:Annotation", "motivation": "sc:painting",
                             "on": f"{base}/iiif/persan-123/canvas/f1",
                             "resource": {"@id": f"{base}/iiif/2/persan-123-f1/full/full/0/"
                                                 "default.jpg",
                                          "@type": "dctypes:Image", "format": "image/jpeg",
                                          "width": 6000, "height": 8000,
                                          "service": service}}]},
                {"@id": f"{base}/iiif/persan-123/canvas/f2", "@type": "sc:Canvas",
                 "label": "f. 1v", "width": 600, "height": 800,
                 "images": [{"@type": "oa:Annotation", "motivation": "sc:painting",
                             "resource": {"@id": f"{base}/plain/f2.jpg",
                                          "@type": "dctypes:Image", "width": 600,
                                          "height": 800}}]},
            ]}],
    }


def manifest_v3(base: str) -> dict[str, Any]:
    """A Presentation 3 manifest whose canvas uses the level-0 service."""
    canvas = f"{base}/iiif/ms-12/canvas/1"
    return {
        "@context": "http://iiif.io/api/presentation/3/context.json",
        "id": f"{base}/iiif/ms-12/manifest.json",
        "type": "Manifest",
        "label": {"kk": ["Қолжазба 12"], "ru": ["Рукопись 12"], "fa": ["دستنویس"]},
        "summary": {"ru": ["<p>Список <a href=\"javascript:alert(1)\" onclick=\"x()\">XVI "
                           "в.</a></p>"]},
        "metadata": [{"label": {"ru": ["Шифр"]}, "value": {"none": ["Ms. 12"]}}],
        "requiredStatement": {"label": {"en": ["Attribution"]},
                              "value": {"kk": ["Серіктес кітапхана"],
                                        "ru": ["Библиотека-партнёр"]}},
        "rights": "http://rightsstatements.org/vocab/NoC-NC/1.0/",
        "items": [{
            "id": canvas, "type": "Canvas", "label": {"none": ["f. 2r"]},
            "width": 3000, "height": 4000,
            "items": [{"id": f"{canvas}/page", "type": "AnnotationPage", "items": [{
                "id": f"{canvas}/page/1", "type": "Annotation", "motivation": "painting",
                "target": canvas,
                "body": {"id": f"{base}/iiif/3/ms-12-f2r/full/max/0/default.jpg",
                         "type": "Image", "format": "image/jpeg", "width": 3000,
                         "height": 4000,
                         "service": [{"id": f"{base}/iiif/3/ms-12-f2r",
                                      "type": "ImageService3", "profile": "level0"}]}}]}],
        }],
    }
