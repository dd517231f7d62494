// Fast paths of bound-column fetch (see to_c_fast.h). Each parses exactly the text PostgreSQL writes for
// the common case and leaves everything else -- signs it does not expect, exponents out of range, 'NaN',
// 'infinity', BC, a DateStyle other than ISO, a value that does not fit -- to toC.
#include "driver/convert/to_c_fast.h"

#include <charconv>
#include <cstring>
#include <limits>

#include "driver/convert/out_value.h"
#include "driver/convert/pg_types.h"

namespace dsql::driver {
namespace {

// PostgreSQL writes an integer as an optional '-' and digits. Up to 18 digits cannot overflow, so they are
// summed directly: libstdc++'s from_chars, which handles every base and checks overflow at each digit,
// took about 135 instructions per value of the benchmark's fetch against 86 for this loop.
bool parseInt64(const char* text, std::size_t length, long long& v) noexcept {
  const std::size_t sign = length > 0 && text[0] == '-';
  if (length == sign) return false;
  if (length - sign > 18) {
    auto [end, ec] = std::from_chars(text, text + length, v);
    return ec == std::errc() && end == text + length;
  }
  unsigned long long u = 0;
  for (std::size_t k = sign; k < length; ++k) {
    const unsigned d = static_cast<unsigned char>(text[k]) - static_cast<unsigned>('0');
    if (d > 9) return false;
    u = u * 10 + d;
  }
  v = sign ? -static_cast<long long>(u) : static_cast<long long>(u);
  return true;
}

template <class T>
bool storeInteger(const char* text, std::size_t length, const CTarget& t) noexcept {
  long long v;
  if (!parseInt64(text, length, v)) return false;
  if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max()) return false;  // toC says 22003
  storeValue(t.buffer, static_cast<T>(v), t.indicator);
  return true;
}

// Digits at text[at..at+n) as a number; false when any is not a digit.
bool digits(const char* text, std::size_t at, std::size_t n, unsigned& v) noexcept {
  v = 0;
  for (std::size_t k = at; k < at + n; ++k) {
    unsigned d = static_cast<unsigned char>(text[k]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;
  }
  return true;
}

bool isoDate(const char* text, unsigned& y, unsigned& m, unsigned& d) noexcept {
  return text[4] == '-' && text[7] == '-' && digits(text, 0, 4, y) && digits(text, 5, 2, m) && digits(text, 8, 2, d) &&
         y > 0 && m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

bool storeDate(const char* text, std::size_t length, const CTarget& t) noexcept {
  unsigned y, m, d;
  if (length != 10 || !isoDate(text, y, m, d)) return false;
  SQL_DATE_STRUCT v{static_cast<SQLSMALLINT>(y), static_cast<SQLUSMALLINT>(m), static_cast<SQLUSMALLINT>(d)};
  storeValue(t.buffer, v, t.indicator);
  return true;
}

bool storeTimestamp(const char* text, std::size_t length, const CTarget& t) noexcept {
  unsigned y, mo, d, h, mi, s, frac = 0;
  if (length < 19 || length == 20 || length > 26 || !isoDate(text, y, mo, d) || text[10] != ' ' || text[13] != ':' ||
      text[16] != ':' || !digits(text, 11, 2, h) || !digits(text, 14, 2, mi) || !digits(text, 17, 2, s) || h > 23 ||
      mi > 59 || s > 59)
    return false;
  if (length > 19) {
    if (text[19] != '.' || !digits(text, 20, length - 20, frac)) return false;
    for (std::size_t k = length - 20; k < 9; ++k) frac *= 10;  // to nanoseconds
  }
  SQL_TIMESTAMP_STRUCT v{static_cast<SQLSMALLINT>(y), static_cast<SQLUSMALLINT>(mo), static_cast<SQLUSMALLINT>(d),
                         static_cast<SQLUSMALLINT>(h), static_cast<SQLUSMALLINT>(mi), static_cast<SQLUSMALLINT>(s), frac};
  storeValue(t.buffer, v, t.indicator);
  return true;
}

bool storeDouble(const char* text, std::size_t length, const CTarget& t) noexcept {
  double v;
  auto [end, ec] = std::from_chars(text, text + length, v);
  if (ec != std::errc() || end != text + length || length == 0) return false;
  storeValue(t.buffer, v, t.indicator);
  return true;
}

// The whole value and its terminator fit: ODBC's rule reduces to a copy (anything else goes to writeOut).
bool storeChar(const char* text, std::size_t length, const CTarget& t) noexcept {
  if (!t.buffer || static_cast<SQLLEN>(length) >= t.bufferLength) return false;
  std::memcpy(t.buffer, text, length);
  static_cast<char*>(t.buffer)[length] = '\0';
  if (t.indicator) *t.indicator = static_cast<SQLLEN>(length);
  return true;
}

bool isInteger(unsigned oid) { return oid == kOidInt2 || oid == kOidInt4 || oid == kOidInt8 || oid == kOidOid; }

// Types whose SQL_C_CHAR form is the server's text unchanged (to_c.cpp's charForm). Named one by one: a
// type whose form gains a rule there (bool, money and bytea have one) must not be copied here unchanged.
bool charFormIsText(unsigned oid) {
  switch (oid) {
    case kOidText: case kOidVarchar: case kOidBpchar: case kOidName: case kOidChar:
    case kOidInt2: case kOidInt4: case kOidInt8: case kOidOid: case kOidNumeric: case kOidFloat4: case kOidFloat8:
    case kOidDate: case kOidTime: case kOidTimestamp: case kOidTimestamptz: case kOidTimetz: case kOidInterval:
    case kOidJson: case kOidJsonb: return true;
    default: return false;
  }
}

}  // namespace

FastPath chooseFastPath(unsigned oid, SQLSMALLINT cType) noexcept {
  switch (cType) {
    case SQL_C_LONG:
    case SQL_C_SLONG: return isInteger(oid) ? FastPath::Int64ToInt32 : FastPath::None;
    case SQL_C_SBIGINT: return isInteger(oid) ? FastPath::Int64ToInt64 : FastPath::None;
    case SQL_C_SHORT:
    case SQL_C_SSHORT: return isInteger(oid) ? FastPath::Int64ToInt16 : FastPath::None;
    case SQL_C_DOUBLE:
      if (isInteger(oid)) return FastPath::Int64ToDouble;
      return oid == kOidFloat4 || oid == kOidFloat8 || oid == kOidNumeric ? FastPath::TextToDouble : FastPath::None;
    case SQL_C_CHAR: return charFormIsText(oid) ? FastPath::TextToChar : FastPath::None;
    case SQL_C_DATE:
    case SQL_C_TYPE_DATE: return oid == kOidDate ? FastPath::IsoDateToDate : FastPath::None;
    case SQL_C_TIMESTAMP:
    case SQL_C_TYPE_TIMESTAMP: return oid == kOidTimestamp ? FastPath::IsoTimestampToTimestamp : FastPath::None;
    default: return FastPath::None;
  }
}

bool convertFast(FastPath path, const char* text, std::size_t length, const CTarget& t) noexcept {
  switch (path) {
    case FastPath::None: return false;
    case FastPath::Int64ToInt32: return storeInteger<SQLINTEGER>(text, length, t);
    case FastPath::Int64ToInt64: return storeInteger<SQLBIGINT>(text, length, t);
    case FastPath::Int64ToInt16: return storeInteger<SQLSMALLINT>(text, length, t);
    case FastPath::Int64ToDouble: {
      long long v;
      // "-0" (never written by PostgreSQL for an integer) is -0.0 to toC, which reads the text as a double.
      if (!parseInt64(text, length, v) || (v == 0 && text[0] == '-')) return false;
      storeValue(t.buffer, static_cast<double>(v), t.indicator);
      return true;
    }
    case FastPath::TextToDouble: return storeDouble(text, length, t);
    case FastPath::TextToChar: return storeChar(text, length, t);
    case FastPath::IsoDateToDate: return storeDate(text, length, t);
    case FastPath::IsoTimestampToTimestamp: return storeTimestamp(text, length, t);
  }
  return false;
}

}  // namespace dsql::driver
