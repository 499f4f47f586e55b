"""parse xml: the XPath subset of Sumo Logic's "Parse XML Formatted Logs" page, over Python's
ElementTree (its own walk, sharing nothing with the engine's).

Absolute child paths of names or `*`, predicates `[n]`, `[last()]`, `[@a]`, `[@a=v]` (quoted:
text; a bare number: numeric), then optionally `text()` or `@a`; the first match in document
order; an element answers its XML. Not namespace aware: names compare by local part, a
prefixed step matches nothing. Anything else raises Unsupported.
"""

import re
import xml.etree.ElementTree as ET

from expr import Unsupported

STEP = re.compile(r"(\*|[A-Za-z_][\w.\-:]*)((?:\[[^\]]*\])*)$")


def local(tag):
    return tag.rsplit("}", 1)[-1]


def attr(el, name):
    for k, v in el.attrib.items():
        if local(k) == name and ":" not in name:
            return v
    return None


def pred(kids, p):
    p = p.strip()
    if p.isdigit():
        i = int(p)
        return kids[i - 1:i]
    if p == "last()":
        return kids[-1:]
    m = re.fullmatch(r"@([\w.\-]+)\s*(?:=\s*(?:'([^']*)'|\"([^\"]*)\"|([0-9.]+)))?", p)
    if not m:
        raise Unsupported("xpath predicate %r" % p)
    name, q1, q2, num = m.groups()
    out = []
    for k in kids:
        v = attr(k, name)
        if v is None:
            continue
        if num is not None:
            try:
                if float(v) != float(num):
                    continue
            except ValueError:
                continue
        elif (q1 if q1 is not None else q2) is not None and v != (q1 if q1 is not None else q2):
            continue
        out.append(k)
    return out


def select(text, path):
    """The path's answer over an XML text, None for no match or XML that is not well-formed."""
    parts = path.strip().split("/")
    if parts[0] != "" or any(p == "" for p in parts[1:]) or "//" in path:
        raise Unsupported("xpath %r" % path)
    parts = parts[1:]
    target = "element"
    if parts[-1] == "text()":
        target, parts = "text", parts[:-1]
    elif parts[-1].startswith("@"):
        target, parts = parts[-1], parts[:-1]
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        return None
    nodes = [None]  # the document node: its only child is the root element
    for p in parts:
        m = STEP.match(p)
        if not m:
            raise Unsupported("xpath step %r" % p)
        name, preds = m.group(1), re.findall(r"\[([^\]]*)\]", m.group(2))
        nxt = []
        for n in nodes:
            kids = [root] if n is None else list(n)
            kids = [k for k in kids if name == "*" or (":" not in name and local(k.tag) == name)]
            for pr in preds:
                kids = pred(kids, pr)
            nxt += kids
        nodes = nxt
    for n in nodes:
        if target == "element":
            tail, n.tail = n.tail, None
            s = ET.tostring(n, encoding="unicode")
            n.tail = tail
            return s
        if target == "text":
            texts = [n.text] + [c.tail for c in n]
            t = next((x for x in texts if x), None)
            if t is not None:
                return t
        else:
            v = attr(n, target[1:])
            if v is not None:
                return v
    return None


def default_name(path):
    last = path.strip().split("/")[-1]
    if last.startswith("@"):
        return last[1:]
    steps = [p for p in path.strip().split("/") if p and p != "text()"]
    name = re.match(r"[^\[]*", steps[-1]).group(0) if steps else "*"
    return path if name == "*" else name
