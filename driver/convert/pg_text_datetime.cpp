// Date, time, timestamp and interval text (see pg_text.h): PostgreSQL's ISO output (DateStyle ISO,
// IntervalStyle postgres), the ODBC literal forms applications use, and the calendar arithmetic needed to
// move a timestamptz to UTC. Allocation-free.
#include <charconv>
#include <climits>

#include "driver/convert/pg_text.h"

namespace dsql::driver::pgtext {
namespace {

bool isDigit(char c) { return c >= '0' && c <= '9'; }

// Reads 1..maxDigits digits as an unsigned number.
bool readNumber(std::string_view s, std::size_t& i, std::size_t maxDigits, long& value) {
  std::size_t start = i;
  value = 0;
  while (i < s.size() && isDigit(s[i]) && i - start < maxDigits) value = value * 10 + (s[i++] - '0');
  return i > start && !(i < s.size() && isDigit(s[i]));
}

// Fraction digits after '.', as nanoseconds (digits past the ninth ignored).
std::uint32_t readFraction(std::string_view s, std::size_t& i) {
  std::uint32_t nanos = 0;
  int n = 0;
  for (; i < s.size() && isDigit(s[i]); ++i, ++n)
    if (n < 9) nanos = nanos * 10 + static_cast<std::uint32_t>(s[i] - '0');
  for (; n < 9; ++n) nanos *= 10;
  return nanos;
}

bool parseDatePart(std::string_view s, std::size_t& i, DateTime& out) {
  long y, m, d;
  if (!readNumber(s, i, 7, y) || i >= s.size() || s[i++] != '-') return false;
  if (!readNumber(s, i, 2, m) || i >= s.size() || s[i++] != '-') return false;
  if (!readNumber(s, i, 2, d)) return false;
  out.year = static_cast<int>(y);
  out.month = static_cast<unsigned>(m);
  out.day = static_cast<unsigned>(d);
  out.hasDate = true;
  return true;
}

bool parseTimePart(std::string_view s, std::size_t& i, DateTime& out) {
  long h, m, sec = 0;
  if (!readNumber(s, i, 2, h) || i >= s.size() || s[i++] != ':') return false;
  if (!readNumber(s, i, 2, m)) return false;
  if (i < s.size() && s[i] == ':') {
    ++i;
    if (!readNumber(s, i, 2, sec)) return false;
    if (i < s.size() && s[i] == '.') out.nanos = readFraction(s, ++i);
  }
  out.hour = static_cast<unsigned>(h);
  out.minute = static_cast<unsigned>(m);
  out.second = static_cast<unsigned>(sec);
  out.hasTime = true;
  return true;
}

// [+-]HH[[:]MM[[:]SS]] or Z, directly after the time (PostgreSQL prints "+00", "+05:30", "-03:30:45").
bool parseOffset(std::string_view s, std::size_t& i, DateTime& out) {
  if (i < s.size() && (s[i] == 'Z' || s[i] == 'z')) {
    ++i;
    out.hasOffset = true;
    return true;
  }
  if (i >= s.size() || (s[i] != '+' && s[i] != '-')) return true;
  int sign = s[i++] == '-' ? -1 : 1;
  long parts[3] = {0, 0, 0};
  for (int k = 0; k < 3; ++k) {
    if (k > 0 && i < s.size() && s[i] == ':') ++i;
    if (i >= s.size() || !isDigit(s[i])) {
      if (k == 0) return false;
      break;
    }
    if (!readNumber(s, i, 2, parts[k]) && k == 0) return false;
  }
  if (parts[0] > 15 || parts[1] > 59 || parts[2] > 59) return false;
  out.offsetSeconds = sign * static_cast<int>(parts[0] * 3600 + parts[1] * 60 + parts[2]);
  out.hasOffset = true;
  return true;
}

}  // namespace

bool validDate(int year, unsigned month, unsigned day) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return day <= kDays[month - 1] + (month == 2 && leap ? 1u : 0u);
}

bool validTime(unsigned hour, unsigned minute, unsigned second) { return hour < 24 && minute < 60 && second < 60; }

bool parseDateTime(std::string_view text, DateTime& out) {
  out = DateTime{};
  std::string_view s = trimBlanks(text);
  if (iequals(s, "infinity") || iequals(s, "+infinity")) return out.infinity = 1, true;
  if (iequals(s, "-infinity")) return out.infinity = -1, true;
  std::size_t i = 0;
  while (i < s.size() && isDigit(s[i])) ++i;
  bool dateFirst = i < s.size() && s[i] == '-';
  i = 0;
  if (dateFirst) {
    if (!parseDatePart(s, i, out)) return false;
    if (i < s.size() && (s[i] == 'T' || s[i] == 't')) ++i;
    while (i < s.size() && s[i] == ' ') ++i;
  }
  if (i < s.size() && isDigit(s[i])) {
    if (!parseTimePart(s, i, out) || !parseOffset(s, i, out)) return false;
  }
  while (i < s.size() && s[i] == ' ') ++i;
  std::string_view era = s.substr(i);
  if (out.hasDate && iequals(era, "bc")) {
    if (out.year < 1) return false;
    out.year = 1 - out.year;  // astronomical numbering: 1 BC is year 0
  } else if (!era.empty() && !(out.hasDate && iequals(era, "ad"))) {
    return false;
  }
  if (!out.hasDate && !out.hasTime) return false;
  if (out.hasDate && !validDate(out.year, out.month, out.day)) return false;
  return !out.hasTime || validTime(out.hour, out.minute, out.second);
}

long daysFromCivil(int year, unsigned month, unsigned day) {
  long y = static_cast<long>(year) - (month <= 2 ? 1 : 0);
  long era = (y >= 0 ? y : y - 399) / 400;
  auto yoe = static_cast<unsigned long>(y - era * 400);
  unsigned long doy = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  unsigned long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

void civilFromDays(long days, int& year, unsigned& month, unsigned& day) {
  long z = days + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  auto doe = static_cast<unsigned long>(z - era * 146097);
  unsigned long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  unsigned long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  unsigned long mp = (5 * doy + 2) / 153;
  day = static_cast<unsigned>(doy - (153 * mp + 2) / 5 + 1);
  month = static_cast<unsigned>(mp < 10 ? mp + 3 : mp - 9);
  year = static_cast<int>(static_cast<long>(yoe) + era * 400 + (month <= 2 ? 1 : 0));
}

void toUtc(DateTime& v) {
  if (!v.hasOffset) return;
  v.hasOffset = false;
  if (v.offsetSeconds == 0 || !v.hasTime) return;
  long seconds = static_cast<long>(v.hour) * 3600 + v.minute * 60 + v.second - v.offsetSeconds;
  long dayShift = seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
  seconds -= dayShift * 86400;
  v.hour = static_cast<unsigned>(seconds / 3600);
  v.minute = static_cast<unsigned>(seconds / 60 % 60);
  v.second = static_cast<unsigned>(seconds % 60);
  if (v.hasDate) civilFromDays(daysFromCivil(v.year, v.month, v.day) + dayShift, v.year, v.month, v.day);
  v.offsetSeconds = 0;
}

namespace {
std::size_t put2(unsigned v, char* out) {
  out[0] = static_cast<char>('0' + v / 10 % 10);
  out[1] = static_cast<char>('0' + v % 10);
  return 2;
}
}  // namespace

std::size_t formatDate(int year, unsigned month, unsigned day, char* out) {
  std::size_t n = 0;
  if (year < 0) out[n++] = '-';
  unsigned long y = year < 0 ? static_cast<unsigned long>(-static_cast<long>(year)) : static_cast<unsigned long>(year);
  char digits[12];
  auto res = std::to_chars(digits, digits + sizeof digits, y);
  auto len = static_cast<std::size_t>(res.ptr - digits);
  for (std::size_t k = len; k < 4; ++k) out[n++] = '0';
  for (std::size_t k = 0; k < len; ++k) out[n++] = digits[k];
  out[n++] = '-';
  n += put2(month, out + n);
  out[n++] = '-';
  n += put2(day, out + n);
  return n;
}

std::size_t formatTime(unsigned hour, unsigned minute, unsigned second, std::uint32_t nanos, char* out) {
  std::size_t n = put2(hour, out);
  out[n++] = ':';
  n += put2(minute, out + n);
  out[n++] = ':';
  n += put2(second, out + n);
  if (nanos != 0) {
    out[n++] = '.';
    char digits[9];
    for (int k = 8; k >= 0; --k, nanos /= 10) digits[k] = static_cast<char>('0' + nanos % 10);
    int last = 8;
    while (digits[last] == '0') --last;
    for (int k = 0; k <= last; ++k) out[n++] = digits[k];
  }
  return n;
}

std::size_t formatDateTime(const DateTime& v, char* out) {
  std::size_t n = 0;
  bool bc = v.hasDate && v.year <= 0;
  if (v.hasDate) n += formatDate(bc ? 1 - v.year : v.year, v.month, v.day, out);
  if (v.hasDate && v.hasTime) out[n++] = ' ';
  if (v.hasTime) n += formatTime(v.hour, v.minute, v.second, v.nanos, out + n);
  if (bc) {
    for (char c : std::string_view(" BC")) out[n++] = c;
  }
  return n;
}

}  // namespace dsql::driver::pgtext
