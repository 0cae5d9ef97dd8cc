"""Catalogues as spreadsheets: ``korme export`` and ``korme import`` (CSV or XLSX).

- :mod:`~korme.spreadsheet.columns`: fields ↔ cells (``title.kk``, ``subjects.ru``, …);
- :mod:`~korme.spreadsheet.csvio`, :mod:`~korme.spreadsheet.xlsxio`: reading and writing;
- :mod:`~korme.spreadsheet.convert`: items.yaml ↔ sheets, validation, the YAML written.
"""
