// The one entry point the driver calls at connect: resolve the DSQL endpoint and region, get AWS
// credentials from the (cached) default chain, and sign a fresh IAM token. Signing happens at every call
// (microseconds); only credentials are cached (credential_cache.h). No secret ever appears in an error
// message or a log line.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "shim/auth/credential_cache.h"
#include "shim/auth/credentials.h"
#include "shim/auth/environment.h"
#include "shim/auth/provider.h"
#include "shim/http/http_client.h"

namespace dsql::shim::auth {

struct ConnectTokenRequest {
  std::string host;          // as configured: full endpoint name, or a bare 26-char cluster id
  std::string region;        // optional (Region key); else derived from host; else AWS_REGION / AWS_DEFAULT_REGION
  std::string user;          // "admin" -> DbConnectAdmin, anything else -> DbConnect
  bool admin = false;        // force DbConnectAdmin regardless of user (used by dsql-token --admin)
  std::chrono::seconds expiresIn{900};   // clamp to [1, 604800] and to the credentials' remaining lifetime
  std::string profile;       // optional profile name (Profile key); else AWS_PROFILE; else "default"
  std::string accessKeyId, secretAccessKey, sessionToken;  // optional explicit keys (all-or-nothing)
  std::optional<std::chrono::system_clock::time_point> signingTime;  // for tests / dsql-token --signing-time
};

struct ConnectToken {
  std::string hostname;      // the full endpoint name signed for (use it for TLS SNI / verify-full)
  std::string region;
  std::string token;         // the password to send (secret! never log it)
  std::string credentialSource;   // e.g. "environment", "profile:dev", "imds" — safe to log
};

// Throws dsql::Error with an actionable message (no secrets): SQLSTATE "28000" for no/expired credentials
// (say which sources were tried), "08001" for region unknown / bad host, "HYT00"/"08001" for an unreachable metadata
// endpoint, STS error text passed through.
ConnectToken makeConnectToken(const ConnectTokenRequest& request);

// true for "<id>.dsql[-suffix].<region>.on.aws" names and bare 26-char [a-z0-9] cluster ids (IAM is the default there)
bool isDsqlHost(std::string_view host);

// ---- below: the same with every dependency injectable (tests, tools) ----

struct AuthContext {
  const Environment* env = &processEnvironment();
  http::HttpClient* http = nullptr;           // nullptr: the process-wide libcurl client
  CredentialCache* cache = &CredentialCache::process();  // nullptr: no caching
  ProviderOptions options;
  std::function<TimePoint()> now = [] { return std::chrono::system_clock::now(); };
};

ConnectToken makeConnectToken(const ConnectTokenRequest& request, const AuthContext& context);

struct Endpoint {
  std::string hostname;
  std::string region;
};
// Host normalised (scheme, port, trailing '/' removed); a bare cluster id expanded to
// <id>.dsql.<region>.on.aws. Region: from the host name, else request.region, else AWS_REGION, else
// AWS_DEFAULT_REGION. Throws 08001 when the host is empty/invalid or the region cannot be determined.
Endpoint resolveEndpoint(std::string_view host, std::string_view region, const Environment& env);

// expiresIn clamped to [1, 604800] and to the credentials' remaining lifetime at `signingTime`;
// throws 28000 when the credentials have already expired at `signingTime`.
long long effectiveExpiresIn(std::chrono::seconds requested, const Credentials& creds, TimePoint signingTime);

}  // namespace dsql::shim::auth
