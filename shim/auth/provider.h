// Credential providers: one function per source of AWS credentials, all with the same shape, so the
// default chain (credential_chain.cpp) is a table of rows in the AWS SDKs' order. A provider returns
//  - Credentials when it found them;
//  - nullopt when its source is not configured here, with `note` saying why (for the "sources tried"
//    message a user reads when nothing is found);
//  - or throws dsql::Error when its source IS configured but failed (bad file, STS refusal, endpoint
//    unreachable). The chain then stops, as botocore does: silently falling through to a later source
//    would connect with a different identity than the one the user configured.
#pragma once

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "shim/auth/aws_config.h"
#include "shim/auth/aws_time.h"
#include "shim/auth/credentials.h"
#include "shim/auth/environment.h"
#include "shim/http/http_client.h"

namespace dsql::shim::auth {

// Knobs the SDKs fix but tests need to move (the container host) or shorten (sleeps, timeouts).
struct ProviderOptions {
  std::string containerRelativeBase = "http://169.254.170.2";  // AWS_CONTAINER_CREDENTIALS_RELATIVE_URI base
  std::chrono::milliseconds containerTimeout{2000};            // botocore ContainerMetadataFetcher
  int containerAttempts = 3;
  std::chrono::milliseconds containerRetrySleep{1000};
  std::chrono::milliseconds stsTimeout{10000};
  std::chrono::milliseconds ssoTimeout{10000};
  std::chrono::seconds processTimeout{60};  // credential_process: bounded, never hangs a connect forever
};

struct ProviderContext {
  const Environment* env = nullptr;
  http::HttpClient* http = nullptr;
  const AwsConfig* config = nullptr;
  std::string profile;           // the selected profile name
  bool explicitProfile = false;  // chosen by the Profile key / --profile (then env keys are skipped)
  Credentials explicitKeys;      // from the connection (may be empty)
  std::function<TimePoint()> now = [] { return std::chrono::system_clock::now(); };
  ProviderOptions options;
  int depth = 0;  // role-chaining depth (source_profile)
};

using ProviderFn = std::optional<Credentials> (*)(const ProviderContext& ctx, std::string& note);

std::optional<Credentials> loadExplicitKeys(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadEnvironment(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadAssumeRole(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadWebIdentity(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadSso(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadSharedCredentialsFile(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadCredentialProcess(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadConfigFile(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadContainer(const ProviderContext& ctx, std::string& note);
std::optional<Credentials> loadImds(const ProviderContext& ctx, std::string& note);

// --- helpers shared by providers (provider_util.cpp) ---

// Throws 28000 "<what>: <detail>" (the SQLSTATE for missing/invalid/expired credentials).
[[noreturn]] void credentialError(const std::string& what, const std::string& detail);

// Static keys of `profile` from one file's lookup; nullopt if the profile has no aws_access_key_id;
// throws if only one of the pair is present.
std::optional<Credentials> staticKeysFromProfile(const ProviderContext& ctx, bool credentialsFile);

// The first `max` characters of a service's error text, with anything secret-looking redacted.
std::string safeSnippet(std::string_view text, size_t max = 300);

// Service endpoint override: AWS_ENDPOINT_URL_<SERVICE> then AWS_ENDPOINT_URL (AWS SDKs'
// service-specific endpoint convention); "" if neither is set. Trailing '/' removed.
std::string endpointOverride(const Environment& env, std::string_view serviceEnvSuffix);

// The region for calling AWS services on behalf of a profile: profile `region`, AWS_REGION,
// AWS_DEFAULT_REGION; "" if none.
std::string serviceRegion(const ProviderContext& ctx);

std::string profileLabel(const ProviderContext& ctx);  // "profile 'dev'"

}  // namespace dsql::shim::auth
