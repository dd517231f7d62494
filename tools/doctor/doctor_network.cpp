// The doctor's network steps (DNS, TCP, TLS) and the login through the driver's pg layer, with the
// libpq keywords the driver itself would use (driver/config/connect_plan.h).
#include <algorithm>
#include <cctype>
#include <filesystem>

#include "driver/pg/pg.h"
#include "tools/doctor/doctor_steps.h"

namespace dsql::doctor {
namespace {

bool contains(std::string text, std::string_view what) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::tolower(c); });
  return text.find(what) != std::string::npos;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

// libpq's own default CA file for verify-ca/verify-full when sslrootcert is not given.
std::string defaultRootCert() {
  const char* home = std::getenv("HOME");
  std::string path = std::string(home ? home : "") + "/.postgresql/root.crt";
  return std::filesystem::exists(path) ? path : "";
}

}  // namespace

void Doctor::stepDns() {
  if (settings_.has("HostAddr")) {
    addresses_ = {settings_.get("HostAddr")};
    line("dns", Status::Skip, "HostAddr=" + addresses_[0] + " given: " + host_ +
                                  " is not resolved (it is still the TLS and signing name)");
    return;
  }
  DnsResult r = resolveHost(host_, settings_.get("Port"));
  if (r.ok) {
    addresses_ = r.addresses;
    return line("dns", Status::Ok, host_ + " -> " + join(r.addresses));
  }
  std::string detail = host_ + " does not resolve: " + r.error;
  if (plan_.iam && regionOk_ && !regionFromName())
    return fail("dns", detail, "no cluster endpoint " + host_ + ": region " + region_ + " (from " + regionSource_ +
                                   ") is probably not the cluster's region",
                "set Region to the cluster's region, or give its full endpoint name", "region");
  fail("dns", detail, "the server name does not resolve",
       "check Server (the cluster endpoint is shown by `aws dsql get-cluster`) and this machine's DNS");
}

void Doctor::stepTcp() {
  TcpResult r = connectTcp(addresses_, settings_.get("Port"), timeout(), socket_);
  std::string where = r.address + " port " + settings_.get("Port");
  if (r.ok) {
    tcpOk_ = true;
    return line("tcp", Status::Ok, "connected to " + where + " in " + std::to_string(r.millis) + " ms");
  }
  fail("tcp", "cannot connect to " + where + ": " + r.error, "the server is unreachable (" + r.error + ")",
       "check Server, Port (DSQL: 5432) and HostAddr, that the cluster is active, and that outbound "
       "TCP to it is allowed (firewall, security group, proxy)");
}

void Doctor::stepTls() {
  if (plan_.sslmode == "disable") {
    tlsOk_ = true;
    return line("tls", plan_.dsql ? Status::Warn : Status::Skip, "sslmode=disable: no TLS (DSQL requires it)");
  }
  bool verify = plan_.sslmode == "verify-ca" || plan_.sslmode == "verify-full";
  std::string ca = !plan_.sslRootCert.empty() ? plan_.sslRootCert : defaultRootCert();
  TlsResult r = probeTls(socket_, host_, ca);
  const std::string sslFix = "check Port, and SSLMode (DSQL needs TLS)";
  if (!r.error.empty()) return fail("tls", "TLS failed: " + r.error, "the TLS handshake failed", sslFix);
  if (!r.offered) {
    bool needed = plan_.sslmode != "prefer" && plan_.sslmode != "allow";
    if (needed) return fail("tls", "the server does not offer TLS", "the server refuses TLS", sslFix);
    tlsOk_ = true;
    return line("tls", Status::Warn, "the server does not offer TLS: sslmode=" + plan_.sslmode + " goes on in plaintext");
  }
  line("tls", Status::Ok, r.protocol + " (" + r.cipher + "), certificate subject " + r.subject);
  line("", Status::Ok, "issuer " + r.issuer + ", names " + join(r.names) + ", valid until " + r.notAfter);
  std::string chain = r.chainVerified ? "chain verified against " + ca
                      : ca.empty()    ? "chain not verified: no CA bundle given (SSLRootCert)"
                                      : "chain NOT verified against " + ca + ": " + r.verifyError;
  std::string name = r.nameMatches ? "the certificate names " + host_ : "the certificate does not name " + host_;
  if (verify && !r.chainVerified)
    return fail("tls", chain, "the server's certificate is not trusted (sslmode=" + plan_.sslmode + ")",
                "set SSLRootCert to the CA bundle that signed it (DSQL: the system store " +
                    std::string(driver::kSystemCaBundle) + ", package ca-certificates)");
  if (plan_.sslmode == "verify-full" && !r.nameMatches)
    return fail("tls", name, "the certificate is for another name than " + host_,
                "Server must be a name on the certificate (" + join(r.names) + "); use HostAddr to reach it by address");
  tlsOk_ = true;
  line("", verify ? Status::Ok : Status::Warn,
       verify ? chain + (plan_.sslmode == "verify-full" ? "; " + name : "")
              : "not verified (sslmode=" + plan_.sslmode + "): " + chain + "; " + name);
}

void Doctor::stepAuthentication() {
  driver::pg::Connection conn;
  long seconds = static_cast<long>(std::chrono::duration_cast<std::chrono::seconds>(timeout()).count());
  try {
    conn.open(driver::libpqParams(plan_, settings_, host_, password_, seconds), {password_});
  } catch (const dsql::Error& e) {
    return explainAuthFailure(e.what());
  }
  line("authentication", Status::Ok, "logged in as " + (plan_.user.empty() ? std::string("(default)") : plan_.user));
  std::string version = conn.parameterStatus("server_version");
  line("server", Status::Ok, "PostgreSQL protocol, server_version " + version + ", database " + settings_.get("Database"));
  conn.close();
}

void Doctor::explainAuthFailure(const std::string& message) {
  std::string detail = message;
  while (!detail.empty() && detail.back() == '\n') detail.pop_back();
  if (plan_.iam && contains(message, "expired"))
    return fail("authentication", detail, "the server refused the token as expired (expired token)",
                "the token must reach the server within TokenExpiration seconds of signing: check this machine's "
                "clock (timedatectl) and TokenExpiration");
  if (plan_.iam && contains(message, "access denied")) {
    if (!regionFromName())
      return fail("authentication", detail,
                  "access denied for a token signed for region " + region_ + " (from " + regionSource_ +
                      ", as the Server value names no region): the cluster is probably in another region",
                  "give the full endpoint name <cluster>.dsql.<region>.on.aws, or set Region to the cluster's region",
                  "region");
    return fail("authentication", detail, "access denied: the server refused the signed token",
                "the identity from " + credentialSource_ + " needs IAM permission dsql:" +
                    (plan_.user == "admin" ? "DbConnectAdmin" : "DbConnect (and `AWS IAM GRANT` to the role)") +
                    " on this cluster; check the credentials are the intended ones and the cluster id is right");
  }
  if (contains(message, "password authentication failed"))
    return fail("authentication", detail, "the password was refused", "check UID and PWD");
  if (contains(message, "does not exist"))
    return fail("authentication", detail, "the database or role does not exist",
                "check Database (DSQL has only postgres) and UID");
  fail("authentication", detail, "the server refused the connection", "see the server's message above");
}

}  // namespace dsql::doctor
