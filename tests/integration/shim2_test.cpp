// The SQL shim's second round through the driver manager against the DSQL emulator, with default keys: FOREIGN
// KEYs kept and enforced (cascade, 23503, SQLForeignKeys), ALTER TABLE … ADD FOREIGN KEY sent NOT VALID and
// validated asynchronously, serial/identity/sequence DDL that DSQL accepts (columns described as SQL_BIGINT,
// readable as SQL_C_LONG), VACUUM answered, TRUNCATE emptying a 10,000-row table in transactions within the
// 3,000-row limit. FkFallbackTest switches the shared emulator to refuse FK clauses (DSQL before 2026-08), so
// it is registered RUN_SERIAL (tests/integration/CMakeLists.txt).

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

// SQLColumns' DATA_TYPE (column 5) for one column.
SQLSMALLINT columnType(Conn& c, const char* table, const char* column) {
  Stmt s(c);
  EXPECT_TRUE(SQL_SUCCEEDED(SQLColumns(s.h, nullptr, 0, nullptr, 0, (SQLCHAR*)table, SQL_NTS, (SQLCHAR*)column, SQL_NTS)))
      << s.diag();
  SQLSMALLINT type = 0;
  SQLLEN ind = 0;
  if (SQLFetch(s.h) != SQL_SUCCESS) return 0;
  SQLGetData(s.h, 5, SQL_C_SSHORT, &type, 0, &ind);
  return type;
}

long long count(Stmt& s, const std::string& table) {
  auto rows = s.query("SELECT count(*) FROM " + table);
  return rows.size() == 1 && rows[0][0] ? std::stoll(*rows[0][0]) : -1;
}

class Ddl2026Test : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, kEmuDsn);
  }
  Conn conn_;
};

TEST_F(Ddl2026Test, BookstoreForeignKeysAreEnforced) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS d26_reviews");
  s.exec("DROP TABLE IF EXISTS d26_books");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE d26_books (id bigserial PRIMARY KEY, title text NOT NULL)"), s.diag());
  const std::string reviews =
      "CREATE TABLE d26_reviews (id bigserial PRIMARY KEY, "
      "book_id bigint NOT NULL REFERENCES d26_books(id) ON DELETE CASCADE, stars int)";
  EXPECT_NE(native(conn_, reviews).find("REFERENCES d26_books(id) ON DELETE CASCADE"), std::string::npos);
  EXPECT_EQ(s.exec(reviews), SQL_SUCCESS) << s.diag();  // nothing dropped: no note
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_books (title) VALUES ('Dune'), ('Emma')"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_reviews (book_id, stars) SELECT id, 5 FROM d26_books"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_reviews (book_id, stars) SELECT id, 3 FROM d26_books WHERE title = 'Dune'"),
                 s.diag());
  EXPECT_EQ(count(s, "d26_reviews"), 3);
  ASSERT_ODBC_OK(s.exec("DELETE FROM d26_books WHERE title = 'Dune'"), s.diag());
  EXPECT_EQ(count(s, "d26_reviews"), 1);  // the cascade ran
  EXPECT_EQ(s.exec("INSERT INTO d26_reviews (book_id, stars) VALUES (424242, 1)"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "23503") << s.diag();

  Stmt fk(conn_);
  ASSERT_ODBC_OK(SQLForeignKeys(fk.h, nullptr, 0, nullptr, 0, (SQLCHAR*)"d26_books", SQL_NTS, nullptr, 0, nullptr, 0,
                                (SQLCHAR*)"d26_reviews", SQL_NTS),
                 fk.diag());
  auto rows = fk.rows();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0][7], "book_id");                                // FKCOLUMN_NAME
  EXPECT_EQ(rows[0][10], std::to_string(SQL_CASCADE));             // DELETE_RULE
}

TEST_F(Ddl2026Test, AlterTableForeignKeyIsAddedNotValidAndValidated) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=dsql_emu;IndexWait=1"))) << c.diag();
  Stmt s(c);
  s.exec("DROP TABLE IF EXISTS d26_posts");
  s.exec("DROP TABLE IF EXISTS d26_authors");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE d26_authors (id bigint PRIMARY KEY)"), s.diag());
  ASSERT_ODBC_OK(s.exec("CREATE TABLE d26_posts (id bigint PRIMARY KEY, author_id bigint)"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_authors VALUES (1)"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_posts VALUES (1, 1)"), s.diag());
  const std::string alter =
      "ALTER TABLE d26_posts ADD CONSTRAINT d26_posts_author_fk FOREIGN KEY (author_id) REFERENCES d26_authors(id)";
  EXPECT_EQ(native(c, alter), alter + " NOT VALID; ALTER TABLE ASYNC d26_posts VALIDATE CONSTRAINT d26_posts_author_fk");
  ASSERT_ODBC_OK(s.exec(alter), s.diag());
  ASSERT_EQ(SQLMoreResults(s.h), SQL_SUCCESS) << s.diag();  // the validation's job_id row
  EXPECT_EQ(s.columnNames(), (std::vector<std::string>{"job_id"}));
  auto job = s.rows();
  ASSERT_EQ(job.size(), 1u);
  EXPECT_EQ(job[0][0]->size(), 26u);
  EXPECT_EQ(s.exec("INSERT INTO d26_posts VALUES (2, 7)"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "23503") << s.diag();
}

TEST_F(Ddl2026Test, SerialSequenceAndIntegerIdentityRunUnchanged) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS d26_items");
  s.exec("DROP SEQUENCE IF EXISTS d26_seq");
  const std::string items =
      "CREATE TABLE d26_items (id serial PRIMARY KEY, n integer GENERATED ALWAYS AS IDENTITY, name text)";
  EXPECT_EQ(native(conn_, items),
            "CREATE TABLE d26_items (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 65536) PRIMARY KEY, n bigint "
            "GENERATED ALWAYS AS IDENTITY (CACHE 65536), name text)");
  ASSERT_ODBC_OK(s.exec(items), s.diag());
  ASSERT_ODBC_OK(s.exec("CREATE SEQUENCE d26_seq"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_items (name) VALUES ('a'), ('b')"), s.diag());
  auto next = s.query("SELECT nextval('d26_seq')");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0][0], "1");
  EXPECT_EQ(native(conn_, "ALTER SEQUENCE d26_seq CACHE 100"), "ALTER SEQUENCE d26_seq CACHE 65536");
  ASSERT_ODBC_OK(s.exec("ALTER SEQUENCE d26_seq CACHE 100"), s.diag());
  auto cache = s.query("SELECT cache_size FROM pg_sequences WHERE sequencename = 'd26_seq'");
  ASSERT_EQ(cache.size(), 1u);
  EXPECT_EQ(cache[0][0], "65536");
  EXPECT_EQ(columnType(conn_, "d26_items", "id"), SQL_BIGINT);
  EXPECT_EQ(columnType(conn_, "d26_items", "n"), SQL_BIGINT);

  ASSERT_ODBC_OK(s.exec("SELECT id, n FROM d26_items ORDER BY name"), s.diag());
  SQLCHAR name[64];
  SQLSMALLINT len = 0, type = 0, digits = 0, nullable = 0;
  SQLULEN size = 0;
  ASSERT_ODBC_OK(SQLDescribeCol(s.h, 1, name, sizeof name, &len, &type, &size, &digits, &nullable), s.diag());
  EXPECT_EQ(type, SQL_BIGINT);
  SQLINTEGER id = 0, n = 0;  // an application binding SQL_C_LONG keeps working for values in range
  SQLLEN ind1 = 0, ind2 = 0;
  SQLBindCol(s.h, 1, SQL_C_LONG, &id, 0, &ind1);
  SQLBindCol(s.h, 2, SQL_C_LONG, &n, 0, &ind2);
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  const SQLINTEGER firstId = id, firstN = n;
  ASSERT_EQ(SQLFetch(s.h), SQL_SUCCESS) << s.diag();
  EXPECT_GT(firstId, 0);
  EXPECT_GT(firstN, 0);
  EXPECT_NE(id, firstId);
  EXPECT_NE(n, firstN);
}

TEST_F(Ddl2026Test, SequenceCacheKeyChoosesGapFreeOrder) {
  Conn c;
  ASSERT_TRUE(SQL_SUCCEEDED(c.driverConnect("DSN=dsql_emu;SequenceCache=1"))) << c.diag();
  Stmt s(c);
  s.exec("DROP TABLE IF EXISTS d26_gapfree");
  const std::string ddl = "CREATE TABLE d26_gapfree (id smallserial PRIMARY KEY)";
  EXPECT_EQ(native(c, ddl), "CREATE TABLE d26_gapfree (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1) PRIMARY KEY)");
  ASSERT_ODBC_OK(s.exec(ddl), s.diag());
  Conn raised;  // DSQL accepts 1 or >= 65536: anything between is raised
  ASSERT_TRUE(SQL_SUCCEEDED(raised.driverConnect("DSN=dsql_emu;SequenceCache=500"))) << raised.diag();
  EXPECT_EQ(native(raised, "CREATE SEQUENCE q"), "CREATE SEQUENCE q CACHE 65536");
  Conn off;
  ASSERT_TRUE(SQL_SUCCEEDED(off.driverConnect("DSN=dsql_emu;SerialAsIdentity=0;TruncateAsDelete=0"))) << off.diag();
  Stmt o(off);
  EXPECT_EQ(o.exec("CREATE TABLE d26_serial_off (id serial)"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, o.h), "42704") << o.diag();  // DSQL's own refusal reaches the user
  EXPECT_EQ(o.exec("TRUNCATE d26_gapfree"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, o.h), "0A000") << o.diag();
}

TEST_F(Ddl2026Test, MaintenanceScriptRunsAndTruncateEmptiesTenThousandRows) {
  Stmt s(conn_);
  s.exec("DROP TABLE IF EXISTS d26_big");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE d26_big (id bigint PRIMARY KEY, v text)"), s.diag());
  for (int k = 0; k < 4; ++k) {  // 2,500 rows per transaction: DSQL's limit is 3,000
    ASSERT_ODBC_OK(s.exec("INSERT INTO d26_big SELECT g, 'x' FROM generate_series(" + std::to_string(k * 2500 + 1) +
                          ", " + std::to_string((k + 1) * 2500) + ") g"),
                   s.diag());
  }
  ASSERT_EQ(count(s, "d26_big"), 10000);
  EXPECT_EQ(native(conn_, "VACUUM ANALYZE d26_big; TRUNCATE d26_big"), "ANALYZE d26_big; DELETE FROM d26_big");
  EXPECT_EQ(s.exec("VACUUM ANALYZE d26_big; TRUNCATE d26_big"), SQL_SUCCESS_WITH_INFO) << s.diag();
  const std::string notes = s.diag();
  EXPECT_NE(notes.find("vacuum-analyze"), std::string::npos) << notes;
  EXPECT_NE(notes.find("deleted 10000 rows in 4 transactions of at most 3000 rows"), std::string::npos) << notes;
  EXPECT_EQ(count(s, "d26_big"), 0);
  // Answered locally, and said so even with ShimNotes=0 (the default here).
  EXPECT_EQ(s.exec("VACUUM"), SQL_SUCCESS_WITH_INFO) << s.diag();
  EXPECT_NE(s.diag().find("01000"), std::string::npos) << s.diag();
  EXPECT_EQ(native(conn_, "VACUUM FULL d26_big"), "");

  // Inside a transaction it is one DELETE, and DSQL's row limit applies with its hint.
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_big SELECT g, 'y' FROM generate_series(1, 2000) g"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_big SELECT g, 'y' FROM generate_series(2001, 3500) g"), s.diag());
  SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), 0);
  EXPECT_EQ(s.exec("TRUNCATE TABLE d26_big"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "54000") << s.diag();
  EXPECT_NE(s.diag().find("HINT"), std::string::npos) << s.diag();
  EXPECT_NE(s.diag().find("in autocommit mode the driver deletes"), std::string::npos) << s.diag();
  SQLEndTran(SQL_HANDLE_DBC, conn_.h, SQL_ROLLBACK);
  SQLSetConnectAttr(conn_.h, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), 0);
  EXPECT_EQ(count(s, "d26_big"), 3500);
  ASSERT_ODBC_OK(s.exec("TRUNCATE d26_big"), s.diag());  // autocommit again: 2 transactions
  EXPECT_EQ(count(s, "d26_big"), 0);

  // Without a primary key there is nothing to delete by in chunks: one DELETE, and the note says why.
  s.exec("DROP TABLE IF EXISTS d26_nopk");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE d26_nopk (v int)"), s.diag());
  ASSERT_ODBC_OK(s.exec("INSERT INTO d26_nopk SELECT generate_series(1, 10)"), s.diag());
  EXPECT_EQ(s.exec("TRUNCATE d26_nopk"), SQL_SUCCESS_WITH_INFO);
  EXPECT_NE(s.diag().find("has no primary key"), std::string::npos) << s.diag();
  EXPECT_EQ(count(s, "d26_nopk"), 0);
}

// ---- the emulator refusing FK clauses, as DSQL did before 2026-08

class FkFallbackTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    emulatorPost("/config", R"({"foreign_keys": false})");
  }
  void TearDown() override {
    if (emulatorAvailable()) emulatorPost("/config", R"({"foreign_keys": true})");
  }
};

TEST_F(FkFallbackTest, BookstoreRunsStrippedWithANoteNamingTheLostCascade) {
  Conn c;
  connectOrFail(c, kEmuDsn);
  Stmt s(c);
  s.exec("DROP TABLE IF EXISTS fb_reviews");
  s.exec("DROP TABLE IF EXISTS fb_books");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE fb_books (id bigserial PRIMARY KEY, title text)"), s.diag());
  const std::string reviews =
      "CREATE TABLE fb_reviews (id bigserial PRIMARY KEY, book_id bigint REFERENCES fb_books(id) ON DELETE CASCADE)";
  EXPECT_NE(native(c, reviews).find("REFERENCES"), std::string::npos);  // auto: tried as written first
  EXPECT_EQ(s.exec(reviews), SQL_SUCCESS_WITH_INFO) << s.diag();
  const std::string notes = s.diag();
  EXPECT_NE(notes.find("refuses FOREIGN KEY clauses"), std::string::npos) << notes;
  EXPECT_NE(notes.find("NOT apply ON DELETE CASCADE"), std::string::npos) << notes;
  auto fks = s.query("SELECT count(*) FROM pg_constraint WHERE conrelid = 'fb_reviews'::regclass AND contype = 'f'");
  ASSERT_EQ(fks.size(), 1u);
  EXPECT_EQ(fks[0][0], "0");
  // The rest of the connection strips: no refusal round trip, the ALTER has nothing left to send.
  EXPECT_EQ(native(c, reviews).find("REFERENCES"), std::string::npos);
  EXPECT_TRUE(SQL_SUCCEEDED(s.exec("ALTER TABLE fb_reviews ADD CONSTRAINT fb_fk FOREIGN KEY (book_id) REFERENCES fb_books")))
      << s.diag();
  ASSERT_ODBC_OK(s.exec("INSERT INTO fb_reviews (book_id) VALUES (99)"), s.diag());  // nothing enforces it now

  // A new connection starts from auto again; an ALTER TABLE alone falls back too, and its generated
  // VALIDATE is skipped (the constraint was never created).
  Conn c2;
  connectOrFail(c2, kEmuDsn);
  Stmt s2(c2);
  EXPECT_EQ(s2.exec("ALTER TABLE fb_reviews ADD CONSTRAINT fb_fk2 FOREIGN KEY (book_id) REFERENCES fb_books(id) "
                    "ON DELETE SET NULL"),
            SQL_SUCCESS_WITH_INFO)
      << s2.diag();
  EXPECT_NE(s2.diag().find("NOT apply ON DELETE SET NULL"), std::string::npos) << s2.diag();
  EXPECT_EQ(SQLMoreResults(s2.h), SQL_SUCCESS);  // the skipped VALIDATE's (empty) result
  EXPECT_EQ(SQLMoreResults(s2.h), SQL_NO_DATA);

  // One batch translated under auto: the fallback at its first statement carries the later ones too.
  Conn c3;
  connectOrFail(c3, kEmuDsn);
  Stmt s3(c3);
  s3.exec("DROP TABLE IF EXISTS fb_batch");
  EXPECT_EQ(s3.exec("CREATE TABLE fb_batch (id bigint PRIMARY KEY, b bigint REFERENCES fb_books); "
                    "ALTER TABLE fb_batch ADD CONSTRAINT fb_batch_fk FOREIGN KEY (b) REFERENCES fb_books; "
                    "INSERT INTO fb_batch VALUES (1, 77)"),
            SQL_SUCCESS_WITH_INFO)
      << s3.diag();
  EXPECT_EQ(count(s3, "fb_batch"), 1);
}

TEST_F(FkFallbackTest, StripAndKeepAreHonouredAsAsked) {
  Conn keep;
  ASSERT_TRUE(SQL_SUCCEEDED(keep.driverConnect("DSN=dsql_emu;ForeignKeys=keep"))) << keep.diag();
  Stmt s(keep);
  s.exec("DROP TABLE IF EXISTS fb_keep");
  ASSERT_ODBC_OK(s.exec("CREATE TABLE fb_keep_parent (id bigint PRIMARY KEY)"), s.diag());
  EXPECT_EQ(s.exec("CREATE TABLE fb_keep (id bigint PRIMARY KEY, p bigint REFERENCES fb_keep_parent)"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "0A000") << s.diag();  // keep: the server's refusal, no fallback
  s.exec("DROP TABLE IF EXISTS fb_keep_parent");

  Conn strip;
  ASSERT_TRUE(SQL_SUCCEEDED(strip.driverConnect("DSN=dsql_emu;ForeignKeys=strip"))) << strip.diag();
  Stmt t(strip);
  t.exec("DROP TABLE IF EXISTS fb_strip");
  // strip with ShimNotes=0: a plain reference goes silently, a lost cascade never does.
  EXPECT_EQ(t.exec("CREATE TABLE fb_strip (id bigint PRIMARY KEY, p bigint REFERENCES fb_strip)"), SQL_SUCCESS)
      << t.diag();
  t.exec("DROP TABLE fb_strip");
  EXPECT_EQ(t.exec("CREATE TABLE fb_strip (id bigint PRIMARY KEY, p bigint REFERENCES fb_strip ON UPDATE CASCADE)"),
            SQL_SUCCESS_WITH_INFO);
  EXPECT_NE(t.diag().find("NOT apply ON UPDATE CASCADE"), std::string::npos) << t.diag();
}

}  // namespace
