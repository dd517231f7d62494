// The ODBC scalar-function table: one row per ODBC function and arity, with the PostgreSQL template it
// becomes inside {fn …}. The same table feeds escapeSupport(), so SQLGetInfo advertises exactly what is
// translated. Internal to shim/sql.
#pragma once

#include <span>
#include <string_view>

namespace dsql::shim::sql {

enum class FunctionGroup { String, Numeric, TimeDate, System, Conversion };

// How a row turns into SQL: a template, or one of the functions whose first/second argument is a keyword.
enum class FunctionForm { Template, Convert, TimestampAdd, TimestampDiff };

struct ScalarFunction {
  std::string_view name;  // ODBC name, upper case
  FunctionGroup group;
  int arity;              // number of arguments this row accepts
  FunctionForm form;
  // %1..%9: the arguments as written (markers and nested escapes translated); %*: all of them, comma-joined.
  std::string_view pgTemplate;
};

std::span<const ScalarFunction> scalarFunctions();
const ScalarFunction* findScalarFunction(std::string_view name, int arity);  // nullptr: pass through as written

// CONVERT(value, SQL_xxx) targets: ODBC type name (no SQL_ prefix) → PostgreSQL type. `advertised` rows are
// the SQL_CVT_* names reported by SQLGetInfo; the others are ODBC 3 aliases (TYPE_DATE, …).
struct ConvertTarget {
  std::string_view odbcName;
  std::string_view pgType;
  bool advertised;
};
std::span<const ConvertTarget> convertTargets();

// TIMESTAMPADD / TIMESTAMPDIFF units: SQL_TSI_ name without the prefix → PostgreSQL interval unit, and the
// number of seconds in one unit when the difference is taken from the epoch (0: calendar months).
struct IntervalUnit {
  std::string_view odbcName;
  std::string_view pgUnit;
  long long seconds;  // 0 for MONTH/QUARTER/YEAR (computed with age()); -1 for FRAC_SECOND (nanoseconds)
  int months;         // months per unit for calendar units
};
std::span<const IntervalUnit> intervalUnits();

}  // namespace dsql::shim::sql
