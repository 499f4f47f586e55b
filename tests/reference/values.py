"""Values of the reference evaluator and their casts, display and order.

A value is None (null), str, bool, int or float. Extracted fields are strings; Sumo casts a
string to a number "when it is clear" (arithmetic, sum/avg, `x > 10`), so the casts live here
in one place. Display text is only used for the comparison with the case tables, where numbers
are compared with a tolerance anyway.
"""

import math
import re

NUM_RE = re.compile(r"^\s*[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$")


def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def to_num(v):
    """Number for arithmetic and numeric aggregates; None when not numeric."""
    if is_num(v):
        return v
    if isinstance(v, str) and NUM_RE.match(v):
        f = float(v)
        return int(f) if f.is_integer() and re.match(r"^\s*[-+]?\d+\s*$", v) else f
    return None


def text(v):
    """Display text of a value (null is the empty cell)."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, float):
        if math.isnan(v) or math.isinf(v):  # Java's spellings, as Sumo prints them
            return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
        if math.isfinite(v) and v.is_integer() and abs(v) < 1e16:
            return str(int(v))
        return repr(v)
    return str(v)


def truthy(v):
    if isinstance(v, bool):
        return v
    if isinstance(v, str):
        return v.lower() == "true"
    return False


def eq(a, b):
    """`=` : null compares as ""; numeric when both sides are numbers (or one is a number and
    the other numeric text); otherwise case-sensitive text equality."""
    if a is None:
        a = ""
    if b is None:
        b = ""
    if (is_num(a) or is_num(b)) and to_num(a) is not None and to_num(b) is not None:
        return float(to_num(a)) == float(to_num(b))
    return text(a) == text(b)


def order_cmp(a, b):
    """`<` etc.: numeric if both cast, else text."""
    na, nb = to_num(a), to_num(b)
    if na is not None and nb is not None:
        return (na > nb) - (na < nb)
    ta, tb = text(a), text(b)
    return (ta > tb) - (ta < tb)


def sort_key(v):
    """Sort order: null lowest, then numbers numerically, then text by bytes (DOC: text sorts
    as text unless cast; ARCHITECTURE: null lowest)."""
    if v is None:
        return (0, 0, b"")
    if is_num(v):
        return (1, v, b"")
    return (2, 0, text(v).encode("utf-8"))


def group_key(v):
    return ("\0null",) if v is None else (text(v),)
