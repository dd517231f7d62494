// Application buffer -> parameter value: converts one bound parameter (C type + SQL type from
// SQLBindParameter) into what libpq sends: PostgreSQL input-syntax TEXT, or raw bytes (format 1) for
// binary data bound to a binary SQL type. Follows ODBC's "Converting Data from C to SQL Data Types" table:
// character data is validated against numeric/date/GUID SQL types, numbers are range-checked against
// integer SQL types, date/time structs are checked field by field.
//
// Decisions where the spec is silent: SQL_TINYINT accepts -128..255 (sent as int2, as PostgreSQL has no
// 1-byte integer, and both signed and unsigned C tinyints must fit); NUMERIC/DECIMAL parameters are not
// rounded to ColumnSize/DecimalDigits here (the server applies the column's own typmod); character SQL
// types are sent with typeOid 0 so the server infers the type from context.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>

namespace dsql::driver {

struct CSource {
  SQLSMALLINT cType;          // SQL_C_DEFAULT is resolved here from sqlType (ODBC's default C type table)
  SQLSMALLINT sqlType;        // the parameter's SQL type (from SQLBindParameter)
  SQLULEN columnSize;
  SQLSMALLINT decimalDigits;
  const void* buffer;
  SQLLEN bufferLength;
  const SQLLEN* indicator;    // null: NUL-terminated for character types / fixed size otherwise
  const SQLLEN* octetLength;  // may be null (then the indicator gives the length); SQL_NTS = NUL-terminated
  // SQL_C_NUMERIC: the APD's SQL_DESC_PRECISION / SQL_DESC_SCALE. ODBC says the struct's own precision and
  // scale are not used for input; the APD's are. An APD precision of 0 (never set: SQLBindParameter resets
  // it) keeps the struct's scale, which is what applications written for psqlODBC fill in.
  SQLSMALLINT numericPrecision = 0;
  SQLSMALLINT numericScale = 0;
};

struct PgParam {
  bool isNull = false;
  bool binary = false;        // value holds raw bytes (libpq format 1); only for bytea
  std::string value;
  unsigned typeOid = 0;       // 0: let the server infer
};

// Throws dsql::Error: 22003 out of range, 22018 invalid character value, 22001 fractional digits lost
// for an integer SQL type, 07006 conversion not allowed, HY090 invalid length, 22008 bad date/time field,
// HY003 unknown C type, HY009 null buffer. SQL_DATA_AT_EXEC indicators are the caller's business.
void fromC(const CSource& source, PgParam& out);

// ODBC's default C type for a SQL type (SQL_C_DEFAULT).
SQLSMALLINT defaultCTypeForSqlType(SQLSMALLINT sqlType);

}  // namespace dsql::driver
