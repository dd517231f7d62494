// ECS / EKS Pod Identity container credentials (botocore ContainerProvider + ContainerMetadataFetcher,
// aws-sdk-cpp GeneralHTTPCredentialsProvider; docs/dsql-behaviour.md §8):
//  - AWS_CONTAINER_CREDENTIALS_RELATIVE_URI -> http://169.254.170.2<uri>;
//  - else AWS_CONTAINER_CREDENTIALS_FULL_URI, allowed only over https, or over http to a loopback
//    address, localhost, 169.254.170.2, 169.254.170.23 or fd00:ec2::23 (never an arbitrary host: the
//    Authorization token would leak);
//  - Authorization from AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE (re-read every time: it rotates), else
//    AWS_CONTAINER_AUTHORIZATION_TOKEN; a token with CR or LF is refused (header injection);
//  - timeout 2 s, 3 attempts, 1 s apart; JSON AccessKeyId/SecretAccessKey/Token/Expiration.
#include <fstream>
#include <sstream>
#include <thread>

#include "shim/auth/json_credentials.h"
#include "shim/auth/provider.h"
#include "shim/common/error.h"

namespace dsql::shim::auth {
namespace {

std::string hostOf(const std::string& url) {
  size_t start = url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = url.find_first_of("/?#", start);
  std::string authority = url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  size_t at = authority.rfind('@');
  if (at != std::string::npos) authority = authority.substr(at + 1);
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    return authority.substr(1, close == std::string::npos ? std::string::npos : close - 1);
  }
  size_t colon = authority.find(':');
  return authority.substr(0, colon);
}

bool allowedFullUri(const std::string& url) {
  std::string lowerUrl;
  for (char c : url) lowerUrl.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  if (lowerUrl.rfind("https://", 0) == 0) return true;
  if (lowerUrl.rfind("http://", 0) != 0) return false;
  std::string host = hostOf(lowerUrl);
  if (host == "localhost" || host == "::1" || host == "169.254.170.2" || host == "169.254.170.23" ||
      host == "fd00:ec2::23")
    return true;
  return host.rfind("127.", 0) == 0 && host.find_first_not_of("0123456789.") == std::string::npos;
}

std::string authorizationToken(const Environment& env) {
  std::string token;
  if (auto file = env.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE")) {
    std::ifstream in(*file, std::ios::binary);
    if (!in) credentialError("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", *file);
    std::ostringstream ss;
    ss << in.rdbuf();
    token = ss.str();
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r')) token.pop_back();  // trailing EOL only
  } else if (auto t = env.nonEmpty("AWS_CONTAINER_AUTHORIZATION_TOKEN")) {
    token = *t;
  }
  if (token.find_first_of("\r\n") != std::string::npos)
    credentialError("invalid container authorization token", "it contains a CR or LF character");
  return token;
}

}  // namespace

std::optional<Credentials> loadContainer(const ProviderContext& ctx, std::string& note) {
  const Environment& env = *ctx.env;
  std::string url;
  if (auto rel = env.nonEmpty("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
    url = ctx.options.containerRelativeBase + (rel->front() == '/' ? "" : "/") + *rel;
  } else if (auto full = env.nonEmpty("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
    if (!allowedFullUri(*full))
      credentialError("AWS_CONTAINER_CREDENTIALS_FULL_URI is not allowed",
                      "it must use https, or http to a loopback address or the ECS/EKS link-local host");
    url = *full;
  } else {
    note = "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI and _FULL_URI not set";
    return std::nullopt;
  }
  std::string what = "container credentials endpoint " + http::urlForMessage(url);
  for (int attempt = 1;; ++attempt) {
    http::Request req;
    req.url = url;
    req.timeout = ctx.options.containerTimeout;
    req.useProxy = false;
    req.headers = {{"Accept", "application/json"}};
    std::string token = authorizationToken(env);
    if (!token.empty()) req.headers.emplace_back("Authorization", token);
    std::string failure, state = "08001";
    try {
      http::Response r = ctx.http->send(req);
      if (r.status == 200) {
        Credentials c = credentialsFromJson(r.body, what, {"Token", false, false});
        c.source = "container";
        return c;
      }
      failure = "HTTP " + std::to_string(r.status) + " " + safeSnippet(r.body, 200);
      if (r.status < 500) state = "28000";  // a 4xx will not change on retry
      if (r.status < 500) attempt = ctx.options.containerAttempts;
    } catch (const dsql::Error& e) {
      if (e.sqlstate() == "28000") throw;  // malformed response: retrying will not help
      failure = e.what();
      state = e.sqlstate();
    }
    if (attempt >= ctx.options.containerAttempts)
      throw dsql::Error(state, "cannot get credentials from the " + what + " after " + std::to_string(attempt) +
                                   " attempt(s): " + failure);
    std::this_thread::sleep_for(ctx.options.containerRetrySleep);
  }
}

}  // namespace dsql::shim::auth
