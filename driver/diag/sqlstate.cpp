// SQLSTATE rows (ODBC reference, Appendix A "ODBC Error Codes"); looked up by state, never by position.
#include "driver/diag/sqlstate.h"

#include <array>

namespace dsql::driver {
namespace {

constexpr std::array kRows = {
    SqlStateRow{"01000", "General warning", false},
    SqlStateRow{"01004", "String data, right truncated", false},
    SqlStateRow{"01S00", "Invalid connection string attribute", true},
    SqlStateRow{"01S02", "Option value changed", true},
    SqlStateRow{"01S07", "Fractional truncation", true},
    SqlStateRow{"07002", "COUNT field incorrect", false},
    SqlStateRow{"07006", "Restricted data type attribute violation", false},
    SqlStateRow{"07009", "Invalid descriptor index", false},
    SqlStateRow{"08001", "Client unable to establish connection", false},
    SqlStateRow{"08002", "Connection name in use", false},
    SqlStateRow{"08003", "Connection not open", false},
    SqlStateRow{"08S01", "Communication link failure", true},
    SqlStateRow{"22002", "Indicator variable required but not supplied", false},
    SqlStateRow{"22003", "Numeric value out of range", false},
    SqlStateRow{"22007", "Invalid datetime format", false},
    SqlStateRow{"22008", "Datetime field overflow", false},
    SqlStateRow{"22018", "Invalid character value for cast specification", false},
    SqlStateRow{"24000", "Invalid cursor state", false},
    SqlStateRow{"25000", "Invalid transaction state", false},
    SqlStateRow{"28000", "Invalid authorization specification", false},
    SqlStateRow{"34000", "Invalid cursor name", false},
    SqlStateRow{"3B001", "Savepoint does not exist", false},
    SqlStateRow{"40001", "Serialization failure", false},
    SqlStateRow{"42000", "Syntax error or access violation", false},
    SqlStateRow{"HY000", "General error", true},
    SqlStateRow{"HY001", "Memory allocation error", true},
    SqlStateRow{"HY003", "Invalid application buffer type", true},
    SqlStateRow{"HY004", "Invalid SQL data type", true},
    SqlStateRow{"HY007", "Associated statement is not prepared", true},
    SqlStateRow{"HY008", "Operation canceled", true},
    SqlStateRow{"HY009", "Invalid use of null pointer", true},
    SqlStateRow{"HY010", "Function sequence error", true},
    SqlStateRow{"HY011", "Attribute cannot be set now", true},
    SqlStateRow{"HY012", "Invalid transaction operation code", true},
    SqlStateRow{"HY016", "Cannot modify an implementation row descriptor", true},
    SqlStateRow{"HY017", "Invalid use of an automatically allocated descriptor handle", true},
    SqlStateRow{"HY019", "Non-character and non-binary data sent in pieces", true},
    SqlStateRow{"HY021", "Inconsistent descriptor information", true},
    SqlStateRow{"HY024", "Invalid attribute value", true},
    SqlStateRow{"HY090", "Invalid string or buffer length", true},
    SqlStateRow{"HY091", "Invalid descriptor field identifier", true},
    SqlStateRow{"HY092", "Invalid attribute/option identifier", true},
    SqlStateRow{"HY096", "Information type out of range", true},
    SqlStateRow{"HY097", "Column type out of range", true},
    SqlStateRow{"HY098", "Scope type out of range", true},
    SqlStateRow{"HY099", "Nullable type out of range", true},
    SqlStateRow{"HY100", "Uniqueness option type out of range", true},
    SqlStateRow{"HY103", "Invalid retrieval code", true},
    SqlStateRow{"HY104", "Invalid precision or scale value", true},
    SqlStateRow{"HY105", "Invalid parameter type", true},
    SqlStateRow{"HY106", "Fetch type out of range", true},
    SqlStateRow{"HY107", "Row value out of range", true},
    SqlStateRow{"HY110", "Invalid driver completion", true},
    SqlStateRow{"HYC00", "Optional feature not implemented", true},
    SqlStateRow{"HYT00", "Timeout expired", true},
    SqlStateRow{"HYT01", "Connection timeout expired", true},
    SqlStateRow{"IM001", "Driver does not support this function", true},
    SqlStateRow{"IM002", "Data source name not found and no default driver specified", true},
};

}  // namespace

const SqlStateRow* findSqlState(std::string_view state) {
  for (const auto& r : kRows)
    if (r.state == state) return &r;
  return nullptr;
}

std::string_view defaultMessage(std::string_view state) {
  const SqlStateRow* r = findSqlState(state);
  return r ? r->message : std::string_view("General error");
}

std::string_view classOrigin(std::string_view state) {
  // ODBC: class origin is "ODBC 3.0" for classes IM and HY (and the 01Sx/08S01 subclasses keep ISO class).
  if (state.substr(0, 2) == "IM" || state.substr(0, 2) == "HY") return "ODBC 3.0";
  return "ISO 9075";
}

std::string_view subclassOrigin(std::string_view state) {
  const SqlStateRow* r = findSqlState(state);
  if (r) return r->odbcSubclass ? "ODBC 3.0" : "ISO 9075";
  return "ISO 9075";
}

}  // namespace dsql::driver
