// ODBC scalar functions (ODBC 3.8 reference, Appendix E "Scalar Functions") and their PostgreSQL forms.
// A name absent from this table, or called with an arity no row has, passes through {fn …} as written, so
// PostgreSQL's own functions still work; only rows here are advertised through SQLGetInfo.
// Functions left out on purpose: DIFFERENCE and SOUNDEX (need the fuzzystrmatch extension, which Aurora
// DSQL does not offer), RAND(seed) (a seeded call cannot be expressed as one expression).
#include "shim/sql/scalar_functions.h"

#include "shim/sql/lexer.h"

namespace dsql::shim::sql {

namespace {

using G = FunctionGroup;
using F = FunctionForm;

// Arguments are wrapped in parentheses wherever an operator follows or precedes them, so an argument such
// as `a + b` keeps its meaning. DATE/TIME parts are cast to integer because ODBC defines them as integers
// while PostgreSQL's EXTRACT returns numeric.
constexpr ScalarFunction kFunctions[] = {
    // string
    {"ASCII", G::String, 1, F::Template, "ascii(%1)"},
    {"BIT_LENGTH", G::String, 1, F::Template, "bit_length(%1)"},
    {"CHAR", G::String, 1, F::Template, "chr(%1)"},
    {"CHAR_LENGTH", G::String, 1, F::Template, "char_length(%1)"},
    {"CHARACTER_LENGTH", G::String, 1, F::Template, "char_length(%1)"},
    {"CONCAT", G::String, 2, F::Template, "concat(%1, %2)"},
    {"INSERT", G::String, 4, F::Template, "overlay(%1 placing %4 from %2 for %3)"},
    {"LCASE", G::String, 1, F::Template, "lower(%1)"},
    {"LEFT", G::String, 2, F::Template, "left(%1, %2)"},
    // ODBC: "number of characters ... excluding trailing blanks"
    {"LENGTH", G::String, 1, F::Template, "char_length(rtrim(%1))"},
    {"LOCATE", G::String, 2, F::Template, "strpos(%2, %1)"},
    {"LOCATE", G::String, 3, F::Template,
     "(CASE WHEN strpos(substr(%2, %3), %1) > 0 THEN strpos(substr(%2, %3), %1) + (%3) - 1 ELSE 0 END)"},
    {"LTRIM", G::String, 1, F::Template, "ltrim(%1)"},
    {"OCTET_LENGTH", G::String, 1, F::Template, "octet_length(%1)"},
    {"POSITION", G::String, 1, F::Template, "position(%1)"},  // POSITION(a IN b): one argument as written
    {"REPEAT", G::String, 2, F::Template, "repeat(%1, %2)"},
    {"REPLACE", G::String, 3, F::Template, "replace(%1, %2, %3)"},
    {"RIGHT", G::String, 2, F::Template, "right(%1, %2)"},
    {"RTRIM", G::String, 1, F::Template, "rtrim(%1)"},
    {"SPACE", G::String, 1, F::Template, "repeat(' ', %1)"},
    {"SUBSTRING", G::String, 2, F::Template, "substr(%1, %2)"},
    {"SUBSTRING", G::String, 3, F::Template, "substr(%1, %2, %3)"},
    {"UCASE", G::String, 1, F::Template, "upper(%1)"},
    // numeric
    {"ABS", G::Numeric, 1, F::Template, "abs(%1)"},
    {"ACOS", G::Numeric, 1, F::Template, "acos(%1)"},
    {"ASIN", G::Numeric, 1, F::Template, "asin(%1)"},
    {"ATAN", G::Numeric, 1, F::Template, "atan(%1)"},
    {"ATAN2", G::Numeric, 2, F::Template, "atan2(%1, %2)"},
    {"CEILING", G::Numeric, 1, F::Template, "ceiling(%1)"},
    {"COS", G::Numeric, 1, F::Template, "cos(%1)"},
    {"COT", G::Numeric, 1, F::Template, "cot(%1)"},
    {"DEGREES", G::Numeric, 1, F::Template, "degrees(%1)"},
    {"EXP", G::Numeric, 1, F::Template, "exp(%1)"},
    {"FLOOR", G::Numeric, 1, F::Template, "floor(%1)"},
    {"LOG", G::Numeric, 1, F::Template, "ln(%1)"},  // ODBC LOG is the natural logarithm
    {"LOG10", G::Numeric, 1, F::Template, "log(%1)"},
    {"MOD", G::Numeric, 2, F::Template, "mod(%1, %2)"},
    {"PI", G::Numeric, 0, F::Template, "pi()"},
    {"POWER", G::Numeric, 2, F::Template, "power(%1, %2)"},
    {"RADIANS", G::Numeric, 1, F::Template, "radians(%1)"},
    {"RAND", G::Numeric, 0, F::Template, "random()"},
    {"ROUND", G::Numeric, 2, F::Template, "round(CAST(%1 AS numeric), %2)"},
    {"SIGN", G::Numeric, 1, F::Template, "sign(%1)"},
    {"SIN", G::Numeric, 1, F::Template, "sin(%1)"},
    {"SQRT", G::Numeric, 1, F::Template, "sqrt(%1)"},
    {"TAN", G::Numeric, 1, F::Template, "tan(%1)"},
    {"TRUNCATE", G::Numeric, 2, F::Template, "trunc(CAST(%1 AS numeric), %2)"},
    // time and date (ODBC's CURRENT_TIME/TIMESTAMP are without time zone)
    {"CURDATE", G::TimeDate, 0, F::Template, "current_date"},
    {"CURRENT_DATE", G::TimeDate, 0, F::Template, "current_date"},
    {"CURRENT_TIME", G::TimeDate, 0, F::Template, "localtime"},
    {"CURRENT_TIME", G::TimeDate, 1, F::Template, "localtime(%1)"},
    {"CURRENT_TIMESTAMP", G::TimeDate, 0, F::Template, "localtimestamp"},
    {"CURRENT_TIMESTAMP", G::TimeDate, 1, F::Template, "localtimestamp(%1)"},
    {"CURTIME", G::TimeDate, 0, F::Template, "localtime"},
    {"DAYNAME", G::TimeDate, 1, F::Template, "to_char(%1, 'FMDay')"},
    {"DAYOFMONTH", G::TimeDate, 1, F::Template, "CAST(EXTRACT(DAY FROM %1) AS integer)"},
    {"DAYOFWEEK", G::TimeDate, 1, F::Template, "(CAST(EXTRACT(DOW FROM %1) AS integer) + 1)"},
    {"DAYOFYEAR", G::TimeDate, 1, F::Template, "CAST(EXTRACT(DOY FROM %1) AS integer)"},
    {"EXTRACT", G::TimeDate, 1, F::Template, "extract(%1)"},  // EXTRACT(field FROM x) as written
    {"HOUR", G::TimeDate, 1, F::Template, "CAST(EXTRACT(HOUR FROM %1) AS integer)"},
    {"MINUTE", G::TimeDate, 1, F::Template, "CAST(EXTRACT(MINUTE FROM %1) AS integer)"},
    {"MONTH", G::TimeDate, 1, F::Template, "CAST(EXTRACT(MONTH FROM %1) AS integer)"},
    {"MONTHNAME", G::TimeDate, 1, F::Template, "to_char(%1, 'FMMonth')"},
    {"NOW", G::TimeDate, 0, F::Template, "localtimestamp"},
    {"QUARTER", G::TimeDate, 1, F::Template, "CAST(EXTRACT(QUARTER FROM %1) AS integer)"},
    {"SECOND", G::TimeDate, 1, F::Template, "CAST(floor(EXTRACT(SECOND FROM %1)) AS integer)"},
    {"TIMESTAMPADD", G::TimeDate, 3, F::TimestampAdd, ""},
    {"TIMESTAMPDIFF", G::TimeDate, 3, F::TimestampDiff, ""},
    {"WEEK", G::TimeDate, 1, F::Template, "CAST(EXTRACT(WEEK FROM %1) AS integer)"},
    {"YEAR", G::TimeDate, 1, F::Template, "CAST(EXTRACT(YEAR FROM %1) AS integer)"},
    // system
    {"DATABASE", G::System, 0, F::Template, "current_database()"},
    {"IFNULL", G::System, 2, F::Template, "coalesce(%1, %2)"},
    {"USER", G::System, 0, F::Template, "current_user"},
    // conversion
    {"CONVERT", G::Conversion, 2, F::Convert, ""},
};

constexpr ConvertTarget kConvertTargets[] = {
    {"BIGINT", "bigint", true},          {"BINARY", "bytea", true},
    {"BIT", "boolean", true},            {"CHAR", "varchar", true},
    {"DATE", "date", true},              {"DECIMAL", "numeric", true},
    {"DOUBLE", "double precision", true}, {"FLOAT", "double precision", true},
    {"GUID", "uuid", true},              {"INTEGER", "integer", true},
    {"LONGVARBINARY", "bytea", true},    {"LONGVARCHAR", "text", true},
    {"NUMERIC", "numeric", true},        {"REAL", "real", true},
    {"SMALLINT", "smallint", true},      {"TIME", "time", true},
    {"TIMESTAMP", "timestamp", true},    {"TINYINT", "smallint", true},
    {"VARBINARY", "bytea", true},        {"VARCHAR", "varchar", true},
    {"WCHAR", "varchar", true},          {"WLONGVARCHAR", "text", true},
    {"WVARCHAR", "varchar", true},       {"TYPE_DATE", "date", false},
    {"TYPE_TIME", "time", false},        {"TYPE_TIMESTAMP", "timestamp", false},
};

constexpr IntervalUnit kIntervalUnits[] = {
    {"FRAC_SECOND", "microsecond", -1, 0},  // ODBC: billionths of a second; PostgreSQL keeps microseconds
    {"SECOND", "second", 1, 0},
    {"MINUTE", "minute", 60, 0},
    {"HOUR", "hour", 3600, 0},
    {"DAY", "day", 86400, 0},
    {"WEEK", "week", 604800, 0},
    {"MONTH", "month", 0, 1},
    {"QUARTER", "month", 0, 3},
    {"YEAR", "year", 0, 12},
};

}  // namespace

std::span<const ScalarFunction> scalarFunctions() { return kFunctions; }
std::span<const ConvertTarget> convertTargets() { return kConvertTargets; }
std::span<const IntervalUnit> intervalUnits() { return kIntervalUnits; }

const ScalarFunction* findScalarFunction(std::string_view name, int arity) {
  for (const ScalarFunction& f : kFunctions) {
    if (f.arity == arity && keywordEquals(name, f.name)) return &f;
  }
  return nullptr;
}

}  // namespace dsql::shim::sql
