// The SQLSTATE table: one row per SQLSTATE the driver raises itself, with the ODBC 3 class/subclass
// origins SQLGetDiagField reports and the default message text. Server SQLSTATEs that are not in the
// table are passed through unchanged with origin "ISO 9075".
#pragma once

#include <string_view>

namespace dsql::driver {

struct SqlStateRow {
  std::string_view state;
  std::string_view message;       // default text when the raiser gives none
  bool odbcSubclass;              // subclass origin is "ODBC 3.0" (else "ISO 9075")
};

const SqlStateRow* findSqlState(std::string_view state);
std::string_view defaultMessage(std::string_view state);
std::string_view classOrigin(std::string_view state);     // "ISO 9075" or "ODBC 3.0"
std::string_view subclassOrigin(std::string_view state);  // "ISO 9075" or "ODBC 3.0"

}  // namespace dsql::driver
