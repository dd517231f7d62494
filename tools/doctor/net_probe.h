// The doctor's network probes: name resolution, a TCP connect, and the TLS handshake a PostgreSQL client
// makes (SSLRequest, then TLS with SNI), with OpenSSL directly. They live in the tool rather than going
// through libpq because libpq reports all three as one failed connect; separately they say which one
// failed and show what the server presented (certificate subject, names, issuer, verification result).
// The connect itself (authentication) still goes through the driver's pg layer.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace dsql::doctor {

struct DnsResult {
  bool ok = false;
  std::vector<std::string> addresses;  // numeric, in getaddrinfo's order
  std::string error;                   // gai_strerror text
};
DnsResult resolveHost(const std::string& host, const std::string& port);

// A connected socket (closed by the destructor).
class Socket {
 public:
  Socket() = default;
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket();
  Socket(Socket&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Socket& operator=(Socket&& o) noexcept;
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

struct TcpResult {
  bool ok = false;
  std::string address;  // the address that answered (or the last one tried)
  long millis = 0;
  std::string error;    // "connection refused", "timed out after 5 s", ...
};
// Tries each address in turn until one accepts, each bounded by `timeout`.
TcpResult connectTcp(const std::vector<std::string>& addresses, const std::string& port,
                     std::chrono::milliseconds timeout, Socket& out);

struct TlsResult {
  bool offered = false;        // the server answered SSLRequest with 'S'
  bool handshake = false;      // the TLS handshake completed
  bool chainVerified = false;  // the certificate chains to a CA in the bundle
  bool nameMatches = false;    // the certificate names `host`
  std::string protocol, cipher;
  std::string subject, issuer, notAfter;
  std::vector<std::string> names;  // subjectAltName DNS/IP entries
  std::string verifyError;         // OpenSSL's reason when the chain is not verified
  std::string error;               // a failure before or during the handshake
};
// Sends PostgreSQL's SSLRequest on `sock` and, when accepted, makes a TLS handshake with SNI `host`
// (unless it is an IP address), verifying against `caFile` ("" = no CA bundle given).
// The socket's timeouts (set by connectTcp) bound the wait for the answer and the handshake.
TlsResult probeTls(const Socket& sock, const std::string& host, const std::string& caFile);

}  // namespace dsql::doctor
