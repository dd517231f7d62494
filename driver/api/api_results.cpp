// Exported ODBC entry points: Describing and fetching results.
// Each forwards to driver/calls in one line; the ANSI and Unicode (W) forms share one implementation.
// Reference pages: https://learn.microsoft.com/sql/odbc/reference/syntax/<name>-function
#include "driver/calls/calls.h"

using namespace dsql::driver;

extern "C" {

// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlnumresultcols-function
SQLRETURN SQL_API SQLNumResultCols(SQLHSTMT s, SQLSMALLINT* n) { return calls::numResultCols(s, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqldescribecol-function
SQLRETURN SQL_API SQLDescribeCol(SQLHSTMT s, SQLUSMALLINT c, SQLCHAR* nm, SQLSMALLINT b, SQLSMALLINT* nl, SQLSMALLINT* t, SQLULEN* z, SQLSMALLINT* d, SQLSMALLINT* n) { return calls::describeCol(s, c, nm, b, nl, t, z, d, n, false); }
SQLRETURN SQL_API SQLDescribeColW(SQLHSTMT s, SQLUSMALLINT c, SQLWCHAR* nm, SQLSMALLINT b, SQLSMALLINT* nl, SQLSMALLINT* t, SQLULEN* z, SQLSMALLINT* d, SQLSMALLINT* n) { return calls::describeCol(s, c, nm, b, nl, t, z, d, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlcolattribute-function
SQLRETURN SQL_API SQLColAttribute(SQLHSTMT s, SQLUSMALLINT c, SQLUSMALLINT f, SQLPOINTER t, SQLSMALLINT b, SQLSMALLINT* n, SQLLEN* v) { return calls::colAttribute(s, c, f, t, b, n, v, false); }
SQLRETURN SQL_API SQLColAttributeW(SQLHSTMT s, SQLUSMALLINT c, SQLUSMALLINT f, SQLPOINTER t, SQLSMALLINT b, SQLSMALLINT* n, SQLLEN* v) { return calls::colAttribute(s, c, f, t, b, n, v, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlbindcol-function
SQLRETURN SQL_API SQLBindCol(SQLHSTMT s, SQLUSMALLINT c, SQLSMALLINT t, SQLPOINTER v, SQLLEN b, SQLLEN* ind) { return calls::bindCol(s, c, t, v, b, ind); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlfetch-function
SQLRETURN SQL_API SQLFetch(SQLHSTMT s) { return calls::fetch(s); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlfetchscroll-function
SQLRETURN SQL_API SQLFetchScroll(SQLHSTMT s, SQLSMALLINT o, SQLLEN n) { return calls::fetchScroll(s, o, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlextendedfetch-function (ODBC 2; unixODBC passes
// it through to the driver rather than mapping it, and PHP's odbc_* functions fetch with it)
SQLRETURN SQL_API SQLExtendedFetch(SQLHSTMT s, SQLUSMALLINT o, SQLLEN n, SQLULEN* count, SQLUSMALLINT* status) {
  return calls::extendedFetch(s, o, n, count, status);
}
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetdata-function
SQLRETURN SQL_API SQLGetData(SQLHSTMT s, SQLUSMALLINT c, SQLSMALLINT t, SQLPOINTER v, SQLLEN b, SQLLEN* ind) { return calls::getData(s, c, t, v, b, ind); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlsetpos-function
SQLRETURN SQL_API SQLSetPos(SQLHSTMT s, SQLSETPOSIROW r, SQLUSMALLINT o, SQLUSMALLINT l) { return calls::setPos(s, r, o, l); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlbulkoperations-function
SQLRETURN SQL_API SQLBulkOperations(SQLHSTMT s, SQLSMALLINT o) { return calls::bulkOperations(s, o); }

}  // extern "C"
