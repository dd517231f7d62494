// The common conversions of bound-column fetch, done without toC's general machinery: chosen once per
// column (PostgreSQL type x C type) and then applied per row straight from the result's text into the
// application's buffer. Each fast path handles only the values whose answer it is sure of -- a plain
// integer, a finite float, ISO date text, a character value that fits -- and says "not mine" for the rest,
// which then go through toC (to_c.h), so every rule (ranges, truncation, NULL without an indicator,
// infinity, BC dates, DateStyle) still has one home and the two paths cannot disagree.
#pragma once

#include "driver/convert/to_c.h"

namespace dsql::driver {

enum class FastPath : unsigned char {
  None,       // always toC
  Int64ToInt32, Int64ToInt64, Int64ToInt16, Int64ToDouble,
  TextToDouble,            // float4/float8/numeric text into SQL_C_DOUBLE
  TextToChar,              // text whose character form is itself, into SQL_C_CHAR
  IsoDateToDate,           // YYYY-MM-DD into SQL_C_(TYPE_)DATE
  IsoTimestampToTimestamp  // YYYY-MM-DD HH:MM:SS[.ffffff] into SQL_C_(TYPE_)TIMESTAMP
};

// The fast path for values of type `oid` converted to `cType` (already resolved from SQL_C_DEFAULT).
FastPath chooseFastPath(unsigned oid, SQLSMALLINT cType) noexcept;

// Converts a non-NULL value through `path`; false when the value is not one the path handles (the caller
// then uses toC, which owns every other case). Writes nothing when it returns false.
bool convertFast(FastPath path, const char* text, std::size_t length, const CTarget& target) noexcept;

}  // namespace dsql::driver
