// Exported ODBC entry points: Preparing and executing statements, parameters, cursors and statement attributes.
// Each forwards to driver/calls in one line; the ANSI and Unicode (W) forms share one implementation.
// Reference pages: https://learn.microsoft.com/sql/odbc/reference/syntax/<name>-function
#include "driver/calls/calls.h"

using namespace dsql::driver;

extern "C" {

// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlexecdirect-function
SQLRETURN SQL_API SQLExecDirect(SQLHSTMT s, SQLCHAR* t, SQLINTEGER n) { return calls::execDirect(s, t, n, false); }
SQLRETURN SQL_API SQLExecDirectW(SQLHSTMT s, SQLWCHAR* t, SQLINTEGER n) { return calls::execDirect(s, t, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlprepare-function
SQLRETURN SQL_API SQLPrepare(SQLHSTMT s, SQLCHAR* t, SQLINTEGER n) { return calls::prepare(s, t, n, false); }
SQLRETURN SQL_API SQLPrepareW(SQLHSTMT s, SQLWCHAR* t, SQLINTEGER n) { return calls::prepare(s, t, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlexecute-function
SQLRETURN SQL_API SQLExecute(SQLHSTMT s) { return calls::execute(s); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlbindparameter-function
SQLRETURN SQL_API SQLBindParameter(SQLHSTMT s, SQLUSMALLINT p, SQLSMALLINT io, SQLSMALLINT ct, SQLSMALLINT st, SQLULEN cs, SQLSMALLINT dd, SQLPOINTER v, SQLLEN bl, SQLLEN* ind) { return calls::bindParameter(s, p, io, ct, st, cs, dd, v, bl, ind); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlnumparams-function
SQLRETURN SQL_API SQLNumParams(SQLHSTMT s, SQLSMALLINT* n) { return calls::numParams(s, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqldescribeparam-function
SQLRETURN SQL_API SQLDescribeParam(SQLHSTMT s, SQLUSMALLINT p, SQLSMALLINT* t, SQLULEN* z, SQLSMALLINT* d, SQLSMALLINT* n) { return calls::describeParam(s, p, t, z, d, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlparamdata-function
SQLRETURN SQL_API SQLParamData(SQLHSTMT s, SQLPOINTER* v) { return calls::paramData(s, v); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlputdata-function
SQLRETURN SQL_API SQLPutData(SQLHSTMT s, SQLPOINTER d, SQLLEN n) { return calls::putData(s, d, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlcancel-function
SQLRETURN SQL_API SQLCancel(SQLHSTMT s) { return calls::cancel(s); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlclosecursor-function
SQLRETURN SQL_API SQLCloseCursor(SQLHSTMT s) { return calls::closeCursor(s); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlrowcount-function
SQLRETURN SQL_API SQLRowCount(SQLHSTMT s, SQLLEN* n) { return calls::rowCount(s, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlmoreresults-function
SQLRETURN SQL_API SQLMoreResults(SQLHSTMT s) { return calls::moreResults(s); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetcursorname-function
SQLRETURN SQL_API SQLGetCursorName(SQLHSTMT s, SQLCHAR* c, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getCursorName(s, c, b, n, false); }
SQLRETURN SQL_API SQLGetCursorNameW(SQLHSTMT s, SQLWCHAR* c, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getCursorName(s, c, b, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlsetcursorname-function
SQLRETURN SQL_API SQLSetCursorName(SQLHSTMT s, SQLCHAR* c, SQLSMALLINT n) { return calls::setCursorName(s, c, n, false); }
SQLRETURN SQL_API SQLSetCursorNameW(SQLHSTMT s, SQLWCHAR* c, SQLSMALLINT n) { return calls::setCursorName(s, c, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlsetstmtattr-function
SQLRETURN SQL_API SQLSetStmtAttr(SQLHSTMT s, SQLINTEGER a, SQLPOINTER v, SQLINTEGER n) { return calls::setStmtAttr(s, a, v, n); }
SQLRETURN SQL_API SQLSetStmtAttrW(SQLHSTMT s, SQLINTEGER a, SQLPOINTER v, SQLINTEGER n) { return calls::setStmtAttr(s, a, v, n); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetstmtattr-function
SQLRETURN SQL_API SQLGetStmtAttr(SQLHSTMT s, SQLINTEGER a, SQLPOINTER v, SQLINTEGER b, SQLINTEGER* n) { return calls::getStmtAttr(s, a, v, b, n); }
SQLRETURN SQL_API SQLGetStmtAttrW(SQLHSTMT s, SQLINTEGER a, SQLPOINTER v, SQLINTEGER b, SQLINTEGER* n) { return calls::getStmtAttr(s, a, v, b, n); }

}  // extern "C"
