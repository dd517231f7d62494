// Parameter conversion through the driver manager, on PostgreSQL and the emulator: how character
// parameters are typed (untyped where the server infers a type, text for "any"-argument functions such as
// CONCAT), SQL_C_BINARY into a character column (the bytes as they are), ODBC date/time escapes in
// character data bound to date/time SQL types, the APD's precision/scale for SQL_C_NUMERIC, and
// data-at-execution parameters inside parameter arrays. The typing cases also run on Debian's psqlODBC
// (DSN psqlodbc_pg) where it is installed, to show existing users keep what they have.
#include <sys/stat.h>

#include <cstring>
#include <string>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

constexpr const char* kPsqlodbcDsn = "psqlodbc_pg";

class ParamsTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  std::string table(const std::string& name, const std::string& columns) {
    std::string t = "prm_" + name;
    Stmt s(conn_);
    s.exec("DROP TABLE IF EXISTS " + t);
    EXPECT_ODBC_OK(s.exec("CREATE TABLE " + t + " (" + columns + ")"), s.diag());
    return t;
  }
  // Runs `sql` with character parameters bound as SQL_C_CHAR / SQL_VARCHAR; the first column of the
  // first row, or "ERROR <state>".
  std::string withText(const std::string& sql, const std::vector<std::string>& args) {
    Stmt s(conn_);
    std::vector<SQLLEN> ind(args.size(), SQL_NTS);
    for (std::size_t i = 0; i < args.size(); ++i)
      SQLBindParameter(s.h, static_cast<SQLUSMALLINT>(i + 1), SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 40, 0,
                       const_cast<char*>(args[i].c_str()), 0, &ind[i]);
    SQLRETURN rc = SQLExecDirect(s.h, reinterpret_cast<SQLCHAR*>(const_cast<char*>(sql.c_str())), SQL_NTS);
    if (!SQL_SUCCEEDED(rc)) return "ERROR " + firstState(SQL_HANDLE_STMT, s.h);
    auto rows = s.rows();
    return rows.empty() || !rows[0][0] ? "<none>" : *rows[0][0];
  }
  Conn conn_;
};

// Character parameters: untyped where the server can infer the type, text where it cannot.
TEST_P(ParamsTest, CharacterParameterTyping) {
  std::string t = table("typing", "id int PRIMARY KEY, v varchar(20)");
  Stmt ins(conn_);
  ASSERT_ODBC_OK(ins.exec("INSERT INTO " + t + " VALUES (7, 'seven')"), ins.diag());
  EXPECT_EQ(withText("SELECT {fn CONCAT(?, ?)}", {"ab", "cd"}), "abcd");
  EXPECT_EQ(withText("SELECT ? || ?", {"ab", "cd"}), "abcd");
  EXPECT_EQ(withText("SELECT v FROM " + t + " WHERE id = ?", {"7"}), "seven");
  EXPECT_EQ(withText("SELECT v FROM " + t + " WHERE id + ? = 8", {"1"}), "seven");
  EXPECT_EQ(withText("SELECT upper(?)", {"abc"}), "ABC");
  EXPECT_EQ(withText("SELECT concat(?, ?)", {"ab", "cd"}), "abcd");
  EXPECT_EQ(withText("SELECT concat_ws('-', ?, /* note, ) */ ?)", {"ab", "cd"}), "ab-cd");
  EXPECT_EQ(withText("SELECT concat(? || 'x', ?)", {"ab", "cd"}), "abxcd");
  // A marker inside an expression keeps its inferred type: ? + 1 is an integer.
  EXPECT_EQ(withText("SELECT concat(? + 1, ?)", {"41", "!"}), "42!");
}

// SQLBindParameter checks ParameterType: an SQL type ODBC does not define is HY004, never executed.
TEST_P(ParamsTest, InvalidSqlTypeIsRefusedAtBind) {
  Stmt s(conn_);
  SQLINTEGER v = 1;
  EXPECT_EQ(SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, 777, 0, 0, &v, 0, nullptr), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY004") << s.diag();
  ASSERT_ODBC_OK(SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_DATE, 10, 0, (SQLPOINTER) "2024-02-29", 0,
                                  nullptr),
                 s.diag());  // the ODBC 2 code of SQL_TYPE_DATE
  EXPECT_EQ(s.query("SELECT CAST(? AS date)")[0][0], "2024-02-29");
}

// ODBC's C-to-SQL table: SQL_C_BINARY into a character type is the bytes as they are.
TEST_P(ParamsTest, BinaryIntoCharacterColumnIsTheBytes) {
  std::string t = table("bin2char", "id int PRIMARY KEY, v varchar(20)");
  const char bytes[] = "h\xc3\xa9llo";  // UTF-8 for "héllo"
  SQLLEN len = 6;
  SQLINTEGER id = 1;
  Stmt s(conn_);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0, nullptr);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_BINARY, SQL_VARCHAR, 20, 0, const_cast<char*>(bytes), 6, &len);
  ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (?, ?)"), s.diag());
  Stmt q(conn_);
  auto rows = q.query("SELECT v, octet_length(v) FROM " + t);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][0], "h\xc3\xa9llo");
  EXPECT_EQ(*rows[0][1], "6");
}

// Character data bound to date/time SQL types may be written as ODBC escapes.
TEST_P(ParamsTest, DateTimeEscapesInCharacterData) {
  std::string t = table("escapes", "id int PRIMARY KEY, d date, t time, ts timestamp");
  const char* d = "{d '2024-01-02'}";
  const char* tm = "{ t '03:04:05' }";
  const char* ts = "{TS '2024-01-02 03:04:05.25'}";
  SQLLEN nts[3] = {SQL_NTS, SQL_NTS, SQL_NTS};
  Stmt s(conn_);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_TYPE_DATE, 10, 0, const_cast<char*>(d), 0, &nts[0]);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_TYPE_TIME, 8, 0, const_cast<char*>(tm), 0, &nts[1]);
  SQLBindParameter(s.h, 3, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_TYPE_TIMESTAMP, 26, 6, const_cast<char*>(ts), 0, &nts[2]);
  ASSERT_ODBC_OK(s.exec("INSERT INTO " + t + " VALUES (1, ?, ?, ?)"), s.diag());
  Stmt q(conn_);
  auto rows = q.query("SELECT d::text, t::text, ts::text FROM " + t);
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(*rows[0][0], "2024-01-02");
  EXPECT_EQ(*rows[0][1], "03:04:05");
  EXPECT_EQ(*rows[0][2], "2024-01-02 03:04:05.25");
  // A timestamp escape into a DATE with a non-zero time is 22008, as for the plain literal.
  const char* bad = "{ts '2024-01-02 03:04:05'}";
  Stmt b(conn_);
  SQLBindParameter(b.h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_TYPE_DATE, 10, 0, const_cast<char*>(bad), 0, &nts[0]);
  EXPECT_EQ(b.exec("SELECT ?"), SQL_ERROR);
  EXPECT_EQ(firstState(SQL_HANDLE_STMT, b.h), "22008");
}

// SQL_C_NUMERIC input: the APD's SQL_DESC_PRECISION/SQL_DESC_SCALE when the application sets them.
TEST_P(ParamsTest, NumericStructTakesApdPrecisionAndScale) {
  SQL_NUMERIC_STRUCT n{};
  n.precision = 38;
  n.scale = 0;
  n.sign = 1;
  n.val[0] = 0x39, n.val[1] = 0x30;  // 12345
  auto run = [&](bool setApd, SQLSMALLINT precision, SQLSMALLINT scale) {
    Stmt s(conn_);
    SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_NUMERIC, SQL_NUMERIC, 20, 6, &n, 0, nullptr);
    if (setApd) {
      SQLHDESC apd = nullptr;
      SQLGetStmtAttr(s.h, SQL_ATTR_APP_PARAM_DESC, &apd, 0, nullptr);
      SQLSetDescField(apd, 1, SQL_DESC_PRECISION, reinterpret_cast<SQLPOINTER>(static_cast<SQLLEN>(precision)), 0);
      SQLSetDescField(apd, 1, SQL_DESC_SCALE, reinterpret_cast<SQLPOINTER>(static_cast<SQLLEN>(scale)), 0);
      SQLSetDescField(apd, 1, SQL_DESC_DATA_PTR, &n, 0);  // ODBC: setting the data pointer checks the record
    }
    if (!SQL_SUCCEEDED(s.exec("SELECT CAST(? AS numeric)::text"))) return "ERROR " + firstState(SQL_HANDLE_STMT, s.h);
    auto rows = s.rows();
    return rows.empty() || !rows[0][0] ? std::string("<none>") : *rows[0][0];
  };
  EXPECT_EQ(run(true, 10, 3), "12.345");
  EXPECT_EQ(run(true, 5, 0), "12345");
  EXPECT_EQ(run(true, 4, 0), "ERROR 22003");  // five digits do not fit a precision of 4
  n.scale = 2;  // not set on the APD: the struct's scale, as applications written for psqlODBC expect
  EXPECT_EQ(run(false, 0, 0), "123.45");
}

// Data-at-execution parameters inside a parameter array: SQLParamData asks for each (row, parameter) in
// row order, its token being the bound SQL_DESC_DATA_PTR and SQL_ATTR_PARAMS_PROCESSED_PTR naming the row
// (as the SQLBindParameter reference describes and psqlODBC does); the pieces are kept per row.
TEST_P(ParamsTest, DataAtExecutionWithParameterArrays) {
  std::string t = table("dae_array", "id int PRIMARY KEY, v text, w text");
  constexpr SQLULEN kRows = 3;
  SQLINTEGER ids[kRows] = {1, 2, 3};
  char token1[] = "v";  // application-defined tokens identifying the parameter
  SQLLEN dae[kRows] = {SQL_DATA_AT_EXEC, SQL_LEN_DATA_AT_EXEC(0), SQL_DATA_AT_EXEC};
  char w[kRows][8] = {"w1", "w2", "w3"};
  SQLLEN wInd[kRows] = {SQL_NTS, SQL_DATA_AT_EXEC, SQL_NTS};  // only row 2's w is sent at execution
  SQLUSMALLINT status[kRows] = {};
  SQLULEN processed = 0;
  Stmt s(conn_);
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAMSET_SIZE, reinterpret_cast<SQLPOINTER>(kRows), 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAM_STATUS_PTR, status, 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_PARAMS_PROCESSED_PTR, &processed, 0);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, ids, 0, nullptr);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_LONGVARCHAR, 100, 0, token1, 4, dae);
  SQLBindParameter(s.h, 3, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 7, 0, w, 8, wInd);
  std::string sql = "INSERT INTO " + t + " VALUES (?, ?, ?)";
  ASSERT_ODBC_OK(SQLPrepare(s.h, reinterpret_cast<SQLCHAR*>(sql.data()), SQL_NTS), s.diag());
  ASSERT_EQ(SQLExecute(s.h), SQL_NEED_DATA) << s.diag();
  std::vector<std::pair<void*, SQLULEN>> asked;
  SQLPOINTER token = nullptr;
  SQLRETURN rc;
  while ((rc = SQLParamData(s.h, &token)) == SQL_NEED_DATA) {
    asked.emplace_back(token, processed);
    if (token == token1 && processed == 2) {
      ASSERT_ODBC_OK(SQLPutData(s.h, const_cast<char*>("second "), SQL_NTS), s.diag());
      ASSERT_ODBC_OK(SQLPutData(s.h, const_cast<char*>("row"), 3), s.diag());
    } else if (token == w) {
      ASSERT_ODBC_OK(SQLPutData(s.h, nullptr, SQL_NULL_DATA), s.diag());
    } else {
      std::string v = "row " + std::to_string(processed);
      ASSERT_ODBC_OK(SQLPutData(s.h, v.data(), static_cast<SQLLEN>(v.size())), s.diag());
    }
  }
  ASSERT_ODBC_OK(rc, s.diag());
  std::vector<std::pair<void*, SQLULEN>> expected = {
      {token1, 1}, {token1, 2}, {w, 2}, {token1, 3}};
  EXPECT_EQ(asked, expected);
  for (SQLUSMALLINT st : status) EXPECT_EQ(st, SQL_PARAM_SUCCESS);
  Stmt q(conn_);
  auto rows = q.query("SELECT id, v, coalesce(w, 'NULL') FROM " + t + " ORDER BY id");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(*rows[0][1], "row 1");
  EXPECT_EQ(*rows[1][1], "second row");
  EXPECT_EQ(*rows[1][2], "NULL");
  EXPECT_EQ(*rows[2][1], "row 3");
  EXPECT_EQ(*rows[2][2], "w3");
  // The same prepared statement runs again with new data (nothing of the first execution is kept).
  Stmt d(conn_);
  ASSERT_ODBC_OK(d.exec("DELETE FROM " + t), d.diag());
  ASSERT_EQ(SQLExecute(s.h), SQL_NEED_DATA) << s.diag();
  std::size_t calls = 0;
  while ((rc = SQLParamData(s.h, &token)) == SQL_NEED_DATA) {
    ++calls;
    ASSERT_ODBC_OK(SQLPutData(s.h, const_cast<char*>("again"), SQL_NTS), s.diag());
  }
  ASSERT_ODBC_OK(rc, s.diag());
  EXPECT_EQ(calls, 4u);
  EXPECT_EQ(*q.query("SELECT count(*) FROM " + t + " WHERE v = 'again'")[0][0], "3");
}

// A failed SQLPutData ends the execution: the driver manager is back in the prepared state, and so is the
// driver, so the application can execute again (before, the driver stayed in need-data and refused it).
TEST_P(ParamsTest, FailedPutDataEndsTheExecution) {
  std::string t = table("dae_fail", "id int PRIMARY KEY, v text");
  SQLINTEGER id = 1;
  SQLLEN idInd = SQL_DATA_AT_EXEC, vInd = SQL_DATA_AT_EXEC;
  char token2[] = "v";
  Stmt s(conn_);
  SQLBindParameter(s.h, 1, SQL_PARAM_INPUT, SQL_C_SLONG, SQL_INTEGER, 0, 0, &id, 0, &idInd);
  SQLBindParameter(s.h, 2, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_LONGVARCHAR, 100, 0, token2, 0, &vInd);
  std::string sql = "INSERT INTO " + t + " VALUES (?, ?)";
  ASSERT_ODBC_OK(SQLPrepare(s.h, reinterpret_cast<SQLCHAR*>(sql.data()), SQL_NTS), s.diag());
  SQLPOINTER token = nullptr;
  for (SQLLEN badLength : {SQLLEN{-7}, SQLLEN{0}}) {
    ASSERT_EQ(SQLExecute(s.h), SQL_NEED_DATA) << s.diag();
    ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA) << s.diag();
    ASSERT_EQ(token, static_cast<SQLPOINTER>(&id));
    if (badLength < 0) {
      EXPECT_EQ(SQLPutData(s.h, &id, 0), SQL_SUCCESS) << s.diag();  // an integer takes its size whatever the length
      ASSERT_EQ(SQLParamData(s.h, &token), SQL_NEED_DATA) << s.diag();
      EXPECT_EQ(SQLPutData(s.h, const_cast<char*>("x"), badLength), SQL_ERROR);
      EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY090") << s.diag();
    } else {
      ASSERT_ODBC_OK(SQLPutData(s.h, &id, sizeof id), s.diag());
      EXPECT_EQ(SQLPutData(s.h, &id, sizeof id), SQL_ERROR);  // an integer cannot come in pieces
      EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h), "HY019") << s.diag();
    }
    EXPECT_EQ(SQLParamData(s.h, &token), SQL_ERROR);  // nothing pending any more (HY010, from the driver manager)
  }
  Stmt q(conn_);
  EXPECT_EQ(*q.query("SELECT count(*) FROM " + t)[0][0], "0");  // nothing of the failed executions ran
  ASSERT_EQ(SQLExecute(s.h), SQL_NEED_DATA) << s.diag();
  while (SQLParamData(s.h, &token) == SQL_NEED_DATA) {
    if (token == &id) ASSERT_ODBC_OK(SQLPutData(s.h, &id, sizeof id), s.diag());
    else ASSERT_ODBC_OK(SQLPutData(s.h, const_cast<char*>("after"), SQL_NTS), s.diag());
  }
  EXPECT_EQ(*q.query("SELECT v FROM " + t + " WHERE id = 1")[0][0], "after");
}

INSTANTIATE_TEST_SUITE_P(Dsns, ParamsTest, ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)),
                         [](const auto& p) { return p.param; });

// What existing users of psqlODBC get for the typing cases (skipped where psqlODBC is not installed).
class ParamsPsqlodbcBaseline : public ParamsTest {
 protected:
  void SetUp() override {
    struct stat st{};
    if (stat("/usr/lib/x86_64-linux-gnu/odbc/psqlodbcw.so", &st) != 0) GTEST_SKIP() << "psqlODBC not installed";
    connectOrFail(conn_, GetParam());
  }
};

TEST_P(ParamsPsqlodbcBaseline, CharacterParameterTyping) {
  std::string t = table("typing_psqlodbc", "id int PRIMARY KEY, v varchar(20)");
  Stmt ins(conn_);
  ASSERT_ODBC_OK(ins.exec("INSERT INTO " + t + " VALUES (7, 'seven')"), ins.diag());
  EXPECT_EQ(withText("SELECT {fn CONCAT(?, ?)}", {"ab", "cd"}), "abcd");
  EXPECT_EQ(withText("SELECT ? || ?", {"ab", "cd"}), "abcd");
  EXPECT_EQ(withText("SELECT v FROM " + t + " WHERE id = ?", {"7"}), "seven");
  EXPECT_EQ(withText("SELECT concat(?, ?)", {"ab", "cd"}), "ERROR 42P18");  // dsql-odbc answers "abcd"
}

INSTANTIATE_TEST_SUITE_P(Psqlodbc, ParamsPsqlodbcBaseline, ::testing::Values(std::string(kPsqlodbcDsn)),
                         [](const auto& p) { return p.param; });

}  // namespace
