// Character data and C numbers bound to a SQL type (see from_c_detail.h): the validation column of ODBC's
// "C to SQL: Character / Numeric" tables. Text bound to a character SQL type passes untouched; to a
// numeric type it must be a number (22018), fit the type (22003) and, for integer types, lose no
// fractional digits (22001); to a date/time/GUID type it must be a valid literal (22018) with valid fields.
#include <charconv>
#include <ctime>

#include "driver/convert/from_c_detail.h"
#include "driver/convert/pg_text.h"
#include "shim/common/error.h"

namespace dsql::driver::detail {
namespace {

[[noreturn]] void invalidCharacter() { throw Error("22018", "Invalid character value for cast specification"); }
[[noreturn]] void outOfRange() { throw Error("22003", "Numeric value out of range"); }

struct IntRange {
  pgtext::I128 min, max;
};

IntRange rangeOf(SQLSMALLINT sqlType) {
  switch (sqlType) {
    case SQL_TINYINT: return {-128, 255};  // signed or unsigned 1-byte values (sent as int2)
    case SQL_SMALLINT: return {-32768, 32767};
    case SQL_INTEGER: return {-2147483648LL, 2147483647LL};
    default: return {static_cast<pgtext::I128>(INT64_MIN), static_cast<pgtext::I128>(INT64_MAX)};
  }
}

// 22003 unless `v` fits the integer SQL type.
void checkIntegerRange(pgtext::I128 v, SQLSMALLINT sqlType) {
  const IntRange r = rangeOf(sqlType);
  if (v < r.min || v > r.max) outOfRange();
}

// Canonical integer text (PostgreSQL's int input rejects "1e3" and "2.0").
void integerText(const pgtext::Decimal& d, SQLSMALLINT sqlType, PgParam& out) {
  if (d.kind == pgtext::Decimal::Kind::NaN) invalidCharacter();
  if (d.kind != pgtext::Decimal::Kind::Finite) outOfRange();
  pgtext::U128 mag;
  bool lost;
  if (!pgtext::scaledMagnitude(d, 0, mag, lost) || mag > (static_cast<pgtext::U128>(1) << 64)) outOfRange();
  pgtext::I128 v = d.negative ? -static_cast<pgtext::I128>(mag) : static_cast<pgtext::I128>(mag);
  checkIntegerRange(v, sqlType);
  if (lost) throw Error("22001", "String data, right truncated");
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof buf, static_cast<long long>(v));
  out.value.assign(buf, res.ptr);
}

// ODBC: 0 and 1 convert; 0 < v < 2 loses digits (22001); anything else is 22003. PostgreSQL's boolean
// words are accepted as they are.
void bitText(std::string_view text, PgParam& out) {
  std::string_view t = pgtext::trimBlanks(text);
  for (std::string_view w : {"t", "true", "y", "yes", "on", "f", "false", "n", "no", "off"}) {
    if (pgtext::iequals(t, w)) {
      out.value.assign(t);
      return;
    }
  }
  pgtext::Decimal d;
  if (!pgtext::parseDecimal(t, d) || d.kind == pgtext::Decimal::Kind::NaN) invalidCharacter();
  pgtext::U128 mag;
  bool lost;
  if (d.kind != pgtext::Decimal::Kind::Finite || !pgtext::scaledMagnitude(d, 0, mag, lost) || mag > 1 ||
      (d.negative && (mag != 0 || lost)))
    outOfRange();
  if (lost) throw Error("22001", "String data, right truncated");
  out.value = mag ? "1" : "0";
}

bool specialDateWord(std::string_view t) {
  for (std::string_view w : {"now", "today", "tomorrow", "yesterday", "epoch", "infinity", "-infinity", "allballs"})
    if (pgtext::iequals(t, w)) return true;
  return false;
}

// ODBC's conversions of character data to SQL_TYPE_DATE/TIME/TIMESTAMP accept the literal written as an
// ODBC escape: {d 'yyyy-mm-dd'}, {t 'hh:mm:ss'} or {ts 'yyyy-mm-dd hh:mm:ss[.f...]'}, blanks allowed
// around the parts and the keyword in any case. Returns the quoted literal, or `t` itself when it is not an
// escape. Which escape is given does not matter: the literal inside is checked against the SQL type.
std::string_view unwrapDateTimeEscape(std::string_view t) {
  if (t.size() < 2 || t.front() != '{' || t.back() != '}') return t;
  std::string_view body = pgtext::trimBlanks(t.substr(1, t.size() - 2));
  std::size_t kw = 0;
  while (kw < body.size() && ((body[kw] | 0x20) >= 'a' && (body[kw] | 0x20) <= 'z')) ++kw;
  std::string_view keyword = body.substr(0, kw);
  if (!pgtext::iequals(keyword, "d") && !pgtext::iequals(keyword, "t") && !pgtext::iequals(keyword, "ts"))
    invalidCharacter();
  std::string_view quoted = pgtext::trimBlanks(body.substr(kw));
  if (quoted.size() < 2 || quoted.front() != '\'' || quoted.back() != '\'') invalidCharacter();
  std::string_view inner = quoted.substr(1, quoted.size() - 2);
  if (inner.find('\'') != std::string_view::npos) invalidCharacter();
  return pgtext::trimBlanks(inner);
}

void datetimeText(std::string_view text, SqlCategory c, PgParam& out) {
  std::string_view t = unwrapDateTimeEscape(pgtext::trimBlanks(text));
  if (specialDateWord(t)) {
    out.value.assign(t);
    return;
  }
  pgtext::DateTime v;
  if (!pgtext::parseDateTime(t, v) || v.infinity != 0) invalidCharacter();
  bool timeNonZero = v.hasTime && (v.hour || v.minute || v.second || v.nanos);
  if (c == SqlCategory::Date && (!v.hasDate || timeNonZero)) {
    if (!v.hasDate) invalidCharacter();
    throw Error("22008", "Datetime field overflow");  // ODBC: time fields of a timestamp must be zero
  }
  if (c == SqlCategory::Time && !v.hasTime) invalidCharacter();
  out.value.assign(t);
  if (c == SqlCategory::Timestamp && !v.hasDate) {
    // ODBC: a time literal becomes a timestamp on the current date.
    std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char date[16];
    std::size_t n = pgtext::formatDate(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1),
                                       static_cast<unsigned>(local.tm_mday), date);
    out.value.insert(0, std::string(date, n) + " ");
  }
}

void binaryText(std::string_view text, PgParam& out) {
  // ODBC: character data bound to a binary type holds hexadecimal digits, two per byte.
  if (text.size() % 2 != 0) invalidCharacter();
  out.value.clear();
  out.value.reserve(text.size() / 2);
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int hi = pgtext::hexValue(text[i]), lo = pgtext::hexValue(text[i + 1]);
    if (hi < 0 || lo < 0) invalidCharacter();
    out.value += static_cast<char>((hi << 4) | lo);
  }
  out.binary = true;
}

std::string_view intervalUnit(SQLSMALLINT sqlType) {
  switch (sqlType) {
    case SQL_INTERVAL_YEAR: return " years";
    case SQL_INTERVAL_MONTH: return " mons";
    case SQL_INTERVAL_DAY: return " days";
    case SQL_INTERVAL_HOUR: return " hours";
    case SQL_INTERVAL_MINUTE: return " mins";
    case SQL_INTERVAL_SECOND: return " secs";
    default: return {};
  }
}

}  // namespace

SqlCategory categoryOf(SQLSMALLINT t) {
  switch (t) {
    case SQL_BIT: return SqlCategory::Bit;
    case SQL_TINYINT:
    case SQL_SMALLINT:
    case SQL_INTEGER:
    case SQL_BIGINT: return SqlCategory::Integer;
    case SQL_REAL:
    case SQL_FLOAT:
    case SQL_DOUBLE:
    case SQL_NUMERIC:
    case SQL_DECIMAL: return SqlCategory::Number;
    case SQL_BINARY:
    case SQL_VARBINARY:
    case SQL_LONGVARBINARY: return SqlCategory::Binary;
    case SQL_TYPE_DATE:
    case SQL_DATE: return SqlCategory::Date;
    case SQL_TYPE_TIME:
    case SQL_TIME: return SqlCategory::Time;
    case SQL_TYPE_TIMESTAMP:
    case SQL_TIMESTAMP: return SqlCategory::Timestamp;
    case SQL_GUID: return SqlCategory::Guid;
    default:
      if (t >= SQL_INTERVAL_YEAR && t <= SQL_INTERVAL_MINUTE_TO_SECOND) return SqlCategory::Interval;
      return SqlCategory::Char;  // character types and anything unknown travel as text
  }
}

void textToParam(std::string_view text, SQLSMALLINT sqlType, PgParam& out) {
  SqlCategory c = categoryOf(sqlType);
  pgtext::Decimal d;
  switch (c) {
    case SqlCategory::Char:
    case SqlCategory::Interval: out.value.assign(text); return;  // the server validates interval syntax
    case SqlCategory::Bit: return bitText(text, out);
    case SqlCategory::Integer:
      if (!pgtext::parseDecimal(text, d)) invalidCharacter();
      return integerText(d, sqlType, out);
    case SqlCategory::Number:
      if (!pgtext::parseDecimal(text, d)) invalidCharacter();
      out.value.assign(pgtext::trimBlanks(text));
      return;
    case SqlCategory::Binary: return binaryText(text, out);
    case SqlCategory::Guid: {
      unsigned char bytes[16];
      if (!pgtext::parseUuid(text, bytes)) invalidCharacter();
      out.value.assign(pgtext::trimBlanks(text));
      return;
    }
    default: return datetimeText(text, c, out);
  }
}

void numberToParam(std::string_view text, const void* raw, std::size_t rawSize, SQLSMALLINT sqlType, PgParam& out) {
  switch (categoryOf(sqlType)) {
    case SqlCategory::Char:
    case SqlCategory::Number:
    case SqlCategory::Bit:
    case SqlCategory::Integer: return textToParam(text, sqlType, out);
    case SqlCategory::Binary:  // ODBC: the C value's bytes as they are
      out.value.assign(static_cast<const char*>(raw), rawSize);
      out.binary = true;
      return;
    case SqlCategory::Interval: {
      std::string_view unit = intervalUnit(sqlType);
      if (unit.empty()) conversionNotAllowed();  // only single-field intervals take a plain number
      out.value.assign(text);
      out.value.append(unit);
      return;
    }
    default: conversionNotAllowed();
  }
}

void integerToParam(pgtext::I128 value, std::string_view text, const void* raw, std::size_t rawSize,
                    SQLSMALLINT sqlType, PgParam& out) {
  if (categoryOf(sqlType) != SqlCategory::Integer) return numberToParam(text, raw, rawSize, sqlType, out);
  checkIntegerRange(value, sqlType);
  out.value.assign(text);
}

}  // namespace dsql::driver::detail
