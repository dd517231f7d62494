// The doctor's walk (see doctor.h): settings, credentials, region, token signing and the verdict here;
// the network steps and the login in doctor_network.cpp.
#include "tools/doctor/doctor_steps.h"

#include <iomanip>

#include "shim/auth/aws_config.h"
#include "shim/auth/credential_chain.h"
#include "shim/auth/dsql_token.h"
#include "shim/common/error.h"
#include "shim/http/http_client.h"

namespace dsql::doctor {
namespace auth = dsql::shim::auth;

namespace {

const char* label(Status s) {
  switch (s) {
    case Status::Ok: return "[ ok ]";
    case Status::Warn: return "[warn]";
    case Status::Fail: return "[FAIL]";
    case Status::Skip: return "[skip]";
  }
  return "";
}

// An access key id is not a secret, but only its ends are needed to recognise it.
std::string maskKeyId(const std::string& id) {
  return id.size() > 8 ? id.substr(0, 4) + "..." + id.substr(id.size() - 4) : std::string("***");
}

std::string whenExpires(const auth::Credentials& c, auth::TimePoint now) {
  if (!c.expiration) return "long-term keys (no expiry)";
  auto left = std::chrono::duration_cast<std::chrono::minutes>(*c.expiration - now).count();
  return "temporary credentials, expire " + auth::iso8601(*c.expiration) +
         (left >= 0 ? " (in " + std::to_string(left) + " min)" : " (already expired)");
}

}  // namespace

void Doctor::line(std::string_view step, Status status, const std::string& detail) {
  out_ << label(status) << ' ' << std::left << std::setw(16) << step << detail << '\n';
}

void Doctor::fail(std::string_view step, const std::string& detail, const std::string& problem,
                  const std::string& fix, std::string_view blame) {
  line(step, Status::Fail, detail);
  if (!failure_) failure_ = Failure{std::string(blame.empty() ? step : blame), problem, fix};
}

std::chrono::milliseconds Doctor::timeout() const {
  if (options_.timeout.count() > 0) return options_.timeout;
  long login = settings_.getInt("LoginTimeout");
  return std::chrono::seconds(login > 0 ? login : 10);
}

bool Doctor::stepSettings() {
  std::string dsn;
  try {
    std::string text = options_.connectionString;
    if (text.find('=') == std::string::npos) text = "DSN=" + text;  // a bare DSN name
    auto entries = driver::parseConnectionString(text);
    for (const auto& e : entries)  // as SQLDriverConnect: the DSN's keys first, the string's win
      if (driver::findConnectionKey(e.key) == driver::findConnectionKey("DSN") && !e.value.empty()) {
        dsn = e.value;
        settings_.loadDsn(dsn);
      }
    settings_.apply(entries);
    for (const auto& w : settings_.validate()) line("settings", Status::Warn, w + " (the default is used)");
    plan_ = driver::planConnect(settings_);
  } catch (const dsql::Error& e) {
    bool missing = !dsn.empty() && driver::readOdbcIni(dsn, "Driver").empty();
    fail("settings", e.what(), missing ? "there is no DSN named '" + dsn + "'" : e.what(),
         missing ? "define it in odbc.ini (`odbcinst -q -s` lists the DSNs; ODBCINI names the file)"
                 : "correct the connection string or the DSN's keys (odbc.ini.sample lists them)");
    return false;
  }
  line("settings", Status::Ok, settings_.forLog());
  std::string what = std::string(plan_.dsql ? "Aurora DSQL" : "PostgreSQL") + ", " +
                     (plan_.iam ? "IAM token" : "password") + " authentication as " +
                     (plan_.user.empty() ? "(libpq default user)" : plan_.user) + ", sslmode " + plan_.sslmode +
                     (plan_.sslRootCert.empty() ? "" : ", CA bundle " + plan_.sslRootCert);
  line("", Status::Ok, what);
  host_ = plan_.server;
  return true;
}

void Doctor::stepCredentials() {
  const auth::Environment& env = auth::processEnvironment();
  const auth::ConnectTokenRequest& req = plan_.tokenRequest;
  auth::AwsConfig config;
  auth::ProviderContext pc;
  try {
    config = auth::loadAwsConfig(env);
  } catch (const dsql::Error& e) {
    fail("credentials", e.what(), "the AWS config files cannot be read", "fix the file named in the message");
    return;
  }
  pc.env = &env;
  pc.http = shim::http::defaultHttpClient().get();
  pc.config = &config;
  pc.profile = auth::selectProfile(env, req.profile);
  pc.explicitProfile = !req.profile.empty();
  pc.explicitKeys = {req.accessKeyId, req.secretAccessKey, req.sessionToken, std::nullopt, ""};
  std::string tried;
  for (const auth::ChainRow& row : auth::defaultChain()) {  // the driver's chain, walked row by row
    std::string note;
    try {
      if (std::optional<auth::Credentials> c = row.load(pc, note)) {
        credentialSource_ = c->source;
        auth::TimePoint now = options_.signingTime.value_or(std::chrono::system_clock::now());
        std::string detail = "from " + c->source + " (key " + maskKeyId(c->accessKeyId) + ", " + whenExpires(*c, now) + ")";
        if (c->expiration && *c->expiration <= now)
          return fail("credentials", detail, "the AWS credentials from " + c->source + " have expired (expired token)",
                      "refresh them (a new session token, `aws sso login`, a new role session) and try again");
        line("credentials", Status::Ok, detail);
        if (!tried.empty()) line("", Status::Ok, "not configured before it:" + tried);
        credentialsOk_ = true;
        return;
      }
    } catch (const dsql::Error& e) {
      return fail("credentials", std::string(row.name) + " is configured but failed: " + e.what(),
                  "the " + std::string(row.name) + " credential source failed",
                  "fix that source (the message says how), or unset it to fall through to the next one");
    }
    tried += "\n" + std::string(23, ' ') + "- " + std::string(row.name) + ": " + note;
  }
  fail("credentials", "none found for profile '" + pc.profile + "'; tried:" + tried, "no AWS credentials were found",
       "set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), or AWS_PROFILE with `aws configure` "
       "/ `aws sso login`, or run where a role is attached");
}

void Doctor::stepRegion() {
  const auth::Environment& env = auth::processEnvironment();
  const auth::ConnectTokenRequest& req = plan_.tokenRequest;
  std::string h = auth::normalizeHost(req.host);
  std::optional<std::string> named = auth::regionFromHost(h);
  try {
    auth::Endpoint ep = auth::resolveEndpoint(req.host, req.region, env);
    host_ = ep.hostname;
    region_ = ep.region;
  } catch (const dsql::Error& e) {
    return fail("region", e.what(), "the AWS region is unknown",
                "give the full endpoint name <cluster>.dsql.<region>.on.aws, or set the Region key or AWS_REGION");
  }
  regionSource_ = named ? "the endpoint name" : !req.region.empty() ? "the Region key"
                  : env.nonEmpty("AWS_REGION") ? "AWS_REGION" : "AWS_DEFAULT_REGION";
  regionOk_ = true;
  line("region", Status::Ok, region_ + " (from " + regionSource_ + ")" +
                                 (auth::isClusterId(h) ? "; endpoint " + host_ + " built from the cluster id" : ""));
  if (named && !req.region.empty() && req.region != *named)
    line("", Status::Warn, "the Region key says " + req.region + "; the endpoint's own region is used");
}

void Doctor::stepToken() {
  auth::ConnectTokenRequest req = plan_.tokenRequest;
  req.signingTime = options_.signingTime;
  auth::AuthContext context;
  context.cache = nullptr;  // what the chain answers now, not what this process cached
  try {
    auth::ConnectToken t = auth::makeConnectToken(req, context);  // the driver's signer, unchanged
    password_ = t.token;
    tokenOk_ = true;
    line("token", Status::Ok, std::string(auth::actionName(auth::actionForUser(req.user, req.admin))) +
                                  " token for " + t.hostname + " in " + t.region + ", valid up to " +
                                  std::to_string(settings_.getInt("TokenExpiration")) + " s, " +
                                  std::to_string(t.token.size()) + " characters (not shown)");
  } catch (const dsql::Error& e) {
    fail("token", e.what(), "the token could not be signed", "see the message; the credentials step says more");
  }
}

int Doctor::run() {
  out_ << "dsql-odbc-doctor " << DSQL_DRIVER_VERSION << ": checking each step of a connect\n";
  if (stepSettings()) {
    if (plan_.iam) {
      stepCredentials();
      stepRegion();
    } else {
      line("credentials", Status::Skip, "not used: password authentication (PWD)");
      line("region", Status::Skip, "not used: password authentication");
    }
    stepDns();
    if (!addresses_.empty()) stepTcp();
    if (tcpOk_) stepTls();
    if (!plan_.iam)
      password_ = settings_.get("PWD");
    else if (credentialsOk_ && regionOk_)
      stepToken();
    else
      line("token", Status::Skip, "not signed: no usable credentials or region");
    if (tlsOk_ && (tokenOk_ || !plan_.iam))
      stepAuthentication();
    else
      line("authentication", Status::Skip, "not tried: an earlier step failed");
  }
  return verdict();
}

int Doctor::verdict() {
  if (!failure_) {
    out_ << "verdict: OK - the connection works\n";
    return 0;
  }
  out_ << "verdict: FAIL at " << failure_->step << ": " << failure_->problem << ". Fix: " << failure_->fix << '\n';
  return 1;
}

int runDoctor(const Options& options, std::ostream& out) {
  Doctor d(options, out);
  return d.run();
}

}  // namespace dsql::doctor
