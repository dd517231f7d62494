// dsql-odbc-doctor: checks a connection step by step and says which step fails and how to fix it.
// Usage and exit status in kUsage; the work is in doctor.cpp.
#include <iostream>
#include <string>

#include "shim/auth/aws_time.h"
#include "tools/doctor/doctor.h"

namespace {

const char* kUsage =
    "usage: dsql-odbc-doctor [--timeout SECONDS] [--signing-time YYYY-MM-DDTHH:MM:SSZ] \"DSN=name;Key=value;...\"\n"
    "\n"
    "Walks the steps of a dsql-odbc connect and prints what each found: the settings (secrets masked), AWS\n"
    "credentials (source used, sources tried), region, DNS, TCP, TLS, token signing, authentication and the\n"
    "server version, then a verdict naming the first failing step and its fix. The argument is a connection\n"
    "string as an application passes it (a bare name is a DSN). Exit status: 0 the connection works, 1 a\n"
    "step failed, 2 usage error.\n"
    "  --timeout S        bound on each network step (default: LoginTimeout, else 10 s)\n"
    "  --signing-time T   sign the token as of this UTC time (testing)\n";

}  // namespace

int main(int argc, char** argv) {
  dsql::doctor::Options o;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool hasValue = i + 1 < argc;
    if (a == "--help" || a == "-h") {
      std::cout << kUsage;
      return 0;
    } else if (a == "--timeout" && hasValue) {
      long s = std::strtol(argv[++i], nullptr, 10);
      if (s < 1 || s > 600) return std::cerr << "dsql-odbc-doctor: --timeout must be 1..600\n", 2;
      o.timeout = std::chrono::seconds(s);
    } else if (a == "--signing-time" && hasValue) {
      o.signingTime = dsql::shim::auth::parseIso8601(argv[++i]);
      if (!o.signingTime) return std::cerr << "dsql-odbc-doctor: bad --signing-time\n", 2;
    } else if (a.rfind("--", 0) != 0 && o.connectionString.empty()) {
      o.connectionString = a;
    } else {
      std::cerr << "dsql-odbc-doctor: unexpected argument '" << a << "'\n" << kUsage;
      return 2;
    }
  }
  if (o.connectionString.empty()) return std::cerr << kUsage, 2;
  try {
    return dsql::doctor::runDoctor(o, std::cout);
  } catch (const std::exception& e) {
    std::cerr << "dsql-odbc-doctor: " << e.what() << "\n";
    return 1;
  }
}
