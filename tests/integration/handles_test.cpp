// Invalid handles: the driver itself (dlopen'ed directly, no driver manager in between) answers every
// exported function called with a NULL, garbage, freed or wrong-kind handle with SQL_INVALID_HANDLE.
#include <dlfcn.h>

#include <cstring>

#include "odbc_fixture.h"

namespace {

struct Driver {
  void* lib = nullptr;
  Driver() {
    const char* path = std::getenv("DSQL_DRIVER_SO");
    if (path) lib = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
  }
  ~Driver() {
    if (lib) dlclose(lib);
  }
  template <class F>
  F fn(const char* name) {
    return reinterpret_cast<F>(dlsym(lib, name));
  }
};

#define DRV(name) d.fn<decltype(&::name)>(#name)

// Calls every handle-taking entry point with `h` (as each kind) and expects SQL_INVALID_HANDLE.
void expectAllInvalid(Driver& d, void* h) {
  SQLCHAR c[64] = {0};
  SQLWCHAR w[64] = {0};
  SQLSMALLINT s = 0;
  SQLINTEGER i = 0;
  SQLLEN l = 0;
  SQLULEN ul = 0;
  SQLPOINTER p = nullptr;
  auto check = [&](SQLRETURN rc, const char* what) { EXPECT_EQ(rc, SQL_INVALID_HANDLE) << what; };
  check(DRV(SQLAllocHandle)(SQL_HANDLE_DBC, h, &p), "SQLAllocHandle(DBC)");
  check(DRV(SQLAllocHandle)(SQL_HANDLE_STMT, h, &p), "SQLAllocHandle(STMT)");
  check(DRV(SQLFreeHandle)(SQL_HANDLE_ENV, h), "SQLFreeHandle(ENV)");
  check(DRV(SQLFreeHandle)(SQL_HANDLE_DBC, h), "SQLFreeHandle(DBC)");
  check(DRV(SQLFreeHandle)(SQL_HANDLE_STMT, h), "SQLFreeHandle(STMT)");
  check(DRV(SQLFreeHandle)(SQL_HANDLE_DESC, h), "SQLFreeHandle(DESC)");
  check(DRV(SQLFreeStmt)(h, SQL_CLOSE), "SQLFreeStmt");
  check(DRV(SQLSetEnvAttr)(h, SQL_ATTR_ODBC_VERSION, nullptr, 0), "SQLSetEnvAttr");
  check(DRV(SQLGetEnvAttr)(h, SQL_ATTR_ODBC_VERSION, &i, 0, nullptr), "SQLGetEnvAttr");
  check(DRV(SQLConnect)(h, c, 0, c, 0, c, 0), "SQLConnect");
  check(DRV(SQLConnectW)(h, w, 0, w, 0, w, 0), "SQLConnectW");
  check(DRV(SQLDriverConnect)(h, nullptr, c, 0, c, 64, &s, SQL_DRIVER_NOPROMPT), "SQLDriverConnect");
  check(DRV(SQLDriverConnectW)(h, nullptr, w, 0, w, 64, &s, SQL_DRIVER_NOPROMPT), "SQLDriverConnectW");
  check(DRV(SQLDisconnect)(h), "SQLDisconnect");
  check(DRV(SQLSetConnectAttr)(h, SQL_ATTR_AUTOCOMMIT, nullptr, 0), "SQLSetConnectAttr");
  check(DRV(SQLSetConnectAttrW)(h, SQL_ATTR_AUTOCOMMIT, nullptr, 0), "SQLSetConnectAttrW");
  check(DRV(SQLGetConnectAttr)(h, SQL_ATTR_AUTOCOMMIT, &i, 0, nullptr), "SQLGetConnectAttr");
  check(DRV(SQLGetConnectAttrW)(h, SQL_ATTR_AUTOCOMMIT, &i, 0, nullptr), "SQLGetConnectAttrW");
  check(DRV(SQLEndTran)(SQL_HANDLE_DBC, h, SQL_COMMIT), "SQLEndTran");
  check(DRV(SQLNativeSql)(h, c, 0, c, 64, &i), "SQLNativeSql");
  check(DRV(SQLNativeSqlW)(h, w, 0, w, 64, &i), "SQLNativeSqlW");
  check(DRV(SQLGetInfo)(h, SQL_DRIVER_NAME, c, 64, &s), "SQLGetInfo");
  check(DRV(SQLGetInfoW)(h, SQL_DRIVER_NAME, w, 64, &s), "SQLGetInfoW");
  check(DRV(SQLGetFunctions)(h, SQL_API_SQLFETCH, reinterpret_cast<SQLUSMALLINT*>(&s)), "SQLGetFunctions");
  check(DRV(SQLExecDirect)(h, c, 0), "SQLExecDirect");
  check(DRV(SQLExecDirectW)(h, w, 0), "SQLExecDirectW");
  check(DRV(SQLPrepare)(h, c, 0), "SQLPrepare");
  check(DRV(SQLPrepareW)(h, w, 0), "SQLPrepareW");
  check(DRV(SQLExecute)(h), "SQLExecute");
  check(DRV(SQLBindParameter)(h, 1, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 0, 0, c, 0, &l), "SQLBindParameter");
  check(DRV(SQLNumParams)(h, &s), "SQLNumParams");
  check(DRV(SQLDescribeParam)(h, 1, &s, &ul, &s, &s), "SQLDescribeParam");
  check(DRV(SQLParamData)(h, &p), "SQLParamData");
  check(DRV(SQLPutData)(h, c, 0), "SQLPutData");
  check(DRV(SQLCancel)(h), "SQLCancel");
  check(DRV(SQLCloseCursor)(h), "SQLCloseCursor");
  check(DRV(SQLRowCount)(h, &l), "SQLRowCount");
  check(DRV(SQLMoreResults)(h), "SQLMoreResults");
  check(DRV(SQLGetCursorName)(h, c, 64, &s), "SQLGetCursorName");
  check(DRV(SQLGetCursorNameW)(h, w, 64, &s), "SQLGetCursorNameW");
  check(DRV(SQLSetCursorName)(h, c, 0), "SQLSetCursorName");
  check(DRV(SQLSetCursorNameW)(h, w, 0), "SQLSetCursorNameW");
  check(DRV(SQLSetStmtAttr)(h, SQL_ATTR_MAX_ROWS, nullptr, 0), "SQLSetStmtAttr");
  check(DRV(SQLSetStmtAttrW)(h, SQL_ATTR_MAX_ROWS, nullptr, 0), "SQLSetStmtAttrW");
  check(DRV(SQLGetStmtAttr)(h, SQL_ATTR_MAX_ROWS, &ul, 0, nullptr), "SQLGetStmtAttr");
  check(DRV(SQLGetStmtAttrW)(h, SQL_ATTR_MAX_ROWS, &ul, 0, nullptr), "SQLGetStmtAttrW");
  check(DRV(SQLNumResultCols)(h, &s), "SQLNumResultCols");
  check(DRV(SQLDescribeCol)(h, 1, c, 64, &s, &s, &ul, &s, &s), "SQLDescribeCol");
  check(DRV(SQLDescribeColW)(h, 1, w, 64, &s, &s, &ul, &s, &s), "SQLDescribeColW");
  check(DRV(SQLColAttribute)(h, 1, SQL_DESC_NAME, c, 64, &s, &l), "SQLColAttribute");
  check(DRV(SQLColAttributeW)(h, 1, SQL_DESC_NAME, w, 64, &s, &l), "SQLColAttributeW");
  check(DRV(SQLBindCol)(h, 1, SQL_C_CHAR, c, 64, &l), "SQLBindCol");
  check(DRV(SQLFetch)(h), "SQLFetch");
  check(DRV(SQLFetchScroll)(h, SQL_FETCH_NEXT, 0), "SQLFetchScroll");
  check(DRV(SQLGetData)(h, 1, SQL_C_CHAR, c, 64, &l), "SQLGetData");
  check(DRV(SQLGetDiagRec)(SQL_HANDLE_STMT, h, 1, c, &i, c, 64, &s), "SQLGetDiagRec");
  check(DRV(SQLGetDiagRecW)(SQL_HANDLE_DBC, h, 1, w, &i, w, 64, &s), "SQLGetDiagRecW");
  check(DRV(SQLGetDiagField)(SQL_HANDLE_STMT, h, 0, SQL_DIAG_NUMBER, &i, 0, &s), "SQLGetDiagField");
  check(DRV(SQLGetDiagFieldW)(SQL_HANDLE_ENV, h, 0, SQL_DIAG_NUMBER, &i, 0, &s), "SQLGetDiagFieldW");
  check(DRV(SQLGetDescField)(h, 1, SQL_DESC_TYPE, &s, 0, &i), "SQLGetDescField");
  check(DRV(SQLGetDescFieldW)(h, 1, SQL_DESC_TYPE, &s, 0, &i), "SQLGetDescFieldW");
  check(DRV(SQLSetDescField)(h, 1, SQL_DESC_TYPE, nullptr, 0), "SQLSetDescField");
  check(DRV(SQLSetDescFieldW)(h, 1, SQL_DESC_TYPE, nullptr, 0), "SQLSetDescFieldW");
  check(DRV(SQLGetDescRec)(h, 1, c, 64, &s, &s, &s, &l, &s, &s, &s), "SQLGetDescRec");
  check(DRV(SQLGetDescRecW)(h, 1, w, 64, &s, &s, &s, &l, &s, &s, &s), "SQLGetDescRecW");
  check(DRV(SQLSetDescRec)(h, 1, SQL_CHAR, 0, 0, 0, 0, nullptr, nullptr, nullptr), "SQLSetDescRec");
  check(DRV(SQLCopyDesc)(h, h), "SQLCopyDesc");
  check(DRV(SQLTables)(h, c, 0, c, 0, c, 0, c, 0), "SQLTables");
  check(DRV(SQLTablesW)(h, w, 0, w, 0, w, 0, w, 0), "SQLTablesW");
  check(DRV(SQLColumns)(h, c, 0, c, 0, c, 0, c, 0), "SQLColumns");
  check(DRV(SQLColumnsW)(h, w, 0, w, 0, w, 0, w, 0), "SQLColumnsW");
  check(DRV(SQLPrimaryKeys)(h, c, 0, c, 0, c, 0), "SQLPrimaryKeys");
  check(DRV(SQLForeignKeys)(h, c, 0, c, 0, c, 0, c, 0, c, 0, c, 0), "SQLForeignKeys");
  check(DRV(SQLStatistics)(h, c, 0, c, 0, c, 0, SQL_INDEX_ALL, SQL_QUICK), "SQLStatistics");
  check(DRV(SQLSpecialColumns)(h, SQL_BEST_ROWID, c, 0, c, 0, c, 0, SQL_SCOPE_SESSION, SQL_NULLABLE), "SQLSpecialColumns");
  check(DRV(SQLProcedures)(h, c, 0, c, 0, c, 0), "SQLProcedures");
  check(DRV(SQLProcedureColumns)(h, c, 0, c, 0, c, 0, c, 0), "SQLProcedureColumns");
  check(DRV(SQLTablePrivileges)(h, c, 0, c, 0, c, 0), "SQLTablePrivileges");
  check(DRV(SQLColumnPrivileges)(h, c, 0, c, 0, c, 0, c, 0), "SQLColumnPrivileges");
  check(DRV(SQLGetTypeInfo)(h, SQL_ALL_TYPES), "SQLGetTypeInfo");
  check(DRV(SQLGetTypeInfoW)(h, SQL_ALL_TYPES), "SQLGetTypeInfoW");
}

TEST(HandlesTest, NullHandlesAreInvalid) {
  Driver d;
  ASSERT_NE(d.lib, nullptr) << dlerror();
  expectAllInvalid(d, nullptr);
}

TEST(HandlesTest, GarbageHandlesAreInvalid) {
  Driver d;
  ASSERT_NE(d.lib, nullptr) << dlerror();
  alignas(16) unsigned char garbage[512];
  for (std::size_t i = 0; i < sizeof garbage; ++i) garbage[i] = static_cast<unsigned char>(i * 37 + 11);
  expectAllInvalid(d, garbage);
  auto* wild = reinterpret_cast<void*>(static_cast<std::uintptr_t>(0xdeadbeef0));  // never dereferenced
  expectAllInvalid(d, wild);
}

TEST(HandlesTest, FreedAndWrongKindHandlesAreInvalid) {
  Driver d;
  ASSERT_NE(d.lib, nullptr) << dlerror();
  SQLHANDLE env = nullptr;
  ASSERT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_ENV, nullptr, &env), SQL_SUCCESS);
  // An environment handle used as a statement or connection handle.
  EXPECT_EQ(DRV(SQLExecDirect)(env, (SQLCHAR*)"select 1", SQL_NTS), SQL_INVALID_HANDLE);
  EXPECT_EQ(DRV(SQLDisconnect)(env), SQL_INVALID_HANDLE);
  // A connection cannot be allocated before SQL_ATTR_ODBC_VERSION is set (HY010).
  SQLHANDLE dbc = nullptr;
  EXPECT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_DBC, env, &dbc), SQL_ERROR);
  SQLCHAR state[6] = {0};
  SQLINTEGER native = 0;
  SQLSMALLINT len = 0;
  SQLCHAR msg[256];
  ASSERT_EQ(DRV(SQLGetDiagRec)(SQL_HANDLE_ENV, env, 1, state, &native, msg, sizeof msg, &len), SQL_SUCCESS);
  EXPECT_STREQ(reinterpret_cast<char*>(state), "HY010");
  ASSERT_EQ(DRV(SQLSetEnvAttr)(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_DBC, env, &dbc), SQL_SUCCESS);
  // Environment attributes: an unknown pooling value is refused (HY024), a known one kept.
  EXPECT_EQ(DRV(SQLSetEnvAttr)(env, SQL_ATTR_CONNECTION_POOLING, (SQLPOINTER)77, 0), SQL_ERROR);
  EXPECT_EQ(DRV(SQLSetEnvAttr)(env, SQL_ATTR_CP_MATCH, (SQLPOINTER)5, 0), SQL_ERROR);
  EXPECT_EQ(DRV(SQLSetEnvAttr)(env, SQL_ATTR_CP_MATCH, (SQLPOINTER)SQL_CP_RELAXED_MATCH, 0), SQL_SUCCESS);
  // An environment with a live connection cannot be freed.
  EXPECT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_ENV, env), SQL_ERROR);
  // A statement cannot be allocated on an unconnected connection (08003).
  SQLHANDLE stmt = nullptr;
  EXPECT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_STMT, dbc, &stmt), SQL_ERROR);
  ASSERT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_DBC, dbc), SQL_SUCCESS);
  EXPECT_EQ(DRV(SQLDisconnect)(dbc), SQL_INVALID_HANDLE);  // freed
  expectAllInvalid(d, dbc);
  ASSERT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_ENV, env), SQL_SUCCESS);
  expectAllInvalid(d, env);
}

// A connection owns its explicitly allocated descriptors: freeing the connection frees them, and a later
// SQLFreeHandle(SQL_HANDLE_DESC) on one is answered SQL_INVALID_HANDLE without touching freed memory
// (under AddressSanitizer a use after free fails this test). Also a descriptor still set as a statement's
// ARD when everything goes, and the environment freed last.
TEST(HandlesTest, FreeingTheDbcFreesItsDescriptors) {
  Driver d;
  ASSERT_NE(d.lib, nullptr) << dlerror();
  SQLHANDLE env = nullptr, dbc = nullptr, desc = nullptr, desc2 = nullptr, stmt = nullptr;
  ASSERT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_ENV, nullptr, &env), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLSetEnvAttr)(env, SQL_ATTR_ODBC_VERSION, (SQLPOINTER)SQL_OV_ODBC3, 0), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_DBC, env, &dbc), SQL_SUCCESS);
  const std::string in = std::string("DSN=") + dsqltest::kPgDsn;
  SQLRETURN rc = DRV(SQLDriverConnect)(dbc, nullptr, (SQLCHAR*)in.c_str(), SQL_NTS, nullptr, 0, nullptr, SQL_DRIVER_NOPROMPT);
  ASSERT_TRUE(SQL_SUCCEEDED(rc)) << "connect to " << in;
  ASSERT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_DESC, dbc, &desc), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_DESC, dbc, &desc2), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLAllocHandle)(SQL_HANDLE_STMT, dbc, &stmt), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLSetStmtAttr)(stmt, SQL_ATTR_APP_ROW_DESC, desc2, 0), SQL_SUCCESS);
  // A statement's implicit descriptor cannot be freed by the application (HY017).
  SQLHANDLE implicitArd = nullptr;
  ASSERT_EQ(DRV(SQLGetStmtAttr)(stmt, SQL_ATTR_IMP_ROW_DESC, &implicitArd, 0, nullptr), SQL_SUCCESS);
  EXPECT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_DESC, implicitArd), SQL_ERROR);
  // A connected connection cannot be freed (HY010), and stays fully usable.
  EXPECT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_DBC, dbc), SQL_ERROR);
  EXPECT_EQ(DRV(SQLExecDirect)(stmt, (SQLCHAR*)"SELECT 1", SQL_NTS), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLDisconnect)(dbc), SQL_SUCCESS);
  ASSERT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_DBC, dbc), SQL_SUCCESS);
  // Everything the connection owned went with it.
  EXPECT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_DESC, desc), SQL_INVALID_HANDLE);
  EXPECT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_DESC, desc2), SQL_INVALID_HANDLE);
  EXPECT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_STMT, stmt), SQL_INVALID_HANDLE);
  SQLSMALLINT count = 0;
  EXPECT_EQ(DRV(SQLGetDescField)(desc, 0, SQL_DESC_COUNT, &count, 0, nullptr), SQL_INVALID_HANDLE);
  ASSERT_EQ(DRV(SQLFreeHandle)(SQL_HANDLE_ENV, env), SQL_SUCCESS);
}

// An explicitly freed descriptor that a statement uses as its ARD: the statement goes back to its own.
TEST(HandlesTest, FreedDescriptorIsDetachedFromStatements) {
  dsqltest::Conn c;
  dsqltest::connectOrFail(c, dsqltest::kPgDsn);
  dsqltest::Stmt s(c);
  SQLHDESC desc = nullptr, ard = nullptr, implicitArd = nullptr;
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_APP_ROW_DESC, &implicitArd, 0, nullptr), s.diag());
  ASSERT_ODBC_OK(SQLAllocHandle(SQL_HANDLE_DESC, c.h, &desc), c.diag());
  ASSERT_ODBC_OK(SQLSetStmtAttr(s.h, SQL_ATTR_APP_ROW_DESC, desc, 0), s.diag());
  ASSERT_ODBC_OK(SQLFreeHandle(SQL_HANDLE_DESC, desc), "free desc");
  ASSERT_ODBC_OK(SQLGetStmtAttr(s.h, SQL_ATTR_APP_ROW_DESC, &ard, 0, nullptr), s.diag());
  EXPECT_EQ(ard, implicitArd);
  EXPECT_EQ(s.query("SELECT 42")[0][0], "42");
}

}  // namespace
