// Property tests over random SQL-ish text assembled from hostile pieces: translate never crashes or hangs,
// only fails with the documented SQLSTATEs, never changes the bytes of a literal, quoted identifier or
// dollar body, counts every ? marker, and is idempotent on its own output.
#include <gtest/gtest.h>

#include <random>

#include "shim/common/error.h"
#include "test_util.h"

namespace dsql::shim::sql {
namespace {

const std::vector<std::string> kPieces = {
    "SELECT", "a", "t.b", "?", "?", ",", "(", ")", "=", "+", "::int", "1.5", "$1", "FROM", "WHERE", "\n", ";",
    "'it''s ?'", "E'\\'{'", "e'\\\\'", "\"q;?\"", "\"SAVEPOINT\"", "$$ ; ? $$", "$t$ $$ ? $t$", "U&'d\\0061'",
    "B'101'", "-- c ? ;\n", "/* /* ? */ { */", "{fn UCASE(?)}", "{fn CONCAT('a', {fn LCASE(b)})}",
    "{d '2020-01-01'}", "{oj x LEFT JOIN y ON x.a = y.a}", "{call p(?)}", "{fn TIMESTAMPADD(SQL_TSI_DAY, ?, c)}",
    "SAVEPOINT s", "RELEASE SAVEPOINT s", "ROLLBACK TO s", "CREATE INDEX i ON t (c DESC)",
    "CREATE TABLE t (a int REFERENCES p(id), b int, FOREIGN KEY (b) REFERENCES q)",
    "ALTER TABLE t ADD CONSTRAINT f FOREIGN KEY (a) REFERENCES p", "ALTER TABLE t ADD CHECK (a > 0)",
    "VACUUM ANALYZE t", "VACUUM (ANALYZE) t", "ALTER SEQUENCE s CACHE 5", "CREATE SEQUENCE s",
    "CREATE TABLE t (id int GENERATED ALWAYS AS IDENTITY)", "TRUNCATE t",
    "SET TRANSACTION ISOLATION LEVEL READ COMMITTED", "BEGIN ISOLATION LEVEL READ COMMITTED", "CREATE",
    "INDEX", "TABLE", "REFERENCES", "{", "}", "CASE", "END", "BEGIN", "ATOMIC", "FUNCTION", "'unterminated",
};

std::string randomSql(std::mt19937& rng) {
  std::uniform_int_distribution<std::size_t> count(0, 14), pick(0, kPieces.size() - 1);
  std::string out;
  const std::size_t n = count(rng);
  for (std::size_t i = 0; i < n; ++i) {
    out += kPieces[pick(rng)];
    out += ' ';
  }
  return out;
}

// Literals, quoted identifiers and dollar bodies. Comments are checked by the table tests instead: a
// comment with no statement around it (`/* x */ ;`) is dropped with its empty statement, by design.
std::vector<std::string> withoutComments(std::vector<std::string> atoms) {
  std::erase_if(atoms, [](const std::string& s) { return s.starts_with("--") || s.starts_with("/*"); });
  return atoms;
}

bool isSubsequence(const std::vector<std::string>& small, const std::vector<std::string>& big) {
  std::size_t j = 0;
  for (const std::string& s : big) {
    if (j < small.size() && s == small[j]) ++j;
  }
  return j == small.size();
}

int countMarkers(const std::string& sql) {
  int n = 0;
  for (auto& [kind, text] : test::lexAll(sql)) n += kind == TokenKind::Marker;
  return n;
}

void checkOne(const std::string& sql, const Options& options, bool checkAtoms) {
  Translation t;
  try {
    t = translate(sql, options);
  } catch (const dsql::Error& e) {
    EXPECT_TRUE(e.sqlstate() == "42000" || e.sqlstate() == "0A000") << e.sqlstate() << " for " << sql;
    return;
  }
  const std::string out = t.nativeSql();
  EXPECT_EQ(t.paramCount, countMarkers(sql)) << sql;
  int sum = 0;
  for (const Statement& s : t.statements) {
    EXPECT_EQ(s.firstParam, sum) << sql;
    sum += s.paramCount;
  }
  EXPECT_EQ(sum, t.paramCount) << sql;
  if (checkAtoms) {
    EXPECT_TRUE(isSubsequence(withoutComments(test::protectedAtoms(sql)), test::protectedAtoms(out)))
        << sql << "\n=> " << out;
  }
  // Idempotent: the server text translates to itself.
  EXPECT_EQ(translate(out, options).nativeSql(), out) << sql << "\n=> " << out;
}

TEST(Property, PlainPostgresKeepsEveryProtectedByte) {
  std::mt19937 rng(12345);
  Options pg;
  pg.dsql = false;
  for (int i = 0; i < 4000; ++i) checkOne(randomSql(rng), pg, true);
}

TEST(Property, DsqlRewritesAreSafeAndIdempotent) {
  std::mt19937 rng(678);
  Options all;
  all.truncateAsDelete = true;
  all.serialAsIdentity = true;
  for (int i = 0; i < 4000; ++i) checkOne(randomSql(rng), all, false);
  Options keep;
  keep.foreignKeys = ForeignKeyMode::Keep;
  for (int i = 0; i < 2000; ++i) checkOne(randomSql(rng), keep, false);
  Options strip;
  strip.foreignKeys = ForeignKeyMode::Strip;
  for (int i = 0; i < 2000; ++i) checkOne(randomSql(rng), strip, false);
}

// Statements no rule touches keep every protected byte under the DSQL options too.
TEST(Property, DsqlKeepsProtectedBytesOfUntouchedStatements) {
  std::mt19937 rng(9);
  for (int i = 0; i < 3000; ++i) {
    const std::string sql = randomSql(rng);
    try {
      const Translation t = translate(sql, Options());
      if (!t.notes.empty()) continue;
      EXPECT_TRUE(isSubsequence(withoutComments(test::protectedAtoms(sql)), test::protectedAtoms(t.nativeSql())))
          << sql;
    } catch (const dsql::Error&) {
    }
  }
}

}  // namespace
}  // namespace dsql::shim::sql
