// Reading credentials out of the JSON documents that credential_process, the container endpoint and
// IMDS return (AccessKeyId, SecretAccessKey, Token|SessionToken, Expiration). Errors name the source and
// the missing field, never a value.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "shim/auth/credentials.h"

namespace dsql::shim::auth {

struct JsonCredentialRules {
  std::string_view tokenField = "Token";
  bool tokenRequired = false;
  bool expirationRequired = false;
};

// Throws 28000 "<what> returned ..." when the document does not fit the rules.
Credentials credentialsFromJson(std::string_view body, const std::string& what, const JsonCredentialRules& rules,
                                nlohmann::json* parsed = nullptr);

}  // namespace dsql::shim::auth
