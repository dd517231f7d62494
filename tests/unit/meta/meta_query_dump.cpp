// Test helper for check_catalog_sql.py: prints, as JSON, every catalog/type-info query for a fixed set of
// named scenarios (over the schema that script creates), or the describeColumn()-derived field values for
// given oid:typmod pairs, so the script can run the SQL on a real server and compare.
#include "driver/catalog/catalog_queries.h"
#include "driver/catalog/column_facts.h"
#include "driver/catalog/type_columns.h"
#include "driver/info/type_info.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <string>
#include <vector>

using namespace dsql::driver;

namespace {

std::string json(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') out += '\\', out += static_cast<char>(c);
    else if (c < 0x20) { char b[8]; std::snprintf(b, sizeof b, "\\u%04x", c); out += b; }
    else out += static_cast<char>(c);
  }
  return out + "\"";
}

std::string json(const std::optional<long long>& v) { return v ? std::to_string(*v) : "null"; }

const std::optional<std::string> N;  // a NULL argument
std::optional<std::string> S(const char* s) { return std::string(s); }
const char* kHostile = "x'); DROP TABLE meta_s.parent; --";

struct Scenario {
  const char* name;
  std::function<CatalogQuery()> make;
};

std::vector<Scenario> scenarios() {
  TypeOptions o;
  return {
      {"tables_all", [] { return tablesQuery({N, N, N}, N, false); }},
      {"tables_meta_s", [] { return tablesQuery({N, S("meta\\_s"), S("%")}, S("'TABLE','VIEW'"), false); }},
      {"tables_pattern", [] { return tablesQuery({N, S("meta_s"), S("ch_ld")}, N, false); }},
      {"tables_escaped", [] { return tablesQuery({N, S("meta_s"), S("ch\\_ld")}, N, false); }},
      {"tables_views_only", [] { return tablesQuery({N, S("meta_s"), N}, S("VIEW"), false); }},
      {"tables_system", [] { return tablesQuery({N, S("pg_catalog"), S("pg_class")}, N, false); }},
      {"tables_catalogs", [] { return tablesQuery({S("%"), S(""), S("")}, N, false); }},
      {"tables_schemas", [] { return tablesQuery({S(""), S("%"), S("")}, N, false); }},
      {"tables_types", [] { return tablesQuery({S(""), S(""), S("")}, S("%"), false); }},
      {"tables_metadata_id", [] { return tablesQuery({N, S("META_S"), S("\"MixedCase\"")}, N, true); }},
      {"tables_hostile", [] { return tablesQuery({S(kHostile), S(kHostile), S(kHostile)}, S(kHostile), false); }},
      {"columns_child", [o] { return columnsQuery({N, S("meta_s"), S("child")}, N, false, o); }},
      {"columns_one", [o] { return columnsQuery({S("postgres"), S("meta_s"), S("child")}, S("amo%"), false, o); }},
      {"columns_ansi", [] { TypeOptions a; a.wideCharTypes = false; a.textAsLongVarchar = false;
                            return columnsQuery({N, S("meta_s"), S("child")}, N, false, a); }},
      {"columns_hostile", [o] { return columnsQuery({S(kHostile), S(kHostile), S(kHostile)}, S(kHostile), false, o); }},
      {"primary_keys", [] { return primaryKeysQuery({N, S("meta_s"), S("child2")}, false); }},
      {"foreign_keys_of_pk", [] { return foreignKeysQuery({N, S("meta_s"), S("parent")}, {N, N, N}, false); }},
      {"foreign_keys_of_fk", [] { return foreignKeysQuery({N, N, N}, {N, S("meta_s"), S("child")}, false); }},
      {"statistics", [] { return statisticsQuery({N, S("meta_s"), S("child")}, false, false); }},
      {"statistics_unique", [] { return statisticsQuery({N, S("meta_s"), S("child")}, true, false); }},
      {"special_rowid", [o] { return specialColumnsQuery(SQL_BEST_ROWID, {N, S("meta_s"), S("child2")},
                                                         SQL_SCOPE_SESSION, SQL_NULLABLE, false, o); }},
      {"special_rowver", [o] { return specialColumnsQuery(SQL_ROWVER, {N, S("meta_s"), S("child")},
                                                          SQL_SCOPE_CURROW, SQL_NO_NULLS, false, o); }},
      {"procedures", [] { return proceduresQuery({N, S("meta_s"), S("%")}, false); }},
      {"procedure_columns", [o] { return procedureColumnsQuery({N, S("meta_s"), S("add_one")}, N, false, o); }},
      {"procedure_columns_out", [o] { return procedureColumnsQuery({N, S("meta_s"), S("split_pair")}, N, false, o); }},
      {"table_privileges", [] { return tablePrivilegesQuery({N, S("meta_s"), S("parent")}, false); }},
      {"column_privileges", [] { return columnPrivilegesQuery({N, S("meta_s"), S("parent")}, S("%"), false); }},
      // Names typed in upper case (psqlODBC's rule): each must answer exactly what its lower-case twin answers.
      {"tables_upper", [] { return tablesQuery({N, S("META_S"), S("CH_LD")}, N, false); }},
      {"columns_upper", [o] { return columnsQuery({S("POSTGRES"), S("META_S"), S("CHILD")}, S("AMO%"), false, o); }},
      {"primary_keys_upper", [] { return primaryKeysQuery({N, S("META_S"), S("CHILD2")}, false); }},
      {"foreign_keys_upper", [] { return foreignKeysQuery({N, S("META_S"), S("PARENT")}, {N, N, N}, false); }},
      {"statistics_upper", [] { return statisticsQuery({N, S("META_S"), S("CHILD")}, false, false); }},
      {"special_upper", [o] { return specialColumnsQuery(SQL_BEST_ROWID, {N, S("META_S"), S("CHILD2")},
                                                         SQL_SCOPE_SESSION, SQL_NULLABLE, false, o); }},
      {"procedures_upper", [] { return proceduresQuery({N, S("META_S"), S("%")}, false); }},
      {"procedure_columns_upper", [o] { return procedureColumnsQuery({N, S("META_S"), S("ADD_ONE")}, N, false, o); }},
      {"table_privileges_upper", [] { return tablePrivilegesQuery({N, S("META_S"), S("PARENT")}, false); }},
      {"column_privileges_upper", [] { return columnPrivilegesQuery({N, S("META_S"), S("PARENT")}, S("%"), false); }},
      // An all-upper name that exists as typed wins over its lower-case form; a mixed-case one is never folded.
      {"tables_exact_upper", [] { return tablesQuery({N, S("meta_s"), S("PARENT_UP")}, N, false); }},
      {"tables_mixed_not_folded", [] { return tablesQuery({N, S("meta_s"), S("Parent")}, N, false); }},
      // "" catalog and schema mean "any" (as MS Query and psqlODBC's own tests pass them).
      {"table_privileges_empty_scope", [] { return tablePrivilegesQuery({S(""), S(""), S("parent")}, false); }},
      // Result-column facts for six (table, column) pairs; check_catalog_sql.py puts real OIDs into $1, $3, ...
      {"column_facts", [] {
         std::vector<ColumnOrigin> origins;
         for (unsigned t = 1; t <= 6; ++t) origins.push_back({t, 1});
         return columnFactsQuery(origins);
       }},
      {"type_info_all", [o] { return CatalogQuery{typeInfoQuery(SQL_ALL_TYPES, o), {}}; }},
      {"type_info_varchar", [o] { return CatalogQuery{typeInfoQuery(SQL_WVARCHAR, o), {}}; }},
      {"type_info_none", [o] { return CatalogQuery{typeInfoQuery(SQL_INTERVAL_DAY, o), {}}; }},
  };
}

int dumpQueries() {
  std::string out = "[";
  bool first = true;
  for (const auto& s : scenarios()) {
    CatalogQuery q = s.make();
    out += std::string(first ? "" : ",") + "\n{\"name\": " + json(s.name) + ", \"sql\": " + json(q.sql) +
           ", \"params\": [";
    for (size_t i = 0; i < q.params.size(); ++i)
      out += (i ? ", " : "") + (q.params[i] ? json(*q.params[i]) : std::string("null"));
    out += "]}";
    first = false;
  }
  std::printf("%s\n]\n", out.c_str());
  return 0;
}

// describe oid:typmod ... -> {"oid:typmod": {"DATA_TYPE": .., ...}, ...}
int describe(int argc, char** argv) {
  using dsql::driver::catalog_detail::fieldValue;
  using dsql::driver::catalog_detail::TypeField;
  TypeOptions o;
  std::string out = "{";
  for (int i = 2; i < argc; ++i) {
    std::string arg = argv[i];
    auto colon = arg.find(':');
    unsigned oid = static_cast<unsigned>(std::strtoul(arg.substr(0, colon).c_str(), nullptr, 10));
    int typmod = std::atoi(arg.substr(colon + 1).c_str());
    ColumnShape s = describeColumn(oid, typmod, o);
    out += std::string(i > 2 ? ", " : "") + json(arg) + ": {\"DATA_TYPE\": " +
           json(fieldValue(TypeField::DataType, s)) + ", \"TYPE_NAME\": " + json(std::string(s.typeName)) +
           ", \"COLUMN_SIZE\": " + json(fieldValue(TypeField::ColumnSize, s)) +
           ", \"BUFFER_LENGTH\": " + json(fieldValue(TypeField::BufferLength, s)) +
           ", \"DECIMAL_DIGITS\": " + json(fieldValue(TypeField::DecimalDigits, s)) +
           ", \"NUM_PREC_RADIX\": " + json(fieldValue(TypeField::NumPrecRadix, s)) +
           ", \"SQL_DATA_TYPE\": " + json(fieldValue(TypeField::SqlDataType, s)) +
           ", \"SQL_DATETIME_SUB\": " + json(fieldValue(TypeField::DatetimeSub, s)) +
           ", \"CHAR_OCTET_LENGTH\": " + json(fieldValue(TypeField::CharOctetLength, s)) + "}";
  }
  std::printf("%s}\n", out.c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "queries";
  if (mode == "describe") return describe(argc, argv);
  return dumpQueries();
}
