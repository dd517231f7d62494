// fromC (see from_c.h): NULL and length rules of a bound parameter, the character / wide / binary / numeric
// C sources, and dispatch of the struct sources to from_c_struct.cpp. Numbers are written with
// std::to_chars (shortest round-trip form for float/double, locale-independent).
#include "driver/convert/from_c.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "driver/convert/from_c_detail.h"
#include "driver/convert/pg_text.h"
#include "driver/convert/pg_types.h"
#include "driver/convert/unicode.h"
#include "shim/common/error.h"

namespace dsql::driver {
namespace detail {
void conversionNotAllowed() { throw Error("07006", "Restricted data type attribute violation"); }
}  // namespace detail

namespace {

[[noreturn]] void invalidLength() { throw Error("HY090", "Invalid string or buffer length"); }

// The length the application gave (octet-length pointer first, as the APD does), or SQL_NTS.
SQLLEN givenLength(const CSource& s) {
  const SQLLEN* p = s.octetLength ? s.octetLength : s.indicator;
  if (!p || *p == SQL_NTS) return SQL_NTS;
  if (*p < 0) invalidLength();
  return *p;
}

std::string_view narrowInput(const CSource& s) {
  const char* p = static_cast<const char*>(s.buffer);
  SQLLEN len = givenLength(s);
  if (len != SQL_NTS) return {p, static_cast<std::size_t>(len)};
  return {p, s.bufferLength > 0 ? strnlen(p, static_cast<std::size_t>(s.bufferLength)) : std::strlen(p)};
}

std::string wideInput(const CSource& s) {
  const auto* p = static_cast<const SQLWCHAR*>(s.buffer);
  SQLLEN len = givenLength(s);
  std::size_t units;
  if (len != SQL_NTS) {
    units = static_cast<std::size_t>(len) / sizeof(SQLWCHAR);  // lengths of wide data are in bytes
  } else {
    std::size_t limit = s.bufferLength > 0 ? static_cast<std::size_t>(s.bufferLength) / sizeof(SQLWCHAR)
                                           : std::numeric_limits<std::size_t>::max();
    for (units = 0; units < limit && p[units] != 0;) ++units;
  }
  return utf16ToUtf8(p, units);
}

void binaryInput(const CSource& s, PgParam& out) {
  SQLLEN len = givenLength(s);
  if (len == SQL_NTS) {
    // Binary data has no terminator; without a length the buffer length is the value's length.
    if ((s.octetLength && *s.octetLength == SQL_NTS) || (s.indicator && *s.indicator == SQL_NTS) ||
        s.bufferLength < 0)
      invalidLength();
    len = s.bufferLength;
  }
  std::string_view bytes(static_cast<const char*>(s.buffer), static_cast<std::size_t>(len));
  switch (detail::categoryOf(s.sqlType)) {
    case detail::SqlCategory::Binary:
      out.binary = true;
      out.value.assign(bytes);
      return;
    case detail::SqlCategory::Char:
      // ODBC's "C to SQL: Binary" table: binary data into a character type is the bytes as they are (the
      // hexadecimal spelling is the SQL-to-C direction). Bytes that are not valid in the server's encoding
      // are refused by the server (22021).
      out.value.assign(bytes);
      return;
    default: detail::conversionNotAllowed();
  }
}

template <class T>
void integerInput(const CSource& s, PgParam& out) {
  T v;
  std::memcpy(&v, s.buffer, sizeof v);
  char text[32];
  auto res = std::to_chars(text, text + sizeof text, v);
  detail::integerToParam(v, {text, static_cast<std::size_t>(res.ptr - text)}, s.buffer, sizeof v, s.sqlType, out);
}

template <class T>
void floatingInput(const CSource& s, PgParam& out) {
  T v;
  std::memcpy(&v, s.buffer, sizeof v);
  char text[64];
  std::string_view t;
  if (std::isnan(v)) t = "NaN";  // PostgreSQL's spellings, which to_chars does not produce
  else if (std::isinf(v)) t = v < 0 ? "-Infinity" : "Infinity";
  else t = {text, static_cast<std::size_t>(std::to_chars(text, text + sizeof text, v).ptr - text)};
  detail::numberToParam(t, s.buffer, sizeof v, s.sqlType, out);
}

// SQL_NUMERIC_STRUCT -> decimal text: val is the little-endian unscaled value, sign 0 means negative. The
// scale (and the precision, checked: 22003 when the value has more digits) come from the APD when the
// application set them there (see CSource), else the struct's scale is used.
void numericInput(const CSource& s, PgParam& out) {
  SQL_NUMERIC_STRUCT n;
  std::memcpy(&n, s.buffer, sizeof n);
  pgtext::U128 mag = 0;
  for (int k = SQL_MAX_NUMERIC_LEN - 1; k >= 0; --k) mag = (mag << 8) | n.val[k];
  char digits[40];
  std::size_t count = pgtext::formatU128(mag, digits);
  const bool fromApd = s.numericPrecision > 0;
  if (fromApd && mag != 0 && count > static_cast<std::size_t>(s.numericPrecision))
    throw Error("22003", "Numeric value out of range: the value has more digits than the APD's precision (" +
                             std::to_string(s.numericPrecision) + ")");
  int scale = fromApd ? s.numericScale : n.scale;
  std::string text;
  if (n.sign == 0 && mag != 0) text += '-';
  if (scale <= 0) {
    text.append(digits, count);
    if (mag != 0) text.append(static_cast<std::size_t>(-scale), '0');
  } else {
    auto sc = static_cast<std::size_t>(scale);
    if (count <= sc) {
      text += "0.";
      text.append(sc - count, '0');
      text.append(digits, count);
    } else {
      text.append(digits, count - sc);
      text += '.';
      text.append(digits + count - sc, sc);
    }
  }
  detail::numberToParam(text, s.buffer, sizeof n, s.sqlType, out);
}

void bitInput(const CSource& s, PgParam& out) {
  unsigned char v;
  std::memcpy(&v, s.buffer, 1);
  if (v > 1) throw Error("22003", "Numeric value out of range");
  detail::numberToParam(v ? "1" : "0", s.buffer, 1, s.sqlType, out);
}

bool isIntervalCType(SQLSMALLINT c) { return c >= SQL_C_INTERVAL_YEAR && c <= SQL_C_INTERVAL_MINUTE_TO_SECOND; }

}  // namespace

SQLSMALLINT defaultCTypeForSqlType(SQLSMALLINT sqlType) {
  switch (sqlType) {
    case SQL_WCHAR:
    case SQL_WVARCHAR:
    case SQL_WLONGVARCHAR: return SQL_C_WCHAR;
    case SQL_BIT: return SQL_C_BIT;
    case SQL_TINYINT: return SQL_C_STINYINT;
    case SQL_SMALLINT: return SQL_C_SSHORT;
    case SQL_INTEGER: return SQL_C_SLONG;
    case SQL_BIGINT: return SQL_C_SBIGINT;
    case SQL_REAL: return SQL_C_FLOAT;
    case SQL_FLOAT:
    case SQL_DOUBLE: return SQL_C_DOUBLE;
    case SQL_BINARY:
    case SQL_VARBINARY:
    case SQL_LONGVARBINARY: return SQL_C_BINARY;
    case SQL_TYPE_DATE: return SQL_C_TYPE_DATE;
    case SQL_TYPE_TIME: return SQL_C_TYPE_TIME;
    case SQL_TYPE_TIMESTAMP: return SQL_C_TYPE_TIMESTAMP;
    case SQL_DATE: return SQL_C_DATE;
    case SQL_TIME: return SQL_C_TIME;
    case SQL_TIMESTAMP: return SQL_C_TIMESTAMP;
    case SQL_GUID: return SQL_C_GUID;
    default:
      // SQL_INTERVAL_x and SQL_C_INTERVAL_x share their values.
      if (sqlType >= SQL_INTERVAL_YEAR && sqlType <= SQL_INTERVAL_MINUTE_TO_SECOND) return sqlType;
      return SQL_C_CHAR;  // character, DECIMAL/NUMERIC and anything unknown
  }
}

void fromC(const CSource& source, PgParam& out) {
  out = PgParam{};
  CSource s = source;
  if (s.cType == SQL_C_DEFAULT) s.cType = defaultCTypeForSqlType(s.sqlType);
  out.typeOid = pgOidForSqlType(s.sqlType);
  if (s.indicator && *s.indicator == SQL_NULL_DATA) {
    out.isNull = true;
    return;
  }
  if (!s.buffer) throw Error("HY009", "Invalid use of null pointer");
  switch (s.cType) {
    case SQL_C_CHAR: return detail::textToParam(narrowInput(s), s.sqlType, out);
    case SQL_C_WCHAR: return detail::textToParam(wideInput(s), s.sqlType, out);
    case SQL_C_BINARY: return binaryInput(s, out);
    case SQL_C_BIT: return bitInput(s, out);
    case SQL_C_TINYINT:
    case SQL_C_STINYINT: return integerInput<signed char>(s, out);
    case SQL_C_UTINYINT: return integerInput<unsigned char>(s, out);
    case SQL_C_SHORT:
    case SQL_C_SSHORT: return integerInput<SQLSMALLINT>(s, out);
    case SQL_C_USHORT: return integerInput<SQLUSMALLINT>(s, out);
    case SQL_C_LONG:
    case SQL_C_SLONG: return integerInput<SQLINTEGER>(s, out);
    case SQL_C_ULONG: return integerInput<SQLUINTEGER>(s, out);
    case SQL_C_SBIGINT: return integerInput<SQLBIGINT>(s, out);
    case SQL_C_UBIGINT: return integerInput<SQLUBIGINT>(s, out);
    case SQL_C_FLOAT: return floatingInput<float>(s, out);
    case SQL_C_DOUBLE: return floatingInput<double>(s, out);
    case SQL_C_NUMERIC: return numericInput(s, out);
    case SQL_C_TYPE_DATE:
    case SQL_C_TYPE_TIME:
    case SQL_C_TYPE_TIMESTAMP:
    case SQL_C_DATE:
    case SQL_C_TIME:
    case SQL_C_TIMESTAMP:
    case SQL_C_GUID: return detail::structToParam(s, out);
    default:
      if (isIntervalCType(s.cType)) return detail::structToParam(s, out);
      throw Error("HY003", "Invalid application buffer type");
  }
}

}  // namespace dsql::driver
