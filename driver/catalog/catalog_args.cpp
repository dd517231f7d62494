// Catalog-argument handling: identifier folding, ODBC search patterns -> LIKE, table-type lists, and the
// QueryBuilder that turns arguments into conditions with $n parameters (never into SQL text).
#include "driver/catalog/catalog_args.h"

#include "shim/common/error.h"

#include <cctype>

namespace dsql::driver::catalog_detail {

std::string foldIdentifier(std::string_view arg) {
  while (!arg.empty() && arg.back() == ' ') arg.remove_suffix(1);
  while (!arg.empty() && arg.front() == ' ') arg.remove_prefix(1);
  if (arg.size() >= 2 && arg.front() == '"' && arg.back() == '"') {
    std::string out;
    std::string_view inner = arg.substr(1, arg.size() - 2);
    for (size_t i = 0; i < inner.size(); ++i) {
      out += inner[i];
      if (inner[i] == '"' && i + 1 < inner.size() && inner[i + 1] == '"') ++i;  // "" -> "
    }
    return out;
  }
  std::string out(arg);
  for (char& ch : out)  // PostgreSQL folds ASCII letters only in multibyte encodings (UTF-8 on DSQL)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return out;
}

std::optional<std::string> foldAllUpper(std::string_view arg) {
  bool upper = false;
  std::string out(arg);
  for (char& ch : out) {
    if (ch >= 'a' && ch <= 'z') return std::nullopt;
    if (ch >= 'A' && ch <= 'Z') upper = true, ch = static_cast<char>(ch - 'A' + 'a');
  }
  if (!upper) return std::nullopt;
  return out;
}

bool hasWildcards(std::string_view pattern) {
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\') { ++i; continue; }
    if (pattern[i] == '%' || pattern[i] == '_') return true;
  }
  return false;
}

std::string unescapePattern(std::string_view pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i] == '\\' && i + 1 < pattern.size()) ++i;
    out += pattern[i];
  }
  return out;
}

std::string likePattern(std::string_view pattern) {
  std::string out;
  for (size_t i = 0; i < pattern.size(); ++i) {
    out += pattern[i];
    if (pattern[i] != '\\') continue;
    if (i + 1 < pattern.size()) out += pattern[++i];
    else out += '\\';  // a lone trailing escape means a literal backslash
  }
  return out;
}

std::vector<std::string> parseTableTypes(std::string_view list) {
  std::vector<std::string> types;
  size_t start = 0;
  while (start <= list.size()) {
    size_t comma = list.find(',', start);
    std::string_view item = list.substr(start, comma == std::string_view::npos ? list.npos : comma - start);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.front()))) item.remove_prefix(1);
    while (!item.empty() && std::isspace(static_cast<unsigned char>(item.back()))) item.remove_suffix(1);
    if (item.size() >= 2 && item.front() == '\'' && item.back() == '\'') item = item.substr(1, item.size() - 2);
    if (!item.empty()) {
      std::string t(item);
      for (char& ch : t) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
      types.push_back(std::move(t));
    }
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return types;
}

std::string QueryBuilder::param(std::optional<std::string> value) {
  params_.push_back(std::move(value));
  return "$" + std::to_string(params_.size());
}

void QueryBuilder::filter(std::string_view expr, const std::optional<std::string>& arg, ArgKind kind,
                          bool metadataId, bool nullAllowed) {
  if (!arg) {
    // SQL_ATTR_METADATA_ID = SQL_TRUE makes every name argument required (SQLSTATE HY009 on each reference page).
    if (metadataId && !nullAllowed) throw Error("HY009", "Invalid use of null pointer");
    return;
  }
  std::string e(expr);
  if (metadataId) {
    conditions_.push_back(e + " = " + param(foldIdentifier(*arg)));
  } else if (kind == ArgKind::Ordinary || !hasWildcards(*arg)) {
    conditions_.push_back(e + " = " + operand(kind == ArgKind::Ordinary ? *arg : unescapePattern(*arg)));
  } else {
    conditions_.push_back(e + " LIKE " + operand(likePattern(*arg)) + kEscape);
  }
}

void QueryBuilder::scope(std::string_view expr, const std::optional<std::string>& arg, ArgKind kind,
                         bool metadataId, bool nullAllowed) {
  if (arg && arg->empty()) return;
  filter(expr, arg, kind, metadataId, nullAllowed);
}

std::string QueryBuilder::operand(const std::string& value) {
  std::optional<std::string> folded = foldAllUpper(value);
  if (!folded) return param(value);
  foldable_ = true;
  if (mode_ == Mode::Exact) return param(value);
  std::string asGiven = param(value);
  return "(CASE WHEN (SELECT pick.e FROM pick) THEN " + asGiven + " ELSE " + param(std::move(folded)) + " END)";
}

CatalogQuery preferExact(const std::function<std::string(QueryBuilder&)>& build) {
  QueryBuilder q;
  std::string exact = build(q);
  if (!q.foldable_) return q.finish(std::move(exact));
  q.conditions_.clear();  // the parameters of the exact query keep their numbers
  q.mode_ = QueryBuilder::Mode::Choose;
  std::string chosen = build(q);
  return q.finish("WITH pick AS (SELECT EXISTS (" + exact + ") AS e) " + chosen);
}

std::string QueryBuilder::where() const {
  if (conditions_.empty()) return "TRUE";
  std::string out;
  for (const auto& c : conditions_) out += (out.empty() ? "" : " AND ") + c;
  return out;
}

std::string QueryBuilder::takeWhere() {
  std::string w = where();
  conditions_.clear();
  return w;
}

void requireArgument(const std::optional<std::string>& arg, const char* what) {
  if (!arg) throw Error("HY009", std::string("Invalid use of null pointer: ") + what + " is required");
}

}  // namespace dsql::driver::catalog_detail
