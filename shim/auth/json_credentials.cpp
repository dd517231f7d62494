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

namespace {

// A string member of an object, "" when absent or not a string (nlohmann's value() would throw type_error).
std::string stringMember(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace

SsoCachedToken ssoCachedTokenFromJson(std::string_view body, const std::string& where, const std::string& relogin) {
  nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  if (j.is_discarded() || !j.is_object() || stringMember(j, "accessToken").empty())
    credentialError("the cached SSO token is unreadable", relogin + " (" + where + ")");
  SsoCachedToken t;
  t.accessToken = stringMember(j, "accessToken");
  std::string expires = stringMember(j, "expiresAt");
  if (expires.size() > 3 && expires.substr(expires.size() - 3) == "UTC")  // older CLI wrote "...UTC"
    expires = expires.substr(0, expires.size() - 3) + "Z";
  t.expiresAt = parseIso8601(expires);
  return t;
}

Credentials ssoRoleCredentialsFromJson(std::string_view body, const std::string& what, const std::string& relogin) {
  nlohmann::json j = nlohmann::json::parse(body.begin(), body.end(), nullptr, false);
  auto rc = !j.is_discarded() && j.is_object() ? j.find("roleCredentials") : j.end();
  if (j.is_discarded() || !j.is_object() || rc == j.end() || !rc->is_object())
    credentialError(what + " returned an unexpected response", "no roleCredentials");
  Credentials c;
  c.accessKeyId = stringMember(*rc, "accessKeyId");
  c.secretAccessKey = stringMember(*rc, "secretAccessKey");
  c.sessionToken = stringMember(*rc, "sessionToken");
  auto exp = rc->find("expiration");
  // Epoch milliseconds as an integer; a float or an integer beyond what a time point holds is refused.
  // The latest instant a TimePoint holds (system_clock counts nanoseconds: 2262-04-11).
  constexpr long long kMaxMillis = std::chrono::duration_cast<std::chrono::milliseconds>(TimePoint::duration::max()).count();
  if (!c.complete() || exp == rc->end() || !exp->is_number_integer() ||
      (exp->is_number_unsigned() ? exp->get<unsigned long long>() > static_cast<unsigned long long>(kMaxMillis)
                                 : (exp->get<long long>() < 0 || exp->get<long long>() > kMaxMillis)))
    credentialError(what + " returned incomplete credentials", "a required field is missing or out of range (" + relogin + ")");
  c.expiration = TimePoint(std::chrono::milliseconds(exp->get<long long>()));
  return c;
}

}  // namespace dsql::shim::auth
