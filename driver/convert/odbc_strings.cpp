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
bool outNarrow(std::string_view value, SQLCHAR* buffer, SQLLEN bufferBytes, Len* length) {
  return writeOut(value, buffer, bufferBytes, OutForm::Narrow, length).truncated;
}

template <class Len>
bool outWide(std::string_view value, SQLWCHAR* buffer, SQLLEN bufferLength, Len* length, WideUnits units) {
  std::size_t unit = units == WideUnits::Chars ? sizeof(SQLWCHAR) : 1;
  std::string wide = utf8ToUtf16Bytes(value);
  return writeOut(wide, buffer, bufferLength * static_cast<SQLLEN>(unit), OutForm::Wide, length, unit).truncated;
}

}  // namespace

OutPiece placeOut(std::string_view rest, void* buffer, SQLLEN bufferBytes, OutForm form) {
  if (bufferBytes < 0) throw Error("HY090", "Invalid string or buffer length");
  if (!buffer) return {};
  auto size = static_cast<std::size_t>(bufferBytes);
  std::size_t terminator = form == OutForm::Binary ? 0 : form == OutForm::Narrow ? 1 : sizeof(SQLWCHAR);
  if (form == OutForm::Wide) size -= size % sizeof(SQLWCHAR);
  std::size_t room = size >= terminator ? size - terminator : 0;
  OutPiece p{rest.size() < room ? rest.size() : room, rest.size() > room};
  auto* out = static_cast<char*>(buffer);
  if (p.copied > 0) std::memcpy(out, rest.data(), p.copied);
  if (size >= terminator) std::memset(out + p.copied, 0, terminator);
  return p;
}

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
