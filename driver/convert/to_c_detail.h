// Internals shared by the to_c*.cpp files: the source-family classification of a PostgreSQL type and the
// fixed-size target converters. Not part of the convert area's public interface.
#pragma once

#include <cstring>
#include <string_view>

#include "driver/convert/out_value.h"
#include "driver/convert/to_c.h"

namespace dsql::driver::detail {

// What a value's text looks like, by the column's type OID.
enum class Family { Char, Bool, Integer, Float, Numeric, Money, Binary, Date, Time, TimeTz, Timestamp, TimestampTz,
                    Guid, Interval };
Family familyOf(unsigned oid);

// Stores a fixed-size value: the buffer (when present) and the indicator get sizeof(T).
template <class T>
void storeFixed(const CTarget& t, const T& value) {
  storeValue(t.buffer, value, t.indicator);
}

// Each converts the cell's text (`text`, already in its character form) of family `f` to t.cType, which is
// one of the C types that converter handles; throws 07006 when the family cannot convert to it.
ConvertResult toNumber(std::string_view text, Family f, const CTarget& t);    // BIT, integers, FLOAT/DOUBLE, NUMERIC
ConvertResult toDateTime(std::string_view text, Family f, const CTarget& t);  // (TYPE_)DATE/TIME/TIMESTAMP
ConvertResult toGuid(std::string_view text, Family f, const CTarget& t);
ConvertResult toInterval(std::string_view text, Family f, const CTarget& t);  // SQL_C_INTERVAL_*

[[noreturn]] void notAllowed();  // 07006

}  // namespace dsql::driver::detail
