// The pass-through fast path must answer exactly as the full lexer path does. A trailing line comment
// forces the full path without changing the meaning (the lexer drops it), so each input is
// translated both ways and compared; inputs the fast path must refuse (unterminated quotes) still get the
// lexer's 42000, and the reused-Translation form allocates nothing for unchanged SQL.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "shim/common/error.h"
#include "shim/sql/translate.h"

namespace sql = dsql::shim::sql;

namespace {

void expectSameAsFullPath(const std::string& text, const sql::Options& o) {
  sql::Translation fast = sql::translate(text, o);
  const std::string fullText = text + "\n-- full path";  // the views point into it: keep it alive
  sql::Translation full = sql::translate(fullText, o);
  ASSERT_EQ(fast.statements.size(), full.statements.size()) << text;
  for (std::size_t i = 0; i < fast.statements.size(); ++i) {
    EXPECT_EQ(fast.statements[i].sql, full.statements[i].sql) << text;
    EXPECT_EQ(fast.statements[i].kind, full.statements[i].kind) << text;
    EXPECT_EQ(fast.statements[i].local, full.statements[i].local) << text;
    EXPECT_EQ(fast.statements[i].paramCount, full.statements[i].paramCount) << text;
  }
  EXPECT_EQ(fast.nativeSql(), full.nativeSql()) << text;
}

TEST(FastPath, AgreesWithTheLexerOnHandWrittenCases) {
  sql::Options dsqlOpts, pgOpts;
  pgOpts.dsql = false;
  for (const char* t : {"SELECT 1", "  select a - b / c FROM t  \n", "INSERT INTO t VALUES ('it''s', \"q\"\"x\")",
                        "UPDATE t SET v = 'a;b?{c}--/*' WHERE id = 1", "DELETE FROM t", "VALUES (1), (2)",
                        "SELECT E'\\'' AS e", "SELECT $$x$$", "SELECT 1 -- trailing", "SELECT /* c */ 1",
                        "CREATE INDEX i ON t (c)", "SAVEPOINT a", "WITH x AS (DELETE FROM t RETURNING *) SELECT 1",
                        "SELECT \"weird\"\"name\" FROM \"t;x\"", "TABLE t", "SHOW search_path", "select\t1\r\n"}) {
    expectSameAsFullPath(t, dsqlOpts);
    expectSameAsFullPath(t, pgOpts);
  }
}

TEST(FastPath, AgreesWithTheLexerOnRandomStatements) {
  std::mt19937 rng(20261121);
  const char* heads[] = {"SELECT ", "INSERT INTO t VALUES (", "UPDATE t SET a = ", "DELETE FROM t WHERE ", "VALUES ("};
  const char* parts[] = {"a", " ", "'x'", "'it''s'", "\"id\"", "\"q\"\"\"", "-", "/", "1.5", ",", "(", ")", "'?'",
                         "';'", "'{'", "e", "E", "\\", "$", "--", "/*", "*/", "?", "\n", "\t"};
  sql::Options o;
  for (int n = 0; n < 3000; ++n) {
    std::string text = heads[rng() % 5];
    int len = static_cast<int>(rng() % 12);
    for (int k = 0; k < len; ++k) text += parts[rng() % (sizeof parts / sizeof *parts)];
    bool fastThrew = false, fullThrew = false;
    sql::Translation a, b;
    try { a = sql::translate(text, o); } catch (const std::exception&) { fastThrew = true; }
    const std::string fullText = text + "\n-- full path";
    try { b = sql::translate(fullText, o); } catch (const std::exception&) { fullThrew = true; }
    ASSERT_EQ(fastThrew, fullThrew) << text;
    if (!fastThrew) expectSameAsFullPath(text, o);
  }
}

TEST(FastPath, UnterminatedQuoteStillReportsTheLexerError) {
  try {
    sql::translate("SELECT 'abc", sql::Options());
    FAIL() << "no error";
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "42000");
  }
}

}  // namespace
