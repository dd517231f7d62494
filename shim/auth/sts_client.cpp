// STS AssumeRole / AssumeRoleWithWebIdentity over HttpClient (see sts_client.h). Transport errors and
// 5xx are retried (3 attempts, 100/200 ms apart, as the SDKs' standard retry mode does); 4xx are the
// caller's problem and their STS Code/Message are passed through in a 28000 error.
#include "shim/auth/sts_client.h"

#include <tinyxml2.h>

#include <thread>

#include "shim/auth/sigv4.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {
namespace {

struct StsEndpoint {
  std::string url;           // scheme://authority
  std::string hostHeader;    // authority as signed and sent
  std::string signingRegion;
};

StsEndpoint stsEndpoint(const ProviderContext& ctx) {
  std::string region = serviceRegion(ctx);
  StsEndpoint e;
  e.url = endpointOverride(*ctx.env, "STS");
  if (e.url.empty()) {
    if (region.empty()) e.url = "https://sts.amazonaws.com";
    else if (region.rfind("cn-", 0) == 0) e.url = "https://sts." + region + ".amazonaws.com.cn";
    else e.url = "https://sts." + region + ".amazonaws.com";
  }
  e.signingRegion = region.empty() ? "us-east-1" : region;
  size_t start = e.url.find("://");
  start = start == std::string::npos ? 0 : start + 3;
  size_t end = e.url.find('/', start);
  e.hostHeader = e.url.substr(start, end == std::string::npos ? std::string::npos : end - start);
  return e;
}

const tinyxml2::XMLElement* child(const tinyxml2::XMLNode* n, const char* name) {
  return n ? n->FirstChildElement(name) : nullptr;
}

std::string text(const tinyxml2::XMLElement* e) {
  return e && e->GetText() ? std::string(e->GetText()) : std::string();
}

http::Response postWithRetry(const ProviderContext& ctx, const http::Request& req, const std::string& what) {
  for (int attempt = 1;; ++attempt) {
    try {
      http::Response r = ctx.http->send(req);
      if (r.status < 500 || attempt >= 3) return r;
    } catch (const dsql::Error& e) {
      if (attempt >= 3) throw dsql::Error(e.sqlstate(), what + " failed: " + e.what());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
  }
}

Credentials call(const ProviderContext& ctx, const std::string& action,
                 std::vector<std::pair<std::string, std::string>> params, const Credentials* signer) {
  params.emplace(params.begin(), "Action", action);
  params.emplace_back("Version", "2011-06-15");
  StsEndpoint ep = stsEndpoint(ctx);
  http::Request req;
  req.method = "POST";
  req.url = ep.url + "/";
  req.body = formEncode(params);
  req.timeout = ctx.options.stsTimeout;
  const std::string contentType = "application/x-www-form-urlencoded; charset=utf-8";
  req.headers = {{"Host", ep.hostHeader}, {"Content-Type", contentType}, {"Accept", "text/xml"}};
  if (signer) {
    sigv4::SignInput in;
    in.method = "POST";
    in.host = ep.hostHeader;
    in.headers = {{"Content-Type", contentType}};
    in.payloadHash = sigv4::sha256Hex(req.body);
    in.region = ep.signingRegion;
    in.service = "sts";
    in.time = ctx.now();
    sigv4::Signed s = sigv4::signHeaders(in, *signer);
    req.headers.insert(req.headers.end(), s.addedHeaders.begin(), s.addedHeaders.end());
    req.headers.emplace_back("Authorization", s.authorization);
  }
  std::string what = "STS " + action + " at " + http::urlForMessage(ep.url);
  dsql::log::debug("auth: " + what);
  http::Response r = postWithRetry(ctx, req, what);
  if (r.status != 200) {
    std::string err = parseStsError(r.body);
    if (err.empty()) err = "HTTP " + std::to_string(r.status) + " " + safeSnippet(r.body, 200);
    throw dsql::Error(r.status >= 500 ? "08001" : "28000", what + " failed: " + safeSnippet(err));
  }
  return parseStsCredentials(r.body, action + "Result");
}

}  // namespace

std::string formEncode(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (!out.empty()) out.push_back('&');
    out += sigv4::uriEncode(k) + "=" + sigv4::uriEncode(v);
  }
  return out;
}

std::string defaultSessionName(TimePoint now) {
  return "dsql-odbc-" + std::to_string(std::chrono::duration_cast<std::chrono::seconds>(
                                           now.time_since_epoch()).count());
}

Credentials parseStsCredentials(std::string_view xml, std::string_view result) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS)
    credentialError("STS returned an unreadable response", "not XML");
  const tinyxml2::XMLElement* root = doc.RootElement();
  std::string resultName(result);
  const auto* creds = child(child(root, resultName.c_str()), "Credentials");
  if (!creds) credentialError("STS returned an unexpected response", "no " + resultName + "/Credentials element");
  Credentials c;
  c.accessKeyId = text(child(creds, "AccessKeyId"));
  c.secretAccessKey = text(child(creds, "SecretAccessKey"));
  c.sessionToken = text(child(creds, "SessionToken"));
  std::string exp = text(child(creds, "Expiration"));
  if (!c.complete() || c.sessionToken.empty() || exp.empty())
    credentialError("STS returned incomplete credentials", "a required field is missing");
  c.expiration = parseIso8601(exp);
  if (!c.expiration) credentialError("STS returned an unreadable Expiration", exp);
  return c;
}

std::string parseStsError(std::string_view xml) {
  tinyxml2::XMLDocument doc;
  if (doc.Parse(xml.data(), xml.size()) != tinyxml2::XML_SUCCESS) return "";
  const auto* err = child(doc.RootElement(), "Error");
  if (!err) return "";
  std::string code = text(child(err, "Code")), message = text(child(err, "Message"));
  if (code.empty() && message.empty()) return "";
  return message.empty() ? code : code + ": " + message;
}

Credentials stsAssumeRole(const ProviderContext& ctx, const Credentials& source, const AssumeRoleParams& p) {
  std::vector<std::pair<std::string, std::string>> params{{"RoleArn", p.roleArn},
                                                          {"RoleSessionName", p.sessionName}};
  if (p.durationSeconds) params.emplace_back("DurationSeconds", std::to_string(*p.durationSeconds));
  if (!p.externalId.empty()) params.emplace_back("ExternalId", p.externalId);
  return call(ctx, "AssumeRole", std::move(params), &source);
}

Credentials stsAssumeRoleWithWebIdentity(const ProviderContext& ctx, const AssumeRoleParams& p,
                                         const std::string& token) {
  std::vector<std::pair<std::string, std::string>> params{
      {"RoleArn", p.roleArn}, {"RoleSessionName", p.sessionName}, {"WebIdentityToken", token}};
  if (p.durationSeconds) params.emplace_back("DurationSeconds", std::to_string(*p.durationSeconds));
  return call(ctx, "AssumeRoleWithWebIdentity", std::move(params), nullptr);
}

}  // namespace dsql::shim::auth
