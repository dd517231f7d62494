// UTF-8 <-> UTF-16 (SQLWCHAR) conversion. The driver works in UTF-8 internally; the W entry points and
// SQL_C_WCHAR buffers are UTF-16 (unixODBC's SQLWCHAR is 16-bit). Invalid input becomes U+FFFD rather
// than an error: a diagnostic must never fail to render because of one bad byte.
#pragma once

#include <sqltypes.h>

#include <cstddef>
#include <string>
#include <string_view>

namespace dsql::driver {

std::u16string utf8ToUtf16(std::string_view utf8);
// The same UTF-16, as the bytes of an SQLWCHAR array (what a SQL_C_WCHAR buffer receives).
std::string utf8ToUtf16Bytes(std::string_view utf8);
std::string utf16ToUtf8(std::u16string_view utf16);
std::string utf16ToUtf8(const SQLWCHAR* s, std::size_t units);

// Number of UTF-16 code units `utf8` becomes (for length reporting without converting).
std::size_t utf16Length(std::string_view utf8);

}  // namespace dsql::driver
