// Exported ODBC entry points: Diagnostic records.
// Each forwards to driver/calls in one line; the ANSI and Unicode (W) forms share one implementation.
// Reference pages: https://learn.microsoft.com/sql/odbc/reference/syntax/<name>-function
#include "driver/calls/calls.h"

using namespace dsql::driver;

extern "C" {

// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetdiagrec-function
SQLRETURN SQL_API SQLGetDiagRec(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT r, SQLCHAR* st, SQLINTEGER* nat, SQLCHAR* m, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getDiagRec(t, h, r, st, nat, m, b, n, false); }
SQLRETURN SQL_API SQLGetDiagRecW(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT r, SQLWCHAR* st, SQLINTEGER* nat, SQLWCHAR* m, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getDiagRec(t, h, r, st, nat, m, b, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetdiagfield-function
SQLRETURN SQL_API SQLGetDiagField(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT r, SQLSMALLINT f, SQLPOINTER v, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getDiagField(t, h, r, f, v, b, n, false); }
SQLRETURN SQL_API SQLGetDiagFieldW(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT r, SQLSMALLINT f, SQLPOINTER v, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getDiagField(t, h, r, f, v, b, n, true); }

}  // extern "C"
