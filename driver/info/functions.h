// SQLGetFunctions (https://learn.microsoft.com/sql/odbc/reference/syntax/sqlgetfunctions-function): the table
// of ODBC functions the driver exports, one row each, and the two bitmap forms built from it.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <span>
#include <string_view>

namespace dsql::driver {

struct ExportedFunction {
  SQLUSMALLINT id;        // SQL_API_*
  std::string_view name;  // "SQLAllocHandle" (the ANSI name; the driver also exports the W form where one exists)
};

std::span<const ExportedFunction> exportedFunctions();
bool driverImplements(SQLUSMALLINT functionId);
// SQL_API_ODBC3_ALL_FUNCTIONS: bitmap of SQL_API_ODBC3_ALL_FUNCTIONS_SIZE SQLUSMALLINTs (SQL_FUNC_EXISTS reads it).
void fillFunctionBitmap(SQLUSMALLINT* bitmap);
// SQL_API_ALL_FUNCTIONS (ODBC 2): array of 100 SQLUSMALLINTs, element [id] = SQL_TRUE for ids below 100.
void fillFunctionArray(SQLUSMALLINT* array100);

}  // namespace dsql::driver
