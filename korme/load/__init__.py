"""The load stage: the curators' files (YAML with positions, front matter, Markdown) read into
records checked file by file against the content format (:mod:`korme.load.schema`).
Cross-references are the next stage's (:mod:`korme.validate`)."""
