// {call} statements: the shim marks them (Statement::call, callName) and, once the driver knows which
// markers are output-only, rewrites the translated text (rewriteCallOutputs): dropped for functions,
// NULL for procedures, the remaining $n renumbered in order.
#include <gtest/gtest.h>

#include "shim/common/error.h"
#include "shim/sql/call_outputs.h"
#include "test_util.h"

namespace dsql::shim::sql {
namespace {

TEST(CallOutputs, StatementsAreMarkedWithTheirName) {
  Translation t = translate("{call public.\"My F\"(?, ?)}", Options());
  ASSERT_EQ(t.statements.size(), 1u);
  EXPECT_TRUE(t.statements[0].call);
  EXPECT_EQ(t.statements[0].callName, "public.\"My F\"");
  t = translate("{?= call f(?)}", Options());
  EXPECT_TRUE(t.statements[0].call);
  EXPECT_TRUE(t.statements[0].returnValue);
  EXPECT_EQ(t.statements[0].callName, "f");
  t = translate("{call noargs}", Options());
  EXPECT_TRUE(t.statements[0].call);
  EXPECT_EQ(t.statements[0].callName, "noargs");
  EXPECT_FALSE(translate("SELECT {fn UCASE(?)}", Options()).statements[0].call);
  EXPECT_FALSE(translate("SELECT * FROM f(?)", Options()).statements[0].call);
  Options noscan;
  noscan.escapes = false;
  EXPECT_FALSE(translate("{call f(?)}", noscan).statements[0].call);
}

TEST(CallOutputs, FunctionsDropOutputArguments) {
  CallText c = rewriteCallOutputs("SELECT * FROM f($1, $2, $3, $4)", {false, true, false, true}, false);
  EXPECT_EQ(c.sql, "SELECT * FROM f($1, $2)");
  EXPECT_EQ(c.sent, (std::vector<int>{0, 2}));
  c = rewriteCallOutputs("SELECT * FROM f($1)", {true}, false);
  EXPECT_EQ(c.sql, "SELECT * FROM f()");
  EXPECT_TRUE(c.sent.empty());
}

TEST(CallOutputs, ProceduresGetNullPlaceholders) {
  CallText c = rewriteCallOutputs("SELECT * FROM s.p($1, $2, 'x', $3)", {false, true, false}, true);
  EXPECT_EQ(c.sql, "CALL s.p($1, NULL, 'x', $2)");
  EXPECT_EQ(c.sent, (std::vector<int>{0, 2}));
  EXPECT_EQ(rewriteCallOutputs("CALL p($1)", {true}, true).sql, "CALL p(NULL)");
}

TEST(CallOutputs, ReturnValueFormBecomesARowSource) {
  // {?= call f(?, ?)} translated to SELECT f($1, $2): the return value is the first column of the row.
  CallText c = rewriteCallOutputs("SELECT f($1, g($2, 3))", {true, false}, false);
  EXPECT_EQ(c.sql, "SELECT * FROM f(g($1, 3))");
  EXPECT_EQ(c.sent, (std::vector<int>{1}));
}

TEST(CallOutputs, OutputInsideAnExpressionIsRefused) {
  try {
    rewriteCallOutputs("SELECT * FROM f($1, coalesce($2, 1))", {false, true}, false);
    FAIL() << "expected HYC00";
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "HYC00");
  }
}

}  // namespace
}  // namespace dsql::shim::sql
