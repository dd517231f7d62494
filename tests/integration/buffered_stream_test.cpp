// Rows of a streamed result that wait in memory (read ahead for SQLRowCount, or the rest of a stream
// buffered because another statement needs the connection) are kept compactly (driver/handles/row_store.h)
// and must come back exactly: NULL against empty text, values of every size across the store's blocks,
// rowsets fetched before, during and after the buffering, with bound columns and SQLGetData alike.
#include <string>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

// Row g of the query below: NULL for g % 5 == 0, '' for g % 5 == 1, else g repeated to a length that
// grows with g (up to a few KiB), so rows straddle the store's 64 KiB .. 1 MiB blocks.
std::optional<std::string> expected(int g) {
  if (g % 5 == 0) return std::nullopt;
  if (g % 5 == 1) return std::string();
  std::string one = std::to_string(g) + ",", v;
  while (v.size() < static_cast<std::size_t>(g % 997) * 4) v += one;
  return v;
}

const char* kQuery =
    "SELECT g, CASE WHEN g % 5 = 0 THEN NULL WHEN g % 5 = 1 THEN '' "
    "ELSE rpad('', ((g % 997) * 4 + length(g::text || ',') - 1) / length(g::text || ',') * length(g::text || ','), g::text || ',') END "
    "FROM generate_series(1, 6000) g ORDER BY g";

// 40 rows over 32 KiB each (the row store's wide layout) with a NULL in every other row's third column,
// all buffered before the first fetch because another statement runs on the connection.
void runWideRowsBuffered(Conn& conn, Stmt& s) {
  ASSERT_ODBC_OK(s.exec("SELECT g, repeat(chr(65 + g % 26), 40000 + g * 997), CASE WHEN g % 2 = 0 THEN NULL ELSE 'z' || g END, "
                        "repeat('y', g) FROM generate_series(1, 40) g ORDER BY g"), s.diag());
  Stmt other(conn);
  EXPECT_EQ(other.query("SELECT 2")[0][0], "2");
}

class BufferedStreamTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  Conn conn_;
};

TEST_P(BufferedStreamTest, RowsBufferedForAnotherStatementComeBackExactly) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec(kQuery), s.diag());
  // A rowset of 7 rows, bound: some rows come from the read-ahead window, the rest are buffered below.
  constexpr SQLULEN kRowset = 7;
  std::vector<SQLINTEGER> ids(kRowset);
  std::vector<SQLLEN> idInd(kRowset), textInd(kRowset);
  std::vector<char> texts(kRowset * 4100);
  SQLULEN fetched = 0;
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(kRowset), 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
  SQLBindCol(s.h, 1, SQL_C_SLONG, ids.data(), 0, idInd.data());
  SQLBindCol(s.h, 2, SQL_C_CHAR, texts.data(), 4100, textInd.data());
  int next = 1;
  auto check = [&](SQLULEN rows) {
    for (SQLULEN i = 0; i < rows; ++i, ++next) {
      ASSERT_EQ(ids[i], next);
      auto want = expected(next);
      if (!want) {
        ASSERT_EQ(textInd[i], SQL_NULL_DATA) << next;
      } else {
        ASSERT_EQ(textInd[i], static_cast<SQLLEN>(want->size())) << next;
        ASSERT_EQ(std::string(&texts[i * 4100]), *want) << next;
      }
    }
  };
  for (int k = 0; k < 40; ++k) {
    ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
    check(fetched);
  }
  {  // another statement on the same connection: the rest of the stream is buffered first
    Stmt other(conn_);
    EXPECT_EQ(other.query("SELECT 42")[0][0], "42");
  }
  SQLRETURN rc;
  while ((rc = SQLFetch(s.h)) != SQL_NO_DATA) {
    ASSERT_ODBC_OK(rc, s.diag());
    check(fetched);
  }
  EXPECT_EQ(next, 6001);
}

TEST_P(BufferedStreamTest, GetDataReadsBufferedRowsPiecewise) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec(kQuery), s.diag());
  {
    Stmt other(conn_);
    EXPECT_EQ(other.query("SELECT 1")[0][0], "1");  // everything is buffered before the first fetch
  }
  for (int g = 1; g <= 6000; ++g) {
    ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
    std::string got;
    char piece[100];
    SQLLEN ind = 0;
    SQLRETURN rc;
    while ((rc = SQLGetData(s.h, 2, SQL_C_CHAR, piece, sizeof piece, &ind)) != SQL_NO_DATA) {
      ASSERT_ODBC_OK(rc, s.diag());
      if (ind == SQL_NULL_DATA) break;
      got += piece;
    }
    auto want = expected(g);
    if (!want) ASSERT_EQ(ind, SQL_NULL_DATA) << g;
    else ASSERT_EQ(got, *want) << g;
  }
  EXPECT_EQ(SQLFetch(s.h), SQL_NO_DATA);
}

TEST_P(BufferedStreamTest, WideRowsIntoBoundColumns) {
  // The block fetch reads each bound cell's value, length and NULL flag from the store in one step
  // (RowCells::cell): here from the wide layout, the first column included, with NULLs between values.
  Stmt s(conn_);
  runWideRowsBuffered(conn_, s);
  constexpr SQLULEN kRowset = 6;
  char ids[kRowset][64], odd[kRowset][8], ys[kRowset][48];  // text with room: a misread cell is copied, not declined
  SQLLEN idInd[kRowset], oddInd[kRowset], yInd[kRowset];
  SQLULEN fetched = 0;
  SQLSetStmtAttr(s.h, SQL_ATTR_ROW_ARRAY_SIZE, reinterpret_cast<SQLPOINTER>(kRowset), 0);
  SQLSetStmtAttr(s.h, SQL_ATTR_ROWS_FETCHED_PTR, &fetched, 0);
  SQLBindCol(s.h, 1, SQL_C_CHAR, ids, sizeof ids[0], idInd);
  SQLBindCol(s.h, 3, SQL_C_CHAR, odd, sizeof odd[0], oddInd);
  SQLBindCol(s.h, 4, SQL_C_CHAR, ys, sizeof ys[0], yInd);
  int g = 1;
  while (SQLFetch(s.h) == SQL_SUCCESS) {
    for (SQLULEN i = 0; i < fetched; ++i, ++g) {
      ASSERT_EQ(std::string(ids[i]), std::to_string(g));
      ASSERT_EQ(idInd[i], static_cast<SQLLEN>(std::to_string(g).size()));
      if (g % 2 == 0) {
        ASSERT_EQ(oddInd[i], SQL_NULL_DATA) << g;
      } else {
        ASSERT_EQ(std::string(odd[i]), "z" + std::to_string(g));
        ASSERT_EQ(oddInd[i], static_cast<SQLLEN>(std::to_string(g).size() + 1));
      }
      ASSERT_EQ(std::string(ys[i]), std::string(static_cast<std::size_t>(g), 'y'));
      ASSERT_EQ(yInd[i], g);
    }
  }
  EXPECT_EQ(g, 41);
}

TEST_P(BufferedStreamTest, WideRowsAndNullsBetweenThem) {
  // Rows over 32 KiB take the store's wide layout; a NULL between two values keeps both intact.
  Stmt s(conn_);
  runWideRowsBuffered(conn_, s);
  auto rows = s.rows();
  ASSERT_EQ(rows.size(), 40u);
  for (int g = 1; g <= 40; ++g) {
    const auto& r = rows[static_cast<std::size_t>(g - 1)];
    ASSERT_EQ(r[0], std::to_string(g));
    ASSERT_EQ(r[1], std::string(static_cast<std::size_t>(40000 + g * 997), static_cast<char>('A' + g % 26))) << g;
    if (g % 2 == 0) ASSERT_FALSE(r[2]) << g;
    else ASSERT_EQ(r[2], "z" + std::to_string(g));
    ASSERT_EQ(r[3], std::string(static_cast<std::size_t>(g), 'y'));
  }
}

INSTANTIATE_TEST_SUITE_P(Servers, BufferedStreamTest, ::testing::Values(kPgDsn, kEmuDsn));

}  // namespace
