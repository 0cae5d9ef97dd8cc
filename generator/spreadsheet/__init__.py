"""Catalogues as spreadsheets: ``korme export`` and ``korme import`` (CSV or XLSX).

- :mod:`~generator.spreadsheet.columns`: fields ↔ cells (``title.kk``, ``subjects.ru``, …);
- :mod:`~generator.spreadsheet.csvio`, :mod:`~generator.spreadsheet.xlsxio`: reading and writing;
- :mod:`~generator.spreadsheet.convert`: items.yaml ↔ sheets, validation, the YAML written.
"""
