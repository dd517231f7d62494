// Name -> bit tables for the ODBC scalar-function groups (SQLGetInfo reference, "Scalar Function
// Information"), the registration of the names the SQL shim translates, and the SQL_CONVERT_<type>
// matrix: which SQL types PostgreSQL can cast each source type to. Nothing here is advertised unless the
// shim registered it, so SQLGetInfo never claims an escape the driver would pass through untranslated.
#include "driver/info/escape_functions.h"

#include "driver/info/info_table.h"
#include "shim/common/log.h"

#include <algorithm>
#include <mutex>
#include <string_view>

namespace dsql::driver {
namespace {

struct NamedBit {
  std::string_view name;
  SQLUINTEGER bit;
};

constexpr NamedBit kStringFunctions[] = {
    {"ASCII", SQL_FN_STR_ASCII}, {"BIT_LENGTH", SQL_FN_STR_BIT_LENGTH}, {"CHAR", SQL_FN_STR_CHAR},
    {"CHAR_LENGTH", SQL_FN_STR_CHAR_LENGTH}, {"CHARACTER_LENGTH", SQL_FN_STR_CHARACTER_LENGTH},
    {"CONCAT", SQL_FN_STR_CONCAT}, {"DIFFERENCE", SQL_FN_STR_DIFFERENCE}, {"INSERT", SQL_FN_STR_INSERT},
    {"LCASE", SQL_FN_STR_LCASE}, {"LEFT", SQL_FN_STR_LEFT}, {"LENGTH", SQL_FN_STR_LENGTH},
    {"LOCATE", SQL_FN_STR_LOCATE}, {"LOCATE_2", SQL_FN_STR_LOCATE_2}, {"LTRIM", SQL_FN_STR_LTRIM},
    {"OCTET_LENGTH", SQL_FN_STR_OCTET_LENGTH}, {"POSITION", SQL_FN_STR_POSITION}, {"REPEAT", SQL_FN_STR_REPEAT},
    {"REPLACE", SQL_FN_STR_REPLACE}, {"RIGHT", SQL_FN_STR_RIGHT}, {"RTRIM", SQL_FN_STR_RTRIM},
    {"SOUNDEX", SQL_FN_STR_SOUNDEX}, {"SPACE", SQL_FN_STR_SPACE}, {"SUBSTRING", SQL_FN_STR_SUBSTRING},
    {"UCASE", SQL_FN_STR_UCASE},
};

constexpr NamedBit kNumericFunctions[] = {
    {"ABS", SQL_FN_NUM_ABS}, {"ACOS", SQL_FN_NUM_ACOS}, {"ASIN", SQL_FN_NUM_ASIN}, {"ATAN", SQL_FN_NUM_ATAN},
    {"ATAN2", SQL_FN_NUM_ATAN2}, {"CEILING", SQL_FN_NUM_CEILING}, {"COS", SQL_FN_NUM_COS}, {"COT", SQL_FN_NUM_COT},
    {"DEGREES", SQL_FN_NUM_DEGREES}, {"EXP", SQL_FN_NUM_EXP}, {"FLOOR", SQL_FN_NUM_FLOOR}, {"LOG", SQL_FN_NUM_LOG},
    {"LOG10", SQL_FN_NUM_LOG10}, {"MOD", SQL_FN_NUM_MOD}, {"PI", SQL_FN_NUM_PI}, {"POWER", SQL_FN_NUM_POWER},
    {"RADIANS", SQL_FN_NUM_RADIANS}, {"RAND", SQL_FN_NUM_RAND}, {"ROUND", SQL_FN_NUM_ROUND},
    {"SIGN", SQL_FN_NUM_SIGN}, {"SIN", SQL_FN_NUM_SIN}, {"SQRT", SQL_FN_NUM_SQRT}, {"TAN", SQL_FN_NUM_TAN},
    {"TRUNCATE", SQL_FN_NUM_TRUNCATE},
};

constexpr NamedBit kTimedateFunctions[] = {
    {"CURRENT_DATE", SQL_FN_TD_CURRENT_DATE}, {"CURRENT_TIME", SQL_FN_TD_CURRENT_TIME},
    {"CURRENT_TIMESTAMP", SQL_FN_TD_CURRENT_TIMESTAMP}, {"CURDATE", SQL_FN_TD_CURDATE},
    {"CURTIME", SQL_FN_TD_CURTIME}, {"DAYNAME", SQL_FN_TD_DAYNAME}, {"DAYOFMONTH", SQL_FN_TD_DAYOFMONTH},
    {"DAYOFWEEK", SQL_FN_TD_DAYOFWEEK}, {"DAYOFYEAR", SQL_FN_TD_DAYOFYEAR}, {"EXTRACT", SQL_FN_TD_EXTRACT},
    {"HOUR", SQL_FN_TD_HOUR}, {"MINUTE", SQL_FN_TD_MINUTE}, {"MONTH", SQL_FN_TD_MONTH},
    {"MONTHNAME", SQL_FN_TD_MONTHNAME}, {"NOW", SQL_FN_TD_NOW}, {"QUARTER", SQL_FN_TD_QUARTER},
    {"SECOND", SQL_FN_TD_SECOND}, {"TIMESTAMPADD", SQL_FN_TD_TIMESTAMPADD},
    {"TIMESTAMPDIFF", SQL_FN_TD_TIMESTAMPDIFF}, {"WEEK", SQL_FN_TD_WEEK}, {"YEAR", SQL_FN_TD_YEAR},
};

constexpr NamedBit kSystemFunctions[] = {
    {"DATABASE", SQL_FN_SYS_DBNAME}, {"DBNAME", SQL_FN_SYS_DBNAME}, {"IFNULL", SQL_FN_SYS_IFNULL},
    {"USER", SQL_FN_SYS_USERNAME}, {"USERNAME", SQL_FN_SYS_USERNAME},
};

constexpr NamedBit kIntervals[] = {
    {"FRAC_SECOND", SQL_FN_TSI_FRAC_SECOND}, {"SECOND", SQL_FN_TSI_SECOND}, {"MINUTE", SQL_FN_TSI_MINUTE},
    {"HOUR", SQL_FN_TSI_HOUR}, {"DAY", SQL_FN_TSI_DAY}, {"WEEK", SQL_FN_TSI_WEEK}, {"MONTH", SQL_FN_TSI_MONTH},
    {"QUARTER", SQL_FN_TSI_QUARTER}, {"YEAR", SQL_FN_TSI_YEAR},
};

// CONVERT target names (SQL type names without "SQL_"); the ODBC 2 and ODBC 3 datetime spellings both count.
constexpr NamedBit kConvertTypes[] = {
    {"BIGINT", SQL_CVT_BIGINT}, {"BINARY", SQL_CVT_BINARY}, {"BIT", SQL_CVT_BIT}, {"CHAR", SQL_CVT_CHAR},
    {"DATE", SQL_CVT_DATE}, {"TYPE_DATE", SQL_CVT_DATE}, {"DECIMAL", SQL_CVT_DECIMAL}, {"DOUBLE", SQL_CVT_DOUBLE},
    {"FLOAT", SQL_CVT_FLOAT}, {"INTEGER", SQL_CVT_INTEGER}, {"INTERVAL_YEAR_MONTH", SQL_CVT_INTERVAL_YEAR_MONTH},
    {"INTERVAL_DAY_TIME", SQL_CVT_INTERVAL_DAY_TIME}, {"LONGVARBINARY", SQL_CVT_LONGVARBINARY},
    {"LONGVARCHAR", SQL_CVT_LONGVARCHAR}, {"NUMERIC", SQL_CVT_NUMERIC}, {"REAL", SQL_CVT_REAL},
    {"SMALLINT", SQL_CVT_SMALLINT}, {"TIME", SQL_CVT_TIME}, {"TYPE_TIME", SQL_CVT_TIME},
    {"TIMESTAMP", SQL_CVT_TIMESTAMP}, {"TYPE_TIMESTAMP", SQL_CVT_TIMESTAMP}, {"TINYINT", SQL_CVT_TINYINT},
    {"VARBINARY", SQL_CVT_VARBINARY}, {"VARCHAR", SQL_CVT_VARCHAR}, {"WCHAR", SQL_CVT_WCHAR},
    {"WLONGVARCHAR", SQL_CVT_WLONGVARCHAR}, {"WVARCHAR", SQL_CVT_WVARCHAR}, {"GUID", SQL_CVT_GUID},
};

constexpr SQLUINTEGER kCharFamily = SQL_CVT_CHAR | SQL_CVT_VARCHAR | SQL_CVT_LONGVARCHAR | SQL_CVT_WCHAR |
                                    SQL_CVT_WVARCHAR | SQL_CVT_WLONGVARCHAR;
constexpr SQLUINTEGER kNumericFamily = SQL_CVT_BIGINT | SQL_CVT_DECIMAL | SQL_CVT_DOUBLE | SQL_CVT_FLOAT |
                                       SQL_CVT_INTEGER | SQL_CVT_NUMERIC | SQL_CVT_REAL | SQL_CVT_SMALLINT |
                                       SQL_CVT_TINYINT;
constexpr SQLUINTEGER kBinaryFamily = SQL_CVT_BINARY | SQL_CVT_VARBINARY | SQL_CVT_LONGVARBINARY;
constexpr SQLUINTEGER kIntervalFamily = SQL_CVT_INTERVAL_YEAR_MONTH | SQL_CVT_INTERVAL_DAY_TIME;
constexpr SQLUINTEGER kEverything = kCharFamily | kNumericFamily | kBinaryFamily | kIntervalFamily | SQL_CVT_BIT |
                                    SQL_CVT_DATE | SQL_CVT_TIME | SQL_CVT_TIMESTAMP | SQL_CVT_GUID;

// Which targets PostgreSQL casts each source to (pg_cast plus the I/O casts every type has to and from text).
// Text parses into anything; int4 <-> bool is the only numeric/boolean cast; bytea::text yields its hex form.
struct ConvertRow {
  SQLUSMALLINT infoType;
  std::string_view name;
  SQLUINTEGER targets;
};
#define CONVERT_ROW(id, targets) {id, #id, targets}
constexpr ConvertRow kConvertRows[] = {
    CONVERT_ROW(SQL_CONVERT_BIGINT, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_BINARY, kBinaryFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_BIT, SQL_CVT_BIT | SQL_CVT_INTEGER | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_CHAR, kEverything),
    CONVERT_ROW(SQL_CONVERT_DATE, SQL_CVT_DATE | SQL_CVT_TIMESTAMP | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_DECIMAL, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_DOUBLE, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_FLOAT, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_GUID, SQL_CVT_GUID | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_INTEGER, kNumericFamily | kCharFamily | SQL_CVT_BIT),
    CONVERT_ROW(SQL_CONVERT_INTERVAL_DAY_TIME, kIntervalFamily | SQL_CVT_TIME | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_INTERVAL_YEAR_MONTH, kIntervalFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_LONGVARBINARY, kBinaryFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_LONGVARCHAR, kEverything),
    CONVERT_ROW(SQL_CONVERT_NUMERIC, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_REAL, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_SMALLINT, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_TIME, SQL_CVT_TIME | SQL_CVT_INTERVAL_DAY_TIME | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_TIMESTAMP, SQL_CVT_DATE | SQL_CVT_TIME | SQL_CVT_TIMESTAMP | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_TINYINT, kNumericFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_VARBINARY, kBinaryFamily | kCharFamily),
    CONVERT_ROW(SQL_CONVERT_VARCHAR, kEverything),
    CONVERT_ROW(SQL_CONVERT_WCHAR, kEverything),
    CONVERT_ROW(SQL_CONVERT_WLONGVARCHAR, kEverything),
    CONVERT_ROW(SQL_CONVERT_WVARCHAR, kEverything),
};
#undef CONVERT_ROW

template <size_t N>
std::optional<SQLUINTEGER> lookup(const NamedBit (&table)[N], std::string_view name) {
  for (const auto& row : table)
    if (row.name == name) return row.bit;
  return std::nullopt;
}

template <size_t N>
SQLUINTEGER maskOf(const NamedBit (&table)[N], const std::vector<std::string>& names, std::string_view group) {
  SQLUINTEGER mask = 0;
  for (const auto& n : names) {
    if (auto bit = lookup(table, n)) mask |= *bit;
    else log::debug("escape function " + n + " has no " + std::string(group) + " bit; not advertised");
  }
  return mask;
}

std::mutex& masksMutex() {
  static std::mutex m;
  return m;
}
info_detail::EscapeMasks& masks() {
  static info_detail::EscapeMasks m;
  return m;
}

}  // namespace

void setEscapeFunctions(const EscapeFunctionNames& names) {
  info_detail::EscapeMasks m;
  m.string = maskOf(kStringFunctions, names.string, "SQL_STRING_FUNCTIONS");
  m.numeric = maskOf(kNumericFunctions, names.numeric, "SQL_NUMERIC_FUNCTIONS");
  m.timedate = maskOf(kTimedateFunctions, names.timedate, "SQL_TIMEDATE_FUNCTIONS");
  m.system = maskOf(kSystemFunctions, names.system, "SQL_SYSTEM_FUNCTIONS");
  m.intervals = maskOf(kIntervals, names.intervals, "SQL_TIMEDATE_ADD_INTERVALS");
  m.convertTargets = maskOf(kConvertTypes, names.convertTypes, "SQL_CONVERT_*");
  std::lock_guard lock(masksMutex());
  masks() = m;
}

std::optional<SQLUINTEGER> escapeFunctionBit(SQLUSMALLINT infoType, std::string_view name) {
  switch (infoType) {
    case SQL_STRING_FUNCTIONS: return lookup(kStringFunctions, name);
    case SQL_NUMERIC_FUNCTIONS: return lookup(kNumericFunctions, name);
    case SQL_TIMEDATE_FUNCTIONS: return lookup(kTimedateFunctions, name);
    case SQL_SYSTEM_FUNCTIONS: return lookup(kSystemFunctions, name);
    case SQL_TIMEDATE_ADD_INTERVALS: case SQL_TIMEDATE_DIFF_INTERVALS: return lookup(kIntervals, name);
    case SQL_CONVERT_FUNCTIONS: return lookup(kConvertTypes, name);
    default: return std::nullopt;
  }
}

namespace info_detail {

EscapeMasks currentEscapeMasks() {
  std::lock_guard lock(masksMutex());
  return masks();
}

namespace {
const ConvertRow* findConvertRow(SQLUSMALLINT infoType) {
  auto row = std::find_if(std::begin(kConvertRows), std::end(kConvertRows),
                          [&](const ConvertRow& r) { return r.infoType == infoType; });
  return row == std::end(kConvertRows) ? nullptr : row;
}
}  // namespace

std::optional<SQLUINTEGER> convertMask(SQLUSMALLINT infoType) {
  const ConvertRow* row = findConvertRow(infoType);
  if (!row) return std::nullopt;
  return row->targets & currentEscapeMasks().convertTargets;
}

std::vector<SQLUSMALLINT> convertInfoTypes() {
  std::vector<SQLUSMALLINT> types;
  for (const auto& r : kConvertRows) types.push_back(r.infoType);
  return types;
}

std::string_view convertInfoName(SQLUSMALLINT infoType) {
  const ConvertRow* row = findConvertRow(infoType);
  return row ? row->name : std::string_view();
}

}  // namespace info_detail
}  // namespace dsql::driver
