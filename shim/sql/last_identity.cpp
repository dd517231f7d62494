// SELECT @@IDENTITY as lastval() (see last_identity.h).
#include "shim/sql/last_identity.h"

#include "shim/sql/lexer.h"
#include "shim/sql/statement_context.h"

namespace dsql::shim::sql {

namespace {

// `b` starts right where `a` ends in the same text (no blank or comment between them).
bool adjacent(std::string_view a, std::string_view b) { return a.data() + a.size() == b.data(); }

}  // namespace

bool leadsWithLastIdentity(const std::string_view (&first)[4], int count) {
  return count == 4 && keywordEquals(first[0], "SELECT") && first[1] == "@" && first[2] == "@" &&
         keywordEquals(first[3], "IDENTITY") && adjacent(first[1], first[2]) && adjacent(first[2], first[3]);
}

void rewriteLastIdentity(StatementContext& ctx) {
  if (!ctx.is(0, "SELECT") || !ctx.isOp(1, '@') || !ctx.isOp(2, '@') || !ctx.is(3, "IDENTITY")) return;
  ctx.replace(1, 4, "lastval()", false);
}

}  // namespace dsql::shim::sql
