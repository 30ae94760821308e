#!/usr/bin/env python3
"""Every Atom feed under the given folders parses in feedparser without a
single complaint (bozo == 0), is Atom 1.0, and each entry has what readers
need: title, link, id, updated."""
import pathlib
import sys

import feedparser

feeds = [p for root in sys.argv[1:] for p in pathlib.Path(root).rglob("*.xml") if p.name == "atom.xml"]
if not feeds:
    sys.exit("no atom.xml found under " + " ".join(sys.argv[1:]))
failures = []
for path in feeds:
    d = feedparser.parse(path.read_bytes())
    if d.bozo:
        failures.append(f"{path}: {d.bozo_exception!r}")
        continue
    if d.version != "atom10":
        failures.append(f"{path}: not Atom 1.0 ({d.version})")
    for e in d.entries:
        missing = [k for k in ("title", "link", "id", "updated") if not e.get(k)]
        if missing:
            failures.append(f"{path}: entry {e.get('id')} lacks {missing}")
print(f"{len(feeds)} feeds checked, {sum(1 for _ in feeds) - len(failures)} clean")
if failures:
    sys.exit("\n".join(failures))
