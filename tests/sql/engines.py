"""The Trino-vs-DuckDB differences that matter to `trailscope sql`, each checked on its own.

Athena runs Trino; the check runs the same SQL on DuckDB after sqlglot rewrites it. Where the
two engines differ, the translator writes a form on which they agree (or the difference cannot
reach a result Trailscope compares); each case below runs that form on DuckDB and says what
Trino does with the naive one (from Trino's documentation). Exits 1 on the first that fails.
"""

import json
import sys

import duckdb
import sqlglot

con = duckdb.connect()


def run(athena_sql):
    """Athena SQL, as sqlglot writes it for DuckDB, run; the first row."""
    return con.execute(sqlglot.transpile(athena_sql, read="athena", write="duckdb")[0]).fetchone()


CASES = []


def case(f):
    CASES.append(f)
    return f


@case
def integer_division():
    """Trino: 7 / 2 = 3 (integers); DuckDB: 3.5. Sumo Logic: 3.5. The translator casts every
    arithmetic operand to DOUBLE, so both engines give 3.5."""
    assert run("SELECT CAST(7 AS DOUBLE) / CAST(2 AS DOUBLE)")[0] == 3.5


@case
def varchar_to_json():
    """Trino: CAST('a"b' AS JSON) is the JSON string "a\\"b"; DuckDB parses the text as JSON
    (and fails on it). The rebuilt event text escapes quote, backslash, newline, return and tab
    with replace(), which both engines do alike."""
    try:
        run("SELECT json_format(CAST('not json' AS JSON))")
        raise AssertionError("DuckDB now quotes text cast to JSON: the translator could use the cast")
    except duckdb.Error:
        pass
    for v in ['a"b', "é/\\n", "x\ny\tz\r", ""]:
        lit = "'" + v.replace("'", "''") + "'"
        e = lit
        for a, b in [("'\\'", "'\\\\'"), ("'\"'", "'\\\"'"), ("chr(10)", "'\\n'"), ("chr(13)", "'\\r'"), ("chr(9)", "'\\t'")]:
            e = f"replace({e}, {a}, {b})"
        got = run(f"SELECT '\"' || {e} || '\"'")[0]
        assert json.loads(got) == v, (v, got)


@case
def concat_ws_skips_nulls():
    """Both engines' concat_ws skip NULL arguments: absent keys are left out of the rebuilt event
    text this way (array_join does too, at ten times the cost in DuckDB)."""
    assert run("SELECT concat_ws(',', 'a', NULL, 'b')")[0] == "a,b"
    assert run("SELECT array_join(ARRAY['a', NULL, 'b'], ',')")[0] == "a,b"


@case
def split_part_past_the_end():
    """Trino: split_part('a.b', '.', 5) is NULL; DuckDB: ''. The translator writes no
    split_part (parse anchors become regexp_extract)."""
    assert run("SELECT split_part('a.b', '.', 5)")[0] in ("", None)


@case
def named_groups():
    """Java (Trino) names groups `(?<n>...)`, RE2 (DuckDB) `(?P<n>...)`: the translator removes
    the names and reads groups by number, which both engines do alike."""
    assert run("SELECT regexp_extract('arn:x:alice', ':([^:]+)$', 1)")[0] == "alice"


@case
def regexp_extract_without_a_match():
    """Trino: regexp_extract without a match is NULL; DuckDB (and Spark): ''. Sumo Logic: the
    field is missing. The translator tests the match first, so both give NULL."""
    assert run("SELECT regexp_extract('abc', 'x(y)', 1)")[0] == ""
    q = "SELECT CASE WHEN regexp_like('abc', 'x(y)') THEN regexp_extract('abc', 'x(y)', 1) END"
    assert run(q)[0] is None


@case
def regex_is_a_search():
    """regexp_like finds a match anywhere in both engines (not a whole-string match)."""
    assert run("SELECT regexp_like('xx ConsoleLogin yy', '(?i)(?:^|[^A-Za-z0-9])consolelogin(?:$|[^A-Za-z0-9])')")[0]


@case
def bad_time_is_null():
    """from_iso8601_timestamp fails the query on text that is not a time in Trino (DuckDB's
    CAST too); wrapped in try() it is NULL in both, as the engine keeps such an event untimed."""
    assert run("SELECT try(from_iso8601_timestamp('ThisIsAWrongEventTime'))")[0] is None
    assert run("SELECT CAST(to_unixtime(try(from_iso8601_timestamp('2024-01-02T03:04:05Z'))) * 1000 AS BIGINT)")[0] == 1704164645000


@case
def json_null_is_missing():
    """json_extract_scalar of a JSON null is NULL in both; json_extract gives the JSON null,
    which json_format writes as 'null': the translator turns that back into NULL."""
    got = run("SELECT COALESCE(json_extract_scalar('{\"a\":null}', '$.a'), NULLIF(json_format(json_extract('{\"a\":null}', '$.a')), 'null'))")
    assert got[0] is None
    got = run("SELECT COALESCE(json_extract_scalar('{\"a\":{\"b\":1}}', '$.a'), NULLIF(json_format(json_extract('{\"a\":{\"b\":1}}', '$.a')), 'null'))")
    assert json.loads(got[0]) == {"b": 1}


@case
def text_order_is_by_code_point():
    """Sumo's sort orders text by bytes; Trino and DuckDB compare VARCHAR by code point (the same
    order for UTF-8), case-sensitively."""
    assert run("SELECT 'B' < 'a', 'Z' < 'é'") == (True, True)


@case
def nulls_sort_lowest():
    """Sumo Logic sorts a missing value lowest; the translator says NULLS LAST / NULLS FIRST
    since the engines' defaults differ (Trino: NULLS LAST both ways; DuckDB: NULLS LAST)."""
    q = "SELECT array_agg(x ORDER BY x DESC NULLS LAST) FROM (VALUES (1), (NULL), (2)) AS v(x)"
    assert run(q)[0] == [2, 1, None]


@case
def approx_percentile_estimates():
    """Trino's approx_percentile is an estimate (qdigest), as is DuckDB's approx_quantile; the
    engine's pct is exact. They agree on small inputs only; the check has no pct query, and
    the README says so."""
    assert run("SELECT approx_percentile(x, 0.5) FROM (VALUES (1), (2), (3)) AS v(x)")[0] == 2


failed = 0
for f in CASES:
    try:
        f()
        print(f"engines: ok   {f.__name__}")
    except Exception as e:  # noqa: BLE001 - report every case
        failed += 1
        print(f"engines: FAIL {f.__name__}: {e!r}")
sys.exit(1 if failed else 0)
