// Date/time and GUID C targets of toC, per ODBC's "SQL to C: Date/Time/Timestamp / Character / GUID" tables:
// a timestamp into a date or time struct drops the other part with 01S07 when it was non-zero; a time into a
// timestamp takes today's date; date<->time is 07006. A value with an offset (timestamptz, timetz, or such
// text) gives its wall-clock fields as written and the offset is dropped: the server already rendered a
// timestamptz in the session's time zone, which is the local time the application asked for (see to_c.h).
// Infinity and BC dates cannot be represented (22008). No allocation.
#include <ctime>

#include "driver/convert/pg_text.h"
#include "driver/convert/to_c_detail.h"
#include "shim/common/error.h"

namespace dsql::driver::detail {
namespace {

[[noreturn]] void overflow() { throw Error("22008", "Datetime field overflow"); }

bool isCharFamily(Family f) { return f == Family::Char || f == Family::Interval; }

void today(SQLSMALLINT& year, SQLUSMALLINT& month, SQLUSMALLINT& day) {
  std::time_t now = std::time(nullptr);
  std::tm local{};
  localtime_r(&now, &local);
  year = static_cast<SQLSMALLINT>(local.tm_year + 1900);
  month = static_cast<SQLUSMALLINT>(local.tm_mon + 1);
  day = static_cast<SQLUSMALLINT>(local.tm_mday);
}

enum class Want { Date, Time, Timestamp };

Want wanted(SQLSMALLINT cType) {
  if (cType == SQL_C_TYPE_DATE || cType == SQL_C_DATE) return Want::Date;
  if (cType == SQL_C_TYPE_TIME || cType == SQL_C_TIME) return Want::Time;
  return Want::Timestamp;
}

void checkFamily(Family f, Want w) {
  switch (f) {
    case Family::Date:
      if (w == Want::Time) notAllowed();
      return;
    case Family::Time:
    case Family::TimeTz:
      if (w == Want::Date) notAllowed();
      return;
    case Family::Timestamp:
    case Family::TimestampTz:
    case Family::Char:
    case Family::Interval: return;
    default: notAllowed();
  }
}

}  // namespace

ConvertResult toDateTime(std::string_view text, Family f, const CTarget& t) {
  Want want = wanted(t.cType);
  checkFamily(f, want);
  pgtext::DateTime v;
  if (!pgtext::parseDateTime(text, v)) {
    if (isCharFamily(f)) throw Error("22018", "Invalid character value for cast specification");
    throw Error("22007", "Invalid datetime format");
  }
  if (v.infinity != 0) overflow();
  if (v.hasDate && (v.year < 1 || v.year > 32767)) overflow();  // SQLSMALLINT year; BC has no ODBC form
  bool timeNonZero = v.hasTime && (v.hour != 0 || v.minute != 0 || v.second != 0 || v.nanos != 0);
  switch (want) {
    case Want::Date: {
      if (!v.hasDate) throw Error("22018", "Invalid character value for cast specification");
      SQL_DATE_STRUCT d{static_cast<SQLSMALLINT>(v.year), static_cast<SQLUSMALLINT>(v.month),
                        static_cast<SQLUSMALLINT>(v.day)};
      storeFixed(t, d);
      return timeNonZero ? ConvertResult::FractionalTruncation : ConvertResult::Ok;
    }
    case Want::Time: {
      if (!v.hasTime) throw Error("22018", "Invalid character value for cast specification");
      SQL_TIME_STRUCT tm{static_cast<SQLUSMALLINT>(v.hour), static_cast<SQLUSMALLINT>(v.minute),
                         static_cast<SQLUSMALLINT>(v.second)};
      storeFixed(t, tm);
      return v.nanos != 0 ? ConvertResult::FractionalTruncation : ConvertResult::Ok;
    }
    case Want::Timestamp: {
      SQL_TIMESTAMP_STRUCT ts{};
      if (v.hasDate) {
        ts.year = static_cast<SQLSMALLINT>(v.year);
        ts.month = static_cast<SQLUSMALLINT>(v.month);
        ts.day = static_cast<SQLUSMALLINT>(v.day);
      } else {
        today(ts.year, ts.month, ts.day);  // ODBC: a time becomes a timestamp on the current date
      }
      ts.hour = static_cast<SQLUSMALLINT>(v.hour);
      ts.minute = static_cast<SQLUSMALLINT>(v.minute);
      ts.second = static_cast<SQLUSMALLINT>(v.second);
      ts.fraction = v.nanos;
      storeFixed(t, ts);
      return ConvertResult::Ok;
    }
  }
  return ConvertResult::Ok;
}

// uuid text (or character data holding one) -> SQLGUID: Data1..3 are the first 8/4/4 digits as numbers,
// Data4 the remaining 8 bytes in order.
ConvertResult toGuid(std::string_view text, Family f, const CTarget& t) {
  if (f != Family::Guid && !isCharFamily(f)) notAllowed();
  unsigned char b[16];
  if (!pgtext::parseUuid(text, b)) throw Error("22018", "Invalid character value for cast specification");
  SQLGUID g{};
  g.Data1 = (static_cast<std::uint32_t>(b[0]) << 24) | (static_cast<std::uint32_t>(b[1]) << 16) |
            (static_cast<std::uint32_t>(b[2]) << 8) | b[3];
  g.Data2 = static_cast<std::uint16_t>((b[4] << 8) | b[5]);
  g.Data3 = static_cast<std::uint16_t>((b[6] << 8) | b[7]);
  for (int k = 0; k < 8; ++k) g.Data4[k] = b[8 + k];
  storeFixed(t, g);
  return ConvertResult::Ok;
}

}  // namespace dsql::driver::detail
