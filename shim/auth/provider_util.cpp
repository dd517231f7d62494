// Helpers shared by the credential providers (see provider.h).
#include <cctype>

#include "shim/auth/provider.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {

void credentialError(const std::string& what, const std::string& detail) {
  throw dsql::Error("28000", what + ": " + detail);
}

std::optional<Credentials> staticKeysFromProfile(const ProviderContext& ctx, bool credentialsFile) {
  const AwsConfig& cfg = *ctx.config;
  auto get = [&](std::string_view key) {
    return credentialsFile ? cfg.getFromCredentialsFile(ctx.profile, key) : cfg.getFromConfigFile(ctx.profile, key);
  };
  auto akid = get("aws_access_key_id");
  auto secret = get("aws_secret_access_key");
  if (!akid && !secret) return std::nullopt;
  std::string file = credentialsFile ? cfg.credentialsPath : cfg.configPath;
  if (!akid || !secret)
    credentialError("incomplete static credentials for " + profileLabel(ctx) + " in " + file,
                    std::string(akid ? "aws_secret_access_key" : "aws_access_key_id") + " is missing");
  Credentials c;
  c.accessKeyId = *akid;
  c.secretAccessKey = *secret;
  if (auto tok = get("aws_session_token")) c.sessionToken = *tok;
  else if (auto legacy = get("aws_security_token")) c.sessionToken = *legacy;
  c.source = "profile:" + ctx.profile;
  return c;
}

std::string safeSnippet(std::string_view text, size_t max) {
  std::string s(text.substr(0, max));
  for (auto& c : s)
    if (c == '\r' || c == '\n' || c == '\t') c = ' ';
  while (!s.empty() && s.back() == ' ') s.pop_back();
  return dsql::log::redact(s);
}

std::string endpointOverride(const Environment& env, std::string_view serviceEnvSuffix) {
  std::string name = "AWS_ENDPOINT_URL_" + std::string(serviceEnvSuffix);
  auto v = env.nonEmpty(name);
  if (!v) v = env.nonEmpty("AWS_ENDPOINT_URL");
  if (!v) return "";
  std::string url = *v;
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url;
}

std::string serviceRegion(const ProviderContext& ctx) {
  if (auto r = ctx.config->get(ctx.profile, "region")) return *r;
  if (auto r = ctx.env->nonEmpty("AWS_REGION")) return *r;
  if (auto r = ctx.env->nonEmpty("AWS_DEFAULT_REGION")) return *r;
  return "";
}

std::string profileLabel(const ProviderContext& ctx) { return "profile '" + ctx.profile + "'"; }

}  // namespace dsql::shim::auth
