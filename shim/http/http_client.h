// A thin HTTP client behind an interface, so credential providers can be unit-tested and the libcurl
// details stay in one file. Transport failures throw dsql::Error: "HYT00" for a timeout, "08001" for
// anything else (refused, unresolvable, TLS). An HTTP error status is NOT an exception: callers decide.
// Messages name the method and the URL without its query string (queries may carry tokens).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dsql::shim::http {

using Headers = std::vector<std::pair<std::string, std::string>>;

struct Request {
  std::string method = "GET";
  std::string url;
  Headers headers;
  std::string body;
  std::chrono::milliseconds timeout{5000};          // whole transfer
  std::chrono::milliseconds connectTimeout{0};      // 0: same as timeout
  bool useProxy = true;  // metadata endpoints (IMDS, container) must never go through a proxy
};

struct Response {
  long status = 0;
  Headers headers;  // names as received
  std::string body;
  std::string header(std::string_view name) const;  // case-insensitive; "" if absent
};

class HttpClient {
 public:
  virtual ~HttpClient() = default;
  virtual Response send(const Request& request) = 0;
};

// libcurl-backed client; thread-safe (one easy handle per call).
class CurlHttpClient : public HttpClient {
 public:
  Response send(const Request& request) override;
};

std::shared_ptr<HttpClient> defaultHttpClient();

// "http://host:port/path?query" -> "http://host:port/path" (safe to put into messages and logs).
std::string urlForMessage(std::string_view url);

}  // namespace dsql::shim::http
