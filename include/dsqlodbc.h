/* dsqlodbc.h: what dsql-odbc adds to ODBC, for applications that want to act on it. Plain C, no
 * dependency on sql.h, installed next to the driver. Documented in README.md ("Retrying after an error").
 *
 * Native error codes (SQLGetDiagRec's NativeErrorPtr, SQL_DIAG_NATIVE) of SQLSTATE 40001 records:
 * Aurora DSQL reports both of its optimistic-concurrency conflicts as 40001 and names the kind only in
 * the message text; these codes tell them apart without parsing text. */
#ifndef DSQLODBC_H
#define DSQLODBC_H

#define DSQL_NATIVE_OC000 1000          /* data conflict: another transaction changed the same rows first */
#define DSQL_NATIVE_OC001 1001          /* schema conflict: the catalog changed since the transaction began */
#define DSQL_NATIVE_SERIALIZATION 1002  /* any other 40001 (e.g. PostgreSQL's serialization failure) */

/* Driver-specific status-record field (SQL_DRIVER_DIAG_FIELD_BASE + 1), read with
 * SQLGetDiagField(..., RecNumber, SQL_DIAG_DSQL_RETRYABLE, &value, SQL_IS_INTEGER, NULL) into an SQLINTEGER:
 * 1 when running the failed transaction again from its start can be expected to succeed (an OCC
 * conflict, a connection lost or refused for now: the driver reconnects for the next transaction),
 * 0 when the statement itself is at fault (constraint, syntax, limit, unsupported feature). */
#define SQL_DIAG_DSQL_RETRYABLE 0x4001

#endif
