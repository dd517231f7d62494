// Interval text (see pg_text.h): PostgreSQL keeps months, days and microseconds apart ("1 mon" is not 30
// days), so the parse keeps them apart too and leaves it to the caller to refuse a mix it cannot represent.
#include <charconv>

#include "driver/convert/pg_text.h"

namespace dsql::driver::pgtext {
namespace {

constexpr std::int64_t kMicrosPerSecond = 1000000;

enum class Field { Months, Days, Micros };
struct Unit {
  std::string_view names[4];
  Field field;
  std::int64_t factor;  // months, days or microseconds per unit
};

constexpr Unit kUnits[] = {
    {{"year", "years", "yr", "yrs"}, Field::Months, 12},
    {{"mon", "mons", "month", "months"}, Field::Months, 1},
    {{"week", "weeks", "w", ""}, Field::Days, 7},
    {{"day", "days", "d", ""}, Field::Days, 1},
    {{"hour", "hours", "hr", "hrs"}, Field::Micros, 3600 * kMicrosPerSecond},
    {{"min", "mins", "minute", "minutes"}, Field::Micros, 60 * kMicrosPerSecond},
    {{"sec", "secs", "second", "seconds"}, Field::Micros, kMicrosPerSecond},
};

const Unit* findUnit(std::string_view word) {
  for (const Unit& u : kUnits)
    for (std::string_view n : u.names)
      if (!n.empty() && iequals(word, n)) return &u;
  return nullptr;
}

std::string_view nextToken(std::string_view s, std::size_t& i) {
  while (i < s.size() && s[i] == ' ') ++i;
  std::size_t start = i;
  while (i < s.size() && s[i] != ' ') ++i;
  return s.substr(start, i - start);
}

bool add(std::int64_t& acc, std::int64_t v) { return !__builtin_add_overflow(acc, v, &acc); }

// [+-]digits[.digits] -> whole part and a fraction in nanoseconds-of-unit (9 digits).
bool parseNumber(std::string_view t, bool& negative, std::int64_t& whole, std::int64_t& frac9) {
  negative = false;
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  std::size_t start = i;
  while (i < t.size() && t[i] >= '0' && t[i] <= '9') ++i;
  whole = 0;
  if (i > start && std::from_chars(t.data() + start, t.data() + i, whole).ec != std::errc()) return false;
  frac9 = 0;
  bool any = i > start;
  if (i < t.size() && t[i] == '.') {
    int n = 0;
    for (++i; i < t.size() && t[i] >= '0' && t[i] <= '9'; ++i, ++n) {
      any = true;
      if (n < 9) frac9 = frac9 * 10 + (t[i] - '0');
    }
    for (; n < 9; ++n) frac9 *= 10;
  }
  return any && i == t.size();
}

// [+-]H+:MM[:SS[.f]] as signed microseconds.
bool parseClock(std::string_view t, std::int64_t& micros) {
  bool negative = false;
  std::size_t i = 0;
  if (i < t.size() && (t[i] == '+' || t[i] == '-')) negative = t[i++] == '-';
  std::size_t colon = t.find(':', i);
  if (colon == std::string_view::npos) return false;
  std::int64_t hours = 0, minutes = 0, seconds = 0, frac9 = 0;
  bool ignored;
  if (!parseNumber(t.substr(i, colon - i), ignored, hours, frac9) || frac9 != 0 || ignored) return false;
  std::string_view rest = t.substr(colon + 1);
  std::size_t colon2 = rest.find(':');
  std::string_view mm = rest.substr(0, colon2);
  if (mm.size() != 2 || !parseNumber(mm, ignored, minutes, frac9) || ignored || minutes > 59) return false;
  if (colon2 != std::string_view::npos) {
    std::string_view ss = rest.substr(colon2 + 1);
    if (ss.size() < 2 || ss[0] == '+' || ss[0] == '-' || !parseNumber(ss, ignored, seconds, frac9)) return false;
    if (seconds > 59) return false;
  }
  std::int64_t total = 0;
  if (__builtin_mul_overflow(hours, 3600 * kMicrosPerSecond, &total)) return false;
  if (!add(total, (minutes * 60 + seconds) * kMicrosPerSecond + frac9 / 1000)) return false;
  micros = negative ? -total : total;
  return true;
}

bool applyUnit(Interval& out, const Unit& unit, bool negative, std::int64_t whole, std::int64_t frac9) {
  std::int64_t v = 0;
  if (unit.field != Field::Micros && frac9 != 0) return false;  // fractional months/days: not supported
  if (__builtin_mul_overflow(whole, unit.factor, &v)) return false;
  if (unit.field == Field::Micros) {
    // frac9 * factor / 1e9 without overflow: factor is a multiple of 1e6 microseconds.
    if (!add(v, frac9 / 1000 * (unit.factor / kMicrosPerSecond))) return false;
  }
  if (negative) v = -v;
  std::int64_t& field = unit.field == Field::Months ? out.months : unit.field == Field::Days ? out.days : out.micros;
  return add(field, v);
}

}  // namespace

bool parseInterval(std::string_view text, Interval& out) {
  out = Interval{};
  std::string_view s = trimBlanks(text);
  std::size_t i = 0;
  if (!s.empty() && s[0] == '@') ++i;
  bool any = false, ago = false;
  for (std::string_view tok = nextToken(s, i); !tok.empty(); tok = nextToken(s, i)) {
    if (ago) return false;  // "ago" must come last
    if (iequals(tok, "ago")) {
      ago = any;
      if (!any) return false;
      continue;
    }
    std::int64_t micros = 0;
    if (tok.find(':') != std::string_view::npos) {
      if (!parseClock(tok, micros) || !add(out.micros, micros)) return false;
      any = true;
      continue;
    }
    bool negative;
    std::int64_t whole, frac9;
    if (!parseNumber(tok, negative, whole, frac9)) return false;
    std::size_t save = i;
    std::string_view next = nextToken(s, i);
    const Unit* unit = findUnit(next);
    if (!unit) {
      // "N HH:MM:SS" means N days; a lone trailing number means seconds (PostgreSQL does the same).
      i = save;
      bool clockFollows = next.find(':') != std::string_view::npos;
      if (!next.empty() && !clockFollows) return false;
      unit = findUnit(clockFollows ? "day" : "second");
    }
    if (!applyUnit(out, *unit, negative, whole, frac9)) return false;
    any = true;
  }
  if (!any) return false;
  if (ago) {
    out.months = -out.months;
    out.days = -out.days;
    out.micros = -out.micros;
  }
  return true;
}

}  // namespace dsql::driver::pgtext
