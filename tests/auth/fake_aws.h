// Test helper: a loopback fake of the AWS endpoints the credential chain calls (IMDS, container
// credentials, STS, SSO portal), implemented in tests/auth/fake_aws_server.py and run as a child process.
// Behaviour is switched per test through POST /__control; GET /__requests returns what was received.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>
#include <string>

#include "shim/http/http_client.h"

namespace dsql::test {

class FakeAws {
 public:
  FakeAws();   // starts the server (resets all settings)
  ~FakeAws();  // stops it
  FakeAws(const FakeAws&) = delete;
  FakeAws& operator=(const FakeAws&) = delete;

  const std::string& base() const { return base_; }  // http://127.0.0.1:<port>
  int port() const { return port_; }
  void configure(const nlohmann::json& settings);  // merged into the server's settings; {"reset": true} resets
  nlohmann::json requests();                       // [{method, path, headers{lower-case}, body}, ...]

 private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  int port_ = 0;
  std::string base_;
  shim::http::CurlHttpClient http_;
};

}  // namespace dsql::test
