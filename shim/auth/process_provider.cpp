// credential_process: the profile names a program whose stdout is
// {"Version": 1, "AccessKeyId", "SecretAccessKey", "SessionToken"?, "Expiration"?} (botocore
// ProcessProvider; docs/dsql-behaviour.md §8). Non-zero exit -> error carrying the program's stderr.
#include "shim/auth/json_credentials.h"
#include "shim/auth/process_runner.h"
#include "shim/auth/provider.h"
#include "shim/common/log.h"

namespace dsql::shim::auth {

std::optional<Credentials> loadCredentialProcess(const ProviderContext& ctx, std::string& note) {
  auto command = ctx.config->get(ctx.profile, "credential_process");
  if (!command) {
    note = "no credential_process in " + profileLabel(ctx);
    return std::nullopt;
  }
  std::string what = "credential_process of " + profileLabel(ctx);
  std::vector<std::string> argv = splitCommandLine(*command);
  dsql::log::debug("auth: running " + what + " (" + (argv.empty() ? std::string() : argv[0]) + ")");
  ProcessResult r = runProcess(argv, ctx.options.processTimeout);
  if (r.timedOut)
    credentialError(what + " timed out", "no answer within " + std::to_string(ctx.options.processTimeout.count()) +
                                             " s; it was killed");
  if (r.exitCode != 0)
    credentialError(what + " failed with exit status " + std::to_string(r.exitCode),
                    r.err.empty() ? "(no error output)" : safeSnippet(r.err));
  nlohmann::json j;
  Credentials c = credentialsFromJson(r.out, what, {"SessionToken", false, false}, &j);
  if (!j.contains("Version") || !j["Version"].is_number_integer() || j["Version"].get<int>() != 1)
    credentialError(what + " returned an unsupported document", "Version must be 1");
  c.source = "credential_process:profile:" + ctx.profile;
  return c;
}

}  // namespace dsql::shim::auth
