// SavepointTracker: PostgreSQL's savepoint stack semantics, answered locally, and the one thing the driver
// cannot fake — undoing work that reached the server.
#include <gtest/gtest.h>

#include "shim/common/error.h"
#include "shim/sql/savepoint_tracker.h"

namespace dsql::shim::sql {
namespace {

TEST(SavepointTracker, RollbackWithNothingExecutedIsHonoured) {
  SavepointTracker t;
  t.savepoint("a");
  EXPECT_EQ(t.rollbackTo("a"), RollbackOutcome::Honoured);
  EXPECT_EQ(t.depth(), 1u);  // the savepoint stays after ROLLBACK TO, as in PostgreSQL
  EXPECT_EQ(t.rollbackTo("a"), RollbackOutcome::Honoured);
}

TEST(SavepointTracker, RollbackAfterAStatementCannotBeHonoured) {
  SavepointTracker t;
  t.savepoint("a");
  t.statementExecuted();
  EXPECT_EQ(t.rollbackTo("a"), RollbackOutcome::CannotHonour);
  EXPECT_EQ(t.depth(), 1u);
}

TEST(SavepointTracker, ReadOnlyStatementsKeepSavepointsHonourable) {
  SavepointTracker t;
  t.savepoint("a");
  t.statementExecuted(false);
  EXPECT_EQ(t.rollbackTo("a"), RollbackOutcome::Honoured);
}

TEST(SavepointTracker, InnerSavepointSetAfterWorkIsStillClean) {
  SavepointTracker t;
  t.savepoint("outer");
  t.statementExecuted();
  t.savepoint("inner");
  EXPECT_EQ(t.rollbackTo("inner"), RollbackOutcome::Honoured);
  EXPECT_EQ(t.rollbackTo("outer"), RollbackOutcome::CannotHonour);
}

TEST(SavepointTracker, RollbackToPopsLaterSavepoints) {
  SavepointTracker t;
  t.savepoint("a");
  t.savepoint("b");
  t.savepoint("c");
  EXPECT_EQ(t.rollbackTo("b"), RollbackOutcome::Honoured);
  EXPECT_EQ(t.depth(), 2u);
  EXPECT_THROW(t.release("c"), dsql::Error);
}

TEST(SavepointTracker, ReleasePopsItAndLaterOnes) {
  SavepointTracker t;
  t.savepoint("a");
  t.savepoint("b");
  t.release("a");
  EXPECT_TRUE(t.empty());
}

TEST(SavepointTracker, DuplicateNamesShadow) {
  SavepointTracker t;
  t.savepoint("a");
  t.statementExecuted();
  t.savepoint("a");
  EXPECT_EQ(t.rollbackTo("a"), RollbackOutcome::Honoured);  // the newer one
  t.release("a");
  EXPECT_EQ(t.depth(), 1u);
  EXPECT_EQ(t.rollbackTo("a"), RollbackOutcome::CannotHonour);  // the older one saw work
}

TEST(SavepointTracker, UnknownSavepointIs3B001) {
  SavepointTracker t;
  t.savepoint("a");
  for (int op = 0; op < 2; ++op) {
    try {
      if (op == 0) t.release("nope");
      else t.rollbackTo("nope");
      FAIL();
    } catch (const dsql::Error& e) {
      EXPECT_EQ(e.sqlstate(), "3B001");
      EXPECT_STREQ(e.what(), "savepoint \"nope\" does not exist");
    }
  }
  EXPECT_EQ(t.depth(), 1u);
}

TEST(SavepointTracker, TransactionEndForgetsEverything) {
  SavepointTracker t;
  t.savepoint("a");
  t.transactionEnded();
  EXPECT_TRUE(t.empty());
  EXPECT_THROW(t.rollbackTo("a"), dsql::Error);
}

}  // namespace
}  // namespace dsql::shim::sql
