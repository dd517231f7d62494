// Result value -> application buffer: converts one cell of a result (PostgreSQL TEXT format) into the C type
// the application bound or asked for, following ODBC's "Converting Data from SQL to C Data Types" table,
// including piecewise SQLGetData, truncation (01004 / 01S07) and the indicator rules.
//
// Character forms: SQL_C_CHAR is UTF-8; SQL_C_WCHAR is UTF-16 with lengths in bytes; bool is "1"/"0";
// bytea is lower-case hex digits; timestamptz/timetz are rendered in UTC without an offset (they are
// reported as SQL_TYPE_TIMESTAMP / SQL_TYPE_TIME); every other type is PostgreSQL's own text.
// SQL_C_BINARY of a non-bytea value is the bytes of that character form.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstddef>

namespace dsql::driver {

struct Cell {
  const char* data;
  std::size_t length;
  bool isNull;
  unsigned typeOid;
  int typmod;
};

struct CTarget {
  SQLSMALLINT cType;      // SQL_C_* (SQL_C_DEFAULT is resolved by the caller via describeColumn().defaultCType)
  SQLPOINTER buffer;      // may be null (then only lengths/indicator are written)
  SQLLEN bufferLength;    // bytes; ignored for fixed-size C types
  SQLLEN* indicator;      // StrLen_or_Ind: SQL_NULL_DATA / length; may be null
  SQLSMALLINT precision = 0, scale = 0;  // SQL_C_NUMERIC (ARD); precision 0 means 38
};

enum class ConvertResult { Ok, Truncated /*01004*/, FractionalTruncation /*01S07*/, NoData /*piecewise done*/ };

// For bound columns (SQLFetch) pass piece=nullptr. For SQLGetData pass a per-column state that starts at 0:
// character and binary data are returned piecewise (the next call continues where this one stopped) and the
// call after the last piece returns NoData; fixed-size types and NULL return NoData on the second call.
// The indicator receives the length still to come (bytes) before this call's data was returned.
// NULL with indicator==nullptr throws 22002.
// Errors throw dsql::Error: 22003 numeric out of range, 22018 invalid character value for cast, 07006
// conversion not allowed, 22007 invalid datetime format, 22008 datetime out of range (infinity, BC, year
// beyond 32767), 22015 interval field overflow, HY003 unknown C type, HY090 negative buffer length.
ConvertResult toC(const Cell& cell, const CTarget& target, std::size_t* piece);

}  // namespace dsql::driver
