"""The showcase: what makes the site a library's front door (issue "Showcase").

- :mod:`.cover`: an exhibition's cover with its focal point, checked; the hero never enlarged;
- :mod:`.words`: values shown to visitors in the page's language (``vocabulary:``, ``fields:``
  labels, CLDR language names) and :mod:`.checks` warning of a missing label;
- :mod:`.home`, :mod:`.timeline`: the staged home page and the visual timeline's data;
- :mod:`.notice`: fallbacks announced in the page's language;
- :mod:`.fonts`: the site's optional Arabic-script web font, subset to the characters used.
"""
