// The table of connection keys: one row per key (canonical name, aliases, kind, default, secret mark, doc).
// It drives DSN and connection-string parsing, the output connection string, odbc.ini.sample, the README
// key table and log redaction. Add a key here and everything else follows.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace dsql::driver {

enum class KeyKind { String, Integer, Boolean, Choice };

struct ConnectionKey {
  std::string_view name;                      // canonical spelling, used in out-strings and docs
  std::vector<std::string_view> aliases;      // other spellings users type (case-insensitive)
  KeyKind kind;
  std::string_view defaultValue;              // "" = none (see doc for derived defaults)
  bool secret;                                // never logged, never in out-strings or diagnostics
  std::vector<std::string_view> choices;      // for KeyKind::Choice (lower-case)
  std::string_view doc;                       // one line, for odbc.ini.sample and README
  std::string_view group;                     // "connection", "tls", "iam", "shim", "types", "logging"
};

std::span<const ConnectionKey> connectionKeys();
// Finds a key by canonical name or alias, case-insensitively.
const ConnectionKey* findConnectionKey(std::string_view nameOrAlias);

// Keys the driver manager owns (Driver, Description, Trace, TraceFile, ...): never the driver's.
bool isDriverManagerKey(std::string_view key);
// psqlODBC keys that have no equivalent in this driver (ignored with a warning).
bool isPsqlOdbcOnlyKey(std::string_view key);
// Tuning and logging keys (groups shim, types, logging): a bad value warns and the default is used.
bool isTuningKey(const ConnectionKey& key);

// Renders the documentation artefacts from the table (tools/gen_docs prints them; a test checks drift).
std::string renderOdbcIniSample();
std::string renderReadmeKeyTable();

}  // namespace dsql::driver
