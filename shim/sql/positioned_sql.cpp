// SQL text for positioned operations (see positioned_sql.h).
#include "shim/sql/positioned_sql.h"

namespace dsql::shim::sql {
namespace {

std::string qualified(const TableName& t) {
  std::string out;
  if (!t.schema.empty()) out = quoteIdentifier(t.schema) + ".";
  return out + quoteIdentifier(t.table);
}

// "k1" = $first AND "k2" = $first+1 ...
std::string keyPredicate(const std::vector<std::string>& keys, std::size_t first) {
  std::string out;
  for (std::size_t i = 0; i < keys.size(); ++i) {
    if (i) out += " AND ";
    out += quoteIdentifier(keys[i]) + " = $" + std::to_string(first + i);
  }
  return out;
}

}  // namespace

std::string quoteIdentifier(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + '"';
}

std::string positionedUpdate(const TableName& t, const std::vector<std::string>& setColumns,
                             const std::vector<std::string>& keyColumns) {
  std::string out = "UPDATE " + qualified(t) + " SET ";
  for (std::size_t i = 0; i < setColumns.size(); ++i) {
    if (i) out += ", ";
    out += quoteIdentifier(setColumns[i]) + " = $" + std::to_string(i + 1);
  }
  return out + " WHERE " + keyPredicate(keyColumns, setColumns.size() + 1);
}

std::string positionedDelete(const TableName& t, const std::vector<std::string>& keyColumns) {
  return "DELETE FROM " + qualified(t) + " WHERE " + keyPredicate(keyColumns, 1);
}

std::string positionedInsert(const TableName& t, const std::vector<std::string>& columns) {
  if (columns.empty()) return "INSERT INTO " + qualified(t) + " DEFAULT VALUES";
  std::string names, values;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (i) names += ", ", values += ", ";
    names += quoteIdentifier(columns[i]);
    values += "$" + std::to_string(i + 1);
  }
  return "INSERT INTO " + qualified(t) + " (" + names + ") VALUES (" + values + ")";
}

}  // namespace dsql::shim::sql
