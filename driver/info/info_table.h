// SQLGetInfo as a table: one row per information type, each either a constant or a small function of the
// connection's facts (InfoContext). The escape-function masks (SQL_STRING_FUNCTIONS, SQL_CONVERT_*, ...) are
// computed from the ODBC names the SQL shim really translates, registered once with setEscapeFunctions().
// Decisions (why each answer is what it is) are in driver/info/README.md.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace dsql::driver {

struct InfoContext {  // per-connection facts the table needs
  std::string dataSourceName, serverName, databaseName, userName;
  std::string dbmsVersion;  // "16.15" on DSQL; the server_version text (or PQserverVersion number) otherwise
  bool dsql = true;
  bool readOnly = false;
  std::string driverOdbcVersion = "03.80";
};

using InfoValue = std::variant<std::string, SQLUSMALLINT, SQLUINTEGER, SQLULEN>;

// Throws dsql::Error("HY096", "Information type out of range") for unknown types.
InfoValue getInfo(SQLUSMALLINT infoType, const InfoContext& ctx);

// Every information type the table answers (for tests and documentation).
std::vector<SQLUSMALLINT> allInfoTypes();
// The SQL_* name of an information type, or "" when the table has no row for it.
std::string_view infoTypeName(SQLUSMALLINT infoType);

// The ODBC scalar-function names the SQL shim translates in {fn ...} escapes, upper case (same shape as
// dsql::shim::sql::EscapeSupport, which this library cannot include). convertTypes are CONVERT target names
// without "SQL_" ("INTEGER", "VARCHAR", ...); intervals are TIMESTAMPADD/DIFF names without "SQL_TSI_".
struct EscapeFunctionNames {
  std::vector<std::string> string, numeric, timedate, system, convertTypes, intervals;
};

// Copies any struct with those six members (e.g. shim::sql::escapeSupport()) into EscapeFunctionNames.
template <class Support>
EscapeFunctionNames escapeNamesFrom(const Support& s) {
  auto copy = [](const auto& names) { return std::vector<std::string>(names.begin(), names.end()); };
  return {copy(s.string), copy(s.numeric), copy(s.timedate), copy(s.system), copy(s.convertTypes),
          copy(s.intervals)};
}

// Registers the translated escape functions (process-wide; the shim's list is static). Until this is called,
// every escape-function mask is 0: the driver advertises nothing it has not been told it translates.
// Unknown names are ignored (logged at debug level).
void setEscapeFunctions(const EscapeFunctionNames& names);

// The SQL_FN_* / SQL_FN_TSI_* / SQL_CVT_* bit for one name in the group answered by `infoType`
// (SQL_STRING_FUNCTIONS, SQL_NUMERIC_FUNCTIONS, SQL_TIMEDATE_FUNCTIONS, SQL_SYSTEM_FUNCTIONS,
// SQL_TIMEDATE_ADD_INTERVALS, or SQL_CONVERT_FUNCTIONS for convert target type names); nullopt if unknown.
std::optional<SQLUINTEGER> escapeFunctionBit(SQLUSMALLINT infoType, std::string_view name);

}  // namespace dsql::driver
