// Names of server-side statements and their deallocation (server_statements.h).
#include "driver/handles/server_statements.h"

namespace dsql::driver {

void ServerStatements::release(std::string name, Stamp made) {
  if (made.session == session_) pending_.push_back(std::move(name));
}

std::string ServerStatements::takeDeallocations() {
  if (pending_.size() < kBatch) return {};
  std::string sql;
  for (const auto& n : pending_) sql += "DEALLOCATE " + n + ";";
  pending_.clear();
  return sql;
}

}  // namespace dsql::driver
