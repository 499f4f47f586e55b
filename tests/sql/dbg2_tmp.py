import duckdb, table, subprocess, sqlglot, sys, tempfile, json
con=duckdb.connect()
tmp=tempfile.mkdtemp()
used,n=table.load(con,'../../../shared/data/cloudtrail','cloudtrail_logs',tmp)
B='/work/target-layers/release/trailscope'
q=sys.argv[1]
sql=subprocess.run([B,'sql',q],capture_output=True,text=True).stdout
d=sqlglot.transpile(sql,read='athena',write='duckdb')[0]
for r in con.execute(d).fetchall():
    if any(v in (None, '') for v in r[:-1]): print(r)
r=subprocess.run([B,'query','--format','json','--keep-duplicates',q]+used,capture_output=True,text=True)
for row in json.loads(r.stdout)['rows'] if r.stdout.startswith('{') else json.loads(r.stdout):
    if any(v in (None,'') for v in list(row.values())[:-1]): print('T', row)
