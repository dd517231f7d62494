// The ONE place that knows ODBC's string-argument rules: SQL_NTS, negative lengths (HY090), NUL
// termination, truncation (the caller posts 01004 when told), and length reporting in bytes or characters.
// Every entry point that takes or returns a string goes through these helpers, for both ANSI (UTF-8) and
// Unicode (UTF-16 SQLWCHAR) forms; writeOut is the one output-buffer writer behind all of them, behind
// SQLGetData pieces and bound columns (to_c.cpp) as much as behind attributes, info values and diagnostics.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace dsql::driver {

// ---- input --------------------------------------------------------------------------------------------
// A string argument (ptr, length). length may be SQL_NTS; any other negative length throws HY090.
// A null pointer is the empty string.
std::string inString(const SQLCHAR* s, SQLLEN length);
std::string inString(const SQLWCHAR* s, SQLLEN lengthChars);
// Same, but a null pointer is "absent" (catalog functions distinguish NULL from "").
std::optional<std::string> inOptString(const SQLCHAR* s, SQLLEN length);
std::optional<std::string> inOptString(const SQLWCHAR* s, SQLLEN lengthChars);

// ---- the output-buffer writer -------------------------------------------------------------------------
// What the application's buffer holds after the data: nothing (SQL_C_BINARY), one NUL byte (UTF-8), or
// one NUL SQLWCHAR (UTF-16, of which only whole units are written: an odd BufferLength rounds down).
enum class OutForm { Binary, Narrow, Wide };

struct OutPiece {
  std::size_t copied = 0;  // bytes of `rest` now in the buffer (the next piece starts after them)
  bool truncated = false;  // not all of `rest` fitted: the caller posts 01004
};

// ODBC's rule for every value returned in an application buffer. `rest` is what has not been returned yet
// (the whole value outside piecewise SQLGetData), already in the buffer's encoding. A negative BufferLength
// throws HY090. A null buffer receives nothing. Otherwise the buffer receives all of `rest` or, when that
// does not fit, exactly BufferLength less the terminator (in whole SQLWCHARs for Wide) -- splitting a
// multibyte UTF-8 character or a surrogate pair that straddles the end, since the application joins the
// pieces -- followed by the terminator when there is room for one.
OutPiece placeOut(std::string_view rest, void* buffer, SQLLEN bufferBytes, OutForm form);

// placeOut, and the length/indicator: all of `rest`, counted in bytes / `lengthUnit` (2 where a W function
// counts characters), stored when `length` is not null.
template <class Len>
OutPiece writeOut(std::string_view rest, void* buffer, SQLLEN bufferBytes, OutForm form, Len* length,
                  std::size_t lengthUnit = 1) {
  OutPiece p = placeOut(rest, buffer, bufferBytes, form);
  if (length) *length = static_cast<Len>(rest.size() / lengthUnit);
  return p;
}

// ---- output of strings ------------------------------------------------------------------------------
// How a W function counts its BufferLength and the length it reports: most count characters; the
// attribute/field getters (SQLGetInfoW, SQLColAttributeW, SQLGet*AttrW, SQLGetDiagFieldW, SQLGetDescFieldW)
// count bytes.
enum class WideUnits { Chars, Bytes };

// Copies `value` (UTF-8) into `buffer` of `bufferBytes` bytes with NUL termination, storing the full
// length in bytes (excluding NUL) into *length if non-null. Returns true when the value was truncated.
// A negative buffer length throws HY090. A null buffer only reports the length.
bool outString(std::string_view value, SQLCHAR* buffer, SQLLEN bufferBytes, SQLSMALLINT* length);
bool outString(std::string_view value, SQLCHAR* buffer, SQLLEN bufferBytes, SQLINTEGER* length);
bool outString(std::string_view value, SQLCHAR* buffer, SQLLEN bufferBytes, SQLLEN* length);

// Same for UTF-16 output; `bufferLength` and the reported length are in `units`. Truncation may split a
// surrogate pair (see placeOut).
bool outStringW(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, SQLSMALLINT* length,
                WideUnits units);
bool outStringW(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, SQLINTEGER* length,
                WideUnits units);
bool outStringW(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, SQLLEN* length,
                WideUnits units);

}  // namespace dsql::driver
