// JSON credential documents (see json_credentials.h).
#include "shim/auth/json_credentials.h"

#include "shim/auth/aws_time.h"
#include "shim/auth/provider.h"

namespace dsql::shim::auth {

Credentials credentialsFromJson(std::string_view body, const std::string& what, const JsonCredentialRules& rules,
                                nlohmann::json* parsed) {
  nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object())
    credentialError(what + " returned an unreadable response", "not a JSON object");
  auto field = [&](std::string_view name) -> std::string {
    auto it = j.find(std::string(name));
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  Credentials c;
  c.accessKeyId = field("AccessKeyId");
  c.secretAccessKey = field("SecretAccessKey");
  c.sessionToken = field(rules.tokenField);
  std::string missing;
  if (c.accessKeyId.empty()) missing = "AccessKeyId";
  else if (c.secretAccessKey.empty()) missing = "SecretAccessKey";
  else if (rules.tokenRequired && c.sessionToken.empty()) missing = std::string(rules.tokenField);
  std::string exp = field("Expiration");
  if (missing.empty() && rules.expirationRequired && exp.empty()) missing = "Expiration";
  if (!missing.empty()) credentialError(what + " returned incomplete credentials", missing + " is missing");
  if (!exp.empty()) {
    c.expiration = parseIso8601(exp);
    if (!c.expiration) credentialError(what + " returned an unreadable Expiration", exp);
  }
  if (parsed) *parsed = std::move(j);
  return c;
}

}  // namespace dsql::shim::auth
