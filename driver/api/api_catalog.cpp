// Exported ODBC entry points: Catalog functions: each runs a named catalog query through the statement path.
// Each forwards to driver/calls in one line; the ANSI and Unicode (W) forms share one implementation.
// Reference pages: https://learn.microsoft.com/sql/odbc/reference/syntax/<name>-function
#include "driver/calls/calls.h"

using namespace dsql::driver;

extern "C" {

// https://learn.microsoft.com/sql/odbc/reference/syntax/sqltables-function
SQLRETURN SQL_API SQLTables(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* t, SQLSMALLINT tn, SQLCHAR* y, SQLSMALLINT yn) { return calls::tables(h, {c, cn}, {s, sn}, {t, tn}, {y, yn}, false); }
SQLRETURN SQL_API SQLTablesW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* t, SQLSMALLINT tn, SQLWCHAR* y, SQLSMALLINT yn) { return calls::tables(h, {c, cn}, {s, sn}, {t, tn}, {y, yn}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlcolumns-function
SQLRETURN SQL_API SQLColumns(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* t, SQLSMALLINT tn, SQLCHAR* o, SQLSMALLINT on) { return calls::columns(h, {c, cn}, {s, sn}, {t, tn}, {o, on}, false); }
SQLRETURN SQL_API SQLColumnsW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* t, SQLSMALLINT tn, SQLWCHAR* o, SQLSMALLINT on) { return calls::columns(h, {c, cn}, {s, sn}, {t, tn}, {o, on}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlprimarykeys-function
SQLRETURN SQL_API SQLPrimaryKeys(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* t, SQLSMALLINT tn) { return calls::primaryKeys(h, {c, cn}, {s, sn}, {t, tn}, false); }
SQLRETURN SQL_API SQLPrimaryKeysW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* t, SQLSMALLINT tn) { return calls::primaryKeys(h, {c, cn}, {s, sn}, {t, tn}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlforeignkeys-function
SQLRETURN SQL_API SQLForeignKeys(SQLHSTMT h, SQLCHAR* pc, SQLSMALLINT pcn, SQLCHAR* ps, SQLSMALLINT psn, SQLCHAR* pt, SQLSMALLINT ptn, SQLCHAR* fc, SQLSMALLINT fcn, SQLCHAR* fs, SQLSMALLINT fsn, SQLCHAR* ft, SQLSMALLINT ftn) { return calls::foreignKeys(h, {pc, pcn}, {ps, psn}, {pt, ptn}, {fc, fcn}, {fs, fsn}, {ft, ftn}, false); }
SQLRETURN SQL_API SQLForeignKeysW(SQLHSTMT h, SQLWCHAR* pc, SQLSMALLINT pcn, SQLWCHAR* ps, SQLSMALLINT psn, SQLWCHAR* pt, SQLSMALLINT ptn, SQLWCHAR* fc, SQLSMALLINT fcn, SQLWCHAR* fs, SQLSMALLINT fsn, SQLWCHAR* ft, SQLSMALLINT ftn) { return calls::foreignKeys(h, {pc, pcn}, {ps, psn}, {pt, ptn}, {fc, fcn}, {fs, fsn}, {ft, ftn}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlprocedures-function
SQLRETURN SQL_API SQLProcedures(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* p, SQLSMALLINT pn) { return calls::procedures(h, {c, cn}, {s, sn}, {p, pn}, false); }
SQLRETURN SQL_API SQLProceduresW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* p, SQLSMALLINT pn) { return calls::procedures(h, {c, cn}, {s, sn}, {p, pn}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlprocedurecolumns-function
SQLRETURN SQL_API SQLProcedureColumns(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* p, SQLSMALLINT pn, SQLCHAR* o, SQLSMALLINT on) { return calls::procedureColumns(h, {c, cn}, {s, sn}, {p, pn}, {o, on}, false); }
SQLRETURN SQL_API SQLProcedureColumnsW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* p, SQLSMALLINT pn, SQLWCHAR* o, SQLSMALLINT on) { return calls::procedureColumns(h, {c, cn}, {s, sn}, {p, pn}, {o, on}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqltableprivileges-function
SQLRETURN SQL_API SQLTablePrivileges(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* t, SQLSMALLINT tn) { return calls::tablePrivileges(h, {c, cn}, {s, sn}, {t, tn}, false); }
SQLRETURN SQL_API SQLTablePrivilegesW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* t, SQLSMALLINT tn) { return calls::tablePrivileges(h, {c, cn}, {s, sn}, {t, tn}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlcolumnprivileges-function
SQLRETURN SQL_API SQLColumnPrivileges(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* t, SQLSMALLINT tn, SQLCHAR* o, SQLSMALLINT on) { return calls::columnPrivileges(h, {c, cn}, {s, sn}, {t, tn}, {o, on}, false); }
SQLRETURN SQL_API SQLColumnPrivilegesW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* t, SQLSMALLINT tn, SQLWCHAR* o, SQLSMALLINT on) { return calls::columnPrivileges(h, {c, cn}, {s, sn}, {t, tn}, {o, on}, true); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlstatistics-function
SQLRETURN SQL_API SQLStatistics(SQLHSTMT h, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* t, SQLSMALLINT tn, SQLUSMALLINT u, SQLUSMALLINT r) { return calls::statistics(h, {c, cn}, {s, sn}, {t, tn}, u, r, false); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlspecialcolumns-function
SQLRETURN SQL_API SQLSpecialColumns(SQLHSTMT h, SQLUSMALLINT i, SQLCHAR* c, SQLSMALLINT cn, SQLCHAR* s, SQLSMALLINT sn, SQLCHAR* t, SQLSMALLINT tn, SQLUSMALLINT sc, SQLUSMALLINT nu) { return calls::specialColumns(h, i, {c, cn}, {s, sn}, {t, tn}, sc, nu, false); }
// https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgettypeinfo-function
SQLRETURN SQL_API SQLGetTypeInfo(SQLHSTMT h, SQLSMALLINT t) { return calls::getTypeInfo(h, t); }
SQLRETURN SQL_API SQLStatisticsW(SQLHSTMT h, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* t, SQLSMALLINT tn, SQLUSMALLINT u, SQLUSMALLINT r) { return calls::statistics(h, {c, cn}, {s, sn}, {t, tn}, u, r, true); }
SQLRETURN SQL_API SQLSpecialColumnsW(SQLHSTMT h, SQLUSMALLINT i, SQLWCHAR* c, SQLSMALLINT cn, SQLWCHAR* s, SQLSMALLINT sn, SQLWCHAR* t, SQLSMALLINT tn, SQLUSMALLINT sc, SQLUSMALLINT nu) { return calls::specialColumns(h, i, {c, cn}, {s, sn}, {t, tn}, sc, nu, true); }
SQLRETURN SQL_API SQLGetTypeInfoW(SQLHSTMT h, SQLSMALLINT t) { return calls::getTypeInfo(h, t); }

}  // extern "C"
