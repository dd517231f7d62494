// Internals shared by the from_c*.cpp files: the SQL-type categories of the C->SQL table and the converters
// each C-type family uses. Not part of the convert area's public interface.
#pragma once

#include <string_view>

#include "driver/convert/from_c.h"
#include "driver/convert/pg_text.h"

namespace dsql::driver::detail {

enum class SqlCategory { Char, Bit, Integer, Number, Binary, Date, Time, Timestamp, Guid, Interval };
SqlCategory categoryOf(SQLSMALLINT sqlType);

// Character data (UTF-8) bound to `sqlType`: validated and normalised as the C->SQL table requires.
void textToParam(std::string_view text, SQLSMALLINT sqlType, PgParam& out);

// A C number already written as decimal text (`text`) bound to `sqlType`; `raw`/`rawSize` are the C bytes
// (sent as they are for binary SQL types).
void numberToParam(std::string_view text, const void* raw, std::size_t rawSize, SQLSMALLINT sqlType, PgParam& out);

// A C integer (`value`, written as `text`) bound to `sqlType`: an integer SQL type takes it after a range
// check without parsing the text again; every other type goes through numberToParam.
void integerToParam(pgtext::I128 value, std::string_view text, const void* raw, std::size_t rawSize,
                    SQLSMALLINT sqlType, PgParam& out);

// Date/time/timestamp, GUID and interval structs.
void structToParam(const CSource& s, PgParam& out);

[[noreturn]] void conversionNotAllowed();  // 07006

}  // namespace dsql::driver::detail
