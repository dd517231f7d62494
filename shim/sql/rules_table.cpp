// Table DDL rules: FOREIGN KEY handling in CREATE TABLE and ALTER TABLE, NOT VALID for constraints DSQL
// only accepts that way, and serial/identity/sequence caches.
// - ForeignKeys=auto (default) and keep: foreign keys pass through (DSQL enforces them since 2026-08,
//   docs/dsql-behaviour.md §0.1); ALTER TABLE … ADD [CONSTRAINT n] FOREIGN KEY gets NOT VALID, since DSQL refuses it
//   otherwise (0A000 unsupported ALTER TABLE ADD CONSTRAINT statement, golden:alters.json), and when the
//   constraint is named a generated ALTER TABLE ASYNC t VALIDATE CONSTRAINT n follows, so existing rows are
//   checked as PostgreSQL would (the synchronous VALIDATE is refused too).
// - ForeignKeys=strip (also the auto mode's fallback when the server refuses FK clauses): column REFERENCES
//   clauses and table FOREIGN KEY constraints are removed from CREATE TABLE and ALTER TABLE … ADD; an ALTER
//   TABLE whose only actions were foreign keys becomes a local no-op. Losing a referential action (ON DELETE /
//   ON UPDATE other than NO ACTION) is a note the application always sees.
// - ALTER TABLE … ADD [CONSTRAINT n] CHECK gets NOT VALID in every mode, for the same refusal.
// - serialAsIdentity: smallserial/serial/bigserial become bigint identity columns with CACHE n (DSQL:
//   42704 type "serial" does not exist); identity columns on integer/smallint become bigint (0A000 identity
//   column type must be bigint); identity columns and sequences without a cache DSQL accepts (1 or >= 65536)
//   get CACHE n, n = Options::sequenceCache.
#include <algorithm>

#include "shim/sql/rules.h"

namespace dsql::shim::sql {

namespace {

constexpr std::string_view kSerialTypes[] = {"SMALLSERIAL", "SERIAL2", "SERIAL", "SERIAL4", "BIGSERIAL", "SERIAL8"};
constexpr std::string_view kSmallIntegers[] = {"INTEGER", "INT", "INT4", "SMALLINT", "INT2"};

std::string cacheText(const StatementContext& ctx) { return "CACHE " + std::to_string(ctx.options().sequenceCache); }

// A CACHE value DSQL accepts: 1, or at least 65536.
bool acceptedCache(std::string_view value) {
  if (value.empty() || value.size() > 18) return true;  // missing or huge: let the server judge it
  long long v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return true;  // not a plain number: let the server judge it
    v = v * 10 + (c - '0');
  }
  return v == 1 || v >= 65536;
}

// Sequence options in tokens [b, e): CACHE with an accepted value stays; a refused value is replaced;
// none at all → `insert` is called to place one. Returns a note text, empty when nothing changed.
template <typename Insert>
std::string fixCache(StatementContext& ctx, std::size_t b, std::size_t e, Insert insert) {
  for (std::size_t k = b; k < e; ++k) {
    if (!ctx.is(k, "CACHE")) continue;
    if (acceptedCache(ctx.tokenText(k + 1))) return {};
    const std::string was(ctx.tokenText(k + 1));
    ctx.replace(k + 1, k + 2, std::to_string(ctx.options().sequenceCache), false);
    return "CACHE " + was + " raised to " + std::to_string(ctx.options().sequenceCache) +
           " (Aurora DSQL accepts CACHE 1 or >= 65536)";
  }
  insert();
  return "given " + cacheText(ctx) + " (Aurora DSQL requires an explicit cache of 1 or >= 65536)";
}

// A referential action other than NO ACTION in tokens [b, e): what stripping the clause loses.
std::string referentialAction(const StatementContext& ctx, std::size_t b, std::size_t e) {
  std::string lost;
  for (std::size_t i = b; i + 2 < e; ++i) {
    if (!ctx.is(i, "ON") || !(ctx.is(i + 1, "DELETE") || ctx.is(i + 1, "UPDATE"))) continue;
    if (ctx.is(i + 2, "NO")) continue;
    const std::size_t end = (ctx.is(i + 2, "SET")) ? i + 4 : i + 3;
    if (!lost.empty()) lost += ", ";
    lost += ctx.renderRange(i, std::min(end, e));
  }
  return lost;
}

void noteStripped(const StatementContext& ctx, NoteSink& notes, const std::string& what, std::size_t b,
                  std::size_t e) {
  const std::string lost = referentialAction(ctx, b, e);
  std::string message = "removed " + what + " (ForeignKeys=strip): " + ctx.renderRange(b, e);
  if (!lost.empty()) message += "; the server will NOT apply " + lost;
  notes.add("foreign-key", std::move(message), /*warn=*/!lost.empty());
}

// After REFERENCES: reftable [(cols)] [MATCH …] [ON DELETE|UPDATE action] [[NOT] DEFERRABLE]
// [INITIALLY DEFERRED|IMMEDIATE] [[NOT] ENFORCED], in any order; returns the index just past the clause.
std::size_t referencesEnd(const StatementContext& ctx, std::size_t i, std::size_t end) {
  i = skipQualifiedName(ctx, i);
  if (ctx.kind(i) == TokenKind::LParen && ctx.partner(i) < end) i = ctx.partner(i) + 1;
  while (i < end) {
    if (ctx.is(i, "MATCH")) {
      i += 2;
    } else if (ctx.is(i, "ON") && (ctx.is(i + 1, "DELETE") || ctx.is(i + 1, "UPDATE"))) {
      i += 2;
      if (ctx.is(i, "NO") || ctx.is(i, "SET")) i += 2;
      else i += 1;  // RESTRICT, CASCADE
      if (ctx.kind(i) == TokenKind::LParen && ctx.partner(i) < end) i = ctx.partner(i) + 1;  // SET NULL (cols)
    } else if (ctx.is(i, "DEFERRABLE") || ctx.is(i, "ENFORCED")) {
      i += 1;
    } else if (ctx.is(i, "NOT") && (ctx.is(i + 1, "DEFERRABLE") || ctx.is(i + 1, "ENFORCED"))) {
      i += 2;
    } else if (ctx.is(i, "INITIALLY")) {
      i += 2;
    } else {
      break;
    }
  }
  return std::min(i, end);
}

// Removes every [CONSTRAINT n] REFERENCES … clause of one column definition, tokens [b, e).
void stripColumnReferences(StatementContext& ctx, std::size_t b, std::size_t e, NoteSink& notes) {
  for (std::size_t i = b; i < e; ++i) {
    if (ctx.kind(i) == TokenKind::LParen && ctx.partner(i) < e) {
      i = ctx.partner(i);
      continue;
    }
    if (!ctx.is(i, "REFERENCES")) continue;
    const std::size_t start = (i >= b + 2 && ctx.is(i - 2, "CONSTRAINT")) ? i - 2 : i;
    const std::size_t end = referencesEnd(ctx, i + 1, e);
    noteStripped(ctx, notes, "column foreign key", start, end);
    ctx.remove(start, end);
    i = end - 1;
  }
}

bool isTableForeignKey(const StatementContext& ctx, std::size_t b) {
  return ctx.is(b, "FOREIGN") || (ctx.is(b, "CONSTRAINT") && ctx.is(b + 2, "FOREIGN"));
}

bool isTableConstraint(const StatementContext& ctx, std::size_t b) {
  for (std::string_view k : {"CONSTRAINT", "CHECK", "UNIQUE", "PRIMARY", "EXCLUDE", "LIKE", "FOREIGN"}) {
    if (ctx.is(b, k)) return true;
  }
  return false;
}

// serial → identity; identity on integer → bigint; identity without an accepted cache → CACHE n. Column
// definition tokens [b, e).
void identityRules(StatementContext& ctx, std::size_t b, std::size_t e, NoteSink& notes) {
  for (std::string_view s : kSerialTypes) {
    if (b + 1 < e && ctx.is(b + 1, s)) {
      const std::string identity = "bigint GENERATED BY DEFAULT AS IDENTITY (" + cacheText(ctx) + ")";
      notes.add("serial-as-identity", std::string(ctx.tokenText(b + 1)) + " column " +
                                          std::string(ctx.tokenText(b)) + " created as " + identity);
      ctx.replace(b + 1, b + 2, identity, false);
      return;
    }
  }
  for (std::size_t i = b; i < e; ++i) {
    if (!ctx.is(i, "IDENTITY") || !ctx.is(i - 1, "AS")) continue;
    for (std::string_view t : kSmallIntegers) {
      if (b + 1 < e && ctx.is(b + 1, t) && ctx.kind(b + 2) != TokenKind::Dot) {
        notes.add("identity-bigint", "identity column " + std::string(ctx.tokenText(b)) + " created as bigint instead of " +
                                         std::string(ctx.tokenText(b + 1)) + " (Aurora DSQL identity columns are bigint)");
        ctx.replace(b + 1, b + 2, "bigint", false);
        break;
      }
    }
    std::string change;
    if (ctx.kind(i + 1) == TokenKind::LParen && ctx.partner(i + 1) < e) {
      change = fixCache(ctx, i + 2, ctx.partner(i + 1), [&] { ctx.insertAfter(i + 1, cacheText(ctx) + " "); });
    } else {
      change = fixCache(ctx, i, i, [&] { ctx.insertAfter(i, " (" + cacheText(ctx) + ")"); });
    }
    if (!change.empty()) notes.add("identity-cache", "identity column " + std::string(ctx.tokenText(b)) + " " + change);
    return;
  }
}

// ALTER TABLE … ADD [CONSTRAINT c] FOREIGN KEY … ending before token e: NOT VALID, and for a named
// constraint the asynchronous validation DSQL offers instead of the synchronous one.
void addNotValid(StatementContext& ctx, std::size_t e, const std::string& table, const std::string& constraint,
                 RuleOutcome& outcome, NoteSink& notes) {
  ctx.insertAfter(e - 1, " NOT VALID");
  if (constraint.empty()) {
    notes.add("foreign-key-not-valid", "foreign key added NOT VALID (Aurora DSQL requires it); name the constraint "
                                       "to have the driver validate existing rows, or run ALTER TABLE ASYNC " +
                                           table + " VALIDATE CONSTRAINT <name>");
    return;
  }
  outcome.followUps.push_back("ALTER TABLE ASYNC " + table + " VALIDATE CONSTRAINT " + constraint);
  notes.add("foreign-key-not-valid", "foreign key added NOT VALID (Aurora DSQL requires it); the driver then runs " +
                                         outcome.followUps.back() + " to check existing rows");
  notes.add("foreign-key-validate", outcome.followUps.back() + " added after the ALTER TABLE");
}

}  // namespace

bool applyCreateTableRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  std::size_t i = 1;
  if (ctx.is(i, "GLOBAL") || ctx.is(i, "LOCAL")) ++i;
  if (ctx.is(i, "TEMPORARY") || ctx.is(i, "TEMP") || ctx.is(i, "UNLOGGED")) ++i;
  if (!ctx.is(i, "TABLE")) return false;
  ++i;
  if (ctx.is(i, "IF") && ctx.is(i + 1, "NOT") && ctx.is(i + 2, "EXISTS")) i += 3;
  const std::size_t lp = skipQualifiedName(ctx, i);
  outcome.kind = StatementKind::Ddl;
  if (lp == i || ctx.kind(lp) != TokenKind::LParen || ctx.partner(lp) >= ctx.size()) return true;
  const std::size_t rp = ctx.partner(lp);
  const bool strip = ctx.options().foreignKeys == ForeignKeyMode::Strip;
  const auto items = splitList(ctx, lp + 1, rp);
  std::vector<bool> drop(items.size(), false);
  bool anyDropped = false;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const auto [b, e] = items[k];
    if (b >= e) continue;
    if (isTableForeignKey(ctx, b)) {
      if (!strip) continue;
      drop[k] = anyDropped = true;
      noteStripped(ctx, notes, "table foreign key", b, e);
      continue;
    }
    if (isTableConstraint(ctx, b)) continue;
    if (ctx.options().serialAsIdentity) identityRules(ctx, b, e, notes);
    if (strip) stripColumnReferences(ctx, b, e, notes);
  }
  if (anyDropped && !removeListItems(ctx, items, drop)) ctx.remove(lp + 1, rp);
  return true;
}

bool applyAlterTableRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  if (!ctx.is(1, "TABLE")) return false;
  outcome.kind = StatementKind::Ddl;
  std::size_t i = 2;
  if (ctx.is(i, "ASYNC")) return true;  // already DSQL's form
  if (ctx.is(i, "IF") && ctx.is(i + 1, "EXISTS")) i += 2;
  if (ctx.is(i, "ONLY")) ++i;
  const std::size_t nameEnd = skipQualifiedName(ctx, i);
  if (nameEnd == i) return true;
  const std::string table = ctx.renderRange(i, nameEnd);
  i = nameEnd;
  if (ctx.isOp(i, '*')) ++i;
  const bool strip = ctx.options().foreignKeys == ForeignKeyMode::Strip;
  const auto items = splitList(ctx, i, ctx.size());
  std::vector<bool> drop(items.size(), false);
  bool anyDropped = false;
  for (std::size_t k = 0; k < items.size(); ++k) {
    const auto [b, e] = items[k];
    if (!ctx.is(b, "ADD")) continue;
    std::size_t c = b + 1;
    std::string constraint = "<constraint>";
    const bool named = ctx.is(c, "CONSTRAINT");
    if (named) {
      constraint = std::string(ctx.tokenText(c + 1));
      c += 2;
    }
    if (ctx.is(c, "FOREIGN")) {
      if (strip) {
        drop[k] = anyDropped = true;
        noteStripped(ctx, notes, "ALTER TABLE action", b, e);
      } else if (!(ctx.is(e - 2, "NOT") && ctx.is(e - 1, "VALID"))) {
        addNotValid(ctx, e, table, named ? constraint : std::string(), outcome, notes);
      }
    } else if (ctx.is(c, "CHECK")) {
      if (!(ctx.is(e - 2, "NOT") && ctx.is(e - 1, "VALID"))) {
        ctx.insertAfter(e - 1, " NOT VALID");
        notes.add("check-not-valid", "CHECK constraint added NOT VALID (Aurora DSQL requires it); check existing "
                                     "rows with ALTER TABLE ASYNC " + table + " VALIDATE CONSTRAINT " + constraint);
      }
    } else if (strip) {
      stripColumnReferences(ctx, c, e, notes);  // ADD [COLUMN] c type REFERENCES …
    }
  }
  if (anyDropped && !removeListItems(ctx, items, drop)) {
    outcome.local = LocalAction::NoOp;
    notes.add("foreign-key", "ALTER TABLE answered by the driver: its only actions were foreign keys");
  }
  return true;
}

bool applyCreateSequenceRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  std::size_t i = 1;
  if (ctx.is(i, "TEMPORARY") || ctx.is(i, "TEMP") || ctx.is(i, "UNLOGGED")) ++i;
  if (!ctx.is(i, "SEQUENCE")) return false;
  outcome.kind = StatementKind::Ddl;
  if (!ctx.options().serialAsIdentity) return true;
  const std::size_t n = ctx.size();
  const std::string change = fixCache(ctx, i + 1, n, [&] { ctx.insertAfter(n - 1, " " + cacheText(ctx)); });
  if (!change.empty()) notes.add("sequence-cache", "sequence " + change);
  return true;
}

// ALTER SEQUENCE … CACHE n with a cache DSQL refuses: the cache is raised (nothing is added when the
// statement does not touch the cache).
bool applyAlterSequenceRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  if (!ctx.is(1, "SEQUENCE")) return false;
  outcome.kind = StatementKind::Ddl;
  if (!ctx.options().serialAsIdentity) return true;
  const std::string change = fixCache(ctx, 2, ctx.size(), [] {});
  if (change.rfind("CACHE", 0) == 0) notes.add("sequence-cache", "sequence " + change);
  return true;
}

}  // namespace dsql::shim::sql
