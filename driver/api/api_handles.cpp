// Exported ODBC entry points: Handle allocation, release and environment attributes.
// Each forwards to driver/calls in one line; the ANSI and Unicode (W) forms share one implementation.
// Reference pages: https://learn.microsoft.com/sql/odbc/reference/syntax/<name>-function
#include "driver/calls/calls.h"

using namespace dsql::driver;

extern "C" {

// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlallochandle-function
SQLRETURN SQL_API SQLAllocHandle(SQLSMALLINT t, SQLHANDLE in, SQLHANDLE* out) { return calls::allocHandle(t, in, out); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlfreehandle-function
SQLRETURN SQL_API SQLFreeHandle(SQLSMALLINT t, SQLHANDLE h) { return calls::freeHandle(t, h); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlfreestmt-function
SQLRETURN SQL_API SQLFreeStmt(SQLHSTMT s, SQLUSMALLINT o) { return calls::freeStmt(s, o); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlsetenvattr-function
SQLRETURN SQL_API SQLSetEnvAttr(SQLHENV e, SQLINTEGER a, SQLPOINTER v, SQLINTEGER n) { return calls::setEnvAttr(e, a, v, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetenvattr-function
SQLRETURN SQL_API SQLGetEnvAttr(SQLHENV e, SQLINTEGER a, SQLPOINTER v, SQLINTEGER b, SQLINTEGER* n) { return calls::getEnvAttr(e, a, v, b, n); }

}  // extern "C"
