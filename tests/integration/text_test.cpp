// Any text comes back exact through the driver manager: random text from every Unicode plane (astral
// characters, combining marks, lengths 0..100k code points) read piecewise with SQL_C_CHAR, SQL_C_WCHAR
// and SQL_C_BINARY into random buffer sizes (1..4 bytes, odd sizes, large ones). Every truncated piece must
// hold exactly BufferLength less the terminator (whole SQLWCHARs for WCHAR), every indicator the bytes
// still to come, the joined pieces the original, and every read must end. Bound columns with short
// buffers are checked the same way. The expected encodings are computed here, independently of the driver.
// The seed is random per run and printed; DSQL_TEXT_SEED=<n> replays one.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "odbc_fixture.h"

using namespace dsqltest;

namespace {

struct Text {
  std::string utf8;
  std::string utf16;  // the bytes of an SQLWCHAR array
};

void put(Text& t, char32_t cp) {
  if (cp < 0x80) {
    t.utf8 += static_cast<char>(cp);
  } else if (cp < 0x800) {
    t.utf8 += static_cast<char>(0xC0 | (cp >> 6));
    t.utf8 += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    t.utf8 += static_cast<char>(0xE0 | (cp >> 12));
    t.utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    t.utf8 += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    t.utf8 += static_cast<char>(0xF0 | (cp >> 18));
    t.utf8 += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    t.utf8 += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    t.utf8 += static_cast<char>(0x80 | (cp & 0x3F));
  }
  auto unit = [&t](char32_t u) {
    SQLWCHAR w = static_cast<SQLWCHAR>(u);
    t.utf16.append(reinterpret_cast<const char*>(&w), sizeof w);
  };
  if (cp >= 0x10000) {
    unit(0xD800 + ((cp - 0x10000) >> 10));
    unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
  } else {
    unit(cp);
  }
}

using Rng = std::mt19937_64;
std::size_t below(Rng& rng, std::size_t n) { return n == 0 ? 0 : static_cast<std::size_t>(rng() % n); }

// Any code point PostgreSQL's UTF8 stores (not NUL, not a surrogate), weighted towards the interesting.
char32_t randomCodePoint(Rng& rng) {
  switch (below(rng, 8)) {
    case 0:
    case 1: return static_cast<char32_t>(0x20 + below(rng, 0x5F));  // printable ASCII
    case 2: return static_cast<char32_t>(1 + below(rng, 0x7F));     // any ASCII but NUL
    case 3: return static_cast<char32_t>(0x80 + below(rng, 0x780)); // two UTF-8 bytes
    case 4: {                                                        // the rest of the BMP
      char32_t c;
      do c = static_cast<char32_t>(0x800 + below(rng, 0x10000 - 0x800)); while (c >= 0xD800 && c <= 0xDFFF);
      return c;
    }
    case 5: return static_cast<char32_t>(0x1F300 + below(rng, 0x300));  // emoji
    default: return static_cast<char32_t>(0x10000 + below(rng, 0x100000));  // planes 1..16
  }
}

// Combining marks, in the BMP and beyond it (musical symbols), attached to the character before.
char32_t randomCombiningMark(Rng& rng) {
  static const char32_t kMarks[][2] = {{0x0300, 0x036F}, {0x1AB0, 0x1AFF}, {0x20D0, 0x20FF}, {0x1D165, 0x1D169}};
  const auto& r = kMarks[below(rng, 4)];
  return static_cast<char32_t>(r[0] + below(rng, r[1] - r[0] + 1));
}

Text randomText(Rng& rng, std::size_t codePoints) {
  Text t;
  while (t.utf16.size() / 2 < codePoints) {  // counts UTF-16 units: close enough to code points
    put(t, randomCodePoint(rng));
    if (below(rng, 8) == 0)
      for (std::size_t k = 1 + below(rng, 3); k > 0; --k) put(t, randomCombiningMark(rng));
  }
  return t;
}

std::size_t randomLength(Rng& rng, std::size_t max) {
  std::size_t r = below(rng, 20);
  if (r == 0) return 0;
  if (r <= 10) return below(rng, 65);
  if (r <= 17) return below(rng, 4001);
  return below(rng, max + 1);
}

// A BufferLength: log-uniform up to about twice the value, so that 1..4 bytes and odd sizes come up often.
SQLLEN randomSize(Rng& rng, std::size_t valueBytes) {
  double top = std::log(static_cast<double>(2 * valueBytes + 16));
  std::uniform_real_distribution<double> d(0.0, top);
  return static_cast<SQLLEN>(std::exp(d(rng)));
}

struct Read {
  SQLSMALLINT cType;
  std::size_t unit, terminator;  // bytes
};
constexpr Read kChar{SQL_C_CHAR, 1, 1}, kWide{SQL_C_WCHAR, 2, 2}, kBinary{SQL_C_BINARY, 1, 0};

// Bytes of `expected` a buffer of `size` bytes takes when not all of it fits, and whether it has room
// for the terminator.
std::size_t roomOf(const Read& r, SQLLEN size, bool* terminated) {
  std::size_t usable = static_cast<std::size_t>(size) - static_cast<std::size_t>(size) % r.unit;
  *terminated = usable >= r.terminator;
  return *terminated ? usable - r.terminator : 0;
}

std::string firstDifference(const std::string& got, const std::string& want) {
  std::size_t i = 0;
  while (i < got.size() && i < want.size() && got[i] == want[i]) ++i;
  return "got " + std::to_string(got.size()) + " bytes, want " + std::to_string(want.size()) +
         "; first difference at byte " + std::to_string(i);
}

// Reads column `col` of the current row piecewise and checks every piece against `expected`. With
// `fixed` every piece uses one BufferLength (one with room for data), otherwise each piece draws its own,
// including sizes with no room at all, which must report the length and consume nothing.
void readPiecewise(SQLHSTMT h, SQLUSMALLINT col, const Read& r, const std::string& expected, Rng& rng,
                   bool fixed) {
  SQLLEN fixedSize = randomSize(rng, expected.size());
  bool t = false;
  while (roomOf(r, fixedSize, &t) == 0 && !expected.empty()) fixedSize = randomSize(rng, expected.size());
  std::string joined;
  bool last = false;
  std::vector<unsigned char> buf;
  for (std::size_t calls = 0;; ++calls) {
    ASSERT_LT(calls, 2 * expected.size() + 1000) << "the read does not end";
    SQLLEN size = fixed ? fixedSize : randomSize(rng, expected.size());
    buf.assign(static_cast<std::size_t>(size) + 8, 0xEE);
    SQLLEN ind = -7;
    SQLRETURN rc = SQLGetData(h, col, r.cType, buf.data(), size, &ind);
    std::size_t remaining = expected.size() - joined.size();
    if (rc == SQL_NO_DATA) {
      ASSERT_TRUE(last) << "SQL_NO_DATA before the last piece; " << firstDifference(joined, expected);
      break;
    }
    ASSERT_FALSE(last) << "data after the last piece";
    ASSERT_TRUE(SQL_SUCCEEDED(rc)) << diagnostics(SQL_HANDLE_STMT, h);
    ASSERT_EQ(ind, static_cast<SQLLEN>(remaining)) << "indicator at byte " << joined.size() << ", size " << size;
    bool terminated = false;
    std::size_t room = roomOf(r, size, &terminated);
    std::size_t take = remaining;
    if (remaining > room) {
      ASSERT_EQ(rc, SQL_SUCCESS_WITH_INFO) << "size " << size;
      ASSERT_EQ(firstState(SQL_HANDLE_STMT, h), "01004");
      take = room;
    } else {
      ASSERT_EQ(rc, SQL_SUCCESS) << "size " << size;
      last = true;
    }
    ASSERT_EQ(std::memcmp(buf.data(), expected.data() + joined.size(), take), 0)
        << "piece at byte " << joined.size() << ", size " << size;
    for (std::size_t k = 0; terminated && k < r.terminator; ++k) {
      ASSERT_EQ(buf[take + k], 0) << "terminator, size " << size;
    }
    for (std::size_t k = static_cast<std::size_t>(size); k < buf.size(); ++k) {
      ASSERT_EQ(buf[k], 0xEE) << "written beyond BufferLength " << size;
    }
    joined.append(reinterpret_cast<const char*>(buf.data()), take);
  }
  ASSERT_TRUE(joined == expected) << firstDifference(joined, expected);
}

unsigned long long seedForRun() {
  if (const char* s = std::getenv("DSQL_TEXT_SEED")) return std::stoull(s);
  return std::random_device{}();
}

class UnicodeTextTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == kEmuDsn && !emulatorAvailable()) GTEST_SKIP() << "emulator not started";
    connectOrFail(conn_, GetParam());
  }
  bool onEmulator() const { return GetParam() == kEmuDsn; }

  // Runs `SELECT CAST(? AS text), CAST(? AS text), ?` with the value as the two text parameters and its
  // UTF-8 bytes as the bytea one, leaving the row fetched.
  void selectValue(Stmt& s, const Text& t, std::vector<SQLLEN>& lens) {
    SQLFreeStmt(s.h, SQL_CLOSE);
    SQLFreeStmt(s.h, SQL_RESET_PARAMS);
    lens.assign(3, static_cast<SQLLEN>(t.utf8.size()));
    auto* data = const_cast<char*>(t.utf8.data());
    SQLULEN size = t.utf8.size() + 1;
    for (SQLUSMALLINT p = 1; p <= 3; ++p)
      ASSERT_ODBC_OK(SQLBindParameter(s.h, p, SQL_PARAM_INPUT, p == 3 ? SQL_C_BINARY : SQL_C_CHAR,
                                      p == 3 ? SQL_LONGVARBINARY : SQL_LONGVARCHAR, size, 0, data, lens[p - 1],
                                      &lens[p - 1]),
                     s.diag());
    ASSERT_ODBC_OK(SQLExecDirect(s.h, (SQLCHAR*)"SELECT CAST(? AS text), CAST(? AS text), ?", SQL_NTS), s.diag());
    ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  }

  Conn conn_;
};

TEST_P(UnicodeTextTest, RandomTextReadPiecewiseComesBackExact) {
  unsigned long long seed = seedForRun();
  RecordProperty("seed", std::to_string(seed));
  SCOPED_TRACE("DSQL_TEXT_SEED=" + std::to_string(seed));
  Rng rng(seed);
  std::size_t values = onEmulator() ? 25 : 120, maxLength = onEmulator() ? 20000 : 100000;
  Stmt s(conn_);
  std::vector<SQLLEN> lens;
  for (std::size_t i = 0; i < values; ++i) {
    std::size_t length = i == 0 ? 0 : i == 1 ? maxLength : randomLength(rng, maxLength);
    Text t = randomText(rng, length);
    SCOPED_TRACE("value " + std::to_string(i) + ": " + std::to_string(t.utf8.size()) + " UTF-8 bytes");
    selectValue(s, t, lens);
    if (HasFatalFailure()) return;
    bool fixed = below(rng, 2) == 0;
    readPiecewise(s.h, 1, kChar, t.utf8, rng, fixed);
    readPiecewise(s.h, 2, kWide, t.utf16, rng, fixed);
    readPiecewise(s.h, 3, kBinary, t.utf8, rng, fixed);
    if (HasFatalFailure()) return;
  }
}

// pyodbc's case: 'xxx' || repeat('aé€😀', 1000) in SQLWCHAR pieces of 4 bytes (one unit + NUL) -- the
// size at which a driver that keeps surrogate pairs whole returns the same empty piece forever.
TEST_P(UnicodeTextTest, OneUnitPiecesCrossEverySurrogatePair) {
  Stmt s(conn_);
  ASSERT_ODBC_OK(s.exec("SELECT 'xxx' || repeat('a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80', 1000)"), s.diag());
  ASSERT_ODBC_OK(SQLFetch(s.h), s.diag());
  Text t;
  for (char32_t c : {U'x', U'x', U'x'}) put(t, c);
  for (int i = 0; i < 1000; ++i)
    for (char32_t c : {U'a', U'\u00E9', U'\u20AC', U'\U0001F600'}) put(t, c);
  std::string got;
  SQLWCHAR buf[2];
  SQLLEN ind = 0;
  SQLRETURN rc;
  int calls = 0;
  while ((rc = SQLGetData(s.h, 1, SQL_C_WCHAR, buf, sizeof buf, &ind)) != SQL_NO_DATA) {
    ASSERT_TRUE(SQL_SUCCEEDED(rc)) << s.diag();
    ASSERT_LT(++calls, 6000) << "no progress";
    ASSERT_EQ(ind, static_cast<SQLLEN>(t.utf16.size() - got.size()));
    got.append(reinterpret_cast<const char*>(buf), sizeof(SQLWCHAR));
    ASSERT_EQ(buf[1], 0);
  }
  EXPECT_EQ(calls, static_cast<int>(t.utf16.size() / 2));
  EXPECT_TRUE(got == t.utf16) << firstDifference(got, t.utf16);
}

// SQLBindCol with a short buffer: 01004, exactly BufferLength less the terminator, indicator = full length.
TEST_P(UnicodeTextTest, BoundColumnsTruncateToExactlyTheBuffer) {
  unsigned long long seed = seedForRun();
  SCOPED_TRACE("DSQL_TEXT_SEED=" + std::to_string(seed));
  Rng rng(seed);
  Stmt s(conn_);
  std::vector<SQLLEN> lens;
  for (int i = 0; i < (onEmulator() ? 10 : 40); ++i) {
    Text t = randomText(rng, 1 + randomLength(rng, 5000));
    std::vector<unsigned char> c(1 + below(rng, t.utf8.size() + 4) + 8, 0xEE), w(1 + below(rng, t.utf16.size() + 4) + 8, 0xEE);
    auto cSize = static_cast<SQLLEN>(c.size() - 8), wSize = static_cast<SQLLEN>(w.size() - 8);
    SQLLEN cInd = 0, wInd = 0;
    SQLFreeStmt(s.h, SQL_UNBIND);
    ASSERT_ODBC_OK(SQLBindCol(s.h, 1, SQL_C_CHAR, c.data(), cSize, &cInd), s.diag());
    ASSERT_ODBC_OK(SQLBindCol(s.h, 2, SQL_C_WCHAR, w.data(), wSize, &wInd), s.diag());
    selectValue(s, t, lens);  // fetches into the bound buffers
    if (HasFatalFailure()) return;
    EXPECT_EQ(cInd, static_cast<SQLLEN>(t.utf8.size()));
    EXPECT_EQ(wInd, static_cast<SQLLEN>(t.utf16.size()));
    bool cTerminated = false, wTerminated = false;
    std::size_t cRoom = roomOf(kChar, cSize, &cTerminated), wRoom = roomOf(kWide, wSize, &wTerminated);
    bool cut = cRoom < t.utf8.size() || wRoom < t.utf16.size();
    EXPECT_EQ(firstState(SQL_HANDLE_STMT, s.h) == "01004", cut) << "size " << cSize << "/" << wSize;
    std::size_t cTake = std::min(cRoom, t.utf8.size()), wTake = std::min(wRoom, t.utf16.size());
    EXPECT_EQ(std::memcmp(c.data(), t.utf8.data(), cTake), 0);
    EXPECT_TRUE(!cTerminated || c[cTake] == 0);
    EXPECT_EQ(std::memcmp(w.data(), t.utf16.data(), wTake), 0);
    EXPECT_TRUE(!wTerminated || (w[wTake] == 0 && w[wTake + 1] == 0));
    EXPECT_EQ(c[static_cast<std::size_t>(cSize)], 0xEE);
    EXPECT_EQ(w[static_cast<std::size_t>(wSize)], 0xEE);
  }
  SQLFreeStmt(s.h, SQL_UNBIND);
}

INSTANTIATE_TEST_SUITE_P(Servers, UnicodeTextTest, ::testing::Values(std::string(kPgDsn), std::string(kEmuDsn)));

}  // namespace
