// Generates the type-describing columns of catalog result sets from the PG type table. For each known OID
// and each field the value comes from describeColumn(): a constant when the type modifier does not change it,
// otherwise a formula over the typmod fitted to describeColumn() on sample typmods of the type's family
// (character/binary lengths: typmod = n + 4; numeric: typmod = (p << 16 | s) + 4; everything else: the small
// precision typmods of time/timestamp/interval) and accepted only if it reproduces every sample; failing
// that, the samples themselves are enumerated. So SQLColumns can never disagree with SQLDescribeCol.
#include "driver/catalog/type_columns.h"

#include <algorithm>
#include <climits>
#include <set>
#include <vector>

namespace dsql::driver::catalog_detail {
namespace {

using Value = std::optional<long long>;

enum class Family { Length, Numeric, Other };

Family familyOf(const PgTypeRow& row) {
  switch (row.sqlType) {
    case SQL_CHAR: case SQL_VARCHAR: case SQL_WCHAR: case SQL_WVARCHAR: case SQL_BINARY: case SQL_VARBINARY:
      return Family::Length;
    case SQL_NUMERIC: case SQL_DECIMAL:
      return Family::Numeric;
    default:
      return Family::Other;
  }
}

constexpr int numericTypmod(int p, int s) { return ((p << 16) | s) + 4; }
constexpr int kIntervalFullRange = 0x7FFF;  // INTERVAL_FULL_RANGE in the typmod's upper half

// Sample typmods of each family; -1 (no modifier) always first: it is the ELSE of every generated CASE.
std::vector<int> probes(Family f) {
  switch (f) {
    case Family::Length: return {-1, 4 + 1, 4 + 10, 4 + 77, 4 + 255, 4 + 1000};
    case Family::Numeric:
      return {-1, numericTypmod(10, 2), numericTypmod(38, 0), numericTypmod(5, 5), numericTypmod(20, 10),
              numericTypmod(1, 0), numericTypmod(131, 30)};
    case Family::Other: break;
  }
  std::vector<int> p{-1};
  for (int i = 0; i <= 6; ++i) p.push_back(i);
  for (int i = 0; i <= 6; ++i) p.push_back((kIntervalFullRange << 16) | i);
  return p;
}

struct Sample {
  int typmod;
  Value v;
};

std::string literal(const Value& v) { return v ? std::to_string(*v) : "NULL"; }

bool isExactNumeric(SQLSMALLINT t) {
  return t == SQL_DECIMAL || t == SQL_NUMERIC || t == SQL_SMALLINT || t == SQL_INTEGER || t == SQL_BIGINT ||
         t == SQL_TINYINT;
}

bool isCharOrBinary(SQLSMALLINT t) {
  switch (t) {
    case SQL_CHAR: case SQL_VARCHAR: case SQL_LONGVARCHAR: case SQL_WCHAR: case SQL_WVARCHAR:
    case SQL_WLONGVARCHAR: case SQL_BINARY: case SQL_VARBINARY: case SQL_LONGVARBINARY:
      return true;
    default:
      return false;
  }
}

long long clampInt4(unsigned long long v) { return static_cast<long long>(std::min<unsigned long long>(v, INT_MAX)); }

template <class Eval>
bool reproduces(const std::vector<Sample>& s, Eval eval) {
  return std::all_of(s.begin(), s.end(), [&](const Sample& x) { return eval(x.typmod) == x.v; });
}

const Sample* at(const std::vector<Sample>& s, int typmod) {
  auto it = std::find_if(s.begin(), s.end(), [&](const Sample& x) { return x.typmod == typmod; });
  return it == s.end() ? nullptr : &*it;
}

// value = a * n + b for typmod n + 4; the default below 4.
std::optional<std::string> fitLength(const std::vector<Sample>& s, std::string_view tm) {
  const Sample *p10 = at(s, 14), *p77 = at(s, 81);
  if (!p10 || !p77 || !p10->v || !p77->v || (*p77->v - *p10->v) % 67 != 0) return std::nullopt;
  long long a = (*p77->v - *p10->v) / 67, b = *p10->v - 10 * a;
  Value def = s.front().v;
  if (!reproduces(s, [&](int t) -> Value { return t >= 4 ? Value(a * (t - 4) + b) : def; })) return std::nullopt;
  std::string t(tm);
  return "CASE WHEN " + t + " >= 4 THEN " + std::to_string(a) + " * (" + t + " - 4) + " + std::to_string(b) +
         " ELSE " + literal(def) + " END";
}

// value = a * precision + b * scale + c for typmod (p << 16 | s) + 4; the default below 4.
std::optional<std::string> fitNumeric(const std::vector<Sample>& s, std::string_view tm) {
  const Sample *s1 = at(s, numericTypmod(10, 2)), *s2 = at(s, numericTypmod(38, 0)), *s3 = at(s, numericTypmod(5, 5));
  if (!s1 || !s2 || !s3 || !s1->v || !s2->v || !s3->v) return std::nullopt;
  long long d1 = *s1->v - *s2->v, d3 = *s3->v - *s2->v;  // d1 = -28a + 2b, d3 = -33a + 5b
  long long num = 5 * d1 - 2 * d3;                        // = -74a
  if (num % 74 != 0) return std::nullopt;
  long long a = -num / 74;
  if ((d1 + 28 * a) % 2 != 0) return std::nullopt;
  long long b = (d1 + 28 * a) / 2, c = *s2->v - 38 * a;
  Value def = s.front().v;
  auto eval = [&](int t) -> Value {
    if (t < 4) return def;
    long long p = ((t - 4) >> 16) & 0xFFFF, sc = (t - 4) & 0xFFFF;
    return a * p + b * sc + c;
  };
  if (!reproduces(s, eval)) return std::nullopt;
  std::string t(tm);
  return "CASE WHEN " + t + " >= 4 THEN " + std::to_string(a) + " * (((" + t + " - 4) >> 16) & 65535) + " +
         std::to_string(b) + " * ((" + t + " - 4) & 65535) + " + std::to_string(c) + " ELSE " + literal(def) +
         " END";
}

template <class T, class Lit>
std::string enumerate(const std::vector<std::pair<int, T>>& s, std::string_view tm, Lit lit) {
  std::string whens;
  for (size_t i = 1; i < s.size(); ++i)
    if (s[i].second != s.front().second) whens += " WHEN " + std::to_string(s[i].first) + " THEN " + lit(s[i].second);
  if (whens.empty()) return lit(s.front().second);  // does not depend on the typmod
  return "CASE " + std::string(tm) + whens + " ELSE " + lit(s.front().second) + " END";
}

std::string fieldExpr(const PgTypeRow& row, TypeField field, std::string_view tm, const TypeOptions& o) {
  Family fam = familyOf(row);
  std::vector<Sample> s;
  for (int t : probes(fam)) s.push_back({t, fieldValue(field, describeColumn(row.oid, t, o))});
  if (std::all_of(s.begin(), s.end(), [&](const Sample& x) { return x.v == s.front().v; }))
    return literal(s.front().v);
  std::optional<std::string> fitted;
  if (fam == Family::Length) fitted = fitLength(s, tm);
  if (fam == Family::Numeric) fitted = fitNumeric(s, tm);
  if (fitted) return *fitted;
  std::vector<std::pair<int, Value>> pairs;
  for (const auto& x : s) pairs.emplace_back(x.typmod, x.v);
  return enumerate(pairs, tm, literal);
}

std::string typeNameExpr(const PgTypeRow& row, std::string_view tm, const TypeOptions& o) {
  std::vector<std::pair<int, std::string>> s;
  for (int t : probes(familyOf(row))) s.emplace_back(t, std::string(describeColumn(row.oid, t, o).typeName));
  return enumerate(s, tm, [](const std::string& v) { return sqlLiteral(v); });
}

template <class Branch>
std::string overTypes(std::string_view oidExpr, Branch branch, const std::string& fallback, const char* cast) {
  std::string out = "(CASE " + std::string(oidExpr);
  std::set<unsigned> seen;
  for (const auto& row : allPgTypes())
    if (seen.insert(row.oid).second) out += " WHEN " + std::to_string(row.oid) + " THEN " + branch(row);
  return out + " ELSE " + fallback + " END)::" + cast;
}

}  // namespace

std::optional<long long> fieldValue(TypeField field, const ColumnShape& sh) {
  switch (field) {
    case TypeField::DataType: return sh.conciseType;
    case TypeField::SqlDataType: return sh.verboseType;
    case TypeField::DatetimeSub: return sh.datetimeSubcode ? Value(sh.datetimeSubcode) : std::nullopt;
    case TypeField::ColumnSize: return clampInt4(sh.columnSize);
    case TypeField::BufferLength: return sh.octetLength < 0 ? std::nullopt : Value(clampInt4(sh.octetLength));
    case TypeField::DecimalDigits:
      // ODBC "Decimal Digits": exact numerics and datetime/interval types with seconds; n/a (NULL) otherwise.
      if (isExactNumeric(sh.conciseType)) return sh.decimalDigits;
      if ((sh.verboseType == SQL_DATETIME || sh.verboseType == SQL_INTERVAL) && sh.conciseType != SQL_TYPE_DATE)
        return sh.decimalDigits;
      return std::nullopt;
    case TypeField::NumPrecRadix: return sh.numPrecRadix ? Value(sh.numPrecRadix) : std::nullopt;
    case TypeField::CharOctetLength:
      return isCharOrBinary(sh.conciseType) && sh.octetLength >= 0 ? Value(clampInt4(sh.octetLength))
                                                                   : std::nullopt;
  }
  return std::nullopt;
}

TypeColumnExprs typeColumnExprs(std::string_view oidExpr, std::string_view typmodExpr,
                                std::string_view fallbackTypeName, const TypeOptions& options) {
  const ColumnShape unknown = describeColumn(0, -1, options);  // the table's "character data" row
  auto field = [&](TypeField f, const char* cast) {
    return overTypes(oidExpr, [&](const PgTypeRow& r) { return fieldExpr(r, f, typmodExpr, options); },
                     literal(fieldValue(f, unknown)), cast);
  };
  TypeColumnExprs e;
  e.dataType = field(TypeField::DataType, "int2");
  e.typeName = overTypes(oidExpr, [&](const PgTypeRow& r) { return typeNameExpr(r, typmodExpr, options); },
                         std::string(fallbackTypeName), "varchar(128)");
  e.columnSize = field(TypeField::ColumnSize, "int4");
  e.bufferLength = field(TypeField::BufferLength, "int4");
  e.decimalDigits = field(TypeField::DecimalDigits, "int2");
  e.numPrecRadix = field(TypeField::NumPrecRadix, "int2");
  e.sqlDataType = field(TypeField::SqlDataType, "int2");
  e.datetimeSub = field(TypeField::DatetimeSub, "int2");
  e.charOctetLength = field(TypeField::CharOctetLength, "int4");
  return e;
}

std::string sqlLiteral(std::string_view text) {
  // E'' when a backslash occurs, so the literal means the same whatever standard_conforming_strings says.
  bool backslash = text.find('\\') != std::string_view::npos;
  std::string out = backslash ? "E'" : "'";
  for (char ch : text) {
    if (ch == '\'' || (backslash && ch == '\\')) out += ch;
    out += ch;
  }
  return out + "'";
}

}  // namespace dsql::driver::catalog_detail
