// Connection settings: the merge of a DSN's odbc.ini entries and a connection string (the string wins),
// normalised to canonical key names from the key table, validated, and rendered back as an out-string
// (secrets omitted) or a redacted log line.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "driver/config/connection_keys.h"

namespace dsql::driver {

struct ConnStringEntry {
  std::string key;
  std::string value;
};

// Parses `key=value;key={value with ; and }} };...`. Throws dsql::Error 08001 on malformed text (with offset).
std::vector<ConnStringEntry> parseConnectionString(std::string_view text);

class Settings {
 public:
  // Reads every key of the DSN's odbc.ini section, as set() would take it.
  void loadDsn(const std::string& dsn);
  // Applies connection-string entries; later entries win; unknown keys are logged and ignored, the driver
  // manager's own keys (Trace, TraceFile, ...) silently.
  void apply(const std::vector<ConnStringEntry>& entries);
  void set(std::string_view key, std::string value);  // by canonical name or alias; checked by validate()
  // Checks every value once DSN and connection string are merged. A bad tuning/logging value is dropped
  // (its default applies) and described in the returned warnings; any other bad value throws HY024.
  std::vector<std::string> validate();

  bool has(std::string_view key) const;
  std::string get(std::string_view key) const;  // value, or the table default
  long getInt(std::string_view key) const;      // valid once validate() has run
  bool getBool(std::string_view key) const;

  // "DSN=...;Server=...;..." with the keys that were given, canonical names, secrets omitted.
  std::string outString() const;
  // Same shape, secrets shown as ***; for logs.
  std::string forLog() const;
  const std::vector<std::string>& ignoredKeys() const { return ignored_; }

 private:
  std::map<std::string_view, std::string> values_;  // canonical name -> value
  std::vector<std::string> ignored_;
};

// Reads one value from odbc.ini through unixODBC (SQLGetPrivateProfileString); empty when absent.
std::string readOdbcIni(const std::string& dsn, std::string_view key);

}  // namespace dsql::driver
