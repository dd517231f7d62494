// libFuzzer target for connection settings: the DSN's entries (odbc.ini lines "key=value", taken the way
// Settings::loadDsn takes them) merged with a connection string (parseConnectionString + apply), then
// validate(), the out-string and the log line. Any input either works or throws dsql::Error 08001 (a
// malformed string) or HY024 (a bad value); the out-string the driver hands back must parse again and,
// applied to fresh settings, give the same out-string; the log line never shows a password.
#include <cstdint>
#include <string>

#include "driver/config/connection_keys.h"
#include "driver/config/settings.h"
#include "shim/common/log.h"
#include "fuzz_util.h"

namespace drv = dsql::driver;

namespace {

// odbc.ini section text: one "key=value" per line (no unixODBC involved: set() is what loadDsn calls).
void loadDsnText(drv::Settings& s, std::string_view text) {
  while (!text.empty()) {
    const std::size_t eol = text.find('\n');
    std::string_view line = text.substr(0, eol);
    text = eol == std::string_view::npos ? std::string_view() : text.substr(eol + 1);
    const std::size_t eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    std::string value(line.substr(eq + 1));
    if (!value.empty()) s.set(line.substr(0, eq), std::move(value));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const bool quiet = (dsql::log::configure(dsql::log::Level::Off, ""), true);
  (void)quiet;
  auto [dsn, connectionString] = dsqlfuzz::split(std::string_view(reinterpret_cast<const char*>(data), size));
  drv::Settings s;
  std::string out;
  try {
    loadDsnText(s, dsn);
    s.apply(drv::parseConnectionString(connectionString));
    s.validate();
    out = s.outString();
    const std::string forLog = s.forLog();
    // A secret is never in the out-string (read back as the application would), only *** in the log.
    for (const auto& entry : drv::parseConnectionString(out)) {
      const drv::ConnectionKey* k = drv::findConnectionKey(entry.key);
      if (k && k->secret) std::abort();
    }
    for (const auto& k : drv::connectionKeys()) {
      if (k.secret && s.has(k.name) && !s.get(k.name).empty() &&
          (";" + forLog).find(";" + std::string(k.name) + "=***;") == std::string::npos)
        std::abort();
    }
  } catch (const dsql::Error& e) {
    dsqlfuzz::expectState(e, {"08001", "HY024"});
    return 0;
  }
  // The out-string round-trips.
  drv::Settings again;
  try {
    again.apply(drv::parseConnectionString(out));
    again.validate();
  } catch (const dsql::Error& e) {
    std::fprintf(stderr, "out-string does not parse again: %s\n  %s\n", e.what(), out.c_str());
    std::abort();
  }
  if (again.outString() != out) {
    std::fprintf(stderr, "out-string changes on a round trip:\n  %s\n  %s\n", out.c_str(), again.outString().c_str());
    std::abort();
  }
  return 0;
}
