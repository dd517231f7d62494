// SigV4 implementation (see sigv4.h). Each step is a separate function so the published intermediate
// values (canonical request, string to sign) can be asserted, not just the final signature.
#include "shim/auth/sigv4.h"

#include <openssl/evp.h>
#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <map>
#include <stdexcept>

namespace dsql::shim::auth::sigv4 {
namespace {

bool unreserved(unsigned char c) {
  return std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == '~';
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Trim and collapse runs of spaces/tabs to one space (SigV4 "Trimall").
std::string trimAll(std::string_view v) {
  std::string out;
  bool space = false;
  for (char c : v) {
    if (c == ' ' || c == '\t') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

Signed finish(Canonical canonical, const SignInput& in, const Credentials& creds) {
  Scope scope{dateStamp(in.time), in.region, in.service};
  Signed s;
  s.canonicalRequest = std::move(canonical.request);
  s.stringToSign = stringToSign(amzDate(in.time), scope, s.canonicalRequest);
  s.signature = signature(signingKey(creds.secretAccessKey, scope), s.stringToSign);
  return s;
}

}  // namespace

std::string hexEncode(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 0xF]);
  }
  return out;
}

// OpenSSL 3's one-shot SHA256()/HMAC() fetch the algorithm on every call (~8 us each); a token needs
// seven hashes and MACs, so the digest is fetched once and HMAC (RFC 2104) is composed over it here.
// EVP_MD objects are immutable and safe to share between threads.
static const EVP_MD* sha256Md() {
  static const EVP_MD* md = [] {
    const EVP_MD* fetched = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    return fetched ? fetched : EVP_sha256();
  }();
  return md;
}

static void digest(std::initializer_list<std::string_view> parts, unsigned char out[SHA256_DIGEST_LENGTH]) {
  // One context per thread, re-initialised per digest: allocation and provider lookups happen once.
  struct Ctx {
    EVP_MD_CTX* p = EVP_MD_CTX_new();
    ~Ctx() { EVP_MD_CTX_free(p); }
  };
  static thread_local Ctx ctx;
  unsigned int len = 0;
  bool ok = ctx.p && EVP_DigestInit_ex(ctx.p, sha256Md(), nullptr) == 1;
  for (std::string_view p : parts) ok = ok && EVP_DigestUpdate(ctx.p, p.data(), p.size()) == 1;
  ok = ok && EVP_DigestFinal_ex(ctx.p, out, &len) == 1;
  if (!ok) throw std::runtime_error("OpenSSL SHA-256 failed");
}

std::string sha256(std::string_view data) {
  unsigned char md[SHA256_DIGEST_LENGTH];
  digest({data}, md);
  return std::string(reinterpret_cast<char*>(md), sizeof md);
}

std::string sha256Hex(std::string_view data) { return hexEncode(sha256(data)); }

std::string hmacSha256(std::string_view key, std::string_view data) {
  constexpr size_t kBlock = 64;  // SHA-256 block size
  unsigned char k[kBlock] = {0};
  if (key.size() > kBlock) digest({key}, k);
  else std::copy(key.begin(), key.end(), k);
  char ipad[kBlock], opad[kBlock];
  for (size_t i = 0; i < kBlock; ++i) {
    ipad[i] = static_cast<char>(k[i] ^ 0x36);
    opad[i] = static_cast<char>(k[i] ^ 0x5c);
  }
  unsigned char inner[SHA256_DIGEST_LENGTH], outer[SHA256_DIGEST_LENGTH];
  digest({std::string_view(ipad, kBlock), data}, inner);
  digest({std::string_view(opad, kBlock), std::string_view(reinterpret_cast<char*>(inner), sizeof inner)}, outer);
  OPENSSL_cleanse(k, sizeof k);
  OPENSSL_cleanse(ipad, sizeof ipad);
  OPENSSL_cleanse(opad, sizeof opad);
  return std::string(reinterpret_cast<char*>(outer), sizeof outer);
}

std::string uriEncode(std::string_view text, bool encodeSlash) {
  static const char* hex = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (unsigned char c : text) {
    if (unreserved(c) || (c == '/' && !encodeSlash)) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
    }
  }
  return out;
}

std::string canonicalUri(std::string_view rawPath) {
  if (rawPath.empty()) return "/";
  return uriEncode(rawPath, false);
}

std::string canonicalQuery(const Pairs& rawParams) {
  std::vector<std::pair<std::string, std::string>> enc;
  enc.reserve(rawParams.size());
  for (const auto& [k, v] : rawParams) enc.emplace_back(uriEncode(k), uriEncode(v));
  std::sort(enc.begin(), enc.end());  // by encoded name, then encoded value (byte order)
  std::string out;
  for (const auto& [k, v] : enc) {
    if (!out.empty()) out.push_back('&');
    out += k;
    out.push_back('=');
    out += v;
  }
  return out;
}

CanonicalHeaders canonicalHeaders(const Pairs& headers) {
  std::map<std::string, std::string> merged;  // sorted by lower-case name
  for (const auto& [name, value] : headers) {
    std::string key = lower(name);
    auto it = merged.find(key);
    if (it == merged.end()) {
      merged.emplace(std::move(key), trimAll(value));
    } else {
      it->second += ",";
      it->second += trimAll(value);
    }
  }
  CanonicalHeaders out;
  for (const auto& [name, value] : merged) {
    out.block += name + ":" + value + "\n";
    if (!out.signedHeaders.empty()) out.signedHeaders.push_back(';');
    out.signedHeaders += name;
  }
  return out;
}

Canonical canonicalRequest(const RequestInput& in) {
  CanonicalHeaders h = canonicalHeaders(in.headers);
  Canonical c;
  c.request = in.method + "\n" + in.canonicalUri + "\n" + canonicalQuery(in.query) + "\n" + h.block + "\n" +
              h.signedHeaders + "\n" + in.payloadHash;
  c.signedHeaders = std::move(h.signedHeaders);
  return c;
}

std::string stringToSign(std::string_view date, const Scope& scope, std::string_view canonical) {
  std::string out(kAlgorithm);
  out += "\n";
  out += date;
  out += "\n";
  out += scope.str();
  out += "\n";
  out += sha256Hex(canonical);
  return out;
}

std::string signingKey(std::string_view secret, const Scope& scope) {
  std::string kSecret = "AWS4";
  kSecret += secret;
  std::string k = hmacSha256(kSecret, scope.date);
  k = hmacSha256(k, scope.region);
  k = hmacSha256(k, scope.service);
  return hmacSha256(k, "aws4_request");
}

std::string signature(std::string_view key, std::string_view sts) { return hexEncode(hmacSha256(key, sts)); }

Signed presign(const SignInput& in, const Credentials& creds, long long expiresSeconds) {
  Scope scope{dateStamp(in.time), in.region, in.service};
  Pairs headers = in.headers;
  headers.emplace_back("host", in.host);
  std::string signedHeaders = canonicalHeaders(headers).signedHeaders;
  Pairs query = in.query;
  query.emplace_back("X-Amz-Algorithm", std::string(kAlgorithm));
  query.emplace_back("X-Amz-Credential", creds.accessKeyId + "/" + scope.str());
  query.emplace_back("X-Amz-Date", amzDate(in.time));
  query.emplace_back("X-Amz-Expires", std::to_string(expiresSeconds));
  if (!creds.sessionToken.empty()) query.emplace_back("X-Amz-Security-Token", creds.sessionToken);
  query.emplace_back("X-Amz-SignedHeaders", signedHeaders);
  RequestInput req{in.method, canonicalUri(in.rawPath), query, headers, in.payloadHash};
  Signed s = finish(canonicalRequest(req), in, creds);
  s.query = canonicalQuery(query) + "&X-Amz-Signature=" + s.signature;
  return s;
}

Signed signHeaders(const SignInput& in, const Credentials& creds) {
  Pairs headers = in.headers;
  headers.emplace_back("host", in.host);
  Pairs added{{"X-Amz-Date", amzDate(in.time)}};
  if (!creds.sessionToken.empty()) added.emplace_back("X-Amz-Security-Token", creds.sessionToken);
  headers.insert(headers.end(), added.begin(), added.end());
  RequestInput req{in.method, canonicalUri(in.rawPath), in.query, headers, in.payloadHash};
  Canonical c = canonicalRequest(req);
  std::string signedHeaders = c.signedHeaders;
  Signed s = finish(std::move(c), in, creds);
  Scope scope{dateStamp(in.time), in.region, in.service};
  s.authorization = std::string(kAlgorithm) + " Credential=" + creds.accessKeyId + "/" + scope.str() +
                    ", SignedHeaders=" + signedHeaders + ", Signature=" + s.signature;
  s.addedHeaders = std::move(added);
  return s;
}

}  // namespace dsql::shim::auth::sigv4
