// CREATE INDEX → CREATE INDEX ASYNC. Aurora DSQL builds every index asynchronously and refuses the plain form
// (0A000 unsupported mode. please use CREATE INDEX ASYNC., golden:index.json). Its grammar is
//   CREATE [UNIQUE] INDEX ASYNC [IF NOT EXISTS] name ON table ( col [NULLS FIRST|LAST] [, …] )
//   [INCLUDE (…)] [NULLS [NOT] DISTINCT] [WHERE …]            (docs/dsql-behaviour.md §5)
// so the rule: drops CONCURRENTLY (0A000 CONCURRENTLY not supported), unqualifies a schema-qualified index
// name (42601; the index lives in its table's schema anyway), drops ON ONLY (no inheritance in DSQL) and
// USING btree (the only method). Per key: ASC and DESC are dropped with a note (0A000 specifying sort order
// not supported; a btree is read in both directions, so results never change, only the plan of a
// mixed-direction ORDER BY may), *_pattern_ops opclasses are dropped (DSQL is C-collation only, where they
// equal the default), any other opclass or access method is refused with 0A000 (it changes what the index
// can answer). Statements already saying ASYNC pass through unchanged.
#include <string>

#include "shim/common/error.h"
#include "shim/sql/rules.h"

namespace dsql::shim::sql {

namespace {

bool isPatternOps(std::string_view opclass) {
  for (std::string_view k : {"TEXT_PATTERN_OPS", "VARCHAR_PATTERN_OPS", "BPCHAR_PATTERN_OPS"}) {
    if (keywordEquals(opclass, k)) return true;
  }
  return false;
}

[[noreturn]] void refuse(const StatementContext& ctx, std::size_t at, const std::string& what) {
  throw dsql::Error("0A000", what + " is not supported by Aurora DSQL's CREATE INDEX ASYNC (offset " +
                                 std::to_string(ctx.errorOffset(at)) + ")");
}

// One index key, tokens [b, e): expression, then [COLLATE c] [opclass [(params)]] [ASC|DESC] [NULLS …].
void indexKey(StatementContext& ctx, std::size_t b, std::size_t e, NoteSink& notes) {
  std::size_t i = b;
  if (ctx.kind(i) == TokenKind::LParen && ctx.partner(i) < e) {
    i = ctx.partner(i) + 1;
  } else {
    i = skipQualifiedName(ctx, i);
    if (ctx.kind(i) == TokenKind::LParen && ctx.partner(i) < e) i = ctx.partner(i) + 1;  // f(x)
  }
  while (i < e) {
    if (ctx.is(i, "COLLATE")) {
      i = skipQualifiedName(ctx, i + 1);
    } else if (ctx.is(i, "ASC") || ctx.is(i, "DESC")) {
      notes.add("index-sort-order", std::string(ctx.tokenText(i)) + " dropped from index key " +
                                        ctx.renderRange(b, i) + " (Aurora DSQL indexes are ascending)");
      ctx.remove(i, i + 1);
      ++i;
    } else if (ctx.is(i, "NULLS")) {
      i += 2;
    } else if (ctx.kind(i) == TokenKind::Word || ctx.kind(i) == TokenKind::QuotedIdent) {
      const std::size_t end = skipQualifiedName(ctx, i);
      std::size_t after = end;
      if (ctx.kind(after) == TokenKind::LParen && ctx.partner(after) < e) after = ctx.partner(after) + 1;
      if (!isPatternOps(ctx.tokenText(end - 1))) refuse(ctx, i, "opclass " + ctx.renderRange(i, after));
      notes.add("index-opclass", "opclass " + ctx.renderRange(i, after) +
                                     " dropped: equal to the default under DSQL's C collation");
      ctx.remove(i, after);
      i = after;
    } else {
      ++i;
    }
  }
}

}  // namespace

bool applyCreateIndexRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  std::size_t i = ctx.is(1, "UNIQUE") ? 2 : 1;
  if (!ctx.is(i, "INDEX")) return false;
  outcome.kind = StatementKind::Ddl;
  outcome.createIndexAsync = true;
  const std::size_t indexAt = i++;
  if (ctx.is(i, "ASYNC")) return true;
  if (ctx.is(i, "CONCURRENTLY")) {
    ctx.replace(i, i + 1, "ASYNC", false);
    notes.add("index-concurrently", "CONCURRENTLY replaced by ASYNC");
    ++i;
  } else {
    ctx.insertAfter(indexAt, " ASYNC");
  }
  notes.add("create-index-async", "CREATE INDEX sent as CREATE INDEX ASYNC: the server answers a job_id and "
                                  "builds the index in the background");
  if (ctx.is(i, "IF") && ctx.is(i + 1, "NOT") && ctx.is(i + 2, "EXISTS")) i += 3;
  if (!ctx.is(i, "ON")) {
    const std::size_t nameEnd = skipQualifiedName(ctx, i);
    if (nameEnd > i + 1) {
      notes.add("index-name-qualified", "index name " + ctx.renderRange(i, nameEnd) +
                                            " unqualified: the index is created in its table's schema");
      ctx.replace(i, nameEnd - 1, std::string(), false);
    }
    i = nameEnd;
  }
  if (!ctx.is(i, "ON")) return true;  // not the shape we know: let the server judge it
  ++i;
  if (ctx.is(i, "ONLY")) {
    notes.add("index-only", "ON ONLY dropped (Aurora DSQL has no table inheritance)");
    ctx.remove(i, i + 1);
    ++i;
  }
  i = skipQualifiedName(ctx, i);
  if (ctx.is(i, "USING")) {
    if (!ctx.is(i + 1, "BTREE")) refuse(ctx, i + 1, "index method " + std::string(ctx.tokenText(i + 1)));
    notes.add("index-using-btree", "USING btree dropped (btree is Aurora DSQL's only index method)");
    ctx.remove(i, i + 2);
    i += 2;
  }
  if (ctx.kind(i) != TokenKind::LParen || ctx.partner(i) >= ctx.size()) return true;
  for (const auto& [b, e] : splitList(ctx, i + 1, ctx.partner(i))) {
    if (b < e) indexKey(ctx, b, e, notes);
  }
  return true;
}

}  // namespace dsql::shim::sql
