// The environment handle: ODBC version and pooling attributes, and the count of live connections (an
// environment with connections cannot be freed: HY010).
#pragma once

#include <sql.h>
#include <sqlext.h>

#include "driver/handles/handle.h"

namespace dsql::driver {

class Environment : public Handle {
 public:
  static constexpr HandleKind kKind = HandleKind::Environment;
  Environment();
  std::recursive_mutex& callMutex() override { return mutex_; }

  void setAttr(SQLINTEGER attribute, SQLPOINTER value);
  void getAttr(SQLINTEGER attribute, SQLPOINTER value);

  SQLINTEGER odbcVersion = 0;  // 0 until the application sets SQL_ATTR_ODBC_VERSION
  int connections = 0;

 private:
  std::recursive_mutex mutex_;
  SQLUINTEGER pooling_ = SQL_CP_OFF;
  SQLUINTEGER poolMatch_ = SQL_CP_STRICT_MATCH;
};

}  // namespace dsql::driver
