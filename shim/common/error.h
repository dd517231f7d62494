// The one error type of the project. Internal code (shim and driver alike) throws dsql::Error; only the
// driver's Entry wrapper catches it and turns it into an ODBC diagnostic record. It carries an SQLSTATE
// (a plain 5-character string, so the shim stays free of sql.h), a native error code and the message.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace dsql {

class Error : public std::runtime_error {
 public:
  Error(std::string sqlstate, std::string message, int native = 0)
      : std::runtime_error(std::move(message)), sqlstate_(std::move(sqlstate)), native_(native) {}

  const std::string& sqlstate() const noexcept { return sqlstate_; }
  int native() const noexcept { return native_; }

 private:
  std::string sqlstate_;
  int native_;
};

}  // namespace dsql
