// Implementation of the ODBC string-argument rules declared in odbc_strings.h.
#include "driver/convert/odbc_strings.h"

#include <cstring>

#include "driver/convert/unicode.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace {

void checkLength(SQLLEN length) {
  if (length < 0 && length != SQL_NTS) throw Error("HY090", "Invalid string or buffer length");
}

std::size_t wideLength(const SQLWCHAR* s, SQLLEN lengthChars) {
  if (lengthChars != SQL_NTS) return static_cast<std::size_t>(lengthChars);
  std::size_t n = 0;
  while (s[n] != 0) ++n;
  return n;
}

template <class Len>
void storeLength(Len* out, std::size_t n) {
  if (out) *out = static_cast<Len>(n);
}

template <class Len>
bool outNarrow(std::string_view value, SQLCHAR* buffer, SQLLEN bufferBytes, Len* length) {
  if (bufferBytes < 0) throw Error("HY090", "Invalid string or buffer length");
  storeLength(length, value.size());
  if (!buffer) return false;
  if (bufferBytes == 0) return !value.empty();
  std::size_t room = static_cast<std::size_t>(bufferBytes) - 1;
  std::size_t n = value.size() < room ? value.size() : room;
  std::memcpy(buffer, value.data(), n);
  buffer[n] = 0;
  return n < value.size();
}

template <class Len>
bool outWide(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, Len* length, WideUnits units) {
  if (bufferLength < 0) throw Error("HY090", "Invalid string or buffer length");
  std::u16string wide = utf8ToUtf16(value);
  std::size_t scale = units == WideUnits::Bytes ? sizeof(SQLWCHAR) : 1;
  storeLength(length, wide.size() * scale);
  if (!buffer) return false;
  std::size_t capacity = static_cast<std::size_t>(bufferLength) / scale;  // in SQLWCHARs, incl. NUL
  if (capacity == 0) return !wide.empty();
  std::size_t n = wide.size() < capacity - 1 ? wide.size() : capacity - 1;
  if (n < wide.size() && n > 0 && wide[n - 1] >= 0xD800 && wide[n - 1] <= 0xDBFF) --n;  // keep pairs whole
  for (std::size_t i = 0; i < n; ++i) buffer[i] = static_cast<SQLWCHAR>(wide[i]);
  buffer[n] = 0;
  return n < wide.size();
}

}  // namespace

std::string inString(const SQLCHAR* s, SQLLEN length) {
  checkLength(length);
  if (!s) return {};
  const char* c = reinterpret_cast<const char*>(s);
  return length == SQL_NTS ? std::string(c) : std::string(c, static_cast<std::size_t>(length));
}

std::string inString(const SQLWCHAR* s, SQLLEN lengthChars) {
  checkLength(lengthChars);
  if (!s) return {};
  return utf16ToUtf8(s, wideLength(s, lengthChars));
}

std::optional<std::string> inOptString(const SQLCHAR* s, SQLLEN length) {
  if (!s) return std::nullopt;
  return inString(s, length);
}

std::optional<std::string> inOptString(const SQLWCHAR* s, SQLLEN lengthChars) {
  if (!s) return std::nullopt;
  return inString(s, lengthChars);
}

bool outString(std::string_view v, SQLCHAR* b, SQLLEN n, SQLSMALLINT* l) { return outNarrow(v, b, n, l); }
bool outString(std::string_view v, SQLCHAR* b, SQLLEN n, SQLINTEGER* l) { return outNarrow(v, b, n, l); }
bool outString(std::string_view v, SQLCHAR* b, SQLLEN n, SQLLEN* l) { return outNarrow(v, b, n, l); }
bool outStringW(std::string_view v, SQLWCHAR* b, SQLLEN n, SQLSMALLINT* l, WideUnits u) {
  return outWide(v, b, n, l, u);
}
bool outStringW(std::string_view v, SQLWCHAR* b, SQLLEN n, SQLINTEGER* l, WideUnits u) {
  return outWide(v, b, n, l, u);
}
bool outStringW(std::string_view v, SQLWCHAR* b, SQLLEN n, SQLLEN* l, WideUnits u) {
  return outWide(v, b, n, l, u);
}

}  // namespace dsql::driver
