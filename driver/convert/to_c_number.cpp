// Numeric C targets of toC: SQL_C_BIT, the signed/unsigned integer types, SQL_C_FLOAT/DOUBLE and
// SQL_C_NUMERIC, per ODBC's "SQL to C: Numeric / Character / Bit" tables: whole digits lost -> 22003,
// fractional digits lost -> 01S07, not a number -> 22018. NaN is 22018 for every target that cannot hold
// it (bit, integers, numeric); float and double receive NaN and infinities as they are. No allocation.
#include <cfloat>
#include <charconv>
#include <cmath>
#include <limits>
#include <type_traits>

#include "driver/convert/pg_text.h"
#include "driver/convert/to_c_detail.h"
#include "shim/common/error.h"

namespace dsql::driver::detail {
namespace {

using pgtext::Decimal;

[[noreturn]] void outOfRange() { throw Error("22003", "Numeric value out of range"); }
[[noreturn]] void notANumber() { throw Error("22018", "Invalid character value for cast specification"); }

void requireFinite(const Decimal& d) {
  if (d.kind == Decimal::Kind::NaN) notANumber();
  if (d.kind != Decimal::Kind::Finite) outOfRange();
}

ConvertResult fractionResult(bool lost) { return lost ? ConvertResult::FractionalTruncation : ConvertResult::Ok; }

template <class T>
ConvertResult toInteger(const Decimal& d, const CTarget& t) {
  requireFinite(d);
  pgtext::U128 mag;
  bool lost;
  if (!pgtext::scaledMagnitude(d, 0, mag, lost)) outOfRange();
  T value;
  if (d.negative && mag != 0) {
    if constexpr (std::is_unsigned_v<T>) {
      outOfRange();
    } else {
      auto limit = static_cast<pgtext::U128>(-(static_cast<pgtext::I128>(std::numeric_limits<T>::min())));
      if (mag > limit) outOfRange();
      value = static_cast<T>(-static_cast<pgtext::I128>(mag));
    }
  } else {
    if (mag > static_cast<pgtext::U128>(std::numeric_limits<T>::max())) outOfRange();
    value = static_cast<T>(mag);
  }
  storeFixed(t, value);
  return fractionResult(lost);
}

// ODBC: 0 and 1 convert; 0 < v < 2 truncates with 01S07; anything else (including negatives) is 22003.
ConvertResult toBit(const Decimal& d, const CTarget& t) {
  requireFinite(d);
  pgtext::U128 mag;
  bool lost;
  if (!pgtext::scaledMagnitude(d, 0, mag, lost) || mag > 1 || (d.negative && (mag != 0 || lost))) outOfRange();
  storeFixed(t, static_cast<unsigned char>(mag));
  return fractionResult(lost);
}

// Whether a finite number is at least 1 in magnitude (decides overflow vs underflow when from_chars gives up).
bool magnitudeAtLeastOne(const Decimal& d) {
  for (std::size_t k = 0; k < d.digitCount(); ++k)
    if (d.digit(k) != 0) return d.pointPosition() - static_cast<long>(k) > 0;
  return false;
}

ConvertResult toFloating(std::string_view text, const Decimal& d, const CTarget& t) {
  double v = 0;
  switch (d.kind) {
    case Decimal::Kind::NaN: v = std::numeric_limits<double>::quiet_NaN(); break;
    case Decimal::Kind::PosInf: v = std::numeric_limits<double>::infinity(); break;
    case Decimal::Kind::NegInf: v = -std::numeric_limits<double>::infinity(); break;
    case Decimal::Kind::Finite: {
      std::string_view s = pgtext::trimBlanks(text);
      if (!s.empty() && s[0] == '+') s.remove_prefix(1);
      auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
      if (ec == std::errc::result_out_of_range) {
        if (magnitudeAtLeastOne(d)) outOfRange();
        v = d.negative ? -0.0 : 0.0;  // underflow rounds to zero, as the server's own cast would
      } else if (ec != std::errc() || ptr != s.data() + s.size()) {
        notANumber();
      }
      break;
    }
  }
  if (t.cType == SQL_C_DOUBLE) {
    storeFixed(t, v);
  } else {
    if (std::isfinite(v) && std::fabs(v) > FLT_MAX) outOfRange();
    storeFixed(t, static_cast<float>(v));
  }
  return ConvertResult::Ok;
}

// SQL_NUMERIC_STRUCT: unscaled value = v * 10^scale (truncated), little-endian in val[16]; sign 1 = positive.
ConvertResult toNumericStruct(const Decimal& d, const CTarget& t) {
  requireFinite(d);
  int precision = t.precision > 0 ? t.precision : 38;
  if (precision > 38) precision = 38;
  pgtext::U128 mag;
  bool lost;
  if (!pgtext::scaledMagnitude(d, t.scale, mag, lost)) outOfRange();
  char digits[40];
  if (mag != 0 && static_cast<int>(pgtext::formatU128(mag, digits)) > precision) outOfRange();
  SQL_NUMERIC_STRUCT n{};
  n.precision = static_cast<SQLCHAR>(precision);
  n.scale = static_cast<SQLSCHAR>(t.scale);
  n.sign = d.negative && mag != 0 ? 0 : 1;
  for (int k = 0; k < SQL_MAX_NUMERIC_LEN; ++k) n.val[k] = static_cast<SQLCHAR>(mag >> (8 * k));
  storeFixed(t, n);
  return fractionResult(lost);
}

}  // namespace

ConvertResult toNumber(std::string_view text, Family f, const CTarget& t) {
  switch (f) {
    case Family::Binary:
    case Family::Date:
    case Family::Time:
    case Family::TimeTz:
    case Family::Timestamp:
    case Family::TimestampTz:
    case Family::Guid: notAllowed();
    default: break;
  }
  Decimal d;
  if (!pgtext::parseDecimal(text, d)) notANumber();
  switch (t.cType) {
    case SQL_C_BIT: return toBit(d, t);
    case SQL_C_TINYINT:
    case SQL_C_STINYINT: return toInteger<SQLSCHAR>(d, t);
    case SQL_C_UTINYINT: return toInteger<SQLCHAR>(d, t);
    case SQL_C_SHORT:
    case SQL_C_SSHORT: return toInteger<SQLSMALLINT>(d, t);
    case SQL_C_USHORT: return toInteger<SQLUSMALLINT>(d, t);
    case SQL_C_LONG:
    case SQL_C_SLONG: return toInteger<SQLINTEGER>(d, t);
    case SQL_C_ULONG: return toInteger<SQLUINTEGER>(d, t);
    case SQL_C_SBIGINT: return toInteger<SQLBIGINT>(d, t);
    case SQL_C_UBIGINT: return toInteger<SQLUBIGINT>(d, t);
    case SQL_C_FLOAT:
    case SQL_C_DOUBLE: return toFloating(text, d, t);
    default: return toNumericStruct(d, t);
  }
}

}  // namespace dsql::driver::detail
