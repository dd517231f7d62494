// SavepointTracker (semantics in savepoint_tracker.h). Errors use PostgreSQL's own SQLSTATE and wording for
// an unknown savepoint (3B001 invalid_savepoint_specification, `savepoint "x" does not exist`).
#include "shim/sql/savepoint_tracker.h"

#include "shim/common/error.h"

namespace dsql::shim::sql {

namespace {
[[noreturn]] void noSuchSavepoint(std::string_view name) {
  throw dsql::Error("3B001", "savepoint \"" + std::string(name) + "\" does not exist");
}
}  // namespace

std::size_t SavepointTracker::find(std::string_view name) const {
  for (std::size_t i = stack_.size(); i > 0; --i) {
    if (stack_[i - 1].name == name) return i - 1;
  }
  return stack_.size();
}

void SavepointTracker::savepoint(std::string_view name) { stack_.push_back({std::string(name), false}); }

void SavepointTracker::release(std::string_view name) {
  const std::size_t i = find(name);
  if (i == stack_.size()) noSuchSavepoint(name);
  stack_.resize(i);
}

RollbackOutcome SavepointTracker::rollbackTo(std::string_view name) {
  const std::size_t i = find(name);
  if (i == stack_.size()) noSuchSavepoint(name);
  if (stack_[i].dirty) return RollbackOutcome::CannotHonour;
  stack_.resize(i + 1);
  return RollbackOutcome::Honoured;
}

void SavepointTracker::statementExecuted(bool changedData) {
  if (!changedData) return;
  for (Entry& e : stack_) e.dirty = true;
}

void SavepointTracker::transactionEnded() { stack_.clear(); }

}  // namespace dsql::shim::sql
