// The AWS shared `config` and `credentials` files: INI parsing and the profile view over both.
// Rules (AWS SDKs "shared config and credentials files" reference, botocore configloader):
//  - credentials file: `[name]` is profile `name`;
//  - config file: `[default]`, `[profile name]` (and `[profile default]`), `[sso-session name]`; any other
//    section name there is not a profile;
//  - for one profile, credentials-file values override config-file values;
//  - keys are case-insensitive (stored lower-case); `#`/`;` start a comment at line start or after
//    whitespace; indented lines under a key with an empty value are sub-properties (kept as "key.sub").
// Locations: AWS_CONFIG_FILE (default ~/.aws/config), AWS_SHARED_CREDENTIALS_FILE (~/.aws/credentials).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "shim/auth/environment.h"

namespace dsql::shim::auth {

using IniSection = std::map<std::string, std::string>;
using IniFile = std::map<std::string, IniSection>;  // section name (trimmed) -> keys

IniFile parseIni(std::string_view text);

class AwsConfig {
 public:
  AwsConfig() = default;
  AwsConfig(const IniFile& configFile, const IniFile& credentialsFile);

  bool hasProfile(std::string_view name) const;
  // A key of a profile, credentials file first; nullopt if absent or empty.
  std::optional<std::string> get(std::string_view profile, std::string_view key) const;
  // Only from one file (the chain distinguishes "shared credentials file" from "config file" keys).
  std::optional<std::string> getFromCredentialsFile(std::string_view profile, std::string_view key) const;
  std::optional<std::string> getFromConfigFile(std::string_view profile, std::string_view key) const;
  std::optional<std::string> ssoSession(std::string_view session, std::string_view key) const;

  std::string configPath;       // for messages
  std::string credentialsPath;

 private:
  std::map<std::string, IniSection, std::less<>> config_;
  std::map<std::string, IniSection, std::less<>> credentials_;
  std::map<std::string, IniSection, std::less<>> ssoSessions_;
};

AwsConfig loadAwsConfig(const Environment& env);

// The profile the chain uses: explicit (Profile key / --profile), else AWS_PROFILE, else AWS_DEFAULT_PROFILE,
// else "default".
std::string selectProfile(const Environment& env, std::string_view explicitProfile);

}  // namespace dsql::shim::auth
