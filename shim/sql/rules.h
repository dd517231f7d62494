// The DSQL rewrite rules: one row per rule (name, what it answers), and the entry points that apply them
// to one statement. Rules edit whole tokens through StatementContext and record a Note per application,
// naming their row. Internal to shim/sql; semantics are documented in shim/sql/README.md.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shim/sql/statement_context.h"
#include "shim/sql/translate.h"

namespace dsql::shim::sql {

struct RuleInfo {
  std::string_view name;     // Note::rule
  std::string_view answers;  // the DSQL behaviour (SQLSTATE + message, docs/dsql-behaviour.md) the rule works around
};
std::span<const RuleInfo> ruleTable();
const RuleInfo* findRule(std::string_view name);

// What the rules decided about one statement, beyond its text.
struct RuleOutcome {
  LocalAction local = LocalAction::None;
  std::string savepointName;
  StatementKind kind = StatementKind::Other;
  bool createIndexAsync = false;
  std::vector<std::string> followUps;  // generated statements to run after this one (async VALIDATE)
  std::string truncateTable;
};

// Collects notes for one statement; `rule` must be a row of ruleTable().
class NoteSink {
 public:
  NoteSink(std::vector<Note>& notes, int statement) : notes_(notes), statement_(statement) {}
  void add(std::string_view rule, std::string message, bool warn = false);

 private:
  std::vector<Note>& notes_;
  int statement_;
};

// Applies every DSQL rule whose statement shape matches (Options::dsql is true). May throw 0A000.
void applyDsqlRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);

// Rule families (rules_*.cpp). Each returns true when the statement was its shape.
bool applyTransactionRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);
bool applyCreateTableRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);
bool applyAlterTableRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);
bool applyCreateIndexRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);
bool applyCreateSequenceRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);
bool applyAlterSequenceRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);
bool applyMaintenanceRules(StatementContext& ctx, RuleOutcome& outcome, NoteSink& notes);  // VACUUM, TRUNCATE

// Shared token helpers for the rule families.
// Index just past a possibly qualified name (a.b."c") starting at i; i itself when none is there.
std::size_t skipQualifiedName(const StatementContext& ctx, std::size_t i);
// Splits tokens [begin, end) on commas outside parentheses.
std::vector<std::pair<std::size_t, std::size_t>> splitList(const StatementContext& ctx, std::size_t begin,
                                                           std::size_t end);
// Removes the list items flagged in `drop` together with the commas that separated them, leaving a valid
// list. Returns false (and removes nothing) when every item would go.
bool removeListItems(StatementContext& ctx, const std::vector<std::pair<std::size_t, std::size_t>>& items,
                     const std::vector<bool>& drop);

}  // namespace dsql::shim::sql
