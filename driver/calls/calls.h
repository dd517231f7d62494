// The logic behind each exported ODBC function, shared by the ANSI and Unicode entry points: `wide`
// says whether text arguments are SQLWCHAR (UTF-16) or SQLCHAR (UTF-8). driver/api/ forwards here.
#pragma once

#include <sql.h>
#include <sqlext.h>

namespace dsql::driver::calls {

// handles and environment
SQLRETURN allocHandle(SQLSMALLINT type, SQLHANDLE input, SQLHANDLE* output);
SQLRETURN freeHandle(SQLSMALLINT type, SQLHANDLE handle);
SQLRETURN freeStmt(SQLHSTMT stmt, SQLUSMALLINT option);
SQLRETURN setEnvAttr(SQLHENV env, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length);
SQLRETURN getEnvAttr(SQLHENV env, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER bufferLength, SQLINTEGER* length);

// connections
SQLRETURN connect(SQLHDBC dbc, const void* dsn, SQLSMALLINT dsnLength, const void* uid, SQLSMALLINT uidLength,
                  const void* pwd, SQLSMALLINT pwdLength, bool wide);
SQLRETURN driverConnect(SQLHDBC dbc, SQLHWND window, const void* in, SQLSMALLINT inLength, void* out,
                        SQLSMALLINT outMax, SQLSMALLINT* outLength, SQLUSMALLINT completion, bool wide);
SQLRETURN disconnect(SQLHDBC dbc);
SQLRETURN setConnectAttr(SQLHDBC dbc, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length, bool wide);
SQLRETURN getConnectAttr(SQLHDBC dbc, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER bufferLength,
                         SQLINTEGER* length, bool wide);
SQLRETURN endTran(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT completion);
SQLRETURN nativeSql(SQLHDBC dbc, const void* in, SQLINTEGER inLength, void* out, SQLINTEGER outMax,
                    SQLINTEGER* outLength, bool wide);
SQLRETURN getInfo(SQLHDBC dbc, SQLUSMALLINT type, SQLPOINTER value, SQLSMALLINT bufferLength, SQLSMALLINT* length,
                  bool wide);
SQLRETURN getFunctions(SQLHDBC dbc, SQLUSMALLINT function, SQLUSMALLINT* supported);

// statements
SQLRETURN execDirect(SQLHSTMT stmt, const void* text, SQLINTEGER length, bool wide);
SQLRETURN prepare(SQLHSTMT stmt, const void* text, SQLINTEGER length, bool wide);
SQLRETURN execute(SQLHSTMT stmt);
SQLRETURN bindParameter(SQLHSTMT stmt, SQLUSMALLINT number, SQLSMALLINT ioType, SQLSMALLINT cType,
                        SQLSMALLINT sqlType, SQLULEN columnSize, SQLSMALLINT digits, SQLPOINTER value,
                        SQLLEN bufferLength, SQLLEN* indicator);
SQLRETURN numParams(SQLHSTMT stmt, SQLSMALLINT* count);
SQLRETURN describeParam(SQLHSTMT stmt, SQLUSMALLINT number, SQLSMALLINT* sqlType, SQLULEN* size,
                        SQLSMALLINT* digits, SQLSMALLINT* nullable);
SQLRETURN paramData(SQLHSTMT stmt, SQLPOINTER* token);
SQLRETURN putData(SQLHSTMT stmt, SQLPOINTER data, SQLLEN length);
SQLRETURN cancel(SQLHSTMT stmt);
SQLRETURN closeCursor(SQLHSTMT stmt);
SQLRETURN rowCount(SQLHSTMT stmt, SQLLEN* count);
SQLRETURN moreResults(SQLHSTMT stmt);
SQLRETURN getCursorName(SQLHSTMT stmt, void* name, SQLSMALLINT bufferLength, SQLSMALLINT* length, bool wide);
SQLRETURN setCursorName(SQLHSTMT stmt, const void* name, SQLSMALLINT length, bool wide);
SQLRETURN setStmtAttr(SQLHSTMT stmt, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER length);
SQLRETURN getStmtAttr(SQLHSTMT stmt, SQLINTEGER attribute, SQLPOINTER value, SQLINTEGER bufferLength,
                      SQLINTEGER* length);

// results
SQLRETURN numResultCols(SQLHSTMT stmt, SQLSMALLINT* count);
SQLRETURN describeCol(SQLHSTMT stmt, SQLUSMALLINT column, void* name, SQLSMALLINT bufferLength,
                      SQLSMALLINT* nameLength, SQLSMALLINT* sqlType, SQLULEN* size, SQLSMALLINT* digits,
                      SQLSMALLINT* nullable, bool wide);
SQLRETURN colAttribute(SQLHSTMT stmt, SQLUSMALLINT column, SQLUSMALLINT field, SQLPOINTER text,
                       SQLSMALLINT bufferLength, SQLSMALLINT* length, SQLLEN* numeric, bool wide);
SQLRETURN bindCol(SQLHSTMT stmt, SQLUSMALLINT column, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength,
                  SQLLEN* indicator);
SQLRETURN fetch(SQLHSTMT stmt);
SQLRETURN fetchScroll(SQLHSTMT stmt, SQLSMALLINT orientation, SQLLEN offset);
SQLRETURN extendedFetch(SQLHSTMT stmt, SQLUSMALLINT orientation, SQLLEN offset, SQLULEN* rowCount,
                        SQLUSMALLINT* rowStatus);
SQLRETURN getData(SQLHSTMT stmt, SQLUSMALLINT column, SQLSMALLINT cType, SQLPOINTER value, SQLLEN bufferLength,
                  SQLLEN* indicator);
SQLRETURN setPos(SQLHSTMT stmt, SQLSETPOSIROW row, SQLUSMALLINT operation, SQLUSMALLINT lock);
SQLRETURN bulkOperations(SQLHSTMT stmt, SQLSMALLINT operation);

// diagnostics
SQLRETURN getDiagRec(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT record, void* state, SQLINTEGER* native,
                     void* message, SQLSMALLINT bufferLength, SQLSMALLINT* length, bool wide);
SQLRETURN getDiagField(SQLSMALLINT type, SQLHANDLE handle, SQLSMALLINT record, SQLSMALLINT field, SQLPOINTER value,
                       SQLSMALLINT bufferLength, SQLSMALLINT* length, bool wide);

// descriptors
SQLRETURN getDescField(SQLHDESC desc, SQLSMALLINT record, SQLSMALLINT field, SQLPOINTER value,
                       SQLINTEGER bufferLength, SQLINTEGER* length, bool wide);
SQLRETURN setDescField(SQLHDESC desc, SQLSMALLINT record, SQLSMALLINT field, SQLPOINTER value, SQLINTEGER length,
                       bool wide);
SQLRETURN getDescRec(SQLHDESC desc, SQLSMALLINT record, void* name, SQLSMALLINT bufferLength, SQLSMALLINT* nameLength,
                     SQLSMALLINT* type, SQLSMALLINT* subType, SQLLEN* length, SQLSMALLINT* precision,
                     SQLSMALLINT* scale, SQLSMALLINT* nullable, bool wide);
SQLRETURN setDescRec(SQLHDESC desc, SQLSMALLINT record, SQLSMALLINT type, SQLSMALLINT subType, SQLLEN length,
                     SQLSMALLINT precision, SQLSMALLINT scale, SQLPOINTER data, SQLLEN* stringLength,
                     SQLLEN* indicator);
SQLRETURN copyDesc(SQLHDESC source, SQLHDESC target);

// catalog functions; names are (pointer, length) pairs as the ODBC functions take them
struct NameArg {
  const void* text;
  SQLSMALLINT length;
};
SQLRETURN tables(SQLHSTMT s, NameArg cat, NameArg schem, NameArg table, NameArg types, bool wide);
SQLRETURN columns(SQLHSTMT s, NameArg cat, NameArg schem, NameArg table, NameArg column, bool wide);
SQLRETURN primaryKeys(SQLHSTMT s, NameArg cat, NameArg schem, NameArg table, bool wide);
SQLRETURN foreignKeys(SQLHSTMT s, NameArg pkCat, NameArg pkSchem, NameArg pkTable, NameArg fkCat, NameArg fkSchem,
                      NameArg fkTable, bool wide);
SQLRETURN statistics(SQLHSTMT s, NameArg cat, NameArg schem, NameArg table, SQLUSMALLINT unique,
                     SQLUSMALLINT reserved, bool wide);
SQLRETURN specialColumns(SQLHSTMT s, SQLUSMALLINT identifierType, NameArg cat, NameArg schem, NameArg table,
                         SQLUSMALLINT scope, SQLUSMALLINT nullable, bool wide);
SQLRETURN procedures(SQLHSTMT s, NameArg cat, NameArg schem, NameArg proc, bool wide);
SQLRETURN procedureColumns(SQLHSTMT s, NameArg cat, NameArg schem, NameArg proc, NameArg column, bool wide);
SQLRETURN tablePrivileges(SQLHSTMT s, NameArg cat, NameArg schem, NameArg table, bool wide);
SQLRETURN columnPrivileges(SQLHSTMT s, NameArg cat, NameArg schem, NameArg table, NameArg column, bool wide);
SQLRETURN getTypeInfo(SQLHSTMT s, SQLSMALLINT dataType);

}  // namespace dsql::driver::calls
