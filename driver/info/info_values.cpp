// Computed SQLGetInfo values: the ODBC version-string format and the TIMESTAMPADD/DIFF interval masks.
#include "driver/info/info_values.h"

#include "driver/info/escape_functions.h"

#include <cctype>
#include <cstdio>
#include <vector>

namespace dsql::driver::info_values {
namespace {

std::string format(unsigned long major, unsigned long minor, unsigned long release) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%02lu.%02lu.%04lu", major % 100, minor % 100, release % 10000);
  return buf;
}

bool allDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s)
    if (!std::isdigit(static_cast<unsigned char>(ch))) return false;
  return true;
}

}  // namespace

std::string odbcVersionString(std::string_view version) {
  if (allDigits(version) && version.size() <= 9) {
    unsigned long n = std::stoul(std::string(version));
    // PQserverVersion(): 10 and later are major*10000 + minor; 9.x and earlier major*10000 + minor*100 + patch.
    if (n >= 100000) return format(n / 10000, 0, n % 10000);
    if (n >= 10000) return format(n / 10000, (n / 100) % 100, n % 100);
  }
  // Dotted text: take the leading numeric parts ("16.15", "9.6.24", "15.4 (Debian 15.4-1)").
  std::vector<unsigned long> parts;
  size_t i = 0;
  while (i < version.size() && parts.size() < 3) {
    size_t j = i;
    while (j < version.size() && std::isdigit(static_cast<unsigned char>(version[j]))) ++j;
    if (j == i || j - i > 9) break;
    parts.push_back(std::stoul(std::string(version.substr(i, j - i))));
    if (j >= version.size() || version[j] != '.') break;
    i = j + 1;
  }
  if (parts.empty()) return std::string(version);
  // PostgreSQL 10+ "16.15" is major 16, minor release 15: the release field, as in the numeric form.
  if (parts.size() == 2 && parts[0] >= 10) return format(parts[0], 0, parts[1]);
  parts.resize(3, 0);
  return format(parts[0], parts[1], parts[2]);
}

SQLUINTEGER timestampIntervals(SQLUINTEGER functionBit) {
  auto masks = info_detail::currentEscapeMasks();
  return (masks.timedate & functionBit) ? masks.intervals : 0;
}

}  // namespace dsql::driver::info_values
