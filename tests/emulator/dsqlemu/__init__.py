"""The local Aurora DSQL emulator: a PostgreSQL v3 wire-protocol proxy (TLS, IAM-token check, DSQL's
statement refusals and transaction rules) in front of a private PostgreSQL 15. See ../README.md."""
