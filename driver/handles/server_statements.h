// Named server-side statements of one connection (PostgreSQL only: Aurora DSQL does not keep statement
// names between requests). A statement the application prepared and runs again is parsed once under a
// name and then only bound and executed. This keeps the connection's side of it: fresh names, the session
// a name lives in (a new session has none of the old ones), a schema epoch that DDL through this
// connection advances (a plan made before it may no longer fit), and the names no statement uses any more,
// deallocated in batches outside transactions so that a failure there can never abort the application's.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace dsql::driver {

class ServerStatements {
 public:
  struct Stamp {
    std::uint64_t session = 0, schema = 0;
    bool operator==(const Stamp&) const = default;
  };

  std::string newName() { return "dsql_odbc_" + std::to_string(++names_); }
  Stamp stamp() const noexcept { return {session_, schema_}; }
  void sessionChanged() noexcept {
    ++session_;
    pending_.clear();  // they went with the old session
  }
  void schemaChanged() noexcept { ++schema_; }
  // `name` is no longer used; it is deallocated later if its session is still the current one.
  void release(std::string name, Stamp made);
  // The DEALLOCATE text for the released names once there are enough to be worth a round trip ("" until
  // then); the names are forgotten.
  std::string takeDeallocations();

 private:
  static constexpr std::size_t kBatch = 16;
  std::uint64_t names_ = 0, session_ = 0, schema_ = 0;
  std::vector<std::string> pending_;
};

}  // namespace dsql::driver
