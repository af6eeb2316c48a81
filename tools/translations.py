#!/usr/bin/python3
"""Ferry's .ts files without Qt Linguist (tools/update-translations says when to use it).

  translations.py status TS             counts, and the first strings left to translate
  translations.py export TS [--all]     the unfinished strings (or all) as TSV on stdout:
                                        key, context, source, translation [, plural form 2 ...]
  translations.py import TS FILE.tsv    writes the translations back, by key, and marks them
                                        finished; a line may also be just: key, translation(s)
  translations.py check TS SCRATCH.ts   (.ci/check-translations) every string lupdate found in
                                        the code (SCRATCH.ts) is in TS and translated, with the
                                        same %1/%n placeholders, accelerator and HTML tags

In the TSV, a tab, a line break and a backslash in a text are written \\t, \\n and \\\\.
A plural (%n) string has one column per plural form of the language (French: 2, the first
for 0 and 1).
"""
import hashlib
import re
import sys
import xml.etree.ElementTree as ET

PLACEHOLDER = re.compile(r"%L?(?:\d{1,2}|n)")
MNEMONIC = re.compile(r"&(?!&|[#\w]+;)(?=\S)")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def key(context, source, comment):
    text = "\x1f".join((context, source, comment or ""))
    return hashlib.sha1(text.encode()).hexdigest()[:8]


def escape(text):
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def unescape(text):
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n"}.get(m.group(1), m.group(1)), text)


def messages(root):
    """(key, context name, message element) for every message that is not obsolete."""
    for context in root.findall("context"):
        name = context.findtext("name")
        for m in context.findall("message"):
            t = m.find("translation")
            if t is not None and t.get("type") in ("obsolete", "vanished"):
                continue
            yield key(name, m.findtext("source"), m.findtext("comment")), name, m


def forms(m):
    t = m.find("translation")
    if t is None:
        return []
    if m.get("numerus") == "yes":
        return [f.text or "" for f in t.findall("numerusform")]
    return [t.text or ""]


def finished(m):
    t = m.find("translation")
    return t is not None and t.get("type") is None and all(forms(m)) and bool(forms(m))


def problems_of(m):
    """What a finished translation breaks: placeholders, the accelerator, HTML tags."""
    source = m.findtext("source")
    found = []
    for text in forms(m):
        if m.get("numerus") != "yes" and sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(text)):
            found.append("placeholders differ")
        if m.get("numerus") == "yes" and set(PLACEHOLDER.findall(source)) - {"%n", "%Ln"} != set(
                PLACEHOLDER.findall(text)) - {"%n", "%Ln"}:
            found.append("placeholders differ")
        if len(MNEMONIC.findall(source)) != len(MNEMONIC.findall(text)):
            found.append("the & accelerator is missing or doubled")
        if sorted(TAG.findall(source)) != sorted(TAG.findall(text)):
            found.append("HTML tags differ")
    return sorted(set(found))


def write(tree, path):
    ET.indent(tree, space="    ")
    body = ET.tostring(tree.getroot(), encoding="unicode")
    with open(path, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE TS>\n' + body + "\n")


def status(path):
    all_messages = list(messages(ET.parse(path).getroot()))
    left = [(k, c, m) for k, c, m in all_messages if not finished(m)]
    print(f"{path}: {len(all_messages)} strings, {len(all_messages) - len(left)} translated, "
          f"{len(left)} left{'' if left else ': nothing left'}")
    for k, c, m in left[:20]:
        print(f"  {k} {c}: {m.findtext('source')!r}")
    if len(left) > 20:
        print(f"  … and {len(left) - 20} more (tools/translations.py export {path})")
    return 0


def export(path, everything):
    for k, c, m in messages(ET.parse(path).getroot()):
        if everything or not finished(m):
            columns = [k, c, m.findtext("source")] + (forms(m) if finished(m) else [""])
            print("\t".join(escape(x) for x in columns))
    return 0


def import_tsv(path, tsv):
    tree = ET.parse(path)
    by_key = {k: m for k, _, m in messages(tree.getroot())}
    done, unknown = 0, []
    with open(tsv, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            columns = [unescape(x) for x in line.split("\t")]
            m = by_key.get(columns[0])
            if m is None:
                unknown.append(f"{tsv}:{number}: no string with key {columns[0]}")
                continue
            t = m.find("translation")
            if m.get("numerus") == "yes":
                count = max(1, len(t.findall("numerusform")))
                values = columns[-count:]
                for f_ in list(t):
                    t.remove(f_)
                for v in values:
                    ET.SubElement(t, "numerusform").text = v
            else:
                values = columns[-1:]
                t.text = values[0]
            if all(values):
                t.attrib.pop("type", None)
                done += 1
    write(tree, path)
    for u in unknown:
        print(u, file=sys.stderr)
    print(f"{path}: {done} translations written")
    return 1 if unknown else 0


def check(path, scratch):
    ours = {k: (c, m) for k, c, m in messages(ET.parse(path).getroot())}
    missing, unfinished, broken = [], [], []
    for k, c, m in messages(ET.parse(scratch).getroot()):
        where = f"{c}: {m.findtext('source')!r}"
        if k not in ours:
            missing.append(where)
        elif not finished(ours[k][1]):
            unfinished.append(where)
        else:
            broken += [f"{where}: {p}" for p in problems_of(ours[k][1])]
    failed = False
    for title, items in (("not in " + path, missing), ("not translated in " + path, unfinished),
                         ("translated wrongly in " + path, broken)):
        if items:
            failed = True
            print(f"{len(items)} string(s) {title}:", file=sys.stderr)
            for item in items[:15]:
                print("  " + item, file=sys.stderr)
            if len(items) > 15:
                print(f"  … and {len(items) - 15} more", file=sys.stderr)
    if failed:
        print("Run tools/update-translations, translate what it lists (see its header), commit "
              "the .ts file.", file=sys.stderr)
        return 1
    print(f"{path}: all {len(ours)} strings translated")
    return 0


def main(argv):
    if len(argv) >= 3 and argv[1] == "status":
        return status(argv[2])
    if len(argv) >= 3 and argv[1] == "export":
        return export(argv[2], "--all" in argv[3:])
    if len(argv) == 4 and argv[1] == "import":
        return import_tsv(argv[2], argv[3])
    if len(argv) == 4 and argv[1] == "check":
        return check(argv[2], argv[3])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
