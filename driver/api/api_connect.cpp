// Exported ODBC entry points: Connecting, connection attributes, transactions and driver information.
// Each forwards to driver/calls in one line; the ANSI and Unicode (W) forms share one implementation.
// Reference pages: https://learn.microsoft.com/sql/odbc/reference/syntax/<name>-function
#include "driver/calls/calls.h"

using namespace dsql::driver;

extern "C" {

// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlconnect-function
SQLRETURN SQL_API SQLConnect(SQLHDBC c, SQLCHAR* d, SQLSMALLINT dn, SQLCHAR* u, SQLSMALLINT un, SQLCHAR* p, SQLSMALLINT pn) { return calls::connect(c, d, dn, u, un, p, pn, false); }
SQLRETURN SQL_API SQLConnectW(SQLHDBC c, SQLWCHAR* d, SQLSMALLINT dn, SQLWCHAR* u, SQLSMALLINT un, SQLWCHAR* p, SQLSMALLINT pn) { return calls::connect(c, d, dn, u, un, p, pn, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqldriverconnect-function
SQLRETURN SQL_API SQLDriverConnect(SQLHDBC c, SQLHWND w, SQLCHAR* i, SQLSMALLINT in, SQLCHAR* o, SQLSMALLINT om, SQLSMALLINT* on, SQLUSMALLINT dc) { return calls::driverConnect(c, w, i, in, o, om, on, dc, false); }
SQLRETURN SQL_API SQLDriverConnectW(SQLHDBC c, SQLHWND w, SQLWCHAR* i, SQLSMALLINT in, SQLWCHAR* o, SQLSMALLINT om, SQLSMALLINT* on, SQLUSMALLINT dc) { return calls::driverConnect(c, w, i, in, o, om, on, dc, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqldisconnect-function
SQLRETURN SQL_API SQLDisconnect(SQLHDBC c) { return calls::disconnect(c); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlsetconnectattr-function
SQLRETURN SQL_API SQLSetConnectAttr(SQLHDBC c, SQLINTEGER a, SQLPOINTER v, SQLINTEGER n) { return calls::setConnectAttr(c, a, v, n, false); }
SQLRETURN SQL_API SQLSetConnectAttrW(SQLHDBC c, SQLINTEGER a, SQLPOINTER v, SQLINTEGER n) { return calls::setConnectAttr(c, a, v, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetconnectattr-function
SQLRETURN SQL_API SQLGetConnectAttr(SQLHDBC c, SQLINTEGER a, SQLPOINTER v, SQLINTEGER b, SQLINTEGER* n) { return calls::getConnectAttr(c, a, v, b, n, false); }
SQLRETURN SQL_API SQLGetConnectAttrW(SQLHDBC c, SQLINTEGER a, SQLPOINTER v, SQLINTEGER b, SQLINTEGER* n) { return calls::getConnectAttr(c, a, v, b, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlendtran-function
SQLRETURN SQL_API SQLEndTran(SQLSMALLINT t, SQLHANDLE h, SQLSMALLINT c) { return calls::endTran(t, h, c); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlnativesql-function
SQLRETURN SQL_API SQLNativeSql(SQLHDBC c, SQLCHAR* i, SQLINTEGER in, SQLCHAR* o, SQLINTEGER om, SQLINTEGER* on) { return calls::nativeSql(c, i, in, o, om, on, false); }
SQLRETURN SQL_API SQLNativeSqlW(SQLHDBC c, SQLWCHAR* i, SQLINTEGER in, SQLWCHAR* o, SQLINTEGER om, SQLINTEGER* on) { return calls::nativeSql(c, i, in, o, om, on, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetinfo-function
SQLRETURN SQL_API SQLGetInfo(SQLHDBC c, SQLUSMALLINT t, SQLPOINTER v, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getInfo(c, t, v, b, n, false); }
SQLRETURN SQL_API SQLGetInfoW(SQLHDBC c, SQLUSMALLINT t, SQLPOINTER v, SQLSMALLINT b, SQLSMALLINT* n) { return calls::getInfo(c, t, v, b, n, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetfunctions-function
SQLRETURN SQL_API SQLGetFunctions(SQLHDBC c, SQLUSMALLINT f, SQLUSMALLINT* s) { return calls::getFunctions(c, f, s); }

}  // extern "C"
