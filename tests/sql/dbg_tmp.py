import duckdb, table, subprocess, sqlglot, sys, csv, io
con=duckdb.connect()
used,n=table.load(con,'../../../shared/data/cloudtrail')
B='/work/target-layers/release/trailscope'
q=sys.argv[1]
sql=subprocess.run([B,'sql',q],capture_output=True,text=True).stdout
d=sqlglot.transpile(sql,read='athena',write='duckdb')[0]
got=con.execute(d).fetchall()
r=subprocess.run([B,'query','--format','csv','--keep-duplicates','--category','x',q]+used,capture_output=True,text=True)
want=list(csv.reader(io.StringIO(r.stdout)))
print('want',len(want)-1,'got',len(got))
ws=set(tuple(x) for x in want[1:]); gs=set(tuple('' if v is None else str(v) for v in x) for x in got)
print('only trailscope', list(ws-gs)[:10]); print('only sql', list(gs-ws)[:10])
