// SQLGetTypeInfo (https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgettypeinfo-function) as one SQL
// statement: a typed VALUES list generated from the PG type table rows that DSQL supports as column types,
// with the 19 columns of the reference page, ordered by DATA_TYPE and then by how closely the type maps.
#pragma once

#include "driver/convert/pg_types.h"

#include <sql.h>
#include <sqlext.h>

#include <span>
#include <string>

namespace dsql::driver {

// The PostgreSQL types SQLGetTypeInfo offers: those DSQL accepts as column types (golden:types.json
// types_supported_columns; docs/dsql-behaviour.md §2 lists the refused ones). Their details come from the type table.
std::span<const unsigned> typeInfoOids();

// dataType: SQL_ALL_TYPES, a concise SQL type, or ODBC 2's SQL_DATE/SQL_TIME/SQL_TIMESTAMP (9/10/11, mapped
// to 91/92/93). A valid type the driver has no row for gives an empty result set (same columns); a value that
// is not an SQL type throws dsql::Error("HY004", "Invalid SQL data type").
std::string typeInfoQuery(SQLSMALLINT dataType, const TypeOptions& options);

// An SQL data type ODBC defines (concise codes, intervals included; SQL_ALL_TYPES too, for
// SQLGetTypeInfo). SQLBindParameter refuses anything else with HY004.
bool isValidSqlType(SQLSMALLINT t);

}  // namespace dsql::driver
