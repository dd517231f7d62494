// Where credential providers read environment variables and the home directory from. Production uses the
// process environment; tests pass a MapEnvironment so they never mutate the real one.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace dsql::shim::auth {

class Environment {
 public:
  virtual ~Environment() = default;
  virtual std::optional<std::string> get(std::string_view name) const = 0;

  // Set and non-empty, else nullopt (AWS SDKs treat an empty variable as unset).
  std::optional<std::string> nonEmpty(std::string_view name) const;
  // "true" (any case) -> true; anything else -> false.
  bool flag(std::string_view name) const;
  // $HOME, else the password database's home directory; "" if neither.
  std::string homeDir() const;
  // "~/x" expanded with homeDir(); other paths unchanged.
  std::string expandUser(std::string_view path) const;
};

class ProcessEnvironment : public Environment {
 public:
  std::optional<std::string> get(std::string_view name) const override;
};

class MapEnvironment : public Environment {
 public:
  MapEnvironment() = default;
  explicit MapEnvironment(std::map<std::string, std::string, std::less<>> vars) : vars_(std::move(vars)) {}
  std::optional<std::string> get(std::string_view name) const override;
  void set(std::string name, std::string value) { vars_[std::move(name)] = std::move(value); }
  void unset(std::string_view name);

 private:
  std::map<std::string, std::string, std::less<>> vars_;
};

const Environment& processEnvironment();

}  // namespace dsql::shim::auth
