// ODBC escape sequences: input → PostgreSQL text, nesting, markers inside escapes, literals left alone,
// and escapeSupport() agreeing with what is actually translated.
#include <gtest/gtest.h>

#include "shim/common/error.h"
#include "test_util.h"

namespace dsql::shim::sql {
namespace {

using test::native;

struct Case {
  const char* name;
  std::string input;
  std::string expected;
};

class Escapes : public ::testing::TestWithParam<Case> {};

TEST_P(Escapes, Translate) { EXPECT_EQ(native(GetParam().input), GetParam().expected); }

INSTANTIATE_TEST_SUITE_P(
    All, Escapes,
    ::testing::Values(
        Case{"date", "SELECT {d '2024-01-31'}", "SELECT DATE '2024-01-31'"},
        Case{"time", "SELECT {t '12:34:56'}", "SELECT TIME '12:34:56'"},
        Case{"timestamp", "SELECT {ts '2024-01-31 12:34:56.5'}", "SELECT TIMESTAMP '2024-01-31 12:34:56.5'"},
        Case{"date_marker", "SELECT {d ?}", "SELECT CAST($1 AS DATE)"},
        Case{"guid", "SELECT {guid '12345678-1234-1234-1234-123456789012'}",
             "SELECT UUID '12345678-1234-1234-1234-123456789012'"},
        Case{"ucase", "SELECT {fn UCASE(name)} FROM t", "SELECT upper(name) FROM t"},
        Case{"lower_case_keyword", "SELECT {FN ucase(name)}", "SELECT upper(name)"},
        Case{"nested", "SELECT {fn UCASE({fn LTRIM(?)})}, ?", "SELECT upper(ltrim($1)), $2"},
        Case{"concat", "SELECT {fn CONCAT(a, 'b,c')}", "SELECT concat(a, 'b,c')"},
        Case{"locate3", "SELECT {fn LOCATE('x', s, 2)}",
             "SELECT (CASE WHEN strpos(substr(s, 2), 'x') > 0 THEN strpos(substr(s, 2), 'x') + (2) - 1 ELSE 0 END)"},
        Case{"insert", "SELECT {fn INSERT(s, 2, 3, 'xy')}", "SELECT overlay(s placing 'xy' from 2 for 3)"},
        Case{"substring_args_with_parens", "SELECT {fn SUBSTRING(f(a, b), 1, 2)}", "SELECT substr(f(a, b), 1, 2)"},
        Case{"log", "SELECT {fn LOG(x)}, {fn LOG10(x)}", "SELECT ln(x), log(x)"},
        Case{"round", "SELECT {fn ROUND(?, 2)}", "SELECT round(CAST($1 AS numeric), 2)"},
        Case{"pi_rand", "SELECT {fn PI()}, {fn RAND()}", "SELECT pi(), random()"},
        Case{"curdate_bare", "SELECT {fn CURDATE()}, {fn CURRENT_DATE}", "SELECT current_date, current_date"},
        Case{"now", "SELECT {fn NOW()}", "SELECT localtimestamp"},
        Case{"dayofweek", "SELECT {fn DAYOFWEEK(d)}", "SELECT (CAST(EXTRACT(DOW FROM d) AS integer) + 1)"},
        Case{"extract", "SELECT {fn EXTRACT(YEAR FROM d)}", "SELECT extract(YEAR FROM d)"},
        Case{"position", "SELECT {fn POSITION('a' IN s)}", "SELECT position('a' IN s)"},
        Case{"ifnull_user_database", "SELECT {fn IFNULL(a, 0)}, {fn USER()}, {fn DATABASE()}",
             "SELECT coalesce(a, 0), current_user, current_database()"},
        Case{"convert", "SELECT {fn CONVERT(a, SQL_VARCHAR)}, {fn CONVERT(?, SQL_BIGINT)}",
             "SELECT CAST(a AS varchar), CAST($1 AS bigint)"},
        Case{"timestampadd", "SELECT {fn TIMESTAMPADD(SQL_TSI_DAY, 3, ts)}",
             "SELECT (CAST(ts AS timestamp) + (3) * INTERVAL '1 day')"},
        Case{"timestampadd_quarter", "SELECT {fn TIMESTAMPADD(SQL_TSI_QUARTER, ?, ts)}",
             "SELECT (CAST(ts AS timestamp) + ($1) * INTERVAL '3 month')"},
        Case{"timestampdiff_second", "SELECT {fn TIMESTAMPDIFF(SQL_TSI_SECOND, a, b)}",
             "SELECT CAST(trunc(EXTRACT(EPOCH FROM (CAST(b AS timestamp) - CAST(a AS timestamp))) / 1) AS bigint)"},
        Case{"timestampdiff_month", "SELECT {fn TIMESTAMPDIFF(SQL_TSI_MONTH, a, b)}",
             "SELECT CAST(trunc((EXTRACT(YEAR FROM age(CAST(b AS timestamp), CAST(a AS timestamp))) * 12 + "
             "EXTRACT(MONTH FROM age(CAST(b AS timestamp), CAST(a AS timestamp)))) / 1) AS bigint)"},
        Case{"unknown_function_passes", "SELECT {fn my_func(a, ?)}", "SELECT my_func(a, $1)"},
        Case{"wrong_arity_passes", "SELECT {fn ROUND(a)}", "SELECT ROUND(a)"},
        Case{"oj", "SELECT * FROM {oj a LEFT OUTER JOIN b ON a.id = b.id AND b.x = {fn UCASE(?)}}",
             "SELECT * FROM a LEFT OUTER JOIN b ON a.id = b.id AND b.x = upper($1)"},
        Case{"call", "{call my_proc(?, 'x')}", "SELECT * FROM my_proc($1, 'x')"},
        Case{"call_no_args", "{ call s.refresh }", "SELECT * FROM s.refresh()"},
        Case{"call_wait_for_job", "{call sys.wait_for_job(?)}", "CALL sys.wait_for_job($1)"},
        Case{"return_call", "{?= call f(?, ?)}", "SELECT f($1, $2)"},
        Case{"escape", "SELECT * FROM t WHERE a LIKE 'x\\_%' {escape '\\'}",
             "SELECT * FROM t WHERE a LIKE 'x\\_%' ESCAPE '\\'"},
        Case{"interval", "SELECT {INTERVAL '3' DAY}", "SELECT INTERVAL '3' DAY"},
        Case{"interval_negative", "SELECT d + {interval -'1 02' DAY TO HOUR}",
             "SELECT d + (-INTERVAL '1 02' DAY TO HOUR)"},
        Case{"escape_text_in_literal_untouched", "SELECT '{fn UCASE(x)}', \"{d\", $${ts ?}$$ -- {fn\n",
             "SELECT '{fn UCASE(x)}', \"{d\", $${ts ?}$$"},
        Case{"unknown_escape_braces_pass", "SELECT {foo}", "SELECT {foo}"},
        // Inside an unknown escape nothing is expanded (only markers are numbered), so the output reads the
        // same the second time: expanding {fn d} would leave `{ d'…'}`, a date escape.
        Case{"unknown_escape_keeps_inner_escapes", "SELECT { {fn d}'2020-01-01'}, {foo ?, {fn UCASE(?)}} + ?",
             "SELECT { {fn d}'2020-01-01'}, {foo $1, {fn UCASE($2)}} + $3"},
        // An escape's braces separate tokens: what meets where they were must not read as one token (a
        // comment, one operator, one literal).
        Case{"escape_boundary_keeps_tokens_apart", "SELECT {oj a -}-b, {d '2020-01-01'}'x', {fn pi()}>=1, 1<{oj >2}",
             "SELECT a - -b, DATE '2020-01-01' 'x', pi()>=1, 1< >2"}),
    [](const auto& p) { return std::string(p.param.name); });

TEST(EscapesCall, ReturnValueBookkeeping) {
  const Translation t = translate("{?= call f(?)}", Options());
  ASSERT_EQ(t.statements.size(), 1u);
  EXPECT_TRUE(t.statements[0].returnValue);
  EXPECT_EQ(t.statements[0].paramCount, 2);
  EXPECT_EQ(t.paramCount, 2);
  EXPECT_EQ(t.statements[0].sql, "SELECT f($1)");
}

// A call escape nested in the name of another is rendered once: rendering the name apart as well doubled
// the work at every level, so 40 levels (a fuzz finding had 20) would not have finished.
TEST(EscapesCall, NestingInTheNameIsLinear) {
  std::string sql = "SELECT ", expected = "SELECT";
  for (int i = 0; i < 40; ++i) sql += "{call a";
  sql.append(40, '}');
  for (int i = 0; i < 40; ++i) expected += " SELECT * FROM a";
  for (int i = 0; i < 40; ++i) expected += "()";
  EXPECT_EQ(native(sql), expected);
}

TEST(EscapesErrors, UnknownConvertTargetAndInterval) {
  for (const char* sql : {"SELECT {fn CONVERT(a, SQL_INTERVAL_DAY)}", "SELECT {fn TIMESTAMPADD(SQL_TSI_EON, 1, a)}"}) {
    try {
      translate(sql, Options());
      ADD_FAILURE() << sql;
    } catch (const dsql::Error& e) {
      EXPECT_EQ(e.sqlstate(), "0A000");
    }
  }
}

// Every advertised function really is translated (not passed through as written) with the arity of one
// of its rows, and nothing translated is missing from the advertised lists.
TEST(EscapeSupport, AdvertisesExactlyTheTranslatedFunctions) {
  const EscapeSupport& s = escapeSupport();
  EXPECT_FALSE(s.string.empty());
  EXPECT_FALSE(s.numeric.empty());
  EXPECT_FALSE(s.timedate.empty());
  EXPECT_FALSE(s.system.empty());
  ASSERT_EQ(s.conversion.size(), 1u);
  EXPECT_EQ(s.conversion[0], "CONVERT");
  auto has = [](const std::vector<std::string_view>& v, std::string_view n) {
    return std::find(v.begin(), v.end(), n) != v.end();
  };
  EXPECT_TRUE(has(s.string, "UCASE"));
  EXPECT_TRUE(has(s.timedate, "CURDATE"));
  EXPECT_TRUE(has(s.system, "IFNULL"));
  EXPECT_FALSE(has(s.string, "SOUNDEX"));
  EXPECT_TRUE(has(s.convertTypes, "VARCHAR"));
  EXPECT_FALSE(has(s.convertTypes, "TYPE_DATE"));
  EXPECT_TRUE(has(s.intervals, "FRAC_SECOND"));
  for (const auto* group : {&s.string, &s.numeric, &s.timedate, &s.system}) {
    for (std::string_view name : *group) {
      bool translated = false;
      for (int arity = 0; arity <= 4 && !translated; ++arity) {
        std::string args;
        for (int a = 0; a < arity; ++a) args += (a ? ", " : "") + std::string(a == 0 && name.starts_with("TIMESTAMP") ? "SQL_TSI_DAY" : "x");
        const std::string in = "SELECT {fn " + std::string(name) + "(" + args + ")}";
        const std::string out = native(in);
        translated = out != "SELECT " + std::string(name) + "(" + args + ")";
      }
      EXPECT_TRUE(translated) << name;
    }
  }
}

}  // namespace
}  // namespace dsql::shim::sql
