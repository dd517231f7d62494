// Catalog calls: each builds a named catalog query (driver/catalog) and runs it through the normal
// statement path, so results stream, convert and describe exactly like any other result set.
#include "driver/calls/calls.h"
#include "driver/calls/entry.h"
#include "driver/catalog/catalog_queries.h"
#include "driver/handles/connection.h"
#include "driver/handles/statement.h"
#include "driver/info/type_info.h"

namespace dsql::driver::calls {
namespace {

std::optional<std::string> arg(NameArg a, bool wide) { return inOptText(a.text, a.length, wide); }

ObjectName object(NameArg cat, NameArg schem, NameArg name, bool wide) {
  return ObjectName{arg(cat, wide), arg(schem, wide), arg(name, wide)};
}

SQLRETURN run(Statement& s, const CatalogQuery& q) { return s.execCatalog(q.sql, q.params); }

}  // namespace

SQLRETURN tables(SQLHSTMT h, NameArg cat, NameArg schem, NameArg table, NameArg types, bool wide) {
  return entry<Statement>(h, "SQLTables", [&](Statement& s) {
    return run(s, tablesQuery(object(cat, schem, table, wide), arg(types, wide), s.metadataId()));
  });
}

SQLRETURN columns(SQLHSTMT h, NameArg cat, NameArg schem, NameArg table, NameArg column, bool wide) {
  return entry<Statement>(h, "SQLColumns", [&](Statement& s) {
    return run(s, columnsQuery(object(cat, schem, table, wide), arg(column, wide), s.metadataId(),
                               s.connection().typeOptions()));
  });
}

SQLRETURN primaryKeys(SQLHSTMT h, NameArg cat, NameArg schem, NameArg table, bool wide) {
  return entry<Statement>(h, "SQLPrimaryKeys", [&](Statement& s) {
    return run(s, primaryKeysQuery(object(cat, schem, table, wide), s.metadataId()));
  });
}

SQLRETURN foreignKeys(SQLHSTMT h, NameArg pkCat, NameArg pkSchem, NameArg pkTable, NameArg fkCat, NameArg fkSchem,
                      NameArg fkTable, bool wide) {
  return entry<Statement>(h, "SQLForeignKeys", [&](Statement& s) {
    return run(s, foreignKeysQuery(object(pkCat, pkSchem, pkTable, wide), object(fkCat, fkSchem, fkTable, wide),
                                   s.metadataId()));
  });
}

SQLRETURN statistics(SQLHSTMT h, NameArg cat, NameArg schem, NameArg table, SQLUSMALLINT unique,
                     SQLUSMALLINT reserved, bool wide) {
  return entry<Statement>(h, "SQLStatistics", [&](Statement& s) {
    if (unique != SQL_INDEX_UNIQUE && unique != SQL_INDEX_ALL) throw Error("HY100", "Uniqueness option type out of range");
    if (reserved != SQL_ENSURE && reserved != SQL_QUICK) throw Error("HY101", "Accuracy option type out of range");
    return run(s, statisticsQuery(object(cat, schem, table, wide), unique == SQL_INDEX_UNIQUE, s.metadataId()));
  });
}

SQLRETURN specialColumns(SQLHSTMT h, SQLUSMALLINT identifierType, NameArg cat, NameArg schem, NameArg table,
                         SQLUSMALLINT scope, SQLUSMALLINT nullable, bool wide) {
  return entry<Statement>(h, "SQLSpecialColumns", [&](Statement& s) {
    if (identifierType != SQL_BEST_ROWID && identifierType != SQL_ROWVER) throw Error("HY097", "Column type out of range");
    if (scope != SQL_SCOPE_CURROW && scope != SQL_SCOPE_TRANSACTION && scope != SQL_SCOPE_SESSION)
      throw Error("HY098", "Scope type out of range");
    if (nullable != SQL_NO_NULLS && nullable != SQL_NULLABLE) throw Error("HY099", "Nullable type out of range");
    return run(s, specialColumnsQuery(identifierType, object(cat, schem, table, wide), scope, nullable, s.metadataId(),
                                      s.connection().typeOptions()));
  });
}

SQLRETURN procedures(SQLHSTMT h, NameArg cat, NameArg schem, NameArg proc, bool wide) {
  return entry<Statement>(h, "SQLProcedures", [&](Statement& s) {
    return run(s, proceduresQuery(object(cat, schem, proc, wide), s.metadataId()));
  });
}

SQLRETURN procedureColumns(SQLHSTMT h, NameArg cat, NameArg schem, NameArg proc, NameArg column, bool wide) {
  return entry<Statement>(h, "SQLProcedureColumns", [&](Statement& s) {
    return run(s, procedureColumnsQuery(object(cat, schem, proc, wide), arg(column, wide), s.metadataId(),
                                        s.connection().typeOptions()));
  });
}

SQLRETURN tablePrivileges(SQLHSTMT h, NameArg cat, NameArg schem, NameArg table, bool wide) {
  return entry<Statement>(h, "SQLTablePrivileges", [&](Statement& s) {
    return run(s, tablePrivilegesQuery(object(cat, schem, table, wide), s.metadataId()));
  });
}

SQLRETURN columnPrivileges(SQLHSTMT h, NameArg cat, NameArg schem, NameArg table, NameArg column, bool wide) {
  return entry<Statement>(h, "SQLColumnPrivileges", [&](Statement& s) {
    return run(s, columnPrivilegesQuery(object(cat, schem, table, wide), arg(column, wide), s.metadataId()));
  });
}

SQLRETURN getTypeInfo(SQLHSTMT h, SQLSMALLINT dataType) {
  return entry<Statement>(h, "SQLGetTypeInfo", [&](Statement& s) {
    return s.execCatalog(typeInfoQuery(dataType, s.connection().typeOptions()), {});
  });
}

}  // namespace dsql::driver::calls
