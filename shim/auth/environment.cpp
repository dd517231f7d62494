// Environment access for the credential chain (see environment.h).
#include "shim/auth/environment.h"

#include <pwd.h>
#include <unistd.h>

#include <cctype>
#include <cstdlib>
#include <vector>

namespace dsql::shim::auth {

std::optional<std::string> Environment::nonEmpty(std::string_view name) const {
  auto v = get(name);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

bool Environment::flag(std::string_view name) const {
  auto v = get(name);
  if (!v) return false;
  std::string s;
  for (char c : *v)
    if (!std::isspace(static_cast<unsigned char>(c)))
      s.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return s == "true";
}

std::string Environment::homeDir() const {
  if (auto h = nonEmpty("HOME")) return *h;
  long size = sysconf(_SC_GETPW_R_SIZE_MAX);
  std::vector<char> buf(size > 0 ? static_cast<size_t>(size) : 16384);
  passwd pw{};
  passwd* result = nullptr;
  if (getpwuid_r(getuid(), &pw, buf.data(), buf.size(), &result) == 0 && result && result->pw_dir)
    return result->pw_dir;
  return "";
}

std::string Environment::expandUser(std::string_view path) const {
  if (path == "~" || path.substr(0, 2) == "~/") return homeDir() + std::string(path.substr(1));
  return std::string(path);
}

std::optional<std::string> ProcessEnvironment::get(std::string_view name) const {
  std::string key(name);
  const char* v = std::getenv(key.c_str());
  if (!v) return std::nullopt;
  return std::string(v);
}

std::optional<std::string> MapEnvironment::get(std::string_view name) const {
  auto it = vars_.find(name);
  if (it == vars_.end()) return std::nullopt;
  return it->second;
}

void MapEnvironment::unset(std::string_view name) {
  auto it = vars_.find(name);
  if (it != vars_.end()) vars_.erase(it);
}

const Environment& processEnvironment() {
  static const ProcessEnvironment env;
  return env;
}

}  // namespace dsql::shim::auth
