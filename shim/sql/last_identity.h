// SELECT @@IDENTITY, the "last identity value this session generated" of SQL Server and Access-era
// applications, which psqlODBC answers on PostgreSQL. The shim sends it as PostgreSQL's lastval(): the value
// the session's most recent nextval() returned, which is what a serial or identity column's default just
// consumed. Internal to shim/sql; see README.md.
#pragma once

#include <string_view>

namespace dsql::shim::sql {

class StatementContext;

// The statement's first four significant tokens are SELECT @ @ IDENTITY with nothing between the last three
// (the lexer gives each operator character its own token). `@@ identity` with a blank is PostgreSQL's
// text-search match operator applied to a column and is left alone.
bool leadsWithLastIdentity(const std::string_view (&first)[4], int count);

// Replaces `@@IDENTITY` in a statement leadsWithLastIdentity accepted by `lastval()`; the rest (an alias,
// more select-list items, FROM …) is kept.
void rewriteLastIdentity(StatementContext& ctx);

}  // namespace dsql::shim::sql
