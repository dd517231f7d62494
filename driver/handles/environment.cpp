// Environment attributes (ODBC reference: SQLSetEnvAttr).
#include "driver/handles/environment.h"

#include <algorithm>
#include <cstring>
#include <mutex>

#include "driver/handles/connection.h"
#include "driver/info/info_table.h"
#include "shim/common/error.h"
#include "shim/sql/translate.h"

namespace dsql::driver {

Environment::Environment() : Handle(HandleKind::Environment) {
  // SQLGetInfo advertises exactly the escape functions the shim translates: register them once.
  static std::once_flag once;
  std::call_once(once, [] { setEscapeFunctions(escapeNamesFrom(shim::sql::escapeSupport())); });
}

// Out of line: Connection is complete here. SQLFreeHandle refuses an environment with connections, so
// this only frees connections when the driver is torn down with handles still allocated.
Environment::~Environment() = default;

Connection& Environment::newConnection() {
  connections_.push_back(std::make_unique<Connection>(*this));
  return *connections_.back();
}

std::unique_ptr<Connection> Environment::takeConnection(Connection& c) {
  auto it = std::find_if(connections_.begin(), connections_.end(), [&](const auto& p) { return p.get() == &c; });
  if (it == connections_.end()) return nullptr;
  std::unique_ptr<Connection> owned = std::move(*it);
  connections_.erase(it);
  return owned;
}

void Environment::setAttr(SQLINTEGER attribute, SQLPOINTER value) {
  auto v = static_cast<SQLUINTEGER>(reinterpret_cast<SQLULEN>(value));
  switch (attribute) {
    case SQL_ATTR_ODBC_VERSION:
      if (v != SQL_OV_ODBC2 && v != SQL_OV_ODBC3 && v != SQL_OV_ODBC3_80)
        throw Error("HY024", "SQL_ATTR_ODBC_VERSION must be SQL_OV_ODBC2, SQL_OV_ODBC3 or SQL_OV_ODBC3_80");
      if (hasConnections()) throw Error("HY010", "SQL_ATTR_ODBC_VERSION cannot change while connections exist");
      odbcVersion = static_cast<SQLINTEGER>(v);
      return;
    case SQL_ATTR_CONNECTION_POOLING:  // pooling is the driver manager's job; the value is only kept
      if (v != SQL_CP_OFF && v != SQL_CP_ONE_PER_DRIVER && v != SQL_CP_ONE_PER_HENV &&
          v != 3 /* SQL_CP_DRIVER_AWARE (ODBC 3.81) */)
        throw Error("HY024", "Invalid attribute value " + std::to_string(v) + " for SQL_ATTR_CONNECTION_POOLING");
      pooling_ = v;
      return;
    case SQL_ATTR_CP_MATCH:
      if (v != SQL_CP_STRICT_MATCH && v != SQL_CP_RELAXED_MATCH)
        throw Error("HY024", "Invalid attribute value " + std::to_string(v) + " for SQL_ATTR_CP_MATCH");
      poolMatch_ = v;
      return;
    case SQL_ATTR_OUTPUT_NTS:
      if (v != SQL_TRUE) throw Error("HYC00", "SQL_ATTR_OUTPUT_NTS can only be SQL_TRUE");
      return;
    default:
      throw Error("HY092", "Invalid environment attribute " + std::to_string(attribute));
  }
}

void Environment::getAttr(SQLINTEGER attribute, SQLPOINTER value) {
  SQLINTEGER out = 0;
  switch (attribute) {
    case SQL_ATTR_ODBC_VERSION: out = odbcVersion ? odbcVersion : SQL_OV_ODBC3; break;
    case SQL_ATTR_CONNECTION_POOLING: out = static_cast<SQLINTEGER>(pooling_); break;
    case SQL_ATTR_CP_MATCH: out = static_cast<SQLINTEGER>(poolMatch_); break;
    case SQL_ATTR_OUTPUT_NTS: out = SQL_TRUE; break;
    default: throw Error("HY092", "Invalid environment attribute " + std::to_string(attribute));
  }
  if (value) std::memcpy(value, &out, sizeof out);
}

}  // namespace dsql::driver
