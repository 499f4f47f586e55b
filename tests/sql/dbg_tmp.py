import duckdb, table, subprocess, sqlglot, sys, csv, io, tempfile, json
con=duckdb.connect()
tmp=tempfile.mkdtemp()
used,n=table.load(con,'../../../shared/data/cloudtrail','cloudtrail_logs',tmp)
B='/work/target-layers/release/trailscope'
q=sys.argv[1]
if q.isdigit():
    for l in open('../../../shared/corpus/sumo-queries/queries.jsonl'):
        d=json.loads(l)
        if d["id"]==int(sys.argv[1]): q=d["query"]
print(q)
sql=subprocess.run([B,'sql','--var','cloudTrail=_sourceCategory=cloudtrail',q],capture_output=True,text=True).stdout
d=sqlglot.transpile(sql,read='athena',write='duckdb')[0]
got=con.execute(d).fetchall()
import re
m = re.search(r"_sourceCategory\s*=\s*([^\s|)]+)", q, re.I)
cat = m.group(1).replace("*", "") if m else "cloudtrail"
r=subprocess.run([B,'query','--format','csv','--keep-duplicates','--category',cat,'--var','cloudTrail=_sourceCategory=cloudtrail',q]+used,capture_output=True,text=True)
want=list(csv.reader(io.StringIO(r.stdout)))
print('want',len(want)-1,'got',len(got), want[:1])
ws=set(tuple(x) for x in want[1:]); gs=set(tuple('' if v is None else str(v) for v in x) for x in got)
print('only trailscope', list(ws-gs)[:6]); print('only sql', list(gs-ws)[:6])
if len(sys.argv)>2: print(sql)
