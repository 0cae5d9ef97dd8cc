"""Library catalogue exports imported as items: ``korme import FILE.mrc|FILE.xml``.

- :mod:`~korme.catalogue.source`: the file's format (ISO 2709, MARCXML, Dublin Core XML);
- :mod:`~korme.catalogue.marc21`, :mod:`~korme.catalogue.unimarc`,
  :mod:`~korme.catalogue.dublincore`: the documented mappings to item fields;
- :mod:`~korme.catalogue.common`: dates as EDTF, language codes, scripts;
- :mod:`~korme.catalogue.command`: the command (records merged by :mod:`korme.merge`).
"""
