import duckdb, table, subprocess, sqlglot, sys, tempfile, json
con=duckdb.connect()
tmp=tempfile.mkdtemp()
used,n=table.load(con,'../../../shared/data/cloudtrail','cloudtrail_logs',tmp)
B='/work/target-layers/release/trailscope'
eid=sys.argv[1]
sql=subprocess.run([B,'sql','"x" | json "eventID" | where eventID="%s"' % eid],capture_output=True,text=True).stdout
sql=sql.replace("WHERE (strpos(lower(\"_raw\"), 'x') > 0)", "")
sql=sql.replace('SELECT "by0"','SELECT 1').replace('SELECT "eventID"','SELECT "_raw", "eventID"')
d=sqlglot.transpile(sql,read='athena',write='duckdb')[0]
d=d.replace('SELECT "_messagetime" AS "_messagetime"', 'SELECT "_raw", "_messagetime"')
print(con.execute(d).fetchall())
r=subprocess.run([B,'query','--format','csv','* | json "eventID" | where eventID="%s"' % eid]+used,capture_output=True,text=True)
print(r.stdout)
