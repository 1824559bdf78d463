"""Checks an Atom feed (RFC 4287) with Python's XML parser: well-formed XML, the
elements the feed and each entry must have, dates in RFC 3339, unique absolute ids.
Prints one line per entry (updated, id, link, title) for the caller to compare; any
problem is printed to stderr and the exit status is 1.

Usage: python3 atom_check.py FEED.xml SELF_URL
"""
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

ATOM = "{http://www.w3.org/2005/Atom}"
problems = []


def one(parent, name, where):
    found = parent.findall(ATOM + name)
    if len(found) != 1:
        problems.append(f"{where}: {len(found)} <{name}> elements, want exactly one")
        return None
    return found[0]


def date(parent, where):
    el = one(parent, "updated", where)
    if el is None:
        return ""
    text = (el.text or "").strip()
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            problems.append(f"{where}: <updated> {text} has no time zone")
    except ValueError:
        problems.append(f"{where}: <updated> {text!r} is not an RFC 3339 date")
    return text


def main(path, self_url):
    root = ET.parse(path).getroot()
    if root.tag != ATOM + "feed":
        problems.append(f"root is {root.tag}, not an Atom <feed>")
    for name in ("id", "title"):
        el = one(root, name, "feed")
        if el is not None and not (el.text or "").strip():
            problems.append(f"feed: empty <{name}>")
    date(root, "feed")
    selfs = [l.get("href") for l in root.findall(ATOM + "link") if l.get("rel") == "self"]
    if selfs != [self_url]:
        problems.append(f"feed: rel=self links {selfs}, want [{self_url}]")
    feed_author = root.find(ATOM + "author")
    ids = set()
    for n, entry in enumerate(root.findall(ATOM + "entry"), 1):
        where = f"entry {n}"
        id_el, title = one(entry, "id", where), one(entry, "title", where)
        updated = date(entry, where)
        if feed_author is None and entry.find(ATOM + "author") is None:
            problems.append(f"{where}: no <author> in the entry or the feed")
        alternate = [l.get("href") for l in entry.findall(ATOM + "link")
                     if l.get("rel", "alternate") == "alternate"]
        if entry.find(ATOM + "content") is None and not alternate:
            problems.append(f"{where}: neither <content> nor a rel=alternate link")
        entry_id = (id_el.text or "").strip() if id_el is not None else ""
        if not entry_id.startswith(("https://", "http://", "urn:", "tag:")):
            problems.append(f"{where}: id {entry_id!r} is not an absolute IRI")
        if entry_id in ids:
            problems.append(f"{where}: id {entry_id} repeats")
        ids.add(entry_id)
        title_text = (title.text or "").strip() if title is not None else ""
        print(f"{updated} {entry_id} {alternate[0] if alternate else '-'} {title_text}")
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
