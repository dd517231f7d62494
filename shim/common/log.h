// Process-wide driver log. Off by default; enabled by the environment (DSQLODBC_LOG=level,
// DSQLODBC_LOG_FILE=path) or by connection keys (LogLevel, LogFile). Callers pass text that has already
// been redacted: secrets are masked at the source by the connection-key table's `secret` mark, and this
// module additionally masks anything that looks like an IAM token or an AWS secret, as a second fence.
#pragma once

#include <string>
#include <string_view>

namespace dsql::log {

enum class Level { Off = 0, Error = 1, Warn = 2, Info = 3, Debug = 4 };

Level parseLevel(std::string_view text);  // "off|error|warn|info|debug" or 0..4; unknown -> Off
void configure(Level level, const std::string& file);  // file empty -> stderr
bool enabled(Level level);
void write(Level level, std::string_view message);

// Masks X-Amz-Signature / X-Amz-Security-Token / X-Amz-Credential values and password-like key=value pairs.
std::string redact(std::string_view text);

inline void error(std::string_view m) { if (enabled(Level::Error)) write(Level::Error, m); }
inline void warn(std::string_view m) { if (enabled(Level::Warn)) write(Level::Warn, m); }
inline void info(std::string_view m) { if (enabled(Level::Info)) write(Level::Info, m); }
inline void debug(std::string_view m) { if (enabled(Level::Debug)) write(Level::Debug, m); }

}  // namespace dsql::log
