// The rule table (one row per rewrite rule, looked up by name) and the dispatcher that hands a statement to
// the rule family its leading keywords select. Each row cites the DSQL refusal it answers
// (docs/dsql-behaviour.md §2 and §2.1; golden recordings in tests/emulator/golden/).
#include "shim/sql/rules.h"

#include "shim/common/log.h"

namespace dsql::shim::sql {

namespace {

constexpr RuleInfo kRules[] = {
    {"savepoint", "0A000 unsupported transaction statement: SAVEPOINT"},
    {"release-savepoint", "0A000 unsupported transaction statement: RELEASE"},
    {"rollback-to-savepoint", "0A000 unsupported transaction statement: ROLLBACK TO"},
    {"foreign-key", "0A000 foreign key constraints not supported (DSQL before 2026-08; ForeignKeys=strip, or the "
                    "ForeignKeys=auto fallback)"},
    {"foreign-key-not-valid", "0A000 unsupported ALTER TABLE ADD CONSTRAINT statement (FOREIGN KEY without NOT VALID)"},
    {"foreign-key-validate", "0A000 unsupported ALTER TABLE VALIDATE CONSTRAINT statement (only ALTER TABLE ASYNC "
                             "validates)"},
    {"check-not-valid", "0A000 unsupported ALTER TABLE ADD CONSTRAINT statement (CHECK without NOT VALID)"},
    {"create-index-async", "0A000 unsupported mode. please use CREATE INDEX ASYNC."},
    {"index-concurrently", "0A000 CONCURRENTLY not supported for CREATE INDEX"},
    {"index-name-qualified", "42601 syntax error at or near \".\" (schema-qualified CREATE INDEX ASYNC name)"},
    {"index-only", "ON ONLY is not in DSQL's CREATE INDEX ASYNC syntax (DSQL has no table inheritance)"},
    {"index-using-btree", "USING is not in DSQL's CREATE INDEX ASYNC syntax (btree is the only method)"},
    {"index-sort-order", "0A000 specifying sort order not supported for index keys"},
    {"index-opclass", "0A000 opclass not supported for index keys"},
    {"set-transaction", "0A000 setting configuration parameter \"TRANSACTION\" not supported"},
    {"begin-isolation", "0A000 Unsupported isolation level (BEGIN ISOLATION LEVEL READ COMMITTED)"},
    {"truncate-as-delete", "0A000 unsupported statement: Truncate"},
    {"vacuum", "0A000 unsupported VACUUM statement"},
    {"vacuum-analyze", "0A000 unsupported VACUUM statement (ANALYZE alone is accepted)"},
    {"serial-as-identity", "42704 type \"serial\" does not exist"},
    {"identity-bigint", "0A000 datatype integer not supported, identity column type must be bigint"},
    {"identity-cache", "0A000 identity column is not supported without an explicit cache size"},
    {"sequence-cache", "0A000 CREATE SEQUENCE is not supported without an explicit cache size"},
};

}  // namespace

std::span<const RuleInfo> ruleTable() { return kRules; }

const RuleInfo* findRule(std::string_view name) {
  for (const RuleInfo& r : kRules) {
    if (r.name == name) return &r;
  }
  return nullptr;
}

void NoteSink::add(std::string_view rule, std::string message, bool warn) {
  if (dsql::log::enabled(dsql::log::Level::Debug)) {
    dsql::log::debug("sql rewrite [" + std::string(rule) + "]: " + message);
  }
  notes_.push_back({std::string(rule), std::move(message), warn, statement_});
}

void applyDsqlRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  if (ctx.size() == 0) return;
  if (applyTransactionRules(ctx, outcome, notes)) return;
  if (ctx.is(0, "VACUUM") || ctx.is(0, "TRUNCATE")) {
    applyMaintenanceRules(ctx, outcome, notes);
    return;
  }
  if (ctx.is(0, "CREATE")) {
    if (applyCreateTableRules(ctx, outcome, notes)) return;
    if (applyCreateIndexRules(ctx, outcome, notes)) return;
    applyCreateSequenceRules(ctx, outcome, notes);
    return;
  }
  if (ctx.is(0, "ALTER") && !applyAlterTableRules(ctx, outcome, notes)) applyAlterSequenceRules(ctx, outcome, notes);
}

std::size_t skipQualifiedName(const StatementContext& ctx, std::size_t i) {
  auto isName = [&](std::size_t k) {
    return ctx.kind(k) == TokenKind::Word || ctx.kind(k) == TokenKind::QuotedIdent;
  };
  if (!isName(i)) return i;
  ++i;
  while (ctx.kind(i) == TokenKind::Dot && isName(i + 1)) i += 2;
  return i;
}

std::vector<std::pair<std::size_t, std::size_t>> splitList(const StatementContext& ctx, std::size_t begin,
                                                           std::size_t end) {
  std::vector<std::pair<std::size_t, std::size_t>> items;
  if (begin >= end) return items;
  std::size_t start = begin;
  for (std::size_t i = begin; i < end; ++i) {
    const TokenKind k = ctx.kind(i);
    if ((k == TokenKind::LParen || k == TokenKind::LBrace) && ctx.partner(i) < end) {
      i = ctx.partner(i);
    } else if (k == TokenKind::Comma) {
      items.emplace_back(start, i);
      start = i + 1;
    }
  }
  items.emplace_back(start, end);
  return items;
}

// Items are separated by one comma token each: items[k].second is the comma before items[k+1]. An item
// with a kept item before it goes together with the comma before it; an item with none kept before it
// goes with the comma after it. The two cases never claim the same comma.
bool removeListItems(StatementContext& ctx, const std::vector<std::pair<std::size_t, std::size_t>>& items,
                     const std::vector<bool>& drop) {
  bool anyKept = false;
  for (bool d : drop) anyKept = anyKept || !d;
  if (!anyKept) return false;
  bool keptBefore = false;
  for (std::size_t k = 0; k < items.size(); ++k) {
    if (!drop[k]) {
      keptBefore = true;
      continue;
    }
    if (keptBefore) {
      ctx.remove(items[k].first - 1, items[k].second);
    } else {
      ctx.replace(items[k].first, items[k].second + 1, std::string(), /*trimSpace=*/false, /*trimSpaceAfter=*/true);
    }
  }
  return true;
}

}  // namespace dsql::shim::sql
