// Transaction-control rules. Aurora DSQL refuses SAVEPOINT, RELEASE and ROLLBACK TO (0A000 unsupported
// transaction statement: …), every SET TRANSACTION, and isolation levels other than REPEATABLE READ
// (docs/dsql-behaviour.md §2, §2.1). Savepoint statements become local actions the driver answers with its
// SavepointTracker; SET TRANSACTION / BEGIN ISOLATION LEVEL asking for READ COMMITTED or weaker (DSQL's
// REPEATABLE READ is stronger, so the application gets at least what it asked for) become no-ops.
// SERIALIZABLE and READ ONLY are never dropped: silently weakening them would be wrong, so DSQL's own
// clear refusal reaches the application.
#include "shim/sql/rules.h"

namespace dsql::shim::sql {

namespace {

bool isName(const StatementContext& ctx, std::size_t i) {
  return ctx.kind(i) == TokenKind::Word || ctx.kind(i) == TokenKind::QuotedIdent;
}

bool localSavepoint(StatementContext& ctx, std::size_t nameAt, LocalAction action, RuleOutcome& outcome,
                    NoteSink& notes, std::string_view rule) {
  if (nameAt + 1 != ctx.size() || !isName(ctx, nameAt)) return false;
  outcome.local = action;
  outcome.savepointName = ctx.identifier(nameAt);
  outcome.kind = StatementKind::Other;
  notes.add(rule, std::string(ctx.text()) + " answered by the driver: Aurora DSQL does not support savepoints");
  return true;
}

enum class Level { None, Serializable, RepeatableRead, ReadCommitted, ReadUncommitted };

struct Modes {
  bool valid = false;     // the tokens were transaction modes and nothing else
  bool readOnly = false;
  Level level = Level::None;
  std::size_t isoBegin = 0, isoEnd = 0;  // tokens of ISOLATION LEVEL …
};

// transaction_mode [, …] per the SET TRANSACTION / BEGIN synopsis, from token i to the end.
Modes parseModes(const StatementContext& ctx, std::size_t i) {
  Modes m;
  const std::size_t n = ctx.size();
  while (i < n) {
    if (ctx.is(i, "ISOLATION") && ctx.is(i + 1, "LEVEL")) {
      m.isoBegin = i;
      i += 2;
      if (ctx.is(i, "SERIALIZABLE")) m.level = Level::Serializable, i += 1;
      else if (ctx.is(i, "REPEATABLE") && ctx.is(i + 1, "READ")) m.level = Level::RepeatableRead, i += 2;
      else if (ctx.is(i, "READ") && ctx.is(i + 1, "COMMITTED")) m.level = Level::ReadCommitted, i += 2;
      else if (ctx.is(i, "READ") && ctx.is(i + 1, "UNCOMMITTED")) m.level = Level::ReadUncommitted, i += 2;
      else return m;
      m.isoEnd = i;
    } else if (ctx.is(i, "READ") && ctx.is(i + 1, "WRITE")) {
      i += 2;
    } else if (ctx.is(i, "READ") && ctx.is(i + 1, "ONLY")) {
      m.readOnly = true;
      i += 2;
    } else if (ctx.is(i, "DEFERRABLE")) {
      i += 1;
    } else if (ctx.is(i, "NOT") && ctx.is(i + 1, "DEFERRABLE")) {
      i += 2;
    } else if (ctx.kind(i) == TokenKind::Comma && i > 0) {
      i += 1;
    } else {
      return m;
    }
  }
  m.valid = true;
  return m;
}

bool weakerOrEqual(Level l) { return l != Level::Serializable; }

// SET TRANSACTION … / SET SESSION CHARACTERISTICS AS TRANSACTION … / SET default_transaction_isolation.
bool setTransaction(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  std::size_t i = 1;
  if (ctx.is(1, "SESSION") && ctx.is(2, "CHARACTERISTICS") && ctx.is(3, "AS")) i = 4;
  bool noOp = false;
  if (ctx.is(i, "TRANSACTION")) {
    const Modes m = parseModes(ctx, i + 1);
    noOp = m.valid && !m.readOnly && weakerOrEqual(m.level) && ctx.size() > i + 1;
  } else {
    if (ctx.is(1, "SESSION") || ctx.is(1, "LOCAL")) i = 2;
    if (!ctx.is(i, "DEFAULT_TRANSACTION_ISOLATION") || i + 3 != ctx.size()) return false;
    if (!ctx.is(i + 1, "TO") && !ctx.isOp(i + 1, '=')) return false;
    const std::size_t v = i + 2;
    if (ctx.is(v, "DEFAULT")) {
      noOp = true;
    } else if (ctx.kind(v) == TokenKind::String) {
      std::string value(ctx.tokenText(v));
      for (char& c : value) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      noOp = value == "'repeatable read'" || value == "'read committed'" || value == "'read uncommitted'";
    }
  }
  if (!noOp) return false;
  outcome.local = LocalAction::NoOp;
  outcome.kind = StatementKind::Other;
  notes.add("set-transaction", std::string(ctx.text()) +
                                   " answered by the driver: Aurora DSQL always runs REPEATABLE READ and refuses "
                                   "SET TRANSACTION");
  return true;
}

// BEGIN/START TRANSACTION ISOLATION LEVEL READ COMMITTED|UNCOMMITTED: drop the isolation clause.
bool beginIsolation(StatementContext& ctx, std::size_t modesAt, NoteSink& notes) {
  const Modes m = parseModes(ctx, modesAt);
  if (!m.valid || (m.level != Level::ReadCommitted && m.level != Level::ReadUncommitted)) return false;
  std::size_t b = m.isoBegin, e = m.isoEnd;
  if (ctx.kind(e) == TokenKind::Comma) ++e;
  else if (b > modesAt && ctx.kind(b - 1) == TokenKind::Comma) --b;
  ctx.remove(b, e);
  notes.add("begin-isolation", "isolation level clause removed: Aurora DSQL runs every transaction at "
                               "REPEATABLE READ, which is stronger than the level asked for");
  return true;
}

}  // namespace

bool applyTransactionRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  if (ctx.is(0, "SAVEPOINT")) {
    return localSavepoint(ctx, 1, LocalAction::Savepoint, outcome, notes, "savepoint");
  }
  if (ctx.is(0, "RELEASE")) {
    return localSavepoint(ctx, ctx.is(1, "SAVEPOINT") ? 2 : 1, LocalAction::ReleaseSavepoint, outcome, notes,
                          "release-savepoint");
  }
  if (ctx.is(0, "ROLLBACK")) {
    std::size_t i = (ctx.is(1, "WORK") || ctx.is(1, "TRANSACTION")) ? 2 : 1;
    if (!ctx.is(i, "TO")) return false;
    ++i;
    if (ctx.is(i, "SAVEPOINT")) ++i;
    return localSavepoint(ctx, i, LocalAction::RollbackToSavepoint, outcome, notes, "rollback-to-savepoint");
  }
  if (ctx.is(0, "SET")) return ctx.options().ignoreSetTransaction && setTransaction(ctx, outcome, notes);
  if (ctx.is(0, "BEGIN") && ctx.options().ignoreSetTransaction) {
    return beginIsolation(ctx, (ctx.is(1, "WORK") || ctx.is(1, "TRANSACTION")) ? 2 : 1, notes);
  }
  if (ctx.is(0, "START") && ctx.is(1, "TRANSACTION") && ctx.options().ignoreSetTransaction) {
    return beginIsolation(ctx, 2, notes);
  }
  return false;
}

}  // namespace dsql::shim::sql
