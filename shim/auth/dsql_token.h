// The DSQL IAM token: a SigV4 query-presigned `GET https://<host>/?Action=DbConnect|DbConnectAdmin` for
// service `dsql`, host header only, empty-payload hash, with the scheme stripped (docs/dsql-behaviour.md §1.1).
// Also the endpoint/region rules (§1.2): region from `<id>.dsql[-suffix].<region>.on.aws`, bare
// 26-character cluster ids expanded to the full endpoint name. Pure: no clock, no environment.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "shim/auth/aws_time.h"
#include "shim/auth/credentials.h"

namespace dsql::shim::auth {

inline constexpr long long kMaxTokenSeconds = 604800;  // one week: docs/dsql-behaviour.md §1.2
inline constexpr long long kDefaultTokenSeconds = 900;

enum class DsqlAction { DbConnect, DbConnectAdmin };
std::string_view actionName(DsqlAction action);

// "admin" (exactly: PostgreSQL role names are case-sensitive) -> DbConnectAdmin.
DsqlAction actionForUser(std::string_view user, bool forceAdmin = false);

// The token for `hostname` (full endpoint name, no scheme, no port), signed at `time`.
std::string generateDsqlToken(std::string_view hostname, std::string_view region, DsqlAction action,
                              long long expiresSeconds, const Credentials& creds, TimePoint time);

// Region from a DSQL endpoint name with `\.dsql[^.]*\.([^.]+)\.on\.aws$`; nullopt if it does not match.
std::optional<std::string> regionFromHost(std::string_view host);
bool isClusterId(std::string_view host);  // ^[a-z0-9]{26}$

// Strips an https:// or http:// scheme, a trailing '/', and a ":port" suffix; lower-cases the name
// (DNS names are case-insensitive but the signature is not, so sign the canonical spelling).
std::string normalizeHost(std::string_view host);

}  // namespace dsql::shim::auth
