// Exported ODBC entry points: Descriptor fields and records.
// Each forwards to driver/calls in one line; the ANSI and Unicode (W) forms share one implementation.
// Reference pages: https://learn.microsoft.com/sql/odbc/reference/syntax/<name>-function
#include "driver/calls/calls.h"

using namespace dsql::driver;

extern "C" {

// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetdescfield-function
SQLRETURN SQL_API SQLGetDescField(SQLHDESC d, SQLSMALLINT r, SQLSMALLINT f, SQLPOINTER v, SQLINTEGER b, SQLINTEGER* n) { return calls::getDescField(d, r, f, v, b, n, false); }
SQLRETURN SQL_API SQLGetDescFieldW(SQLHDESC d, SQLSMALLINT r, SQLSMALLINT f, SQLPOINTER v, SQLINTEGER b, SQLINTEGER* n) { return calls::getDescField(d, r, f, v, b, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlsetdescfield-function
SQLRETURN SQL_API SQLSetDescField(SQLHDESC d, SQLSMALLINT r, SQLSMALLINT f, SQLPOINTER v, SQLINTEGER n) { return calls::setDescField(d, r, f, v, n, false); }
SQLRETURN SQL_API SQLSetDescFieldW(SQLHDESC d, SQLSMALLINT r, SQLSMALLINT f, SQLPOINTER v, SQLINTEGER n) { return calls::setDescField(d, r, f, v, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetdescrec-function
SQLRETURN SQL_API SQLGetDescRec(SQLHDESC d, SQLSMALLINT r, SQLCHAR* nm, SQLSMALLINT b, SQLSMALLINT* nl, SQLSMALLINT* t, SQLSMALLINT* st, SQLLEN* l, SQLSMALLINT* p, SQLSMALLINT* sc, SQLSMALLINT* nu) { return calls::getDescRec(d, r, nm, b, nl, t, st, l, p, sc, nu, false); }
SQLRETURN SQL_API SQLGetDescRecW(SQLHDESC d, SQLSMALLINT r, SQLWCHAR* nm, SQLSMALLINT b, SQLSMALLINT* nl, SQLSMALLINT* t, SQLSMALLINT* st, SQLLEN* l, SQLSMALLINT* p, SQLSMALLINT* sc, SQLSMALLINT* nu) { return calls::getDescRec(d, r, nm, b, nl, t, st, l, p, sc, nu, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlsetdescrec-function
SQLRETURN SQL_API SQLSetDescRec(SQLHDESC d, SQLSMALLINT r, SQLSMALLINT t, SQLSMALLINT st, SQLLEN l, SQLSMALLINT p, SQLSMALLINT sc, SQLPOINTER v, SQLLEN* sl, SQLLEN* ind) { return calls::setDescRec(d, r, t, st, l, p, sc, v, sl, ind); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlcopydesc-function
SQLRETURN SQL_API SQLCopyDesc(SQLHDESC s, SQLHDESC t) { return calls::copyDesc(s, t); }

}  // extern "C"
