// The connect decisions (see connect_plan.h).
#include "driver/config/connect_plan.h"

#include <algorithm>
#include <chrono>
#include <filesystem>

#include "shim/common/error.h"

namespace dsql::driver {

ConnectPlan planConnect(const Settings& s) {
  ConnectPlan p;
  p.server = s.get("Server");
  if (p.server.empty()) throw Error("08001", "No server given: set Server (or Host) in the DSN or connection string");
  std::string serverType = s.get("ServerType");
  std::string authMode = s.get("AuthMode");
  p.dsql = serverType == "dsql" || (serverType == "auto" && (shim::auth::isDsqlHost(p.server) || authMode == "iam"));
  p.iam = authMode == "iam" || (authMode == "auto" && p.dsql && !s.has("PWD"));
  p.user = s.get("UID");
  if (p.user.empty() && p.dsql) p.user = "admin";  // DSQL's default role (docs/dsql-behaviour.md §6)
  p.sslmode = s.get("SSLMode");
  if (p.sslmode.empty()) p.sslmode = p.dsql ? "verify-full" : "prefer";
  p.sslRootCert = s.get("SSLRootCert");
  if (p.sslRootCert.empty() && p.dsql && std::filesystem::exists(kSystemCaBundle)) p.sslRootCert = kSystemCaBundle;
  if (p.iam) {
    shim::auth::ConnectTokenRequest& req = p.tokenRequest;
    req.host = p.server;
    req.region = s.get("Region");
    req.user = p.user;
    req.expiresIn = std::chrono::seconds(s.getInt("TokenExpiration"));
    req.profile = s.get("Profile");
    req.accessKeyId = s.get("AccessKeyId");
    req.secretAccessKey = s.get("SecretAccessKey");
    req.sessionToken = s.get("SessionToken");
  }
  return p;
}

std::vector<std::pair<std::string, std::string>> libpqParams(const ConnectPlan& plan, const Settings& s,
                                                             const std::string& host, const std::string& password,
                                                             long timeoutSeconds) {
  std::vector<std::pair<std::string, std::string>> p;
  p.emplace_back("host", host);
  if (s.has("HostAddr")) p.emplace_back("hostaddr", s.get("HostAddr"));
  p.emplace_back("port", s.get("Port"));
  p.emplace_back("dbname", s.get("Database"));
  if (!plan.user.empty()) p.emplace_back("user", plan.user);
  if (!password.empty()) p.emplace_back("password", password);
  p.emplace_back("sslmode", plan.sslmode);
  if (!plan.sslRootCert.empty()) p.emplace_back("sslrootcert", plan.sslRootCert);
  p.emplace_back("gssencmode", "disable");  // no GSS round trip: DSQL and our PostgreSQL use TLS
  // libpq treats connect_timeout values below 2 as 2; say so rather than let it differ silently.
  if (timeoutSeconds > 0) p.emplace_back("connect_timeout", std::to_string(std::max(2L, timeoutSeconds)));
  std::string app = s.get("ApplicationName");
  p.emplace_back("application_name", app.empty() ? std::string("dsql-odbc/") + DSQL_DRIVER_VERSION : app);
  // DSQL is always UTF-8 and refuses unexpected startup parameters (docs/dsql-behaviour.md §2): send none there.
  if (!plan.dsql) p.emplace_back("client_encoding", "UTF8");
  return p;
}

}  // namespace dsql::driver
