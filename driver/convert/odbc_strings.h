// The ONE place that knows ODBC's string-argument rules: SQL_NTS, negative lengths (HY090), NUL
// termination, truncation (the caller posts 01004 when told), and length reporting in bytes or characters.
// Every entry point that takes or returns a string goes through these helpers, for both ANSI (UTF-8) and
// Unicode (UTF-16 SQLWCHAR) forms.
#pragma once

#include <sql.h>
#include <sqlext.h>

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

// ---- output -------------------------------------------------------------------------------------------
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

// Same for UTF-16 output; `bufferLength` and the reported length are in `units`. Never splits a
// surrogate pair.
bool outStringW(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, SQLSMALLINT* length,
                WideUnits units);
bool outStringW(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, SQLINTEGER* length,
                WideUnits units);
bool outStringW(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, SQLLEN* length,
                WideUnits units);

}  // namespace dsql::driver
