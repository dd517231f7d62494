// Providers that obtain temporary credentials from STS: assume-role (profile `role_arn` with
// `source_profile` or `credential_source`, role chaining through source profiles) and web identity
// (AWS_WEB_IDENTITY_TOKEN_FILE / AWS_ROLE_ARN / AWS_ROLE_SESSION_NAME, or the profile's
// web_identity_token_file / role_arn / role_session_name). Semantics follow botocore's
// AssumeRoleProvider and AssumeRoleWithWebIdentityProvider (docs/dsql-behaviour.md §8).
#include <fstream>
#include <sstream>

#include "shim/auth/provider.h"
#include "shim/auth/sts_client.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {
namespace {

constexpr int kMaxRoleChain = 10;

AssumeRoleParams roleParams(const ProviderContext& ctx, const std::string& roleArn) {
  AssumeRoleParams p;
  p.roleArn = roleArn;
  p.sessionName = ctx.config->get(ctx.profile, "role_session_name").value_or(defaultSessionName(ctx.now()));
  p.externalId = ctx.config->get(ctx.profile, "external_id").value_or("");
  if (auto d = ctx.config->get(ctx.profile, "duration_seconds")) {
    try {
      p.durationSeconds = std::stoi(*d);
    } catch (const std::exception&) {
      credentialError("invalid duration_seconds in " + profileLabel(ctx), "'" + *d + "' is not a number");
    }
  }
  return p;
}

Credentials fromCredentialSource(const ProviderContext& ctx, const std::string& source) {
  std::string note;
  std::optional<Credentials> c;
  if (source == "Environment") {
    ProviderContext env = ctx;
    env.explicitProfile = false;  // credential_source=Environment means "use the env keys" regardless
    c = loadEnvironment(env, note);
  } else if (source == "Ec2InstanceMetadata") {
    c = loadImds(ctx, note);
  } else if (source == "EcsContainer") {
    c = loadContainer(ctx, note);
  } else {
    credentialError("invalid credential_source in " + profileLabel(ctx),
                    "'" + source + "' (expected Environment, Ec2InstanceMetadata or EcsContainer)");
  }
  if (!c) credentialError("credential_source " + source + " of " + profileLabel(ctx) + " found nothing", note);
  return *c;
}

// Credentials of a source profile: its own profile chain (static keys preferred), or, when it is itself
// a role profile without static keys, another AssumeRole (botocore _resolve_credentials_from_profile).
Credentials fromSourceProfile(const ProviderContext& ctx, const std::string& name) {
  if (!ctx.config->hasProfile(name))
    credentialError("source_profile '" + name + "' of " + profileLabel(ctx) + " does not exist",
                    "define it in " + ctx.config->configPath + " or " + ctx.config->credentialsPath);
  ProviderContext src = ctx;
  src.profile = name;
  src.depth = ctx.depth + 1;
  if (src.depth > kMaxRoleChain)
    credentialError("role chain too long at " + profileLabel(ctx), "source_profile loop?");
  bool hasStatic = ctx.config->get(name, "aws_access_key_id").has_value();
  bool isRole = ctx.config->get(name, "role_arn").has_value();
  if (isRole && !hasStatic && name != ctx.profile) {
    std::string note;
    if (auto c = loadAssumeRole(src, note)) return *c;
  }
  if (hasStatic && name == ctx.profile) {  // a profile may source itself for its static keys
    if (auto c = staticKeysFromProfile(src, true)) return *c;
    if (auto c = staticKeysFromProfile(src, false)) return *c;
  }
  static constexpr ProviderFn kProfileChain[] = {loadWebIdentity, loadSso, loadSharedCredentialsFile,
                                                 loadCredentialProcess, loadConfigFile};
  for (ProviderFn fn : kProfileChain) {
    std::string note;
    if (fn == loadWebIdentity && !ctx.config->get(name, "web_identity_token_file")) continue;
    if (auto c = fn(src, note)) return *c;
  }
  credentialError("source_profile '" + name + "' of " + profileLabel(ctx) + " has no credentials",
                  "it needs keys, credential_process, sso_* settings or a role_arn");
}

std::string readTokenFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) credentialError("cannot read the web identity token file", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  std::string t = ss.str();
  while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.pop_back();
  if (t.empty()) credentialError("the web identity token file is empty", path);
  return t;
}

}  // namespace

std::optional<Credentials> loadAssumeRole(const ProviderContext& ctx, std::string& note) {
  auto roleArn = ctx.config->get(ctx.profile, "role_arn");
  auto sourceProfile = ctx.config->get(ctx.profile, "source_profile");
  auto credentialSource = ctx.config->get(ctx.profile, "credential_source");
  if (!roleArn || (!sourceProfile && !credentialSource)) {
    note = roleArn ? profileLabel(ctx) + " has role_arn without source_profile/credential_source"
                   : profileLabel(ctx) + " has no role_arn";
    return std::nullopt;
  }
  if (sourceProfile && credentialSource)
    credentialError("invalid role configuration in " + profileLabel(ctx),
                    "source_profile and credential_source are mutually exclusive");
  if (ctx.config->get(ctx.profile, "mfa_serial"))
    credentialError("cannot assume the role of " + profileLabel(ctx),
                    "mfa_serial needs an interactive MFA code, which a driver cannot ask for; use "
                    "credential_process or cached credentials instead");
  Credentials source = sourceProfile ? fromSourceProfile(ctx, *sourceProfile)
                                     : fromCredentialSource(ctx, *credentialSource);
  dsql::log::debug("auth: assuming role " + *roleArn + " for " + profileLabel(ctx) + " with credentials from " +
                   source.source);
  Credentials c = stsAssumeRole(ctx, source, roleParams(ctx, *roleArn));
  c.source = "assume-role:profile:" + ctx.profile;
  return c;
}

std::optional<Credentials> loadWebIdentity(const ProviderContext& ctx, std::string& note) {
  // Environment first, then the profile (botocore AssumeRoleWithWebIdentityProvider._get_config).
  const bool fromEnv = ctx.env->nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE").has_value() && ctx.depth == 0;
  auto tokenFile = fromEnv ? ctx.env->nonEmpty("AWS_WEB_IDENTITY_TOKEN_FILE")
                           : ctx.config->get(ctx.profile, "web_identity_token_file");
  if (!tokenFile) {
    note = "AWS_WEB_IDENTITY_TOKEN_FILE not set and no web_identity_token_file in " + profileLabel(ctx);
    return std::nullopt;
  }
  auto roleArn = fromEnv ? ctx.env->nonEmpty("AWS_ROLE_ARN") : ctx.config->get(ctx.profile, "role_arn");
  if (!roleArn)
    credentialError("web identity token file is set but no role", fromEnv ? "AWS_ROLE_ARN is not set"
                                                                         : "role_arn missing in " + profileLabel(ctx));
  AssumeRoleParams p;
  p.roleArn = *roleArn;
  auto session = fromEnv ? ctx.env->nonEmpty("AWS_ROLE_SESSION_NAME")
                         : ctx.config->get(ctx.profile, "role_session_name");
  p.sessionName = session.value_or(defaultSessionName(ctx.now()));
  std::string token = readTokenFile(ctx.env->expandUser(*tokenFile));  // re-read each time: it rotates
  Credentials c = stsAssumeRoleWithWebIdentity(ctx, p, token);
  c.source = "web-identity";
  return c;
}

}  // namespace dsql::shim::auth
