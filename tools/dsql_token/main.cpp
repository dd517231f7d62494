// dsql-token: prints a DSQL IAM token for psql users and support engineers
// (`PGPASSWORD=$(dsql-token --hostname H) psql ...`), using the same credential chain as the driver.
// The token alone goes to stdout; errors go to stderr with exit status 1 (2 for usage errors).
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

#include "shim/auth/aws_time.h"
#include "shim/auth/connect_token.h"
#include "shim/common/error.h"

namespace {

const char* kUsage =
    "usage: dsql-token --hostname H [--region R] [--admin | --user U] [--expires-in SECONDS]\n"
    "                  [--profile P] [--signing-time YYYY-MM-DDTHH:MM:SSZ]\n"
    "\n"
    "Prints an Aurora DSQL IAM authentication token (the password) on stdout.\n"
    "  --hostname H       cluster endpoint (<id>.dsql.<region>.on.aws) or bare 26-character cluster id\n"
    "  --region R         AWS region; default: from the host name, else AWS_REGION / AWS_DEFAULT_REGION\n"
    "  --admin            sign for DbConnectAdmin (the admin role); same as --user admin\n"
    "  --user U           database role; 'admin' -> DbConnectAdmin, others -> DbConnect (default: admin)\n"
    "  --expires-in S     token lifetime in seconds, 1..604800 (default 900; never beyond the credentials)\n"
    "  --profile P        AWS profile (default: AWS_PROFILE, else 'default')\n"
    "  --signing-time T   sign as of this UTC time instead of now (testing)\n"
    "Credentials come from the AWS default chain: environment, shared config/credentials files (profiles,\n"
    "role_arn, credential_process, SSO), web identity, container and EC2 instance metadata.\n";

int usage(const std::string& problem) {
  std::cerr << "dsql-token: " << problem << "\n" << kUsage;
  return 2;
}

// Parses argv into `req`. Returns -1 to proceed, else the exit status (0 after --help, 2 on misuse).
int parseArgs(int argc, char** argv, dsql::shim::auth::ConnectTokenRequest& req) {
  req.user = "admin";  // DSQL's default role (docs/dsql-behaviour.md §6)
  bool userGiven = false, adminGiven = false;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i], v;
    auto value = [&](std::string& out) {
      if (i + 1 >= argc) return false;
      out = argv[++i];
      return true;
    };
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--admin") {
      adminGiven = req.admin = true;
    } else if (a == "--hostname" || a == "--host" || a == "--region" || a == "--user" || a == "--profile") {
      std::string& target = a == "--region" ? req.region : a == "--user" ? req.user
                          : a == "--profile" ? req.profile : req.host;
      if (!value(target)) return usage(a + " needs a value");
      userGiven = userGiven || a == "--user";
    } else if (a == "--expires-in") {
      if (!value(v)) return usage(a + " needs a value");
      char* end = nullptr;
      long long secs = std::strtoll(v.c_str(), &end, 10);
      if (v.empty() || *end || secs < 1 || secs > 604800) return usage("--expires-in must be 1..604800");
      req.expiresIn = std::chrono::seconds(secs);
    } else if (a == "--signing-time") {
      if (!value(v)) return usage(a + " needs a value");
      req.signingTime = dsql::shim::auth::parseIso8601(v);
      if (!req.signingTime) return usage("--signing-time must look like 2024-11-07T17:39:33Z");
    } else {
      return usage("unknown argument '" + a + "'");
    }
  }
  if (req.host.empty()) return usage("--hostname is required");
  if (adminGiven && userGiven && req.user != "admin") return usage("--admin and --user are exclusive");
  return -1;
}

}  // namespace

int main(int argc, char** argv) {
  dsql::shim::auth::ConnectTokenRequest req;
  if (int rc = parseArgs(argc, argv, req); rc >= 0) return rc;
  try {
    std::cout << dsql::shim::auth::makeConnectToken(req).token << "\n";
    return 0;
  } catch (const dsql::Error& e) {
    std::cerr << "dsql-token: " << e.what() << " (SQLSTATE " << e.sqlstate() << ")\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "dsql-token: " << e.what() << "\n";
    return 1;
  }
}
