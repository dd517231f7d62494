// The environment handle: ODBC version and pooling attributes, and the connections allocated on it, which
// it owns (an environment with connections cannot be freed: HY010).
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <memory>
#include <vector>

#include "driver/handles/handle.h"

namespace dsql::driver {

class Connection;

class Environment : public Handle {
 public:
  static constexpr HandleKind kKind = HandleKind::Environment;
  Environment();
  ~Environment() override;
  std::recursive_mutex& callMutex() override { return mutex_; }

  void setAttr(SQLINTEGER attribute, SQLPOINTER value);
  void getAttr(SQLINTEGER attribute, SQLPOINTER value);

  SQLINTEGER odbcVersion = 0;  // 0 until the application sets SQL_ATTR_ODBC_VERSION

  // Children (call with this handle's mutex held): a new connection, owned here until it is taken back
  // out to be freed.
  Connection& newConnection();
  std::unique_ptr<Connection> takeConnection(Connection& c);
  bool hasConnections() const { return !connections_.empty(); }

 private:
  std::recursive_mutex mutex_;
  SQLUINTEGER pooling_ = SQL_CP_OFF;
  SQLUINTEGER poolMatch_ = SQL_CP_STRICT_MATCH;
  std::vector<std::unique_ptr<Connection>> connections_;
};

}  // namespace dsql::driver
