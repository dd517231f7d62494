#!/usr/bin/env bash
# README command (1): install what is needed, build the driver, start the local Aurora DSQL emulator (with
# its private PostgreSQL), register the driver in a private odbc.ini, and run an isql session against the
# emulator that shows the SQL shim at work. On a terminal it then leaves you at the isql prompt.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh release

state="$PWD/build/demo-state"
python3=/usr/bin/python3
"$python3" tests/harness/testenv.py start --state "$state" --driver "$PWD/build/release/driver/libdsqlodbc.so"
trap '"$python3" tests/harness/testenv.py stop --state "$state" >/dev/null' EXIT

export ODBCSYSINI="$state/odbc" ODBCINI="$state/odbc/odbc.ini"
# The emulator accepts these fixed test credentials; the driver finds them through the normal AWS chain.
export AWS_ACCESS_KEY_ID=AKIDEMULATORSTATIC01 AWS_SECRET_ACCESS_KEY='emulator/static/secret+key' AWS_REGION=us-east-1
export AWS_EC2_METADATA_DISABLED=true
unset AWS_SESSION_TOKEN AWS_PROFILE

echo
echo "== isql -v dsql_emu_notes   ($(grep -A3 '^\[dsql_emu_notes\]' "$ODBCINI" | grep Server))"
echo "   FOREIGN KEY ... ON DELETE CASCADE is kept and enforced, serial becomes a bigint identity, CREATE INDEX"
echo "   becomes CREATE INDEX ASYNC (a job_id row comes back), SAVEPOINT/RELEASE are answered by the driver:"
echo "   real DSQL would refuse serial, the plain CREATE INDEX and the savepoints."
echo
isql -v -b dsql_emu_notes <<'SQL'
DROP TABLE IF EXISTS demo_orders
DROP TABLE IF EXISTS demo_customers
CREATE TABLE demo_customers (id serial PRIMARY KEY, name varchar(40) NOT NULL)
CREATE TABLE demo_orders (id int PRIMARY KEY, customer_id int REFERENCES demo_customers(id) ON DELETE CASCADE, total numeric(10,2))
CREATE INDEX demo_orders_customer ON demo_orders (customer_id)
INSERT INTO demo_customers (name) VALUES ('Ada'), ('Grace')
BEGIN
SAVEPOINT before_orders
INSERT INTO demo_orders VALUES (10, 1, 99.50), (11, 2, 12.25), (12, 1, 7.00)
RELEASE SAVEPOINT before_orders
COMMIT
SELECT c.name, count(o.id) AS orders, sum(o.total) AS total FROM demo_customers c JOIN demo_orders o ON o.customer_id = c.id GROUP BY c.name ORDER BY c.name
SELECT {fn UCASE(name)} AS shouting, {fn LENGTH(name)} AS len FROM demo_customers ORDER BY id
DELETE FROM demo_customers WHERE name = 'Grace'
SELECT count(*) AS orders_left_after_the_cascade FROM demo_orders
SELECT version(), current_user
SQL

if [ -t 0 ]; then
  echo
  echo "== Your turn: an isql session on the emulator (type 'quit' to leave; the servers stop then)."
  isql -v dsql_emu_notes
fi
