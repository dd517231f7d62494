// Internal to driver/info: the escape-function masks computed from the names registered with
// setEscapeFunctions(), and the SQL_CONVERT_<type> masks (which conversions CONVERT performs).
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <optional>
#include <string_view>
#include <vector>

namespace dsql::driver::info_detail {

struct EscapeMasks {
  SQLUINTEGER string = 0, numeric = 0, timedate = 0, system = 0, intervals = 0;
  SQLUINTEGER convertTargets = 0;  // SQL_CVT_* of the registered CONVERT target types
};

// The masks currently registered (all zero until setEscapeFunctions is called).
EscapeMasks currentEscapeMasks();

// SQL_CONVERT_<source> answer: the registered CONVERT targets that PostgreSQL can cast `source` to.
// nullopt when infoType is not one of the SQL_CONVERT_* information types.
std::optional<SQLUINTEGER> convertMask(SQLUSMALLINT infoType);
std::vector<SQLUSMALLINT> convertInfoTypes();
std::string_view convertInfoName(SQLUSMALLINT infoType);  // "" when not a SQL_CONVERT_* type

}  // namespace dsql::driver::info_detail
