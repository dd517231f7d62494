// libFuzzer target for the AWS shared config and credentials files: two INI texts (config, then
// credentials, split at the first 0x1e byte) parsed with parseIni and viewed as profiles through
// AwsConfig. Parsing never throws; every lookup of every section's keys returns without throwing, and a
// key found in the credentials file wins over the config file, as the AWS SDKs specify.
#include <cstdint>
#include <string>

#include "fuzz_util.h"
#include "shim/auth/aws_config.h"

namespace auth = dsql::shim::auth;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto [configText, credentialsText] = dsqlfuzz::split(std::string_view(reinterpret_cast<const char*>(data), size));
  const auth::IniFile config = auth::parseIni(configText);
  const auth::IniFile credentials = auth::parseIni(credentialsText);
  const auth::AwsConfig view(config, credentials);
  for (const auto& [section, keys] : credentials) {
    for (const auto& [key, value] : keys) {
      auto got = view.get(section, key);
      auto fromFile = view.getFromCredentialsFile(section, key);
      if (got != fromFile && fromFile) std::abort();  // the credentials file wins
      (void)value;
    }
  }
  for (const auto& [section, keys] : config) {
    std::string_view name = section;
    if (name.rfind("profile ", 0) == 0) name.remove_prefix(8);
    for (const auto& [key, value] : keys) {
      (void)view.get(name, key);
      (void)view.getFromConfigFile(name, key);
      (void)view.ssoSession(name, key);
      (void)value;
    }
    (void)view.hasProfile(name);
  }
  return 0;
}
