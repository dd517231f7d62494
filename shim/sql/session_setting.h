// Recognises the statements that change session state a reconnect must restore: SET [SESSION] name ...,
// SET TIME ZONE ..., SET SCHEMA ..., SET NAMES ..., RESET name and RESET ALL. SET LOCAL (one transaction)
// and SET TRANSACTION / SET SESSION CHARACTERISTICS (per transaction, and refused by DSQL) are not
// session state. The driver replays the remembered statements, last one per parameter, after it
// reconnects transparently (DSQL closes connections at 60 minutes).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace dsql::shim::sql {

struct SessionSetting {
  std::string name;       // lower-cased parameter name ("search_path", "timezone", ...); empty for RESET ALL
  bool reset = false;     // RESET name / SET name TO DEFAULT: back to the server default
};

std::optional<SessionSetting> sessionSetting(std::string_view statement);

}  // namespace dsql::shim::sql
