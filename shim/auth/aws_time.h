// Time formats AWS uses: SigV4's compact "yyyymmddTHHMMSSZ" / "yyyymmdd", and the ISO 8601 / RFC 3339
// timestamps that credential sources return for Expiration ("2024-01-02T03:04:05Z", with optional
// fractional seconds or a numeric offset). Pure functions; no clock is read here.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace dsql::shim::auth {

using TimePoint = std::chrono::system_clock::time_point;

std::string amzDate(TimePoint t);    // 20150830T123600Z
std::string dateStamp(TimePoint t);  // 20150830
std::string iso8601(TimePoint t);    // 2015-08-30T12:36:00Z

// Parses "YYYY-MM-DDTHH:MM:SS[.fff][Z|+hh:mm|-hh:mm]" (also a space instead of T, lower-case t/z).
// Returns nullopt for anything else.
std::optional<TimePoint> parseIso8601(std::string_view text);

}  // namespace dsql::shim::auth
