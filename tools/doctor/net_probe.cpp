// DNS, TCP and TLS probes for the doctor (see net_probe.h). Every wait is bounded: connect() by poll(),
// the SSLRequest answer and the handshake by socket receive/send timeouts.
#include "tools/doctor/net_probe.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <utility>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

namespace dsql::doctor {
namespace {

bool isIpAddress(const std::string& host) {
  unsigned char buf[16];
  return inet_pton(AF_INET, host.c_str(), buf) == 1 || inet_pton(AF_INET6, host.c_str(), buf) == 1;
}

void setTimeouts(int fd, std::chrono::milliseconds t) {
  timeval tv{static_cast<time_t>(t.count() / 1000), static_cast<suseconds_t>((t.count() % 1000) * 1000)};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
}

// One non-blocking connect bounded by `timeout`; returns the socket or -1 with `error` set.
int connectOne(const std::string& address, const std::string& port, std::chrono::milliseconds timeout,
               std::string& error) {
  addrinfo hints{};
  hints.ai_flags = AI_NUMERICHOST;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* ai = nullptr;
  if (int rc = getaddrinfo(address.c_str(), port.c_str(), &hints, &ai); rc != 0) {
    error = gai_strerror(rc);
    return -1;
  }
  std::unique_ptr<addrinfo, decltype(&freeaddrinfo)> guard(ai, freeaddrinfo);
  int fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd < 0) {
    error = std::strerror(errno);
    return -1;
  }
  int rc = connect(fd, ai->ai_addr, ai->ai_addrlen);
  if (rc != 0 && errno == EINPROGRESS) {
    pollfd p{fd, POLLOUT, 0};
    rc = poll(&p, 1, static_cast<int>(timeout.count()));
    if (rc == 0) {
      close(fd);
      error = "no answer within " + std::to_string(timeout.count() / 1000) + " s (timed out)";
      return -1;
    }
    int soError = 0;
    socklen_t len = sizeof soError;
    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
    errno = soError;
    rc = soError == 0 ? 0 : -1;
  }
  if (rc != 0) {
    error = std::strerror(errno);
    close(fd);
    return -1;
  }
  fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);  // blocking again, bounded by socket timeouts
  setTimeouts(fd, timeout);
  return fd;
}

std::string nameLine(X509_NAME* name) {
  if (!name) return "";
  char buf[512];
  X509_NAME_oneline(name, buf, sizeof buf);
  return buf;
}

std::vector<std::string> altNames(X509* cert) {
  std::vector<std::string> out;
  auto* names = static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
  if (!names) return out;
  for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
    if (n->type == GEN_DNS) {
      out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(n->d.dNSName)),
                       static_cast<size_t>(ASN1_STRING_length(n->d.dNSName)));
    } else if (n->type == GEN_IPADD && n->d.iPAddress->length == 4) {
      char buf[INET_ADDRSTRLEN];
      inet_ntop(AF_INET, ASN1_STRING_get0_data(n->d.iPAddress), buf, sizeof buf);
      out.emplace_back(buf);
    }
  }
  GENERAL_NAMES_free(names);
  return out;
}

std::string opensslError() {
  unsigned long e = ERR_get_error();
  if (e == 0) return "the server closed the connection during the handshake";
  char buf[256];
  ERR_error_string_n(e, buf, sizeof buf);
  return buf;
}

void describeCertificate(SSL* ssl, const std::string& host, TlsResult& r) {
  X509* cert = SSL_get1_peer_certificate(ssl);
  if (!cert) {
    r.verifyError = "the server sent no certificate";
    return;
  }
  r.subject = nameLine(X509_get_subject_name(cert));
  r.issuer = nameLine(X509_get_issuer_name(cert));
  r.names = altNames(cert);
  if (BIO* bio = BIO_new(BIO_s_mem())) {
    ASN1_TIME_print(bio, X509_get0_notAfter(cert));
    char buf[64] = {};
    BIO_read(bio, buf, sizeof buf - 1);
    r.notAfter = buf;
    BIO_free(bio);
  }
  long verify = SSL_get_verify_result(ssl);
  r.chainVerified = verify == X509_V_OK;
  if (!r.chainVerified) r.verifyError = X509_verify_cert_error_string(verify);
  r.nameMatches = isIpAddress(host) ? X509_check_ip_asc(cert, host.c_str(), 0) == 1
                                    : X509_check_host(cert, host.c_str(), host.size(), 0, nullptr) == 1;
  X509_free(cert);
}

}  // namespace

Socket::~Socket() {
  if (fd_ >= 0) close(fd_);
}

Socket& Socket::operator=(Socket&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) close(fd_);
    fd_ = std::exchange(o.fd_, -1);
  }
  return *this;
}

DnsResult resolveHost(const std::string& host, const std::string& port) {
  DnsResult r;
  addrinfo hints{};
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* ai = nullptr;
  if (int rc = getaddrinfo(host.c_str(), port.c_str(), &hints, &ai); rc != 0) {
    r.error = gai_strerror(rc);
    return r;
  }
  for (addrinfo* p = ai; p; p = p->ai_next) {
    char buf[NI_MAXHOST];
    if (getnameinfo(p->ai_addr, p->ai_addrlen, buf, sizeof buf, nullptr, 0, NI_NUMERICHOST) == 0) {
      std::string a = buf;
      bool seen = false;
      for (const auto& x : r.addresses) seen = seen || x == a;
      if (!seen) r.addresses.push_back(a);
    }
  }
  freeaddrinfo(ai);
  r.ok = !r.addresses.empty();
  if (!r.ok) r.error = "no address";
  return r;
}

TcpResult connectTcp(const std::vector<std::string>& addresses, const std::string& port,
                     std::chrono::milliseconds timeout, Socket& out) {
  TcpResult r;
  for (const auto& a : addresses) {
    auto start = std::chrono::steady_clock::now();
    r.address = a;
    int fd = connectOne(a, port, timeout, r.error);
    r.millis = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    if (fd >= 0) {
      out = Socket(fd);
      r.ok = true;
      r.error.clear();
      return r;
    }
  }
  if (addresses.empty()) r.error = "no address to connect to";
  return r;
}

TlsResult probeTls(const Socket& sock, const std::string& host, const std::string& caFile) {
  TlsResult r;
  // PostgreSQL's SSLRequest: length 8, request code 80877103 (protocol docs, "SSL Session Encryption").
  const unsigned char request[8] = {0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f};
  char answer = 0;
  if (send(sock.fd(), request, sizeof request, MSG_NOSIGNAL) != sizeof request || recv(sock.fd(), &answer, 1, 0) != 1) {
    r.error = errno == EAGAIN ? "no answer to the TLS request (timed out)" : "the server closed the connection";
    return r;
  }
  r.offered = answer == 'S';
  if (!r.offered) return r;
  std::unique_ptr<SSL_CTX, decltype(&SSL_CTX_free)> ctx(SSL_CTX_new(TLS_client_method()), SSL_CTX_free);
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  if (!caFile.empty() && SSL_CTX_load_verify_locations(ctx.get(), caFile.c_str(), nullptr) != 1) {
    r.error = "cannot read the CA bundle " + caFile;
    return r;
  }
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_NONE, nullptr);  // verified below, so the certificate can be shown
  std::unique_ptr<SSL, decltype(&SSL_free)> ssl(SSL_new(ctx.get()), SSL_free);
  SSL_set_fd(ssl.get(), sock.fd());
  if (!isIpAddress(host)) SSL_set_tlsext_host_name(ssl.get(), host.c_str());
  if (SSL_connect(ssl.get()) != 1) {
    r.error = opensslError();
    return r;
  }
  r.handshake = true;
  r.protocol = SSL_get_version(ssl.get());
  r.cipher = SSL_get_cipher_name(ssl.get());
  describeCertificate(ssl.get(), host, r);
  SSL_shutdown(ssl.get());
  return r;
}

}  // namespace dsql::doctor
