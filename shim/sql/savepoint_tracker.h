// Per-connection bookkeeping that lets the driver answer savepoints locally. Aurora DSQL refuses SAVEPOINT,
// RELEASE and ROLLBACK TO (0A000 unsupported transaction statement: …, docs/dsql-behaviour.md §2), yet ORMs and
// frameworks issue them routinely, mostly around work that then succeeds. The tracker keeps PostgreSQL's
// savepoint stack semantics and knows, per savepoint, whether anything reached the server since it was set:
// - savepoint(n): pushes n (a repeated name shadows the older one, as in PostgreSQL).
// - release(n): pops n and every savepoint set after it; unknown n → 3B001 savepoint "n" does not exist.
// - rollbackTo(n): unknown n → 3B001. Honoured when nothing ran since n (savepoints set after n are popped,
//   n stays, as in PostgreSQL). CannotHonour when something ran: the server cannot undo part of a
//   transaction, so the driver raises an error or (RollbackToSavepoint=rollback) rolls the whole transaction
//   back with a warning and calls transactionEnded(). The stack is left unchanged on CannotHonour.
// - statementExecuted(): a statement was sent inside the transaction (successful or not: on DSQL a failed
//   statement aborts the transaction, which only a full ROLLBACK recovers). statementExecuted(false) is for a
//   statement that succeeded and changed nothing (a plain query); it leaves savepoints honourable.
// - transactionEnded(): COMMIT, ROLLBACK, or the connection dropped: forget every savepoint.
// Pure logic: no I/O, no locking (the connection's lock covers it).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dsql::shim::sql {

enum class RollbackOutcome { Honoured, CannotHonour };

class SavepointTracker {
 public:
  void savepoint(std::string_view name);
  void release(std::string_view name);
  RollbackOutcome rollbackTo(std::string_view name);
  void statementExecuted(bool changedData = true);
  void transactionEnded();

  std::size_t depth() const { return stack_.size(); }
  bool empty() const { return stack_.empty(); }

 private:
  struct Entry {
    std::string name;
    bool dirty = false;  // something ran since this savepoint was set
  };
  std::size_t find(std::string_view name) const;  // index of the newest entry with that name

  std::vector<Entry> stack_;
};

}  // namespace dsql::shim::sql
