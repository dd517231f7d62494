// dsqlodbc-gen-docs: prints documentation generated from the connection-key table, so odbc.ini.sample and
// the README's key table can never drift from what the driver parses (tests/clients/check_docs.py checks).
//   dsqlodbc-gen-docs ini      -> odbc.ini.sample
//   dsqlodbc-gen-docs readme   -> the Markdown key table between the README's markers
#include <cstdio>
#include <cstring>

#include "driver/config/connection_keys.h"

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "ini") == 0) {
    std::fputs(dsql::driver::renderOdbcIniSample().c_str(), stdout);
    return 0;
  }
  if (argc == 2 && std::strcmp(argv[1], "readme") == 0) {
    std::fputs(dsql::driver::renderReadmeKeyTable().c_str(), stdout);
    return 0;
  }
  std::fprintf(stderr, "usage: dsqlodbc-gen-docs ini|readme\n");
  return 2;
}
