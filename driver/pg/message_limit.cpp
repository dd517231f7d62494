// The per-message size limit of a server that drops the connection on a larger protocol message (Aurora
// DSQL: docs/dsql-behaviour.md §4). The sizes are those of the messages libpq writes for the extended
// protocol (PostgreSQL docs, "Message Formats"): computed before sending, so an oversized statement is
// refused with a diagnostic instead of a connection that silently goes away.
#include <algorithm>
#include <cstring>

#include "driver/pg/pg.h"

namespace dsql::driver::pg {
namespace {

// Parse: length word, statement name "" , query text + NUL, parameter count, one type OID per parameter.
std::size_t parseMessageSize(const std::string& sql, const Params& p) { return 4 + 1 + sql.size() + 1 + 2 + 4 * p.types.size(); }

// Bind: length word, portal "" and statement "", format codes, parameter values (a length word each, then
// the bytes; libpq sends a text value up to its NUL), one result-format code.
std::size_t bindMessageSize(const Params& p) {
  std::size_t n = 4 + 1 + 1 + 2 + 2 * p.formats.size() + 2 + 2 + 2;
  for (std::size_t i = 0; i < p.values.size(); ++i) {
    n += 4;
    if (!p.values[i]) continue;
    const bool binary = i < p.formats.size() && p.formats[i] == 1;
    n += binary && i < p.lengths.size() ? static_cast<std::size_t>(std::max(p.lengths[i], 0)) : std::strlen(p.values[i]);
  }
  return n;
}

std::string mib(std::size_t bytes) { return std::to_string(bytes / (1024 * 1024)) + " MiB"; }

}  // namespace

void Connection::setMessageLimit(std::size_t bytes, std::string serverName) {
  messageLimit_ = bytes;
  limitServer_ = std::move(serverName);
}

void Connection::checkMessageSize(const std::string& sql, const Params& params) const {
  if (messageLimit_ == 0) return;
  const char* what = "statement text";
  std::size_t size = parseMessageSize(sql, params);
  if (size <= messageLimit_ && !params.values.empty()) {
    what = "parameter values";
    size = bindMessageSize(params);
  }
  if (size <= messageLimit_) return;
  throw ServerError("54000",
                    "Statement not sent: its " + std::string(what) + " make a protocol message of " + std::to_string(size) +
                        " bytes, over " + limitServer_ + "'s limit of " + mib(messageLimit_) + " (" +
                        std::to_string(messageLimit_) + " bytes) per message, past which the server drops the "
                        "connection; send the data in smaller statements",
                    false, true);
}

}  // namespace dsql::driver::pg
