// SSO (IAM Identity Center) credentials from the token that `aws sso login` cached:
// ~/.aws/sso/cache/<sha1(sso_session name | sso_start_url)>.json {accessToken, expiresAt}, exchanged
// with GetRoleCredentials: GET <portal>/federation/credentials?role_name=..&account_id=.. with header
// x-amz-sso_bearer_token (unsigned). Portal https://portal.sso.<sso_region>.amazonaws.com, overridable
// by AWS_ENDPOINT_URL_SSO / AWS_ENDPOINT_URL (botocore SSOCredentialFetcher; docs/dsql-behaviour.md §8).
// Not done here: refreshing an expired sso-session token through SSO OIDC (the user runs
// `aws sso login` again; the error says so).
#include <openssl/sha.h>

#include <fstream>
#include <iterator>
#include <sstream>

#include "shim/auth/json_credentials.h"
#include "shim/auth/provider.h"
#include "shim/auth/sigv4.h"
#include "shim/common/error.h"

namespace dsql::shim::auth {
namespace {

struct SsoSettings {
  std::string cacheKey;  // session name or start URL
  std::string region, accountId, roleName;
};

std::optional<SsoSettings> ssoSettings(const ProviderContext& ctx) {
  const AwsConfig& cfg = *ctx.config;
  auto session = cfg.get(ctx.profile, "sso_session");
  auto startUrl = cfg.get(ctx.profile, "sso_start_url");
  auto account = cfg.get(ctx.profile, "sso_account_id");
  auto role = cfg.get(ctx.profile, "sso_role_name");
  if (!session && !startUrl && !account && !role) return std::nullopt;
  SsoSettings s;
  std::optional<std::string> region;
  if (session) {
    s.cacheKey = *session;
    region = cfg.ssoSession(*session, "sso_region");
    if (!cfg.ssoSession(*session, "sso_start_url"))
      credentialError("incomplete SSO configuration for " + profileLabel(ctx),
                      "[sso-session " + *session + "] needs sso_start_url and sso_region");
  } else {
    s.cacheKey = startUrl.value_or("");
    region = cfg.get(ctx.profile, "sso_region");
  }
  if (s.cacheKey.empty() || !region || !account || !role)
    credentialError("incomplete SSO configuration for " + profileLabel(ctx),
                    "sso_session (or sso_start_url and sso_region), sso_account_id and sso_role_name are all required");
  s.region = *region;
  s.accountId = *account;
  s.roleName = *role;
  return s;
}

std::string sha1Hex(std::string_view s) {
  unsigned char md[SHA_DIGEST_LENGTH];
  SHA1(reinterpret_cast<const unsigned char*>(s.data()), s.size(), md);
  return sigv4::hexEncode(std::string_view(reinterpret_cast<char*>(md), sizeof md));
}

std::string cachedAccessToken(const ProviderContext& ctx, const SsoSettings& s) {
  std::string path = ctx.env->homeDir() + "/.aws/sso/cache/" + sha1Hex(s.cacheKey) + ".json";
  std::string relogin = "run `aws sso login --profile " + ctx.profile + "`";
  std::ifstream in(path);
  if (!in) credentialError("no cached SSO token for " + profileLabel(ctx), relogin + " (looked for " + path + ")");
  const std::string body((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  SsoCachedToken t = ssoCachedTokenFromJson(body, path, relogin);
  if (!t.expiresAt || *t.expiresAt <= ctx.now())
    credentialError("the SSO session for " + profileLabel(ctx) + " has expired", relogin);
  return t.accessToken;
}

}  // namespace

std::optional<Credentials> loadSso(const ProviderContext& ctx, std::string& note) {
  auto s = ssoSettings(ctx);
  if (!s) {
    note = "no sso_* settings in " + profileLabel(ctx);
    return std::nullopt;
  }
  std::string token = cachedAccessToken(ctx, *s);
  std::string base = endpointOverride(*ctx.env, "SSO");
  if (base.empty()) base = "https://portal.sso." + s->region + ".amazonaws.com";
  http::Request req;
  req.url = base + "/federation/credentials?role_name=" + sigv4::uriEncode(s->roleName) +
            "&account_id=" + sigv4::uriEncode(s->accountId);
  req.headers = {{"x-amz-sso_bearer_token", token}, {"Accept", "application/json"}};
  req.timeout = ctx.options.ssoTimeout;
  std::string what = "SSO GetRoleCredentials at " + http::urlForMessage(req.url);
  http::Response r = ctx.http->send(req);
  if (r.status == 401 || r.status == 403)
    credentialError(what + " refused the cached token (HTTP " + std::to_string(r.status) + ")",
                    "run `aws sso login --profile " + ctx.profile + "`");
  if (r.status != 200)
    throw dsql::Error(r.status >= 500 ? "08001" : "28000",
                      what + " failed: HTTP " + std::to_string(r.status) + " " + safeSnippet(r.body, 200));
  Credentials c = ssoRoleCredentialsFromJson(r.body, what, "run `aws sso login --profile " + ctx.profile + "`");
  c.source = "sso:profile:" + ctx.profile;
  return c;
}

}  // namespace dsql::shim::auth
