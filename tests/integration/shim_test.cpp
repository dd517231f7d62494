// The SQL shim seen through the driver: against the DSQL emulator, existing SQL with foreign keys, plain
// CREATE INDEX and savepoints runs unchanged, and SQLNativeSql shows what is sent. Against plain
// PostgreSQL nothing is rewritten (savepoints are real there).
#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

class ShimDsqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, kEmuDsn);
  }
  Conn conn_;
};

TEST_F(ShimDsqlTest, SchemaWithForeignKeysAndIndexesRunsUnchanged) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS shim_book");
  s.exec("DROP TABLE IF EXISTS shim_author");
  const std::string author = "CREATE TABLE shim_author (id bigint PRIMARY KEY, name varchar(100) NOT NULL)";
  const std::string book =
      "CREATE TABLE shim_book (id bigint PRIMARY KEY, "
      "author_id bigint NOT NULL REFERENCES shim_author (id) DEFERRABLE INITIALLY DEFERRED, title text, "
      "CONSTRAINT shim_book_author_fk FOREIGN KEY (author_id) REFERENCES shim_author(id) ON DELETE CASCADE)";
  ASSERT_ODBC_OK(s.exec(author), s.diag());
  // ForeignKeys=auto (default): DSQL enforces foreign keys since 2026-08, so they are sent as written.
  std::string sent = native(conn_, book);
  EXPECT_EQ(sent, book);
  ASSERT_ODBC_OK(s.exec(book), s.diag());
  auto fks = s.query("SELECT count(*) FROM pg_constraint WHERE conrelid = 'shim_book'::regclass AND contype = 'f'");
  ASSERT_EQ(fks.size(), 1u);
  EXPECT_EQ(fks[0][0], "2");

  const std::string index = "CREATE INDEX shim_book_author_idx ON shim_book (author_id)";
  sent = native(conn_, index);
  EXPECT_NE(sent.find("CREATE INDEX ASYNC"), std::string::npos) << sent;
  ASSERT_ODBC_OK(s.exec(index), s.diag());
  EXPECT_EQ(s.columnNames(), (std::vector<std::string>{"job_id"}));
  auto job = s.rows();
  ASSERT_EQ(job.size(), 1u);
  ASSERT_TRUE(job[0][0].has_value());
  EXPECT_EQ(job[0][0]->size(), 26u);
  ASSERT_ODBC_OK(s.exec("CALL sys.wait_for_job('" + *job[0][0] + "')"), s.diag());
  ASSERT_ODBC_OK(s.exec("CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS shim_book_title_uq ON shim_book USING btree (title ASC)"),
                 s.diag());
  auto idx = s.query("SELECT indexname FROM pg_indexes WHERE tablename = 'shim_book' ORDER BY indexname");
  ASSERT_EQ(idx.size(), 3u);
  EXPECT_EQ(idx[0][0], "shim_book_author_idx");
  EXPECT_EQ(idx[2][0], "shim_book_title_uq");
  // Data goes in as the application expects.
  ASSERT_ODBC_OK(s.exec("INSERT INTO shim_author VALUES (1, 'Le Guin')"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO shim_book VALUES (1, 1, 'The Dispossessed')"), s.diag());
}

TEST_F(ShimDsqlTest, SavepointsAreAnsweredLocally) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS shim_sp");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE shim_sp (id int PRIMARY KEY)"), s.diag());
  EXPECT_EQ(native(conn_, "SAVEPOINT a"), "");
  SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0);
  ASSERT_ODBC_OK(s.exec("INSERT INTO shim_sp VALUES (1)"), s.diag());
  ASSERT_ODBC_OK(s.exec("SAVEPOINT a"), s.diag());
  ASSERT_ODBC_OK(s.exec("RELEASE SAVEPOINT a"), s.diag());
  ASSERT_ODBC_OK(s.exec("SAVEPOINT b"), s.diag());
  ASSERT_ODBC_OK(s.exec("ROLLBACK TO SAVEPOINT b"), s.diag());  // nothing ran since: honoured
  ASSERT_ODBC_OK(s.exec("INSERT INTO shim_sp VALUES (2)"), s.diag());
  // Work after the savepoint cannot be undone on DSQL: a clear error, and the transaction is untouched.
  EXPECT_EQ(s.exec("ROLLBACK TO SAVEPOINT b"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "0A000") << s.diag();
  EXPECT_EQ(s.exec("RELEASE SAVEPOINT nope"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "3B001") << s.diag();
  ASSERT_EQ(SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_COMMIT), SQL_SUCCESS) << conn_.diag();
  SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), 0);
  auto rows = s.query("SELECT id FROM shim_sp ORDER BY id");
  ASSERT_EQ(rows.size(), 2u);
}

TEST_F(ShimDsqlTest, RollbackToCanRollBackEverythingWhenAsked) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=dsql_emu;RollbackToSavepoint=rollback"))) << c.diag();
  Stmt s(c);
  s.exec("DROP TABLE IF EXISTS shim_sp2");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE shim_sp2 (id int PRIMARY KEY)"), s.diag());
  SQLSetConnectAttr(c.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0);
  ASSERT_ODBC_OK(s.exec("SAVEPOINT x"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO shim_sp2 VALUES (1)"), s.diag());
  EXPECT_EQ(s.exec("ROLLBACK TO SAVEPOINT x"), SQL_SUCCESS_WITH_INFO);
  EXPECT_NE(s.diag().find("whole transaction"), std::string::npos) << s.diag();
  SQLEndTran(SQL_HANDLE_DBC, c.h, SQL_COMMIT);
  SQLSetConnectAttr(c.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), 0);
  auto rows = s.query("SELECT count(*) FROM shim_sp2");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "0");
}

TEST_F(ShimDsqlTest, ForeignKeysStrippedWhenAsked) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=dsql_emu;ForeignKeys=strip"))) << c.diag();
  std::string sent = native(c, "CREATE TABLE k (id int PRIMARY KEY, p int REFERENCES parent(id), "
                               "CONSTRAINT f FOREIGN KEY (p) REFERENCES parent(id) ON DELETE CASCADE)");
  EXPECT_EQ(sent, "CREATE TABLE k (id int PRIMARY KEY, p int)");
  EXPECT_EQ(native(c, "ALTER TABLE k ADD CONSTRAINT k_fk FOREIGN KEY (p) REFERENCES parent(id)"), "");
}

TEST_F(ShimDsqlTest, ForeignKeysKeptWhenAsked) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=dsql_emu;ForeignKeys=keep"))) << c.diag();
  std::string sent = native(c, "CREATE TABLE k (id int PRIMARY KEY, p int REFERENCES parent(id))");
  EXPECT_NE(sent.find("REFERENCES parent(id)"), std::string::npos) << sent;
  sent = native(c, "ALTER TABLE k ADD CONSTRAINT k_fk FOREIGN KEY (p) REFERENCES parent(id)");
  EXPECT_NE(sent.find("NOT VALID"), std::string::npos) << sent;
}

TEST_F(ShimDsqlTest, ShimNotesAreReportedWhenAsked) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=dsql_emu;ShimNotes=1"))) << c.diag();
  Stmt s(c);
  s.exec("DROP TABLE IF EXISTS shim_notes");
  EXPECT_EQ(s.exec("CREATE TABLE shim_notes (id serial PRIMARY KEY, o int REFERENCES shim_notes(id))"),
            SQL_SUCCESS_WITH_INFO);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "01000");
  EXPECT_NE(s.diag().find("serial-as-identity"), std::string::npos) << s.diag();
}

TEST(ShimPostgresTest, NothingIsRewrittenForPlainPostgres) {
  Conn c;
  connectOrFail(c, kPgDsn);
  EXPECT_EQ(native(c, "SAVEPOINT a"), "SAVEPOINT a");
  EXPECT_EQ(native(c, "CREATE INDEX i ON t (c)"), "CREATE INDEX i ON t (c)");
  Stmt s(c);
  s.exec("DROP TABLE IF EXISTS shim_pg_sp");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE shim_pg_sp (id int PRIMARY KEY)"), s.diag());
  SQLSetConnectAttr(c.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0);
  ASSERT_ODBC_OK(s.exec("INSERT INTO shim_pg_sp VALUES (1)"), s.diag());
  ASSERT_ODBC_OK(s.exec("SAVEPOINT a"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO shim_pg_sp VALUES (2)"), s.diag());
  ASSERT_ODBC_OK(s.exec("ROLLBACK TO SAVEPOINT a"), s.diag());  // a real savepoint
  ASSERT_EQ(SQLEndTran(SQL_HANDLE_DBC, c.h, SQL_COMMIT), SQL_SUCCESS);
  SQLSetConnectAttr(c.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), 0);
  auto rows = s.query("SELECT id FROM shim_pg_sp");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][0], "1");
}

}  // namespace
