"""predict f by D [model=ar|linear] [, ar.window=N] [, forecast=N|D]: the predict operator's page,
with the choices written at the top of src/plan/operators/predict.rs, computed on its own: the
line by the textbook least-squares formulas, the AR model by Gaussian elimination on the
Yule-Walker equations (the engine uses Levinson-Durbin).
"""

import re

from expr import Unsupported
from values import to_num

UNIT = {"s": 1000, "m": 60000, "h": 3600000, "d": 86400000}


def duration(text):
    m = re.fullmatch(r"(\d+)([smhd])", text)
    if not m:
        raise Unsupported("predict duration %r" % text)
    return int(m.group(1)) * UNIT[m.group(2)]


def solve(a, b):
    """Gaussian elimination with partial pivoting; a dependent row leaves its unknown at 0."""
    n = len(b)
    m = [row[:] + [b[i]] for i, row in enumerate(a)]
    for c in range(n):
        p = max(range(c, n), key=lambda r: abs(m[r][c]))
        if abs(m[p][c]) < 1e-12:
            continue
        m[c], m[p] = m[p], m[c]
        for r in range(n):
            if r != c:
                f = m[r][c] / m[c][c]
                m[r] = [x - f * y for x, y in zip(m[r], m[c])]
    return [m[i][n] / m[i][i] if abs(m[i][i]) >= 1e-12 else 0.0 for i in range(n)]


def yule_walker(ys, p):
    n = len(ys)
    if p < 1 or n < p + 2:
        return None
    mean = sum(ys) / n
    d = [y - mean for y in ys]
    r = [sum(d[t] * d[t - k] for t in range(k, n)) / n for k in range(p + 1)]
    if r[0] == 0:
        return mean, [0.0] * p
    return mean, solve([[r[abs(i - j)] for j in range(p)] for i in range(p)], r[1:])


def op_predict(rest, t, Row):
    m = re.fullmatch(r"([\w.]+)\s+by\s+(\w+)((?:\s*,?\s*[\w.]+\s*=\s*\w+)*)\s*", rest, re.I)
    if not m:
        raise Unsupported("predict syntax")
    f, step = m.group(1), duration(m.group(2))
    opts = dict((k.lower(), v) for k, v in re.findall(r"([\w.]+)\s*=\s*(\w+)", m.group(3)))
    ar = opts.get("model", "linear").lower() == "ar"
    window = int(opts["ar.window"]) if "ar.window" in opts else None
    fc = opts.get("forecast", "3")
    forecast = int(fc) if fc.isdigit() else duration(fc) // step
    series = sorted((r for r in t.rows if r.get("_timeslice") is not None), key=lambda r: r.get("_timeslice"))
    if len(series) != len(t.rows):
        raise Unsupported("predict over rows without a timeslice")
    rows, ys, actual = [], [], []
    if series:
        t0 = series[0].get("_timeslice")
        by_k = {}
        for r in series:
            k, frac = divmod(r.get("_timeslice") - t0, step)
            if frac or k in by_k:
                raise Unsupported("predict over an uneven series")
            by_k[k] = r
        for k in range(max(by_k) + 1):
            r = by_k.get(k)
            if r is None:
                r = Row()
                r.set("_timeslice", t0 + k * step)
                r.set(f, 0)
            v = to_num(r.get(f))
            actual.append(v)
            ys.append(v if v is not None else 0.0)
            rows.append(r)
        for j in range(forecast):
            r = Row()
            r.set("_timeslice", t0 + (len(ys) + j) * step)
            rows.append(r)
    if len(ys) > 10000:
        raise Unsupported("predict over more than 10,000 points")
    n = len(ys)
    if n:
        xm, ym = (n - 1) / 2, sum(ys) / n
        sxx = sum((i - xm) ** 2 for i in range(n))
        slope = sum((i - xm) * (y - ym) for i, y in enumerate(ys)) / sxx if sxx else 0.0
        icpt = ym - slope * xm
    model = yule_walker(ys, window if window is not None else max(1, n * 2 // 5)) if ar else None

    def ar_next(past):
        mean, coef = model
        if len(past) < len(coef):
            return None
        return mean + sum(c * (past[-1 - i] - mean) for i, c in enumerate(coef))
    ext = list(ys)
    for j in range(forecast):
        ext.append(ar_next(ext) if model else icpt + slope * (n + j))
    for k, r in enumerate(rows):
        lin = icpt + slope * k
        r.set(f + "_error", lin - actual[k] if k < n and actual[k] is not None else None)
        if ar:
            r.set(f + "_linear", lin)
            r.set(f + "_predicted", None if model is None else (ext[k] if k >= n else ar_next(ys[:k])))
        else:
            r.set(f + "_predicted", lin)
    t.rows = rows
    t.ties = [("predict", i) for i in range(len(rows))]
    t.columns += [f + "_predicted"] + ([f + "_linear"] if ar else []) + [f + "_error"]
    return t
