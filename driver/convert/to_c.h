// Result value -> application buffer: converts one cell of a result (PostgreSQL TEXT format) into the C type
// the application bound or asked for, following ODBC's "Converting Data from SQL to C Data Types" table,
// including piecewise SQLGetData, truncation (01004 / 01S07) and the indicator rules.
//
// Character forms: SQL_C_CHAR is UTF-8; SQL_C_WCHAR is UTF-16 with lengths in bytes; bool is "1"/"0";
// bytea is lower-case hex digits; money is a plain decimal ("-1234.56", without the locale's currency
// symbol and grouping), which is also what its numeric C types convert from; every other type is PostgreSQL's own text -- timestamptz and timetz
// included, so they keep their offset ("2024-01-02 08:34:05+05:30", "12:34:56+05:30"): the server renders
// timestamptz in the session's TimeZone (SET timezone), and that text is what the application sees.
// Into SQL_C_TYPE_TIMESTAMP/DATE/TIME (whose structs have no offset) a timestamptz or timetz gives the
// wall-clock fields as written -- for timestamptz the session time zone's local time, as psqlODBC does --
// and the offset is dropped without a diagnostic (it is not a lost fraction; ODBC has no place for it).
// SQL_C_BINARY of a non-bytea value is the bytes of that character form.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstddef>
#include <string>
#include <string_view>

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

// Piecewise SQLGetData of one column of the current row. The first call converts the cell once into the
// application's form (UTF-8, UTF-16 bytes or binary) and keeps it -- or, when that form is the result's own
// text, a view of it, valid until the next fetch -- so that reading a value in N pieces costs one
// conversion, not N. A default-constructed state starts a column over.
struct PieceState {
  std::size_t offset = 0;      // bytes of the converted value already returned
  bool done = false;           // the last piece (or a fixed-size value, or NULL) was returned
  bool started = false;        // `source`, `cType` and the converted value below are set
  const char* source = nullptr;  // the cell the value came from (a different cell starts over)
  SQLSMALLINT cType = 0;         // the C type it was converted to (a different type starts over)
  std::string owned;           // the converted value, when it is not the result's own text
  const char* external = nullptr;  // otherwise: the result's text (or a literal) holding it
  std::size_t externalSize = 0;
  bool owns = false;
  std::string_view value() const { return owns ? std::string_view(owned) : std::string_view(external, externalSize); }
};

// For bound columns (SQLFetch) pass piece=nullptr. For SQLGetData pass the column's PieceState: character
// and binary data are returned piecewise (the next call continues where this one stopped; every truncated
// piece is exactly BufferLength less the terminator, see placeOut in odbc_strings.h) and the call after
// the last piece returns NoData; fixed-size types and NULL return NoData on the second call. A call with a
// null buffer only reports the length and consumes nothing.
// The indicator receives the length still to come (bytes of the C type's form) before this call's data
// was returned. NULL with indicator==nullptr throws 22002.
// Errors throw dsql::Error: 22003 numeric out of range, 22018 invalid character value for cast, 07006
// conversion not allowed, 22007 invalid datetime format, 22008 datetime out of range (infinity, BC, year
// beyond 32767), 22015 interval field overflow, HY003 unknown C type, HY090 negative buffer length.
ConvertResult toC(const Cell& cell, const CTarget& target, PieceState* piece);

}  // namespace dsql::driver
