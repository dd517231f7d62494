// What a connect does with the merged settings, decided in one place: whether the server is DSQL, whether
// the password is a freshly signed IAM token, the role, the TLS mode and CA bundle, and the libpq keyword
// list. The driver's Connection and the connection doctor (tools/doctor) both read it, so the doctor walks
// exactly the steps a connect takes.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "driver/config/settings.h"
#include "shim/auth/connect_token.h"

namespace dsql::driver {

struct ConnectPlan {
  std::string server;       // as configured (endpoint, bare cluster id or PostgreSQL host)
  bool dsql = false;        // DSQL behaviour (ServerType, else the host name or AuthMode=iam)
  bool iam = false;         // the password is a DSQL token signed at this connect
  std::string user;         // UID; "admin" by default on DSQL
  std::string sslmode;      // SSLMode, else verify-full on DSQL, prefer on PostgreSQL
  std::string sslRootCert;  // SSLRootCert, else the system bundle on DSQL (when present)
  shim::auth::ConnectTokenRequest tokenRequest;  // filled when iam
};

// Debian's system trust store; libpq 15 has no sslrootcert=system, so the path is named.
inline constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

// Throws 08001 when no server is given. Settings must have been validated.
ConnectPlan planConnect(const Settings& settings);

// libpq keywords for `plan`: `host` is the name to connect to and verify (the signed endpoint name under
// IAM), `password` the token or PWD, `timeoutSeconds` the login timeout (0 = none).
std::vector<std::pair<std::string, std::string>> libpqParams(const ConnectPlan& plan, const Settings& settings,
                                                             const std::string& host, const std::string& password,
                                                             long timeoutSeconds);

}  // namespace dsql::driver
