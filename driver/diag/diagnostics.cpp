// Diagnostic area implementation: record ordering, prefixes and the return-code rule.
#include "driver/diag/diagnostics.h"

#include <algorithm>

#include "driver/diag/sqlstate.h"

namespace dsql::driver {

bool isWarningState(std::string_view s) { return s.size() >= 2 && s[0] == '0' && (s[1] == '1'); }

void Diagnostics::clear() {
  records_.clear();
  returnCode = SQL_SUCCESS;
  rowCount = 0;
  cursorRowCount = 0;
  dynamicFunction.clear();
  dynamicFunctionCode = SQL_DIAG_UNKNOWN_STATEMENT;
}

DiagRecord& Diagnostics::add(std::string_view sqlstate, std::string_view message, SQLINTEGER native) {
  DiagRecord r;
  r.sqlstate = std::string(sqlstate);
  r.native = native;
  r.message = std::string(kDriverPrefix);
  r.message += message.empty() ? defaultMessage(sqlstate) : message;
  return addRecord(std::move(r));
}

DiagRecord& Diagnostics::addServer(std::string_view sqlstate, std::string_view message, std::string_view origin,
                            SQLINTEGER native) {
  DiagRecord r;
  r.sqlstate = std::string(sqlstate);
  r.native = native;
  r.message = std::string(kDriverPrefix) + "[" + std::string(origin) + "]" + std::string(message);
  return addRecord(std::move(r));
}

DiagRecord& Diagnostics::addRecord(DiagRecord record) {
  if (record.serverName.empty()) record.serverName = serverName;
  if (record.connectionName.empty()) record.connectionName = serverName;
  // Errors first, then warnings; stable within each class (ODBC "Sequence of Status Records").
  bool warning = isWarningState(record.sqlstate);
  auto pos = records_.end();
  if (!warning) {
    pos = std::find_if(records_.begin(), records_.end(),
                       [](const DiagRecord& r) { return isWarningState(r.sqlstate); });
  }
  return *records_.insert(pos, std::move(record));
}

bool Diagnostics::hasErrors() const {
  return std::any_of(records_.begin(), records_.end(),
                     [](const DiagRecord& r) { return !isWarningState(r.sqlstate); });
}

bool Diagnostics::hasWarnings() const {
  return std::any_of(records_.begin(), records_.end(),
                     [](const DiagRecord& r) { return isWarningState(r.sqlstate); });
}

SQLRETURN Diagnostics::finish(SQLRETURN rc) {
  if (rc == SQL_SUCCESS && hasWarnings()) rc = SQL_SUCCESS_WITH_INFO;
  returnCode = rc;
  return rc;
}

}  // namespace dsql::driver
