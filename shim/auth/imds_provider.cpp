// EC2 instance metadata (IMDSv2 with the v1 fallback rules of botocore IMDSFetcher /
// InstanceMetadataFetcher; docs/dsql-behaviour.md §8):
//  - PUT /latest/api/token with x-aws-ec2-metadata-token-ttl-seconds: 21600; then
//    GET /latest/meta-data/iam/security-credentials/ (role name) and .../<role> with the token header;
//  - token PUT answered 403/404/405, or timing out -> IMDSv1 (no token) unless AWS_EC2_METADATA_V1_DISABLED;
//    400 -> error; connection refused/unreachable -> no IMDS here (nothing listens);
//  - AWS_EC2_METADATA_DISABLED=true skips it; AWS_EC2_METADATA_SERVICE_ENDPOINT overrides the endpoint,
//    AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE=IPv6 picks http://[fd00:ec2::254];
//  - timeout AWS_METADATA_SERVICE_TIMEOUT (1 s), attempts AWS_METADATA_SERVICE_NUM_ATTEMPTS (1);
//  - static stability: credentials already inside the refresh window get their expiry pushed out by
//    15 min + 2..10 min (random), so a metadata outage does not stop connects.
// When the endpoint was NOT configured explicitly, any failure is a normal answer off EC2 and the chain
// moves on, its final 28000 message saying why IMDS had nothing (botocore likewise returns no
// credentials); with AWS_EC2_METADATA_SERVICE_ENDPOINT set, failures are errors: 08001, HYT00 on timeout.
#include <random>

#include "shim/auth/json_credentials.h"
#include "shim/auth/provider.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {
namespace {

struct Imds {
  const ProviderContext& ctx;
  std::string base;
  std::chrono::milliseconds timeout{1000};
  int attempts = 1;
  std::string token;

  http::Response get(const std::string& path, const char* method = "GET") const {
    http::Request req;
    req.method = method;
    req.url = base + path;
    req.timeout = timeout;
    req.useProxy = false;
    if (std::string(method) == "PUT") req.headers.emplace_back("x-aws-ec2-metadata-token-ttl-seconds", "21600");
    else if (!token.empty()) req.headers.emplace_back("x-aws-ec2-metadata-token", token);
    for (int attempt = 1;; ++attempt) {
      try {
        http::Response r = ctx.http->send(req);
        if (r.status < 500 || attempt >= attempts) return r;
      } catch (const dsql::Error&) {
        if (attempt >= attempts) throw;
      }
    }
  }
};

int intEnv(const Environment& env, const char* name, int fallback) {
  auto v = env.nonEmpty(name);
  if (!v) return fallback;
  try {
    return std::max(1, std::stoi(*v));
  } catch (const std::exception&) {
    return fallback;
  }
}

// Token step. Returns false when IMDS is simply not there (connection refused / unreachable).
bool fetchToken(Imds& imds, bool v1Disabled) {
  try {
    http::Response r = imds.get("/latest/api/token", "PUT");
    if (r.status == 200) {
      imds.token = r.body;
      return true;
    }
    if (r.status == 400) throw dsql::Error("08001", imds.base + ": the token request was refused (HTTP 400)");
    if (r.status != 403 && r.status != 404 && r.status != 405)
      throw dsql::Error("08001", imds.base + ": the token request failed: HTTP " + std::to_string(r.status));
  } catch (const dsql::Error& e) {
    if (e.sqlstate() != "HYT00") throw;  // only a timeout falls back to v1 (hop-limit case)
  }
  if (v1Disabled)
    throw dsql::Error("28000", imds.base + ": no IMDSv2 token and AWS_EC2_METADATA_V1_DISABLED is set");
  dsql::log::debug("auth: IMDSv2 token unavailable, falling back to IMDSv1");
  return true;
}

void stabilize(Credentials& c, TimePoint now) {
  const auto window = std::chrono::minutes(15);
  if (!c.expiration || *c.expiration - now > window) return;
  static thread_local std::mt19937 rng{std::random_device{}()};
  std::uniform_int_distribution<int> extra(120, 600);
  c.expiration = now + window + std::chrono::seconds(extra(rng));
  dsql::log::warn("auth: EC2 instance metadata returned credentials about to expire; extending their use "
                  "(static stability) until the next refresh");
}

}  // namespace

std::optional<Credentials> loadImds(const ProviderContext& ctx, std::string& note) {
  const Environment& env = *ctx.env;
  if (env.flag("AWS_EC2_METADATA_DISABLED")) {
    note = "disabled by AWS_EC2_METADATA_DISABLED";
    return std::nullopt;
  }
  auto endpoint = env.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT");
  bool ipv6 = env.nonEmpty("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE").value_or("") == "IPv6";
  Imds imds{ctx, endpoint.value_or(ipv6 ? "http://[fd00:ec2::254]" : "http://169.254.169.254"),
            std::chrono::milliseconds(1000), 1, std::string()};
  while (!imds.base.empty() && imds.base.back() == '/') imds.base.pop_back();
  imds.timeout = std::chrono::milliseconds(1000 * intEnv(env, "AWS_METADATA_SERVICE_TIMEOUT", 1));
  imds.attempts = intEnv(env, "AWS_METADATA_SERVICE_NUM_ATTEMPTS", 1);
  const std::string where = "EC2 instance metadata at " + imds.base;
  try {
    fetchToken(imds, env.flag("AWS_EC2_METADATA_V1_DISABLED"));
    http::Response roles = imds.get("/latest/meta-data/iam/security-credentials/");
    if (roles.status == 404) {
      note = where + ": no IAM role attached to this instance";
      return std::nullopt;
    }
    if (roles.status != 200)
      throw dsql::Error("08001", where + ": role lookup failed: HTTP " + std::to_string(roles.status));
    std::string role = roles.body.substr(0, roles.body.find_first_of("\r\n"));
    if (role.empty()) {
      note = where + ": no IAM role attached to this instance";
      return std::nullopt;
    }
    http::Response r = imds.get("/latest/meta-data/iam/security-credentials/" + role);
    if (r.status != 200)
      throw dsql::Error("08001", where + ": credentials for role " + role + ": HTTP " + std::to_string(r.status));
    nlohmann::json j;
    Credentials c = credentialsFromJson(r.body, where, {"Token", true, true}, &j);
    if (j.contains("Code") && j["Code"].is_string() && j["Code"].get<std::string>() != "Success")
      credentialError(where + " reported a failure", "Code=" + safeSnippet(j["Code"].get<std::string>(), 60));
    stabilize(c, ctx.now());
    c.source = "imds";
    return c;
  } catch (const dsql::Error& e) {
    std::string msg = e.what();
    if (msg.find("EC2 instance metadata") == std::string::npos) msg = where + ": " + msg;
    if (endpoint) throw dsql::Error(e.sqlstate(), msg);  // configured on purpose: its failure is the answer
    // The default endpoint: off EC2 (or behind a filtering proxy) this is normal; move on.
    const std::string prefix = "EC2 instance metadata at ";
    note = msg.rfind(prefix, 0) == 0 ? msg.substr(prefix.size()) : msg;
    return std::nullopt;
  }
}

}  // namespace dsql::shim::auth
