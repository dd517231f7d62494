// Internal to driver/catalog: how catalog-function arguments become WHERE conditions and parameters.
// ODBC argument kinds ("Arguments in Catalog Functions"): pattern value arguments take % and _ with the
// escape \ (SQL_SEARCH_PATTERN_ESCAPE) and map onto LIKE ... ESCAPE; ordinary arguments are literal; with
// SQL_ATTR_METADATA_ID true both are identifiers: unquoted ones fold to lower case (as PostgreSQL folds),
// quoted ones keep their case and lose the quotes. Without SQL_ATTR_METADATA_ID, psqlODBC's rule for names
// typed in upper case applies (see preferExact). Values only ever travel as $n.
#pragma once

#include "driver/catalog/catalog_queries.h"

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace dsql::driver::catalog_detail {

enum class ArgKind { Pattern, Ordinary };

// SQL_ATTR_METADATA_ID identifier: trims blanks; "Quoted ""x""" -> Quoted "x"; unquoted -> ASCII lower case.
std::string foldIdentifier(std::string_view arg);
// True when the pattern has an unescaped % or _.
bool hasWildcards(std::string_view pattern);
// The literal a wildcard-free pattern stands for (\x -> x; a lone trailing \ stays).
std::string unescapePattern(std::string_view pattern);
// The pattern as a LIKE operand with ESCAPE '\' (a lone trailing \ becomes \\, which LIKE would reject).
std::string likePattern(std::string_view pattern);
// The lower-case form of an argument typed in upper case (ASCII letters, at least one upper-case and no
// lower-case one; other bytes kept), else nullopt: "MY_TABLE" -> "my_table", "My_Table" -> nullopt.
std::optional<std::string> foldAllUpper(std::string_view arg);
// SQLTables TableType list: "'TABLE', VIEW" -> {"TABLE", "VIEW"} (quotes and blanks stripped, upper case).
std::vector<std::string> parseTableTypes(std::string_view list);

// Collects conditions and parameters for one query.
class QueryBuilder {
 public:
  // Adds `value` as the next parameter and returns its placeholder ("$3").
  std::string param(std::optional<std::string> value);
  // Adds the condition for one argument on column expression `expr`. A NULL pattern or ordinary argument
  // adds nothing; with metadataId a NULL argument is HY009 unless nullAllowed (catalog arguments).
  void filter(std::string_view expr, const std::optional<std::string>& arg, ArgKind kind, bool metadataId,
              bool nullAllowed = false);
  // filter() for a catalog or schema argument: an empty string means "any" (every PostgreSQL object has a
  // catalog and a schema, and applications such as MS Query pass "" for "not specified", as psqlODBC reads it).
  void scope(std::string_view expr, const std::optional<std::string>& arg, ArgKind kind, bool metadataId,
             bool nullAllowed = false);
  void condition(std::string text) { conditions_.push_back(std::move(text)); }
  // Conditions joined with AND ("TRUE" when there are none).
  std::string where() const;
  // where(), then starts a new condition list (parameters keep their numbers): for a query with two levels.
  std::string takeWhere();
  CatalogQuery finish(std::string sql) { return {std::move(sql), std::move(params_)}; }

 private:
  friend CatalogQuery preferExact(const std::function<std::string(QueryBuilder&)>& build);
  // Exact: arguments as given. Choose: an argument typed in upper case compares with the value the CTE
  // "pick" selects (as given when the exact query has rows, else lower case).
  enum class Mode { Exact, Choose };
  std::string operand(const std::string& value);
  std::vector<std::string> conditions_;
  std::vector<std::optional<std::string>> params_;
  Mode mode_ = Mode::Exact;
  bool foldable_ = false;  // some argument was typed in upper case
};

// Builds a query with `build` (which adds its filters to the builder and returns the SQL). psqlODBC's rule
// for names typed in upper case (its odbcapi.c retries a catalog call that found nothing with every
// all-upper-case argument lower-cased): when an argument is typed in upper case, the result is that of the
// arguments as given if it has rows, else that of the lower-cased ones, so that MY_TABLE finds my_table
// (created unquoted) but a table really named "MY_TABLE" wins. Done in one statement: a CTE evaluates
// EXISTS(query as given) once and every such argument picks its value from it.
CatalogQuery preferExact(const std::function<std::string(QueryBuilder&)>& build);

// Throws HY009 "Invalid use of null pointer" when a required argument is NULL.
void requireArgument(const std::optional<std::string>& arg, const char* what);

// SQL text fragments shared by the queries: typed NULLs and the identifier column type.
inline constexpr const char* kIdent = "varchar(128)";
inline constexpr const char* kEscape = " ESCAPE E'\\\\'";

}  // namespace dsql::driver::catalog_detail
