// The providers that need no I/O beyond the environment and the already-parsed shared files: explicit
// connection keys, environment variables, and static keys in the shared credentials / config files.
#include "shim/auth/provider.h"
#include "shim/common/error.h"

namespace dsql::shim::auth {

std::optional<Credentials> loadExplicitKeys(const ProviderContext& ctx, std::string& note) {
  const Credentials& k = ctx.explicitKeys;
  if (k.accessKeyId.empty() && k.secretAccessKey.empty() && k.sessionToken.empty()) {
    note = "not set";
    return std::nullopt;
  }
  // All-or-nothing: half a key pair in a connection string is a typo, not a request to search further.
  if (k.accessKeyId.empty() || k.secretAccessKey.empty())
    credentialError("incomplete explicit AWS keys in the connection",
                    "both the access key id and the secret access key are required");
  Credentials c = k;
  c.source = "explicit";
  return c;
}

std::optional<Credentials> loadEnvironment(const ProviderContext& ctx, std::string& note) {
  // botocore: an explicitly chosen profile disables the environment provider.
  if (ctx.explicitProfile) {
    note = "skipped: profile '" + ctx.profile + "' was chosen explicitly";
    return std::nullopt;
  }
  const Environment& env = *ctx.env;
  auto akid = env.nonEmpty("AWS_ACCESS_KEY_ID");
  auto secret = env.nonEmpty("AWS_SECRET_ACCESS_KEY");
  if (!akid && !secret) {
    note = "AWS_ACCESS_KEY_ID not set";
    return std::nullopt;
  }
  if (!akid || !secret)
    credentialError("incomplete credentials in the environment",
                    std::string(akid ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") + " is not set");
  Credentials c;
  c.accessKeyId = *akid;
  c.secretAccessKey = *secret;
  if (auto t = env.nonEmpty("AWS_SESSION_TOKEN")) c.sessionToken = *t;
  else if (auto legacy = env.nonEmpty("AWS_SECURITY_TOKEN")) c.sessionToken = *legacy;
  if (auto exp = env.nonEmpty("AWS_CREDENTIAL_EXPIRATION")) {
    c.expiration = parseIso8601(*exp);
    if (!c.expiration)
      credentialError("invalid AWS_CREDENTIAL_EXPIRATION", "'" + *exp + "' is not an ISO 8601 timestamp");
  }
  c.source = "environment";
  return c;
}

std::optional<Credentials> loadSharedCredentialsFile(const ProviderContext& ctx, std::string& note) {
  auto c = staticKeysFromProfile(ctx, true);
  if (!c) note = "no keys for " + profileLabel(ctx) + " in " + ctx.config->credentialsPath;
  return c;
}

std::optional<Credentials> loadConfigFile(const ProviderContext& ctx, std::string& note) {
  auto c = staticKeysFromProfile(ctx, false);
  if (!c) note = "no keys for " + profileLabel(ctx) + " in " + ctx.config->configPath;
  return c;
}

}  // namespace dsql::shim::auth
