// SQL_C_INTERVAL_* targets of toC. PostgreSQL intervals keep months, days and microseconds apart; an ODBC
// interval struct is either year-month or day-time. So: a year-month target drops days/time (01S07), a
// day-time target refuses months (22015: a month has no fixed number of days), and a day counts as 24
// hours. Trailing fields the target lacks are dropped with 01S07; the leading field may exceed its usual
// range up to 2^32-1 (22015 beyond). The `fraction` field holds as many decimal digits as the interval
// seconds precision says -- the ARD's SQL_DESC_PRECISION, CTarget::precision, default 6 (microseconds,
// PostgreSQL's own resolution); digits beyond it are dropped with 01S07. Exact numbers (integer/numeric
// columns) convert to single-field targets, as ODBC's table allows.
#include <cstdint>

#include "driver/convert/pg_text.h"
#include "driver/convert/to_c_detail.h"
#include "shim/common/error.h"

namespace dsql::driver::detail {
namespace {

constexpr std::uint64_t kSecond = 1000000, kMinute = 60 * kSecond, kHour = 60 * kMinute, kDay = 24 * kHour;

[[noreturn]] void fieldOverflow() { throw Error("22015", "Interval field overflow"); }

constexpr int kPgSecondsDigits = 6;  // PostgreSQL keeps microseconds

std::uint64_t pow10(int n) {
  std::uint64_t v = 1;
  while (n-- > 0) v *= 10;
  return v;
}

// The interval seconds precision of a target: 0..9 as the ARD says; anything else (SQLGetData without an
// ARD precision passes 38) is ODBC's default of 6.
int secondsDigits(const CTarget& t) { return t.precision >= 0 && t.precision <= 9 ? t.precision : 6; }

// `micros` (below one second) as a fraction of `digits` decimal digits; sets `lost` when digits drop.
SQLUINTEGER scaledFraction(std::uint64_t micros, int digits, bool& lost) {
  if (digits >= kPgSecondsDigits) return static_cast<SQLUINTEGER>(micros * pow10(digits - kPgSecondsDigits));
  std::uint64_t unit = pow10(kPgSecondsDigits - digits);
  if (micros % unit != 0) lost = true;
  return static_cast<SQLUINTEGER>(micros / unit);
}

SQLUINTEGER leading(std::uint64_t v) {
  if (v > 0xFFFFFFFFull) fieldOverflow();
  return static_cast<SQLUINTEGER>(v);
}

bool isYearMonth(SQLINTERVAL code) {
  return code == SQL_IS_YEAR || code == SQL_IS_MONTH || code == SQL_IS_YEAR_TO_MONTH;
}

// Leading and trailing unit (microseconds) of a day-time interval code.
void dayTimeUnits(SQLINTERVAL code, std::uint64_t& lead, std::uint64_t& trail) {
  switch (code) {
    case SQL_IS_DAY: lead = trail = kDay; return;
    case SQL_IS_HOUR: lead = trail = kHour; return;
    case SQL_IS_MINUTE: lead = trail = kMinute; return;
    case SQL_IS_SECOND: lead = trail = kSecond; return;
    case SQL_IS_DAY_TO_HOUR: lead = kDay, trail = kHour; return;
    case SQL_IS_DAY_TO_MINUTE: lead = kDay, trail = kMinute; return;
    case SQL_IS_DAY_TO_SECOND: lead = kDay, trail = kSecond; return;
    case SQL_IS_HOUR_TO_MINUTE: lead = kHour, trail = kMinute; return;
    case SQL_IS_HOUR_TO_SECOND: lead = kHour, trail = kSecond; return;
    default: lead = kMinute, trail = kSecond; return;  // SQL_IS_MINUTE_TO_SECOND
  }
}

SQLUINTEGER* fieldFor(SQL_DAY_SECOND_STRUCT& ds, std::uint64_t unit) {
  if (unit == kDay) return &ds.day;
  if (unit == kHour) return &ds.hour;
  if (unit == kMinute) return &ds.minute;
  return &ds.second;
}

// Splits |micros| over the fields lead..trail; returns whether non-zero time below `trail` was dropped.
bool fillDayTime(SQL_DAY_SECOND_STRUCT& ds, std::uint64_t micros, std::uint64_t lead, std::uint64_t trail,
                 int digits) {
  *fieldFor(ds, lead) = leading(micros / lead);
  std::uint64_t rest = micros % lead;
  for (std::uint64_t unit : {kHour, kMinute, kSecond}) {
    if (unit >= lead || unit < trail) continue;
    *fieldFor(ds, unit) = static_cast<SQLUINTEGER>(rest / unit);
    rest %= unit;
  }
  if (trail == kSecond) {
    bool lost = false;
    ds.fraction = scaledFraction(rest, digits, lost);
    return lost;
  }
  return rest != 0;
}

bool fromInterval(const pgtext::Interval& iv, SQL_INTERVAL_STRUCT& s, int digits) {
  if (isYearMonth(s.interval_type)) {
    bool lost = iv.days != 0 || iv.micros != 0;
    s.interval_sign = iv.months < 0 ? SQL_TRUE : SQL_FALSE;
    std::uint64_t m = iv.months < 0 ? 0 - static_cast<std::uint64_t>(iv.months) : static_cast<std::uint64_t>(iv.months);
    auto& ym = s.intval.year_month;
    if (s.interval_type == SQL_IS_MONTH) {
      ym.month = leading(m);
    } else {
      ym.year = leading(m / 12);
      if (s.interval_type == SQL_IS_YEAR_TO_MONTH) ym.month = static_cast<SQLUINTEGER>(m % 12);
      else lost = lost || m % 12 != 0;
    }
    return lost;
  }
  if (iv.months != 0) fieldOverflow();
  std::int64_t total = 0;
  if (__builtin_mul_overflow(iv.days, static_cast<std::int64_t>(kDay), &total) ||
      __builtin_add_overflow(total, iv.micros, &total))
    fieldOverflow();
  s.interval_sign = total < 0 ? SQL_TRUE : SQL_FALSE;
  std::uint64_t a = total < 0 ? 0 - static_cast<std::uint64_t>(total) : static_cast<std::uint64_t>(total);
  std::uint64_t lead, trail;
  dayTimeUnits(s.interval_type, lead, trail);
  return fillDayTime(s.intval.day_second, a, lead, trail, digits);
}

// An exact number into a single-field interval (SECOND keeps `digits` fraction digits).
bool fromNumber(std::string_view text, SQL_INTERVAL_STRUCT& s, int digits) {
  pgtext::Decimal d;
  if (!pgtext::parseDecimal(text, d) || d.kind != pgtext::Decimal::Kind::Finite)
    throw Error("22018", "Invalid character value for cast specification");
  bool second = s.interval_type == SQL_IS_SECOND;
  pgtext::U128 mag;
  bool lost;
  if (!pgtext::scaledMagnitude(d, second ? digits : 0, mag, lost) || mag > (static_cast<pgtext::U128>(1) << 64) - 1)
    fieldOverflow();
  auto v = static_cast<std::uint64_t>(mag);
  s.interval_sign = d.negative && (v != 0) ? SQL_TRUE : SQL_FALSE;
  switch (s.interval_type) {
    case SQL_IS_YEAR: s.intval.year_month.year = leading(v); break;
    case SQL_IS_MONTH: s.intval.year_month.month = leading(v); break;
    case SQL_IS_DAY: s.intval.day_second.day = leading(v); break;
    case SQL_IS_HOUR: s.intval.day_second.hour = leading(v); break;
    case SQL_IS_MINUTE: s.intval.day_second.minute = leading(v); break;
    case SQL_IS_SECOND:
      s.intval.day_second.second = leading(v / pow10(digits));
      s.intval.day_second.fraction = static_cast<SQLUINTEGER>(v % pow10(digits));
      break;
    default: notAllowed();  // multi-field intervals take no plain number
  }
  return lost;
}

}  // namespace

ConvertResult toInterval(std::string_view text, Family f, const CTarget& t) {
  SQL_INTERVAL_STRUCT s{};
  s.interval_type = static_cast<SQLINTERVAL>(t.cType - SQL_C_INTERVAL_YEAR + SQL_IS_YEAR);
  bool lost = false;
  if (f == Family::Integer || f == Family::Numeric) {
    lost = fromNumber(text, s, secondsDigits(t));
  } else if (f == Family::Interval || f == Family::Char) {
    pgtext::Interval iv;
    if (!pgtext::parseInterval(text, iv)) throw Error("22018", "Invalid character value for cast specification");
    lost = fromInterval(iv, s, secondsDigits(t));
  } else {
    notAllowed();
  }
  storeFixed(t, s);
  return lost ? ConvertResult::FractionalTruncation : ConvertResult::Ok;
}

}  // namespace dsql::driver::detail
