// Reading credentials out of the JSON documents that credential_process, the container endpoint and
// IMDS return (AccessKeyId, SecretAccessKey, Token|SessionToken, Expiration), and the two SSO documents:
// the CLI's cached token and GetRoleCredentials' answer. Errors name the source and the missing field,
// never a value. Any input either parses or throws dsql::Error (fuzzed: tests/fuzz/credential_json_fuzz.cpp).
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "shim/auth/aws_time.h"
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

// The SSO token cache file (~/.aws/sso/cache/<sha1>.json): its accessToken and expiresAt. `relogin` is the
// advice given when the file cannot be used.
struct SsoCachedToken {
  std::string accessToken;
  std::optional<TimePoint> expiresAt;  // nullopt when absent or unreadable (treated as expired)
};
SsoCachedToken ssoCachedTokenFromJson(std::string_view body, const std::string& where, const std::string& relogin);

// GetRoleCredentials' answer: {"roleCredentials": {accessKeyId, secretAccessKey, sessionToken, expiration
// (epoch milliseconds)}}.
Credentials ssoRoleCredentialsFromJson(std::string_view body, const std::string& what, const std::string& relogin);

}  // namespace dsql::shim::auth
