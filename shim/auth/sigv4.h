// AWS Signature Version 4 as pure functions over OpenSSL: canonical request, string to sign, signing key,
// signature, header signing (Authorization) and query presigning. Time, credentials and the request are
// inputs; nothing here reads a clock, the environment or the network, so AWS's published test-suite
// vectors can be reproduced byte for byte (tests/unit/auth/sigv4_test.cpp).
// Spec: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv.html
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "shim/auth/aws_time.h"
#include "shim/auth/credentials.h"

namespace dsql::shim::auth::sigv4 {

using Pairs = std::vector<std::pair<std::string, std::string>>;

inline constexpr std::string_view kAlgorithm = "AWS4-HMAC-SHA256";
inline constexpr std::string_view kEmptyPayloadHash =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

std::string hexEncode(std::string_view bytes);
std::string sha256(std::string_view data);      // raw 32 bytes
std::string sha256Hex(std::string_view data);   // lower-case hex
std::string hmacSha256(std::string_view key, std::string_view data);  // raw 32 bytes

// RFC 3986 percent-encoding as SigV4 wants it: unreserved A-Za-z0-9-_.~ kept, everything else %XX
// (upper-case hex); '/' is kept only when encodeSlash is false (paths).
std::string uriEncode(std::string_view text, bool encodeSlash = true);

// Canonical URI for a raw (unencoded) path: each segment percent-encoded once, "" -> "/".
std::string canonicalUri(std::string_view rawPath);

// Canonical query: names and values encoded, sorted by name then value, joined with '&'.
std::string canonicalQuery(const Pairs& rawParams);

struct CanonicalHeaders {
  std::string block;          // "name:value\n" per header, sorted, lower-case names, trimmed values
  std::string signedHeaders;  // "host;x-amz-date"
};
// Header names are lower-cased; values trimmed with inner runs of spaces collapsed; repeated names are
// joined with ',' in the order given.
CanonicalHeaders canonicalHeaders(const Pairs& headers);

struct RequestInput {
  std::string method;        // GET, POST, ...
  std::string canonicalUri;  // already canonical (see canonicalUri())
  Pairs query;               // raw names/values
  Pairs headers;             // names/values as sent (must include host)
  std::string payloadHash;   // hex SHA-256 of the body, or UNSIGNED-PAYLOAD
};

struct Canonical {
  std::string request;
  std::string signedHeaders;
};
Canonical canonicalRequest(const RequestInput& in);

struct Scope {
  std::string date;     // yyyymmdd
  std::string region;
  std::string service;
  std::string str() const { return date + "/" + region + "/" + service + "/aws4_request"; }
};

std::string stringToSign(std::string_view amzDate, const Scope& scope, std::string_view canonicalRequest);
std::string signingKey(std::string_view secretAccessKey, const Scope& scope);  // raw 32 bytes
std::string signature(std::string_view signingKey, std::string_view stringToSign);  // hex

// Everything a signing step produced, so tests can check each intermediate.
struct Signed {
  std::string canonicalRequest;
  std::string stringToSign;
  std::string signature;
  std::string query;          // presign: the full query string including X-Amz-Signature (last)
  std::string authorization;  // header signing: the Authorization header value
  Pairs addedHeaders;         // header signing: X-Amz-Date, X-Amz-Security-Token (to send as well)
};

struct SignInput {
  std::string method;
  std::string host;          // signed as the host header (no scheme; port only if non-default)
  std::string rawPath = "/";
  Pairs query;               // raw params besides the X-Amz-* ones
  Pairs headers;             // extra headers to sign besides host (and x-amz-date for header signing)
  std::string payloadHash = std::string(kEmptyPayloadHash);
  std::string region;
  std::string service;
  TimePoint time;
};

// Query presigning: X-Amz-Algorithm/Credential/Date/Expires/SignedHeaders (+ X-Amz-Security-Token for
// temporary credentials) are added to the canonical query; the signature is appended last.
Signed presign(const SignInput& in, const Credentials& creds, long long expiresSeconds);

// Header signing: adds x-amz-date (and x-amz-security-token for temporary credentials) to the signed
// headers and returns the Authorization header value.
Signed signHeaders(const SignInput& in, const Credentials& creds);

}  // namespace dsql::shim::auth::sigv4
