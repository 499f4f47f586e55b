"""The CloudTrail table AWS documents for Athena, built in DuckDB from CloudTrail files.

Written from ../shared/reference/athena-cloudtrail-table.md, sharing nothing with the engine:
lower-case columns, STRUCT columns for userIdentity, addendum and tlsDetails, an array of
structs for resources, JSON objects kept as their text (requestParameters ...), readOnly as
text, and the `timestamp` partition (yyyy/MM/dd of the S3 folder, else of the event's day).
"""

import gzip
import json
import os
import re
import tempfile

ISSUER = "STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, username VARCHAR)"
IDENTITY = (
    "STRUCT(type VARCHAR, principalid VARCHAR, arn VARCHAR, accountid VARCHAR, invokedby VARCHAR,"
    " accesskeyid VARCHAR, username VARCHAR, onbehalfof STRUCT(userid VARCHAR, identitystorearn VARCHAR),"
    " sessioncontext STRUCT(attributes STRUCT(mfaauthenticated VARCHAR, creationdate VARCHAR),"
    f" sessionissuer {ISSUER}, ec2roledelivery VARCHAR,"
    " webidfederationdata STRUCT(federatedprovider VARCHAR, attributes MAP(VARCHAR, VARCHAR))))"
)
COLUMNS = [
    ("eventversion", "VARCHAR"),
    ("useridentity", IDENTITY),
    ("eventtime", "VARCHAR"),
    ("eventsource", "VARCHAR"),
    ("eventname", "VARCHAR"),
    ("awsregion", "VARCHAR"),
    ("sourceipaddress", "VARCHAR"),
    ("useragent", "VARCHAR"),
    ("errorcode", "VARCHAR"),
    ("errormessage", "VARCHAR"),
    ("requestparameters", "VARCHAR"),
    ("responseelements", "VARCHAR"),
    ("additionaleventdata", "VARCHAR"),
    ("requestid", "VARCHAR"),
    ("eventid", "VARCHAR"),
    ("readonly", "VARCHAR"),
    ("resources", "STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)[]"),
    ("eventtype", "VARCHAR"),
    ("apiversion", "VARCHAR"),
    ("recipientaccountid", "VARCHAR"),
    ("serviceeventdetails", "VARCHAR"),
    ("sharedeventid", "VARCHAR"),
    ("vpcendpointid", "VARCHAR"),
    ("vpcendpointaccountid", "VARCHAR"),
    ("eventcategory", "VARCHAR"),
    ("addendum", "STRUCT(reason VARCHAR, updatedfields VARCHAR, originalrequestid VARCHAR, originaleventid VARCHAR)"),
    ("sessioncredentialfromconsole", "VARCHAR"),
    ("edgedevicedetails", "VARCHAR"),
    ("tlsdetails", "STRUCT(tlsversion VARCHAR, ciphersuite VARCHAR, clientprovidedhostheader VARCHAR)"),
    ("timestamp", "VARCHAR"),
]
STRUCTS = {"useridentity", "addendum", "tlsdetails"}
FOLDER_DAY = re.compile(r"/CloudTrail/[^/]+/(\d{4})/(\d{2})/(\d{2})/")


def text(v):
    """A STRING column's value as the JSON SerDe gives it: text as is, anything else as JSON."""
    if v is None or isinstance(v, str):
        return v
    if isinstance(v, bool):
        return "true" if v else "false"
    return json.dumps(v, separators=(",", ":"), ensure_ascii=False)


def struct(v, ty):
    """A value for a STRUCT(...) type string, fields by name without case."""
    if not isinstance(v, dict):
        return None
    fields = split_fields(ty[len("STRUCT("):-1])
    lower = {k.lower(): x for k, x in v.items()}
    out = {}
    for name, t in fields:
        x = lower.get(name)
        if t.startswith("STRUCT("):
            out[name] = struct(x, t)
        elif t.startswith("MAP("):
            out[name] = {str(k): text(y) for k, y in x.items()} if isinstance(x, dict) else None
        else:
            out[name] = text(x)
    return out


def split_fields(body):
    """`a VARCHAR, b STRUCT(c VARCHAR, ...)` as [(name, type)], at depth 0 commas."""
    out, depth, start = [], 0, 0
    for i, c in enumerate(body + ","):
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "," and depth == 0:
            part = body[start:i].strip()
            name, t = part.split(" ", 1)
            out.append((name, t.strip()))
            start = i + 1
    return out


def row(rec, path):
    """One table row of a record."""
    out = {}
    lower = {k.lower(): v for k, v in rec.items()}
    for name, ty in COLUMNS:
        v = lower.get(name)
        if name in STRUCTS:
            out[name] = struct(v, ty)
        elif name == "resources":
            out[name] = [struct(r, "STRUCT(arn VARCHAR, accountid VARCHAR, type VARCHAR)") for r in v] if isinstance(v, list) else None
        elif name == "timestamp":
            m = FOLDER_DAY.search(path.replace(os.sep, "/"))
            t = lower.get("eventtime")
            out[name] = "/".join(m.groups()) if m else (t[:10].replace("-", "/") if isinstance(t, str) else None)
        else:
            out[name] = text(v)
    return out


def records_of(doc):
    """The records a JSON document holds: `{"Records": [...]}`, an array, or one record."""
    if isinstance(doc, dict) and isinstance(doc.get("Records"), list):
        return [r for r in doc["Records"] if isinstance(r, dict)]
    if isinstance(doc, list):
        return [r for r in doc if isinstance(r, dict)]
    if isinstance(doc, dict):
        if isinstance(doc.get("CloudTrailEvent"), str):
            return records_of(json.loads(doc["CloudTrailEvent"]))
        return [doc]
    return []


def read_file(path):
    """The records of one file, or None when Python's json cannot read all of it (such files
    are left out of both sides)."""
    opener = gzip.open if path.endswith(".gz") else open
    try:
        with opener(path, "rt", encoding="utf-8") as f:
            body = f.read()
    except (OSError, UnicodeDecodeError, EOFError):
        return None
    try:
        return records_of(json.loads(body))
    except json.JSONDecodeError:
        pass
    out = []
    for line in body.splitlines():
        if line.strip():
            try:
                out.extend(records_of(json.loads(line)))
            except json.JSONDecodeError:
                return None
    return out


def files_under(root):
    """JSON files (plain or gzipped, any extension but archives and docs), sorted."""
    skip = (".zip", ".md", ".html", ".js", ".tsv", ".txt", ".yaml", ".yml", ".csv")
    out = []
    for d, _, names in os.walk(root):
        for n in names:
            if n.startswith("LICENSE") or n.lower().endswith(skip):
                continue
            out.append(os.path.join(d, n))
    return sorted(out)


# What the table keeps of a record, in the order `trailscope sql` rebuilds the event's text
# (AWS's documented column and struct order): (key, kind) with kind "s" text, "j" JSON,
# "b" boolean, a list for a struct, ("a", list) for an array of structs, "m" a map.
ISSUER_K = [("type", "s"), ("principalId", "s"), ("arn", "s"), ("accountId", "s"), ("userName", "s")]
SESSION_K = [
    ("attributes", [("mfaAuthenticated", "s"), ("creationDate", "s")]),
    ("sessionIssuer", ISSUER_K),
    ("ec2RoleDelivery", "s"),
    ("webIdFederationData", [("federatedProvider", "s"), ("attributes", "m")]),
]
IDENTITY_K = [
    ("type", "s"), ("principalId", "s"), ("arn", "s"), ("accountId", "s"), ("invokedBy", "s"),
    ("accessKeyId", "s"), ("userName", "s"), ("onBehalfOf", [("userId", "s"), ("identityStoreArn", "s")]),
    ("sessionContext", SESSION_K),
]
RECORD_K = [
    ("eventVersion", "s"), ("userIdentity", IDENTITY_K), ("eventTime", "s"), ("eventSource", "s"),
    ("eventName", "s"), ("awsRegion", "s"), ("sourceIPAddress", "s"), ("userAgent", "s"), ("errorCode", "s"),
    ("errorMessage", "s"), ("requestParameters", "j"), ("responseElements", "j"), ("additionalEventData", "j"),
    ("requestID", "s"), ("eventID", "s"), ("readOnly", "b"),
    ("resources", ("a", [("ARN", "s"), ("accountId", "s"), ("type", "s")])), ("eventType", "s"),
    ("apiVersion", "s"), ("recipientAccountId", "s"), ("serviceEventDetails", "j"), ("sharedEventID", "s"),
    ("vpcEndpointId", "s"), ("vpcEndpointAccountId", "s"), ("eventCategory", "s"),
    ("addendum", [("reason", "s"), ("updatedFields", "s"), ("originalRequestID", "s"), ("originalEventID", "s")]),
    ("sessionCredentialFromConsole", "s"), ("edgeDeviceDetails", "s"),
    ("tlsDetails", [("tlsVersion", "s"), ("cipherSuite", "s"), ("clientProvidedHostHeader", "s")]),
]


def canonical(v, kind):
    """A record as the table holds it, written back as JSON: only the documented keys, in the
    documented order, absent and null alike left out, text columns as text (the SerDe's view).
    Trailscope reads these records, so both sides see the same events: the table keeps no key
    order and no key outside its columns, and the raw text Sumo Logic matches is gone in it."""
    if v is None:
        return None
    if isinstance(kind, list):
        if not isinstance(v, dict):
            return None
        lower = {k.lower(): x for k, x in v.items()}
        out = {}
        for k, sub in kind:
            x = canonical(lower.get(k.lower()), sub)
            if x is not None:
                out[k] = x
        return out
    if isinstance(kind, tuple):
        return [canonical(x, kind[1]) or {} for x in v] if isinstance(v, list) else None
    if kind == "s":
        return text(v)
    if kind == "b":
        t = text(v)
        return {"true": True, "false": False}.get(t.lower(), t) if t is not None else None
    if kind == "m":
        return {str(k): text(x) for k, x in v.items()} if isinstance(v, dict) else None
    # "j": the JSON value; text that is JSON is parsed (the SQL's rebuilt text parses it too),
    # other text has no JSON form and is left out there as here.
    if isinstance(v, str):
        try:
            return json.loads(v)
        except json.JSONDecodeError:
            return None
    return v


def load(con, root, name="cloudtrail_logs", out_dir=None):
    """Builds the table from the files under root, and writes what it holds, one file per
    source file, into out_dir (what Trailscope then reads); returns those files."""
    used, rows = [], []
    for n, path in enumerate(files_under(root)):
        recs = read_file(path)
        if recs is None:
            continue
        canon = [canonical(r, RECORD_K) for r in recs]
        copy = os.path.join(out_dir, f"{n:05d}.json")
        with open(copy, "w", encoding="utf-8") as f:
            json.dump({"Records": canon}, f, ensure_ascii=False, separators=(",", ":"))
        used.append(copy)
        rows.extend(row(r, path) for r in canon)
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    cols = ", ".join(f"'{n}': '{t}'" for n, t in COLUMNS)
    con.execute(f"DROP TABLE IF EXISTS {name}")
    con.execute(
        f"CREATE TABLE {name} AS SELECT * FROM read_json('{f.name}', format='newline_delimited', columns={{{cols}}})"
    )
    os.unlink(f.name)
    return used, len(rows)
