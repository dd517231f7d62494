"""The connection-key table, odbc.ini.sample and the README key table must agree: both files are
generated from the table by dsqlodbc-gen-docs, and this test fails when a committed copy has drifted.
Regenerate with:  build/<preset>/tools/dsqlodbc-gen-docs ini > odbc.ini.sample  (and `readme` for the README
section between the `<!-- keys:begin -->` / `<!-- keys:end -->` markers)."""
import subprocess
import sys

gen, root = sys.argv[1], sys.argv[2]
ini = subprocess.run([gen, "ini"], check=True, capture_output=True, text=True).stdout
table = subprocess.run([gen, "readme"], check=True, capture_output=True, text=True).stdout
ok = True
with open(f"{root}/odbc.ini.sample") as f:
    if f.read() != ini:
        print("odbc.ini.sample differs from the connection-key table; regenerate it")
        ok = False
with open(f"{root}/README.md") as f:
    readme = f.read()
begin, end = "<!-- keys:begin -->\n", "<!-- keys:end -->"
if begin not in readme or end not in readme:
    print("README.md lacks the key-table markers")
    ok = False
elif readme.split(begin, 1)[1].split(end, 1)[0] != table:
    print("README.md key table differs from the connection-key table; regenerate it")
    ok = False
sys.exit(0 if ok else 1)
