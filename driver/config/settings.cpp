// Settings: connection-string grammar (ODBC "Connection Strings": attribute=value pairs separated by ';',
// values optionally in braces where '}}' stands for '}'), DSN loading and key validation.
#include "driver/config/settings.h"

#include <odbcinst.h>

#include <algorithm>
#include <cctype>
#include <charconv>

#include "shim/common/error.h"
#include "shim/common/log.h"

namespace dsql::driver {
namespace {

std::string trim(std::string_view s) {
  std::size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool parseBool(const std::string& v, bool& out) {
  std::string l = lower(v);
  if (l == "1" || l == "yes" || l == "true" || l == "on") { out = true; return true; }
  if (l == "0" || l == "no" || l == "false" || l == "off" || l.empty()) { out = false; return true; }
  return false;
}

// psqlODBC's Protocol=7.4[-N]: the protocol version means nothing here, the suffix is its rollback-on-error
// mode, which is ErrorRollback's meaning (0 none, 1 transaction, 2 statement). Without one: the default.
std::string errorRollbackOfPsqlProtocol(std::string_view value) {
  const std::string v = trim(value);
  if (v.size() < 2 || v[v.size() - 2] != '-') return "auto";
  switch (v.back()) {
    case '0': return "none";
    case '1': return "transaction";
    case '2': return "statement";
    default: return std::string(v);  // validate() reports it and keeps the default
  }
}

// Returns what was expected when `value` is not valid for `key`, or "" when it is.
std::string checkValue(const ConnectionKey& key, const std::string& value) {
  if (value.empty()) return {};
  switch (key.kind) {
    case KeyKind::Integer: {
      long v = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
      if (ec != std::errc() || p != value.data() + value.size() || v < 0) return "a non-negative integer";
      break;
    }
    case KeyKind::Boolean: {
      bool b;
      if (!parseBool(value, b)) return "0/1, yes/no or true/false";
      break;
    }
    case KeyKind::Choice: {
      std::string l = lower(value);
      if (std::find(key.choices.begin(), key.choices.end(), l) == key.choices.end()) {
        std::string list;
        for (auto c : key.choices) list += (list.empty() ? "" : ", ") + std::string(c);
        return "one of " + list;
      }
      break;
    }
    case KeyKind::String:
      break;
  }
  return {};
}

}  // namespace

std::vector<ConnStringEntry> parseConnectionString(std::string_view s) {
  std::vector<ConnStringEntry> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ';' || std::isspace(static_cast<unsigned char>(s[i])))) ++i;
    if (i >= s.size()) break;
    std::size_t eq = s.find('=', i);
    std::size_t semi = s.find(';', i);
    if (eq == std::string_view::npos || (semi != std::string_view::npos && semi < eq)) {
      throw Error("08001", "Malformed connection string: attribute without '=' at offset " + std::to_string(i));
    }
    std::string key = trim(s.substr(i, eq - i));
    if (key.empty()) throw Error("08001", "Malformed connection string: empty attribute name at offset " + std::to_string(i));
    i = eq + 1;
    while (i < s.size() && s[i] == ' ') ++i;
    std::string value;
    if (i < s.size() && s[i] == '{') {
      std::size_t start = i++;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '}') {
          if (i + 1 < s.size() && s[i + 1] == '}') { value += '}'; i += 2; continue; }
          ++i;
          closed = true;
          break;
        }
        value += s[i++];
      }
      if (!closed) throw Error("08001", "Malformed connection string: unterminated '{' for " + key + " at offset " + std::to_string(start));
      while (i < s.size() && s[i] != ';') {
        if (!std::isspace(static_cast<unsigned char>(s[i])))
          throw Error("08001", "Malformed connection string: text after '}' for " + key + " at offset " + std::to_string(i));
        ++i;
      }
    } else {
      std::size_t end = s.find(';', i);
      if (end == std::string_view::npos) end = s.size();
      value = trim(s.substr(i, end - i));
      i = end;
    }
    out.push_back({std::move(key), std::move(value)});
  }
  return out;
}

std::string readOdbcIni(const std::string& dsn, std::string_view key) {
  char buf[4096];
  int n = SQLGetPrivateProfileString(dsn.c_str(), std::string(key).c_str(), "", buf, sizeof buf, "odbc.ini");
  if (n <= 0) return {};
  return std::string(buf, static_cast<std::size_t>(std::min<int>(n, sizeof buf - 1)));
}

// Every key of the section is read (SQLGetPrivateProfileString with no key lists them), so that a DSN key
// goes through exactly the path a connection-string key does: the driver manager's keys are skipped,
// unknown ones are logged, and nothing is validated before the connection string has been applied.
void Settings::loadDsn(const std::string& dsn) {
  values_["DSN"] = dsn;
  std::vector<char> names(16384);
  int n = SQLGetPrivateProfileString(dsn.c_str(), nullptr, "", names.data(), static_cast<int>(names.size()), "odbc.ini");
  if (n <= 0) return;
  // The names come back NUL-separated; a list cut short by the buffer loses only its last name.
  std::string_view list(names.data(), static_cast<std::size_t>(std::min<int>(n, static_cast<int>(names.size()))));
  while (!list.empty()) {
    std::size_t end = list.find('\0');
    if (end == std::string_view::npos) break;
    std::string key(list.substr(0, end));
    list.remove_prefix(end + 1);
    if (key.empty() || findConnectionKey(key) == findConnectionKey("DSN")) continue;
    std::string value = readOdbcIni(dsn, key);
    if (!value.empty()) set(key, std::move(value));
  }
}

void Settings::set(std::string_view key, std::string value) {
  const ConnectionKey* k = findConnectionKey(key);
  if (!k) {
    if (isDriverManagerKey(key)) return;
    ignored_.emplace_back(key);
    log::warn(isPsqlOdbcOnlyKey(key) ? "ignoring psqlODBC connection key '" + std::string(key) + "': dsql-odbc has no equivalent"
                                     : "ignoring unknown connection key '" + std::string(key) + "'");
    return;
  }
  if (lower(key) == "protocol") value = errorRollbackOfPsqlProtocol(value);
  values_[k->name] = std::move(value);
}

// ODBC (SQLDriverConnect): when a keyword is repeated in the connection string, the first occurrence is
// used. Aliases name the same key, so `Server=a;Host=b` uses a.
void Settings::apply(const std::vector<ConnStringEntry>& entries) {
  std::vector<const ConnectionKey*> seen;
  for (const auto& e : entries) {
    const ConnectionKey* k = findConnectionKey(e.key);
    if (k && std::find(seen.begin(), seen.end(), k) != seen.end()) {
      log::warn("connection key '" + std::string(e.key) + "' repeated: the first occurrence is used");
      continue;
    }
    if (k) seen.push_back(k);
    set(e.key, e.value);
  }
}

std::vector<std::string> Settings::validate() {
  std::vector<std::string> warnings;
  for (const auto& k : connectionKeys()) {
    auto it = values_.find(k.name);
    if (it == values_.end()) continue;
    std::string expected = checkValue(k, it->second);
    if (expected.empty()) continue;
    std::string what = "Invalid value for connection key " + std::string(k.name) + " (expected " + expected + ")" +
                       (k.secret ? "" : ": '" + it->second + "'");
    if (!isTuningKey(k)) throw Error("HY024", what);
    what += "; using the default" + (k.defaultValue.empty() ? std::string() : " '" + std::string(k.defaultValue) + "'");
    log::warn(what);
    warnings.push_back(std::move(what));
    values_.erase(it);
  }
  return warnings;
}

bool Settings::has(std::string_view key) const {
  const ConnectionKey* k = findConnectionKey(key);
  return k && values_.count(k->name) && !values_.at(k->name).empty();
}

std::string Settings::get(std::string_view key) const {
  const ConnectionKey* k = findConnectionKey(key);
  if (!k) return {};
  auto it = values_.find(k->name);
  if (it != values_.end() && !it->second.empty()) return k->kind == KeyKind::Choice ? lower(it->second) : it->second;
  return std::string(k->defaultValue);
}

long Settings::getInt(std::string_view key) const {
  std::string v = get(key);
  long out = 0;
  std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

bool Settings::getBool(std::string_view key) const {
  bool b = false;
  parseBool(get(key), b);
  return b;
}

std::string Settings::outString() const {
  std::string out;
  for (const auto& k : connectionKeys()) {  // table order: stable and readable
    auto it = values_.find(k.name);
    if (it == values_.end() || it->second.empty() || k.secret) continue;
    // Braced whenever parseConnectionString would not give the value back as it is: a separator or brace
    // inside, or whitespace (which an unbraced value loses at its ends). Found by connection_string_fuzz.
    bool brace = std::any_of(it->second.begin(), it->second.end(), [](char c) {
      return c == ';' || c == '{' || c == '}' || c == '=' || std::isspace(static_cast<unsigned char>(c));
    });
    std::string v = it->second;
    if (brace) {
      std::string esc;
      for (char c : v) esc += c == '}' ? std::string("}}") : std::string(1, c);
      v = "{" + esc + "}";
    }
    out += std::string(k.name) + "=" + v + ";";
  }
  return out;
}

std::string Settings::forLog() const {
  std::string out;
  for (const auto& k : connectionKeys()) {
    auto it = values_.find(k.name);
    if (it == values_.end() || it->second.empty()) continue;
    out += std::string(k.name) + "=" + (k.secret ? std::string("***") : it->second) + ";";
  }
  return out;
}

}  // namespace dsql::driver
