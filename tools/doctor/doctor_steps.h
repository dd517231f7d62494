// The doctor's state as it walks the steps (internal to tools/doctor). Each step prints one line group;
// the first failure is kept for the verdict, with the step the fix belongs to (which may be an earlier
// step than the one that noticed: a DNS miss for an endpoint built from the Region key is a region fault).
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "driver/config/connect_plan.h"
#include "driver/config/settings.h"
#include "shim/auth/connect_token.h"
#include "tools/doctor/doctor.h"
#include "tools/doctor/net_probe.h"

namespace dsql::doctor {

enum class Status { Ok, Warn, Fail, Skip };

class Doctor {
 public:
  Doctor(const Options& options, std::ostream& out) : options_(options), out_(out) {}
  int run();

 private:
  // doctor.cpp: settings, credentials, region, token, verdict
  bool stepSettings();
  void stepCredentials();
  void stepRegion();
  void stepToken();
  int verdict();
  // doctor_network.cpp: DNS, TCP, TLS, authentication and server version
  void stepDns();
  void stepTcp();
  void stepTls();
  void stepAuthentication();
  void explainAuthFailure(const std::string& message);

  void line(std::string_view step, Status status, const std::string& detail);
  void fail(std::string_view step, const std::string& detail, const std::string& problem, const std::string& fix,
            std::string_view blame = {});
  std::chrono::milliseconds timeout() const;
  bool regionFromName() const { return regionSource_ == "the endpoint name"; }

  Options options_;
  std::ostream& out_;
  driver::Settings settings_;
  driver::ConnectPlan plan_;
  std::string host_;          // the name connected to, verified by TLS and signed for
  std::string regionSource_;  // where the signing region came from
  std::string region_;
  std::string credentialSource_;
  bool credentialsOk_ = false, regionOk_ = false;
  std::vector<std::string> addresses_;
  Socket socket_;
  bool tcpOk_ = false, tlsOk_ = false;
  std::string password_;      // the signed token or PWD (never printed)
  bool tokenOk_ = false;
  struct Failure {
    std::string step, problem, fix;
  };
  std::optional<Failure> failure_;
};

}  // namespace dsql::doctor
