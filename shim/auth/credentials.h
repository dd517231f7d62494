// AWS credentials as the signer and the credential cache see them. `source` names where they came from
// ("environment", "profile:dev", "imds", ...) and is safe to log; the secret and the session token
// never are.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace dsql::shim::auth {

struct Credentials {
  std::string accessKeyId;
  std::string secretAccessKey;
  std::string sessionToken;  // empty for long-term keys
  std::optional<std::chrono::system_clock::time_point> expiration;  // nullopt: does not expire
  std::string source;

  bool complete() const { return !accessKeyId.empty() && !secretAccessKey.empty(); }
};

}  // namespace dsql::shim::auth
