// Struct C sources of fromC: date/time/timestamp (ODBC 3 and ODBC 2 codes), SQLGUID and
// SQL_INTERVAL_STRUCT, per ODBC's "C to SQL: Date/Time/Timestamp / GUID / Interval" tables. Fields are
// validated (22008); a timestamp into a DATE needs a zero time and into a TIME a zero fraction (22008);
// a TIME into a TIMESTAMP takes today's date; date<->time is 07006.
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <string>

#include "driver/convert/from_c_detail.h"
#include "driver/convert/pg_text.h"
#include "shim/common/error.h"

namespace dsql::driver::detail {
namespace {

[[noreturn]] void badField() { throw Error("22008", "Datetime field overflow"); }

bool isCharOr(SqlCategory c, SqlCategory other) { return c == SqlCategory::Char || c == other; }

pgtext::DateTime readStruct(const CSource& s) {
  pgtext::DateTime v;
  switch (s.cType) {
    case SQL_C_TYPE_DATE:
    case SQL_C_DATE: {
      SQL_DATE_STRUCT d;
      std::memcpy(&d, s.buffer, sizeof d);
      v.hasDate = true;
      v.year = d.year, v.month = d.month, v.day = d.day;
      break;
    }
    case SQL_C_TYPE_TIME:
    case SQL_C_TIME: {
      SQL_TIME_STRUCT t;
      std::memcpy(&t, s.buffer, sizeof t);
      v.hasTime = true;
      v.hour = t.hour, v.minute = t.minute, v.second = t.second;
      break;
    }
    default: {
      SQL_TIMESTAMP_STRUCT ts;
      std::memcpy(&ts, s.buffer, sizeof ts);
      v.hasDate = v.hasTime = true;
      v.year = ts.year, v.month = ts.month, v.day = ts.day;
      v.hour = ts.hour, v.minute = ts.minute, v.second = ts.second;
      if (ts.fraction > 999999999) badField();
      v.nanos = ts.fraction;
    }
  }
  if (v.hasDate && (v.year < 1 || !pgtext::validDate(v.year, v.month, v.day))) badField();
  if (v.hasTime && !pgtext::validTime(v.hour, v.minute, v.second)) badField();
  return v;
}

void datetimeToParam(const CSource& s, PgParam& out) {
  pgtext::DateTime v = readStruct(s);
  SqlCategory c = categoryOf(s.sqlType);
  switch (c) {
    case SqlCategory::Char: break;
    case SqlCategory::Date:
      if (!v.hasDate) conversionNotAllowed();
      if (v.hasTime && (v.hour || v.minute || v.second || v.nanos)) badField();
      v.hasTime = false;
      break;
    case SqlCategory::Time:
      if (!v.hasTime) conversionNotAllowed();
      if (v.nanos != 0 && v.hasDate) badField();  // ODBC: fractional seconds of a timestamp must be zero
      v.hasDate = false;
      break;
    case SqlCategory::Timestamp:
      if (!v.hasDate) {  // ODBC: a time becomes a timestamp on the current date
        std::time_t now = std::time(nullptr);
        std::tm local{};
        localtime_r(&now, &local);
        v.hasDate = true;
        v.year = local.tm_year + 1900, v.month = static_cast<unsigned>(local.tm_mon + 1);
        v.day = static_cast<unsigned>(local.tm_mday);
      }
      break;
    default: conversionNotAllowed();
  }
  char text[64];
  out.value.assign(text, pgtext::formatDateTime(v, text));
}

void guidToParam(const CSource& s, PgParam& out) {
  if (!isCharOr(categoryOf(s.sqlType), SqlCategory::Guid)) conversionNotAllowed();
  SQLGUID g;
  std::memcpy(&g, s.buffer, sizeof g);
  unsigned char b[16];
  auto d1 = static_cast<std::uint32_t>(g.Data1);
  for (int k = 0; k < 4; ++k) b[k] = static_cast<unsigned char>(d1 >> (24 - 8 * k));
  b[4] = static_cast<unsigned char>(g.Data2 >> 8), b[5] = static_cast<unsigned char>(g.Data2);
  b[6] = static_cast<unsigned char>(g.Data3 >> 8), b[7] = static_cast<unsigned char>(g.Data3);
  for (int k = 0; k < 8; ++k) b[8 + k] = g.Data4[k];
  char text[36];
  pgtext::formatUuid(b, text);
  out.value.assign(text, sizeof text);
}

// PostgreSQL input syntax, each field carrying the sign: "-1 years -2 mons", "-3 days -04:05:06.5".
void intervalToParam(const CSource& s, PgParam& out) {
  if (!isCharOr(categoryOf(s.sqlType), SqlCategory::Interval)) conversionNotAllowed();
  SQL_INTERVAL_STRUCT iv;
  std::memcpy(&iv, s.buffer, sizeof iv);
  // The bound C type, not the struct's interval_type (often left unset by applications), decides the fields.
  iv.interval_type = static_cast<SQLINTERVAL>(s.cType - SQL_C_INTERVAL_YEAR + SQL_IS_YEAR);
  std::string sign = iv.interval_sign == SQL_TRUE ? "-" : "";
  std::string& v = out.value;
  v.clear();
  if (iv.interval_type == SQL_IS_YEAR || iv.interval_type == SQL_IS_MONTH || iv.interval_type == SQL_IS_YEAR_TO_MONTH) {
    const auto& ym = iv.intval.year_month;
    v = sign + std::to_string(ym.year) + " years " + sign + std::to_string(ym.month) + " mons";
    return;
  }
  const auto& ds = iv.intval.day_second;
  if (ds.minute > 59 && iv.interval_type != SQL_IS_MINUTE && iv.interval_type != SQL_IS_MINUTE_TO_SECOND) badField();
  if (ds.fraction > 999999) badField();  // interval seconds precision 6 (microseconds)
  std::string frac;
  if (ds.fraction != 0) {
    char digits[8];
    std::snprintf(digits, sizeof digits, ".%06u", static_cast<unsigned>(ds.fraction));
    frac = digits;
  }
  v = sign + std::to_string(ds.day) + " days " + sign + std::to_string(ds.hour) + " hours " + sign +
      std::to_string(ds.minute) + " mins " + sign + std::to_string(ds.second) + frac + " secs";
}

}  // namespace

void structToParam(const CSource& s, PgParam& out) {
  if (s.cType == SQL_C_GUID) return guidToParam(s, out);
  if (s.cType >= SQL_C_INTERVAL_YEAR && s.cType <= SQL_C_INTERVAL_MINUTE_TO_SECOND) return intervalToParam(s, out);
  datetimeToParam(s, out);
}

}  // namespace dsql::driver::detail
