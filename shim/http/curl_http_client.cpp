// libcurl implementation of HttpClient. Each call uses its own easy handle (no shared state, so any
// thread may call), CURLOPT_NOSIGNAL (timeouts without SIGALRM in a multi-threaded host), redirects off
// (credential endpoints never redirect, and following one could leak an Authorization header).
#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <mutex>

#include "shim/common/error.h"
#include "shim/common/log.h"
#include "shim/http/http_client.h"

namespace dsql::shim::http {
namespace {

std::once_flag g_curlInit;

size_t onBody(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  constexpr size_t kMaxBody = 1 << 20;  // credential responses are small; refuse to buffer unbounded data
  if (out->size() + size * n > kMaxBody) return 0;
  out->append(data, size * n);
  return size * n;
}

size_t onHeader(char* data, size_t size, size_t n, void* user) {
  auto* out = static_cast<Headers*>(user);
  std::string_view line(data, size * n);
  size_t colon = line.find(':');
  if (colon != std::string_view::npos) {
    std::string_view value = line.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
    while (!value.empty() && (value.back() == '\r' || value.back() == '\n' || value.back() == ' '))
      value.remove_suffix(1);
    out->emplace_back(std::string(line.substr(0, colon)), std::string(value));
  }
  return size * n;
}

struct EasyHandle {
  CURL* h = curl_easy_init();
  curl_slist* headers = nullptr;
  ~EasyHandle() {
    if (headers) curl_slist_free_all(headers);
    if (h) curl_easy_cleanup(h);
  }
};

void configure(EasyHandle& e, const Request& r, Response& resp, char* errbuf) {
  CURL* h = e.h;
  curl_easy_setopt(h, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
  curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
  auto connect = r.connectTimeout.count() > 0 ? r.connectTimeout : r.timeout;
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(connect.count()));
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  if (!r.useProxy) curl_easy_setopt(h, CURLOPT_NOPROXY, "*");
  if (r.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, r.method.c_str());
    if (r.method != "HEAD") {
      curl_easy_setopt(h, CURLOPT_POSTFIELDS, r.body.data());
      curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
    }
  }
  e.headers = curl_slist_append(e.headers, "Expect:");  // no 100-continue round trip
  for (const auto& [name, value] : r.headers) {
    std::string line = name + ": " + value;
    e.headers = curl_slist_append(e.headers, line.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, e.headers);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, onBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &resp.body);
  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, onHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &resp.headers);
}

}  // namespace

std::string Response::header(std::string_view name) const {
  for (const auto& [k, v] : headers) {
    if (k.size() == name.size() &&
        std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
        }))
      return v;
  }
  return "";
}

std::string urlForMessage(std::string_view url) {
  size_t q = url.find_first_of("?#");
  return std::string(url.substr(0, q));
}

Response CurlHttpClient::send(const Request& r) {
  std::call_once(g_curlInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  EasyHandle e;
  if (!e.h) throw dsql::Error("HY001", "cannot allocate an HTTP handle");
  Response resp;
  char errbuf[CURL_ERROR_SIZE] = {0};
  configure(e, r, resp, errbuf);
  dsql::log::debug("http: " + r.method + " " + urlForMessage(r.url));
  CURLcode rc = curl_easy_perform(e.h);
  if (rc != CURLE_OK) {
    std::string detail = errbuf[0] ? errbuf : curl_easy_strerror(rc);
    std::string what = r.method + " " + urlForMessage(r.url);
    if (rc == CURLE_OPERATION_TIMEDOUT)
      throw dsql::Error("HYT00", "HTTP request timed out after " + std::to_string(r.timeout.count()) +
                                     " ms: " + what + " (" + detail + ")");
    throw dsql::Error("08001", "HTTP request failed: " + what + " (" + detail + ")");
  }
  curl_easy_getinfo(e.h, CURLINFO_RESPONSE_CODE, &resp.status);
  return resp;
}

std::shared_ptr<HttpClient> defaultHttpClient() {
  static std::shared_ptr<HttpClient> client = std::make_shared<CurlHttpClient>();
  return client;
}

}  // namespace dsql::shim::http
