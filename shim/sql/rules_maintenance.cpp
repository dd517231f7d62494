// Maintenance commands Aurora DSQL refuses (docs/dsql-behaviour.md §2): VACUUM (0A000 unsupported VACUUM statement;
// DSQL manages storage itself) and TRUNCATE (0A000 unsupported statement: Truncate).
// - VACUUM without ANALYZE is answered by the driver (local no-op) with a note the application always sees;
//   VACUUM … ANALYZE [tables] becomes ANALYZE [tables], which DSQL runs (it keeps planner statistics).
// - TRUNCATE [TABLE] [ONLY] t [*] [CONTINUE IDENTITY] [RESTRICT] becomes DELETE FROM [ONLY] t [*]
//   (Options::truncateAsDelete). The statement carries the table so that, in autocommit, the driver can
//   delete in transactions of at most DSQL's 3,000-row limit; inside a transaction it is one DELETE and
//   DSQL's limits apply. Several tables, RESTART IDENTITY and CASCADE have no DELETE equivalent: they pass
//   through and DSQL's own refusal reaches the application.
#include "shim/sql/rules.h"

namespace dsql::shim::sql {

namespace {

bool isAnalyze(const StatementContext& ctx, std::size_t i) { return ctx.is(i, "ANALYZE") || ctx.is(i, "ANALYSE"); }

// VACUUM (option [value] [, …]): true when ANALYZE is among the options and not switched off.
bool optionsAnalyze(const StatementContext& ctx, std::size_t lp) {
  const std::size_t rp = ctx.partner(lp);
  for (const auto& [b, e] : splitList(ctx, lp + 1, rp)) {
    if (b + 1 > e || !isAnalyze(ctx, b)) continue;
    if (b + 1 == e) return true;
    const bool off = ctx.is(b + 1, "FALSE") || ctx.is(b + 1, "OFF") || ctx.tokenText(b + 1) == "0";
    return !off;
  }
  return false;
}

bool vacuum(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  std::size_t i = 1;
  bool analyze = false;
  if (ctx.kind(i) == TokenKind::LParen && ctx.partner(i) < ctx.size()) {
    analyze = optionsAnalyze(ctx, i);
    i = ctx.partner(i) + 1;
  } else {
    while (ctx.is(i, "FULL") || ctx.is(i, "FREEZE") || ctx.is(i, "VERBOSE") || isAnalyze(ctx, i)) {
      analyze = analyze || isAnalyze(ctx, i);
      ++i;
    }
  }
  outcome.kind = StatementKind::Other;
  if (!analyze) {
    outcome.local = LocalAction::NoOp;
    notes.add("vacuum", "VACUUM answered by the driver: Aurora DSQL manages storage itself and refuses VACUUM",
              /*warn=*/true);
    return true;
  }
  ctx.replace(0, i, "ANALYZE", false);
  notes.add("vacuum-analyze", "VACUUM … ANALYZE sent as ANALYZE: Aurora DSQL refuses VACUUM but keeps statistics "
                              "with ANALYZE",
            /*warn=*/true);
  return true;
}

bool truncateAsDelete(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  std::size_t i = ctx.is(1, "TABLE") ? 2 : 1;
  const std::size_t keywordEnd = i;
  if (ctx.is(i, "ONLY")) ++i;
  const std::size_t nameEnd = skipQualifiedName(ctx, i);
  if (nameEnd == i) return false;
  std::size_t end = nameEnd;
  if (ctx.isOp(end, '*')) ++end;
  const std::size_t keep = end;
  if (ctx.is(end, "CONTINUE") && ctx.is(end + 1, "IDENTITY")) end += 2;
  if (ctx.is(end, "RESTRICT")) end += 1;
  if (end != ctx.size()) return false;
  outcome.truncateTable = ctx.renderRange(i, nameEnd);
  ctx.replace(0, keywordEnd, "DELETE FROM", false);
  if (keep < end) ctx.remove(keep, end);
  outcome.kind = StatementKind::Dml;
  notes.add("truncate-as-delete",
            "TRUNCATE sent as DELETE: Aurora DSQL does not support TRUNCATE. In autocommit the driver deletes in "
            "transactions of at most 3,000 rows each (the transaction row limit); inside a transaction it is one "
            "DELETE, subject to the 3,000-row and 10 MiB limits");
  return true;
}

}  // namespace

bool applyMaintenanceRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes) {
  if (ctx.is(0, "VACUUM")) return vacuum(ctx, outcome, notes);
  if (ctx.is(0, "TRUNCATE")) return ctx.options().truncateAsDelete && truncateAsDelete(ctx, outcome, notes);
  return false;
}

}  // namespace dsql::shim::sql
