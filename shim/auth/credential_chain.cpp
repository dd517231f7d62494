// The default chain as a table (see credential_chain.h).
#include "shim/auth/credential_chain.h"

#include "shim/auth/sigv4.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {

const std::vector<ChainRow>& defaultChain() {
  static const std::vector<ChainRow> rows = {
      {"explicit keys", loadExplicitKeys},
      {"environment", loadEnvironment},
      {"assume-role", loadAssumeRole},
      {"web identity", loadWebIdentity},
      {"SSO", loadSso},
      {"shared credentials file", loadSharedCredentialsFile},
      {"credential_process", loadCredentialProcess},
      {"config file", loadConfigFile},
      {"container", loadContainer},
      {"EC2 instance metadata", loadImds},
  };
  return rows;
}

Credentials resolveCredentials(const ProviderContext& ctx) {
  std::string tried;
  for (const ChainRow& row : defaultChain()) {
    std::string note;
    std::optional<Credentials> c = row.load(ctx, note);
    if (c) {
      dsql::log::debug("auth: credentials from " + c->source);
      return *c;
    }
    tried += "\n  - " + std::string(row.name) + ": " + note;
  }
  throw dsql::Error("28000", "No AWS credentials found for profile '" + ctx.profile +
                                 "'. Configure one of these sources (tried in this order):" + tried);
}

std::string credentialCacheKey(const ProviderContext& ctx) {
  static constexpr const char* kSteering[] = {
      "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
      "AWS_CREDENTIAL_EXPIRATION", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE", "HOME",
      "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN", "AWS_ROLE_SESSION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
      "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_SSO",
      "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
      "AWS_CONTAINER_AUTHORIZATION_TOKEN", "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
      "AWS_EC2_METADATA_DISABLED", "AWS_EC2_METADATA_SERVICE_ENDPOINT", "AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE",
      "AWS_EC2_METADATA_V1_DISABLED"};
  std::string material = ctx.explicitKeys.accessKeyId + '\0' + ctx.explicitKeys.secretAccessKey + '\0' +
                         ctx.explicitKeys.sessionToken + '\0' + ctx.options.containerRelativeBase + '\0';
  for (const char* name : kSteering) material += ctx.env->get(name).value_or("\x01") + '\0';
  return "profile=" + ctx.profile + (ctx.explicitProfile ? "!" : "") + ";" +
         sigv4::sha256Hex(material).substr(0, 32);
}

}  // namespace dsql::shim::auth
