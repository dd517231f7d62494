// Shared config/credentials file parsing (see aws_config.h).
#include "shim/auth/aws_config.h"

#include <cctype>
#include <fstream>
#include <sstream>

namespace dsql::shim::auth {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Cuts a comment that starts with '#' or ';' preceded by whitespace.
std::string_view stripInlineComment(std::string_view s) {
  for (size_t i = 1; i < s.size(); ++i) {
    if ((s[i] == '#' || s[i] == ';') && std::isspace(static_cast<unsigned char>(s[i - 1])))
      return trim(s.substr(0, i));
  }
  return s;
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// "profile  x" -> ("profile", "x"); "x" -> ("", "x").
std::pair<std::string, std::string> splitSectionName(std::string_view name) {
  size_t sp = name.find_first_of(" \t");
  if (sp == std::string_view::npos) return {"", std::string(name)};
  return {std::string(name.substr(0, sp)), std::string(trim(name.substr(sp)))};
}

}  // namespace

IniFile parseIni(std::string_view text) {
  IniFile out;
  IniSection* current = nullptr;
  std::string lastKey;  // for indented sub-properties
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view raw = text.substr(pos, eol - pos);
    pos = eol + 1;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
    std::string_view line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      size_t close = line.find(']');
      if (close == std::string_view::npos) {
        current = nullptr;  // malformed header: ignore its keys rather than misattribute them
        continue;
      }
      current = &out[std::string(trim(line.substr(1, close - 1)))];
      lastKey.clear();
      continue;
    }
    if (!current) continue;
    size_t eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    std::string key = lower(trim(line.substr(0, eq)));
    std::string value(stripInlineComment(trim(line.substr(eq + 1))));
    if (indented && !lastKey.empty() && (*current)[lastKey].empty()) {
      (*current)[lastKey + "." + key] = value;  // sub-property of a nested key (e.g. s3 =)
      continue;
    }
    lastKey = key;
    (*current)[key] = value;
  }
  return out;
}

AwsConfig::AwsConfig(const IniFile& configFile, const IniFile& credentialsFile) {
  for (const auto& [name, keys] : configFile) {
    auto [kind, rest] = splitSectionName(name);
    if (kind.empty() && rest == "default") {
      // [profile default] wins over [default] when both exist (botocore does the same).
      config_.try_emplace("default", keys);
    } else if (kind == "profile" && !rest.empty()) {
      config_[rest] = keys;
    } else if (kind == "sso-session" && !rest.empty()) {
      ssoSessions_[rest] = keys;
    }
  }
  for (const auto& [name, keys] : credentialsFile) credentials_[name] = keys;
}

bool AwsConfig::hasProfile(std::string_view name) const {
  return config_.find(name) != config_.end() || credentials_.find(name) != credentials_.end();
}

static std::optional<std::string> lookup(const std::map<std::string, IniSection, std::less<>>& m,
                                         std::string_view section, std::string_view key) {
  auto it = m.find(section);
  if (it == m.end()) return std::nullopt;
  auto k = it->second.find(std::string(key));
  if (k == it->second.end() || k->second.empty()) return std::nullopt;
  return k->second;
}

std::optional<std::string> AwsConfig::get(std::string_view profile, std::string_view key) const {
  if (auto v = lookup(credentials_, profile, key)) return v;
  return lookup(config_, profile, key);
}

std::optional<std::string> AwsConfig::getFromCredentialsFile(std::string_view p, std::string_view k) const {
  return lookup(credentials_, p, k);
}

std::optional<std::string> AwsConfig::getFromConfigFile(std::string_view p, std::string_view k) const {
  return lookup(config_, p, k);
}

std::optional<std::string> AwsConfig::ssoSession(std::string_view s, std::string_view k) const {
  return lookup(ssoSessions_, s, k);
}

AwsConfig loadAwsConfig(const Environment& env) {
  std::string configPath = env.expandUser(env.nonEmpty("AWS_CONFIG_FILE").value_or("~/.aws/config"));
  std::string credsPath =
      env.expandUser(env.nonEmpty("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials"));
  AwsConfig cfg(parseIni(readFile(configPath)), parseIni(readFile(credsPath)));
  cfg.configPath = configPath;
  cfg.credentialsPath = credsPath;
  return cfg;
}

std::string selectProfile(const Environment& env, std::string_view explicitProfile) {
  if (!explicitProfile.empty()) return std::string(explicitProfile);
  if (auto p = env.nonEmpty("AWS_PROFILE")) return *p;
  if (auto p = env.nonEmpty("AWS_DEFAULT_PROFILE")) return *p;
  return "default";
}

}  // namespace dsql::shim::auth
