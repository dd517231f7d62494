# The Debian package (`cpack -G DEB` in a build tree, or scripts/package.sh for a release build):
# dsql-odbc_<version>_amd64.deb with the stripped driver, dsql-token, dsql-odbc-doctor, the README, docs/,
# odbc.ini.sample and the copyright file. Its maintainer scripts register the driver with unixODBC under
# the name DSQL at install (odbcinst -i -d) and unregister it at removal. Debug info is stripped at
# install time (CPACK_STRIP_FILES); the unstripped files stay in the build tree.
set(DSQL_PACKAGE_PREFIX /usr)
set(DSQL_PACKAGE_DRIVER_NAME DSQL)
set(DSQL_PACKAGE_DRIVER ${DSQL_PACKAGE_PREFIX}/${CMAKE_INSTALL_LIBDIR}/odbc/libdsqlodbc.so)
set(DSQL_PACKAGE_DATADIR ${CMAKE_INSTALL_DATADIR}/dsql-odbc)

# The driver's odbcinst.ini entry and the maintainer scripts, with the installed paths filled in.
set(pkgdir ${CMAKE_BINARY_DIR}/packaging)
configure_file(${PROJECT_SOURCE_DIR}/packaging/odbcinst.ini.in ${pkgdir}/odbcinst.ini @ONLY)
foreach(script postinst prerm)
  configure_file(${PROJECT_SOURCE_DIR}/packaging/debian/${script}.in ${pkgdir}/${script} @ONLY
    FILE_PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
endforeach()

install(FILES ${pkgdir}/odbcinst.ini DESTINATION ${DSQL_PACKAGE_DATADIR})
install(FILES ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/packaging/copyright
  DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs)

set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME dsql-odbc)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "dsql-odbc maintainers <dsql-odbc@users.noreply.github.com>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "ODBC driver for Amazon Aurora DSQL and PostgreSQL (unixODBC)")
set(CPACK_PACKAGE_DESCRIPTION "dsql-odbc is an ODBC 3.8 driver for Amazon Aurora DSQL and plain PostgreSQL,
with IAM authentication from the AWS credential chain, DSQL-aware SQL rewriting and retries. It is
registered with unixODBC as the driver DSQL. Includes dsql-token and dsql-odbc-doctor.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${DSQL_PACKAGE_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # dsql-odbc_<version>_<arch>.deb
set(CPACK_DEBIAN_PACKAGE_SECTION database)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)  # libodbcinst2, libpq5, libssl3, libcurl4, ... with versions
# Beyond what the binaries link: odbcinst (the maintainer scripts run it) and libodbc2, the driver manager
# that loads the driver. unixodbc (isql) is recommended.
set(CPACK_DEBIAN_PACKAGE_DEPENDS "odbcinst, libodbc2")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "unixodbc, ca-certificates")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA "${pkgdir}/postinst;${pkgdir}/prerm")
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
set(CPACK_OUTPUT_FILE_PREFIX ${CMAKE_BINARY_DIR}/deb)
include(CPack)
