// Formatting and parsing of the AWS timestamp shapes (see aws_time.h). Uses timegm/gmtime_r so the
// process time zone never matters.
#include "shim/auth/aws_time.h"

#include <cctype>
#include <ctime>

namespace dsql::shim::auth {
namespace {

std::tm utc(TimePoint t) {
  std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  return tm;
}

std::string format(TimePoint t, const char* pattern) {
  std::tm tm = utc(t);
  char buf[32];
  size_t n = std::strftime(buf, sizeof buf, pattern, &tm);
  return std::string(buf, n);
}

// Reads exactly `width` digits at `pos`; advances pos.
bool digits(std::string_view s, size_t& pos, int width, int& out) {
  if (pos + static_cast<size_t>(width) > s.size()) return false;
  int v = 0;
  for (int i = 0; i < width; ++i) {
    char c = s[pos + static_cast<size_t>(i)];
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    v = v * 10 + (c - '0');
  }
  pos += static_cast<size_t>(width);
  out = v;
  return true;
}

bool expect(std::string_view s, size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

std::string amzDate(TimePoint t) { return format(t, "%Y%m%dT%H%M%SZ"); }
std::string dateStamp(TimePoint t) { return format(t, "%Y%m%d"); }
std::string iso8601(TimePoint t) { return format(t, "%Y-%m-%dT%H:%M:%SZ"); }

std::optional<TimePoint> parseIso8601(std::string_view s) {
  size_t p = 0;
  int year, mon, day, hour, min, sec;
  if (!digits(s, p, 4, year) || !expect(s, p, '-') || !digits(s, p, 2, mon) || !expect(s, p, '-') ||
      !digits(s, p, 2, day))
    return std::nullopt;
  if (p >= s.size() || (s[p] != 'T' && s[p] != 't' && s[p] != ' ')) return std::nullopt;
  ++p;
  if (!digits(s, p, 2, hour) || !expect(s, p, ':') || !digits(s, p, 2, min) || !expect(s, p, ':') ||
      !digits(s, p, 2, sec))
    return std::nullopt;
  if (mon < 1 || mon > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return std::nullopt;
  // system_clock counts nanoseconds in 64 bits: years 1678..2261 only. Credentials expiring outside
  // 1900..2261 are not credible anyway (found by credential_json_fuzz: year 3735 overflowed).
  if (year < 1900 || year > 2261) return std::nullopt;
  std::chrono::nanoseconds frac{0};
  if (p < s.size() && s[p] == '.') {
    ++p;
    long long scale = 100000000, ns = 0;
    size_t start = p;
    while (p < s.size() && std::isdigit(static_cast<unsigned char>(s[p]))) {
      ns += (s[p] - '0') * scale;
      scale /= 10;
      ++p;
    }
    if (p == start) return std::nullopt;
    frac = std::chrono::nanoseconds(ns);
  }
  long offset = 0;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
    ++p;
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    int sign = s[p] == '-' ? -1 : 1;
    ++p;
    int oh, om;
    if (!digits(s, p, 2, oh)) return std::nullopt;
    expect(s, p, ':');
    if (!digits(s, p, 2, om)) return std::nullopt;
    offset = sign * (oh * 3600L + om * 60L);
  } else {
    return std::nullopt;  // a timestamp without a zone is ambiguous; AWS always sends one
  }
  if (p != s.size()) return std::nullopt;
  std::tm tm{};
  tm.tm_year = year - 1900;
  tm.tm_mon = mon - 1;
  tm.tm_mday = day;
  tm.tm_hour = hour;
  tm.tm_min = min;
  tm.tm_sec = sec;
  std::time_t tt = timegm(&tm);
  auto tp = std::chrono::system_clock::from_time_t(tt - offset);
  return tp + std::chrono::duration_cast<std::chrono::system_clock::duration>(frac);
}

}  // namespace dsql::shim::auth
