// makeConnectToken: endpoint -> credentials (cache + default chain) -> SigV4 presign (see connect_token.h).
// Region precedence follows the AWS connectors (aurora-dsql-connectors go/pgx/dsql/util.go, config.go) and
// issue 4: the host name first (signing for another region than the endpoint's can only fail with
// "access denied"), then the Region key, then the environment.
#include "shim/auth/connect_token.h"

#include <algorithm>
#include <cctype>

#include "shim/auth/credential_chain.h"
#include "shim/auth/dsql_token.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {
namespace {

bool validHostName(std::string_view h) {
  if (h.empty() || h.size() > 253) return false;
  return std::all_of(h.begin(), h.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_';
  });
}

std::string regionFromEnv(const Environment& env) {
  if (auto r = env.nonEmpty("AWS_REGION")) return *r;
  if (auto r = env.nonEmpty("AWS_DEFAULT_REGION")) return *r;
  return "";
}

}  // namespace

bool isDsqlHost(std::string_view host) {
  std::string h = normalizeHost(host);
  return isClusterId(h) || regionFromHost(h).has_value();
}

Endpoint resolveEndpoint(std::string_view host, std::string_view region, const Environment& env) {
  std::string h = normalizeHost(host);
  if (h.empty()) throw dsql::Error("08001", "no host given: set Server (or Host) to the DSQL cluster endpoint");
  if (!validHostName(h))
    throw dsql::Error("08001", "invalid host name '" + h + "' for IAM authentication");
  Endpoint e;
  if (auto r = regionFromHost(h)) {
    e.region = *r;
    if (!region.empty() && region != e.region)
      dsql::log::warn("auth: Region '" + std::string(region) + "' differs from the endpoint's region '" + e.region +
                      "'; signing for the endpoint's region");
  } else {
    e.region = !region.empty() ? std::string(region) : regionFromEnv(env);
  }
  if (e.region.empty())
    throw dsql::Error("08001", "cannot determine the AWS region for host '" + h +
                                   "': use the full endpoint name <cluster>.dsql.<region>.on.aws, set the Region "
                                   "connection key, or set AWS_REGION");
  e.hostname = isClusterId(h) ? h + ".dsql." + e.region + ".on.aws" : h;
  return e;
}

long long effectiveExpiresIn(std::chrono::seconds requested, const Credentials& creds, TimePoint signingTime) {
  long long secs = std::clamp<long long>(requested.count(), 1, kMaxTokenSeconds);
  if (creds.expiration) {
    auto left = std::chrono::duration_cast<std::chrono::seconds>(*creds.expiration - signingTime).count();
    if (left <= 0)
      throw dsql::Error("28000", "the AWS credentials from " + creds.source + " expired at " +
                                     iso8601(*creds.expiration) + "; refresh them (e.g. a new session token, "
                                     "`aws sso login`) and reconnect");
    secs = std::min<long long>(secs, left);  // aws-sdk-go-v2 feature/dsql/auth: never outlive the credentials
  }
  return secs;
}

ConnectToken makeConnectToken(const ConnectTokenRequest& request, const AuthContext& context) {
  const Environment& env = *context.env;
  Endpoint ep = resolveEndpoint(request.host, request.region, env);
  http::HttpClient* http = context.http ? context.http : http::defaultHttpClient().get();
  ProviderContext pc;
  pc.env = &env;
  pc.http = http;
  pc.profile = selectProfile(env, request.profile);
  pc.explicitProfile = !request.profile.empty();
  pc.explicitKeys.accessKeyId = request.accessKeyId;
  pc.explicitKeys.secretAccessKey = request.secretAccessKey;
  pc.explicitKeys.sessionToken = request.sessionToken;
  pc.now = context.now;
  pc.options = context.options;
  auto fetch = [&pc, &env] {
    AwsConfig config = loadAwsConfig(env);  // read only when the cache needs a fetch, not per connect
    ProviderContext withConfig = pc;
    withConfig.config = &config;
    return resolveCredentials(withConfig);
  };
  TimePoint now = context.now();
  Credentials creds = context.cache ? context.cache->get(credentialCacheKey(pc), fetch, now) : fetch();
  TimePoint signingTime = request.signingTime.value_or(now);
  long long expires = effectiveExpiresIn(request.expiresIn, creds, signingTime);
  DsqlAction action = actionForUser(request.user, request.admin);
  ConnectToken t;
  t.hostname = ep.hostname;
  t.region = ep.region;
  t.token = generateDsqlToken(ep.hostname, ep.region, action, expires, creds, signingTime);
  t.credentialSource = creds.source;
  dsql::log::debug("auth: signed " + std::string(actionName(action)) + " token for " + ep.hostname + " (" +
                   ep.region + ", " + std::to_string(expires) + " s, credentials from " + creds.source + ")");
  return t;
}

ConnectToken makeConnectToken(const ConnectTokenRequest& request) { return makeConnectToken(request, AuthContext{}); }

}  // namespace dsql::shim::auth
