// The diagnostic area of one handle: header fields plus status records, as SQLGetDiagRec/SQLGetDiagField
// expose them. Errors sort before warnings (ODBC "Sequence of Status Records"). Messages carry the
// standard prefixes: "[DSQL][ODBC Driver]" for the driver's own records and
// "[DSQL][ODBC Driver][<server>]" for records the server raised.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <string_view>
#include <vector>

namespace dsql::driver {

struct DiagRecord {
  std::string sqlstate;
  SQLINTEGER native = 0;
  std::string message;            // with prefix
  SQLLEN rowNumber = SQL_NO_ROW_NUMBER;
  SQLINTEGER columnNumber = SQL_NO_COLUMN_NUMBER;
  std::string serverName;         // SQL_DIAG_SERVER_NAME (the DSN)
  std::string connectionName;     // SQL_DIAG_CONNECTION_NAME
  bool retryable = false;         // SQL_DIAG_DSQL_RETRYABLE (include/dsqlodbc.h)
};

inline constexpr std::string_view kDriverPrefix = "[DSQL][ODBC Driver]";

class Diagnostics {
 public:
  void clear();
  // A record raised by the driver; `message` empty means the SQLSTATE's default text.
  // Each adder returns the record it added (valid until the next record is added).
  DiagRecord& add(std::string_view sqlstate, std::string_view message, SQLINTEGER native = 0);
  // A record raised by the server (`origin` names it, e.g. "PostgreSQL" or "Aurora DSQL").
  DiagRecord& addServer(std::string_view sqlstate, std::string_view message, std::string_view origin,
                 SQLINTEGER native = 0);
  DiagRecord& addRecord(DiagRecord record);

  bool hasErrors() const;
  bool hasWarnings() const;
  const std::vector<DiagRecord>& records() const { return records_; }
  // Applies the "warnings turn SUCCESS into SUCCESS_WITH_INFO" rule and remembers the result.
  SQLRETURN finish(SQLRETURN rc);

  // Header fields.
  SQLRETURN returnCode = SQL_SUCCESS;
  SQLLEN rowCount = 0;               // SQL_DIAG_ROW_COUNT
  SQLLEN cursorRowCount = 0;         // SQL_DIAG_CURSOR_ROW_COUNT
  std::string dynamicFunction;       // SQL_DIAG_DYNAMIC_FUNCTION
  SQLINTEGER dynamicFunctionCode = SQL_DIAG_UNKNOWN_STATEMENT;
  std::string serverName;            // stamped onto records added while set

 private:
  std::vector<DiagRecord> records_;
};

bool isWarningState(std::string_view sqlstate);

}  // namespace dsql::driver
