// The two STS calls the credential chain needs: AssumeRole (SigV4-signed POST, for role_arn with
// source_profile / credential_source) and AssumeRoleWithWebIdentity (unsigned POST). Query API,
// Version 2011-06-15, XML responses parsed with tinyxml2.
// Endpoint: AWS_ENDPOINT_URL_STS, else AWS_ENDPOINT_URL, else https://sts.<region>.amazonaws.com
// (regional, as current SDKs default), else the global https://sts.amazonaws.com signed for us-east-1.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shim/auth/provider.h"

namespace dsql::shim::auth {

struct AssumeRoleParams {
  std::string roleArn;
  std::string sessionName;
  std::string externalId;              // optional
  std::optional<int> durationSeconds;  // optional (STS default 3600)
};

Credentials stsAssumeRole(const ProviderContext& ctx, const Credentials& source, const AssumeRoleParams& p);
Credentials stsAssumeRoleWithWebIdentity(const ProviderContext& ctx, const AssumeRoleParams& p,
                                         const std::string& webIdentityToken);

// Response parsing, exposed for unit tests. `result` is "AssumeRoleResult" or
// "AssumeRoleWithWebIdentityResult". Throws 28000 on a malformed document.
Credentials parseStsCredentials(std::string_view xml, std::string_view result);
// "Code: Message" from an STS <ErrorResponse>, or "" if the body is not one.
std::string parseStsError(std::string_view xml);

// "application/x-www-form-urlencoded" body, each name/value percent-encoded (RFC 3986).
std::string formEncode(const std::vector<std::pair<std::string, std::string>>& params);

// A default role session name: "dsql-odbc-<epoch seconds>" (botocore uses "botocore-session-<epoch>").
std::string defaultSessionName(TimePoint now);

}  // namespace dsql::shim::auth
