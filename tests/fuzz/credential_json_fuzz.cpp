// libFuzzer target for the documents the credential providers read from other programs and services:
// credential_process output, the container (ECS) and IMDS JSON, the SSO token cache and GetRoleCredentials
// JSON, and STS's AssumeRole XML answers and error bodies. The first byte picks the parser. Each either
// returns credentials or throws dsql::Error 28000 (what the chain reports) -- never another exception -- and
// credentials it returns are complete.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "shim/auth/aws_time.h"
#include "shim/auth/json_credentials.h"
#include "shim/auth/sts_client.h"

namespace auth = dsql::shim::auth;

namespace {

void check(const auth::Credentials& c) {
  if (!c.complete()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  try {
    switch (data[0] % 8) {
      case 0: check(auth::credentialsFromJson(body, "credential_process", {"SessionToken", false, false})); break;
      case 1: check(auth::credentialsFromJson(body, "the container endpoint", {"Token", false, false})); break;
      case 2: check(auth::credentialsFromJson(body, "IMDS", {"Token", true, true})); break;
      case 3: {
        auth::SsoCachedToken t = auth::ssoCachedTokenFromJson(body, "cache.json", "log in again");
        if (t.accessToken.empty()) std::abort();
        break;
      }
      case 4: check(auth::ssoRoleCredentialsFromJson(body, "GetRoleCredentials", "log in again")); break;
      case 5: check(auth::parseStsCredentials(body, "AssumeRoleResult")); break;
      case 6: check(auth::parseStsCredentials(body, "AssumeRoleWithWebIdentityResult")); break;
      default:
        (void)auth::parseStsError(body);
        if (auto t = auth::parseIso8601(body)) (void)auth::iso8601(*t);
        break;
    }
  } catch (const dsql::Error& e) {
    dsqlfuzz::expectState(e, {"28000"});
  }
  return 0;
}
