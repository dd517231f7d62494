// Connection-key rows. Names follow what ODBC users already type (psqlODBC and SQL Server spellings as
// aliases); DSQL-specific keys are ours. Derived defaults (e.g. SSLMode verify-full for DSQL endpoints) are
// resolved in settings.cpp and stated in the doc text.
#include "driver/config/connection_keys.h"

#include <algorithm>
#include <cctype>

namespace dsql::driver {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

const std::vector<ConnectionKey>& table() {
  static const std::vector<ConnectionKey> rows = {
      {"DSN", {}, KeyKind::String, "", false, {}, "Data source name in odbc.ini whose keys are used as defaults", "connection"},
      {"Server", {"Host", "Servername", "Endpoint"}, KeyKind::String, "", false, {},
       "DSQL cluster endpoint (<id>.dsql.<region>.on.aws), bare 26-character cluster id, or PostgreSQL host", "connection"},
      {"Port", {}, KeyKind::Integer, "5432", false, {}, "TCP port", "connection"},
      {"Database", {"Dbname"}, KeyKind::String, "postgres", false, {}, "Database name (DSQL has only postgres)", "connection"},
      {"UID", {"User", "Username"}, KeyKind::String, "", false, {},
       "Role to connect as; DSQL default admin (signs DbConnectAdmin), others sign DbConnect", "connection"},
      {"PWD", {"Password"}, KeyKind::String, "", true, {}, "Password for AuthMode=password (plain PostgreSQL)", "connection"},
      {"HostAddr", {"HostAddress"}, KeyKind::String, "", false, {},
       "Connect to this IP address instead of resolving Server; TLS and IAM signing still use Server", "connection"},
      {"ServerType", {}, KeyKind::Choice, "auto", false, {"auto", "dsql", "postgresql"},
       "auto: DSQL behaviour for DSQL host names (or AuthMode=iam), PostgreSQL otherwise", "connection"},
      {"LoginTimeout", {"ConnectTimeout", "Timeout"}, KeyKind::Integer, "0", false, {},
       "Seconds to wait for the connection (0 = no limit; SQL_ATTR_LOGIN_TIMEOUT overrides)", "connection"},
      {"ApplicationName", {}, KeyKind::String, "", false, {}, "application_name reported to the server (default dsql-odbc/<version>)", "connection"},
      {"ReadOnly", {}, KeyKind::Boolean, "0", false, {}, "Open manual-commit transactions with BEGIN READ ONLY", "connection"},

      {"SSLMode", {"SSL_Mode", "sslmode"}, KeyKind::Choice, "", false,
       {"disable", "allow", "prefer", "require", "verify-ca", "verify-full"},
       "libpq sslmode; default verify-full for DSQL, prefer for PostgreSQL", "tls"},
      {"SSLRootCert", {"SSLRootCertificate", "RootCert"}, KeyKind::String, "", false, {},
       "CA bundle for verify-ca/verify-full; default for DSQL the system store (/etc/ssl/certs/ca-certificates.crt)", "tls"},

      {"AuthMode", {"Auth", "AuthenticationMode"}, KeyKind::Choice, "auto", false, {"auto", "iam", "password"},
       "iam: sign a fresh DSQL token at every connect; password: use PWD; auto: iam for DSQL endpoints", "iam"},
      {"Region", {"AWSRegion"}, KeyKind::String, "", false, {},
       "AWS region; default from the endpoint name, then AWS_REGION / AWS_DEFAULT_REGION", "iam"},
      {"Profile", {"AWSProfile"}, KeyKind::String, "", false, {}, "AWS profile for the credential chain (default AWS_PROFILE, then default)", "iam"},
      {"TokenExpiration", {"TokenExpiry", "TokenExpiresIn"}, KeyKind::Integer, "900", false, {},
       "IAM token lifetime in seconds (1..604800, never beyond the credentials' own expiry)", "iam"},
      {"AccessKeyId", {"AWSAccessKeyId"}, KeyKind::String, "", false, {}, "Explicit AWS access key id (discouraged: prefer the credential chain)", "iam"},
      {"SecretAccessKey", {"AWSSecretAccessKey"}, KeyKind::String, "", true, {}, "Explicit AWS secret access key (secret)", "iam"},
      {"SessionToken", {"AWSSessionToken"}, KeyKind::String, "", true, {}, "Explicit AWS session token for temporary credentials (secret)", "iam"},

      {"ForeignKeys", {}, KeyKind::Choice, "auto", false, {"auto", "keep", "strip"},
       "auto: send FOREIGN KEY clauses (ALTER TABLE ADD as NOT VALID plus ALTER TABLE ASYNC VALIDATE) and, if the "
       "server refuses them, strip them for the rest of the connection with a note; keep: always send; strip: "
       "always remove (a lost ON DELETE/UPDATE action is always reported)", "shim"},
      {"RollbackToSavepoint", {}, KeyKind::Choice, "error", false, {"error", "rollback"},
       "ROLLBACK TO a savepoint with work after it: error, or roll back the whole transaction with a warning", "shim"},
      {"IndexWait", {"WaitForIndex"}, KeyKind::Boolean, "0", false, {},
       "After CREATE INDEX ASYNC, wait for the build (sys.wait_for_job) before returning", "shim"},
      {"ShimNotes", {}, KeyKind::Boolean, "0", false, {}, "Report each SQL rewrite as an informational diagnostic (01000)", "shim"},
      {"TruncateAsDelete", {}, KeyKind::Boolean, "1", false, {},
       "DSQL: send TRUNCATE t as DELETE FROM t; in autocommit in transactions of at most ArrayChunkRows (3,000) rows "
       "each, inside a transaction as one DELETE (DSQL's 3,000-row limit applies)", "shim"},
      {"SerialAsIdentity", {}, KeyKind::Boolean, "1", false, {},
       "DSQL: serial columns become bigint GENERATED BY DEFAULT AS IDENTITY (CACHE SequenceCache); identity columns "
       "and sequences get an accepted cache; identity on integer/smallint becomes bigint", "shim"},
      {"SequenceCache", {}, KeyKind::Integer, "65536", false, {},
       "CACHE given to sequences and identity columns: 65536 (default) for fast inserts, values may jump; 1 for "
       "gap-free order, each value a round trip; 2..65535 are raised to 65536 (DSQL accepts 1 or >= 65536)", "shim"},
      {"NoEscapes", {"NoScan"}, KeyKind::Boolean, "0", false, {}, "Do not translate ODBC escape sequences (SQL_ATTR_NOSCAN)", "shim"},

      {"MaxConnectionAge", {"ConnectionLifetime"}, KeyKind::Integer, "", false, {},
       "Seconds after which the driver replaces the server connection before the next transaction, transparently "
       "(default 3300 for DSQL, which closes connections at 60 minutes; 0 for PostgreSQL, meaning never)", "resilience"},
      {"ConflictRetries", {"OCCMaxRetries", "MaxRetries"}, KeyKind::Integer, "5", false, {},
       "In autocommit mode, how many times a statement (or parameter-array chunk) that fails with 40001 "
       "(OC000/OC001) is run again before the error is returned (0 = never); at most 3.1 s of backoff by default",
       "resilience"},
      {"RetryBaseDelay", {}, KeyKind::Integer, "100", false, {},
       "Milliseconds before the first retry; each later one waits twice as long, +/-25 % jitter", "resilience"},
      {"RetryMaxDelay", {}, KeyKind::Integer, "5000", false, {}, "Upper bound of one retry delay, in milliseconds", "resilience"},
      {"ConnectRetryTimeout", {}, KeyKind::Integer, "30", false, {},
       "Seconds during which a connect refused for now (waking cluster, 53400 rate exceeded, refused or reset "
       "socket) is tried again with a fresh token, when no login timeout is set (0 = no retries)", "resilience"},
      {"ArrayChunkRows", {}, KeyKind::Integer, "", false, {},
       "Autocommit mode: a parameter array is committed in transactions of at most this many parameter sets, each "
       "atomic and retried whole on 40001 (default 3000 for DSQL, its per-transaction row limit; 0 for PostgreSQL, "
       "meaning one transaction per array)", "resilience"},
      {"ArrayChunkBytes", {}, KeyKind::Integer, "", false, {},
       "Autocommit mode: ... and of at most this many bytes of parameter data (default 4194304 for DSQL, under its "
       "10 MiB per-transaction limit; 0 for PostgreSQL, meaning no limit)", "resilience"},
      {"ErrorRollback", {"Protocol"}, KeyKind::Choice, "auto", false, {"auto", "statement", "transaction", "none"},
       "Manual-commit mode, what a failed statement does to the transaction: statement undoes only that statement "
       "(a savepoint sent in the same round trip; PostgreSQL only), transaction rolls the whole transaction back, "
       "none leaves it aborted until the application rolls back (later statements name the first error); auto is "
       "statement on PostgreSQL, none on DSQL. psqlODBC's Protocol=7.4-0, -1, -2 mean none, transaction, statement",
       "resilience"},
      {"IsolateDdl", {}, KeyKind::Boolean, "1", false, {},
       "DSQL, manual-commit mode: a DDL statement that would open a transaction runs and commits on its own, as "
       "DSQL requires; the application's transaction then begins with the next statement", "resilience"},

      {"WideCharTypes", {"UnicodeTypes"}, KeyKind::Boolean, "1", false, {}, "Report character columns as SQL_WVARCHAR/SQL_WLONGVARCHAR", "types"},
      {"TextAsLongVarchar", {}, KeyKind::Boolean, "1", false, {}, "Report text as LONGVARCHAR (else VARCHAR)", "types"},
      {"MaxVarcharSize", {}, KeyKind::Integer, "255", false, {}, "Column size reported for varchar without a length", "types"},
      {"MaxLongVarcharSize", {}, KeyKind::Integer, "8190", false, {}, "Column size reported for text", "types"},
      {"BoolsAsChar", {}, KeyKind::Boolean, "0", false, {}, "Report bool as SQL_VARCHAR(5) (values 1/0) instead of SQL_BIT, as psqlODBC does", "types"},

      {"LogLevel", {}, KeyKind::Choice, "off", false, {"off", "error", "warn", "info", "debug"},
       "Driver log level (also DSQLODBC_LOG); secrets are always redacted", "logging"},
      {"LogFile", {}, KeyKind::String, "", false, {}, "Log file (default stderr; also DSQLODBC_LOG_FILE)", "logging"},
  };
  return rows;
}

// Keys the driver manager owns (unixODBC reads them from the same DSN section: odbc.ini(5), odbcinst.ini(5))
// or that ODBC defines for SQLDriverConnect itself. `Trace = No` in a DSN is unixODBC's tracing switch,
// never the driver's log level.
constexpr std::string_view kManagerKeys[] = {
    "Driver", "Description", "FileDSN", "SaveFile", "Setup", "FileUsage", "Trace", "TraceFile",
    "TraceLibrary", "Threading", "DontDLClose", "UsageCount", "CPTimeout", "CPTimeToLive", "CPReuse",
    "Pooling", "DMEnvAttr", "DMConnAttr", "DMStmtAttr", "DisableGetFunctions", "ExFetchMapping", "IconvEncoding",
};

// psqlODBC keys (odbc.postgresql.org/docs/config.html) whose meaning has no equivalent here: a DSN written
// for psqlODBC still connects, and each of these is ignored with a logged warning. psqlODBC keys that mean
// the same thing are aliases or canonical names in the table above (Servername, Username, Password, Port,
// Database, SSLmode, ReadOnly, BoolsAsChar, MaxVarcharSize, MaxLongVarcharSize, TextAsLongVarchar).
constexpr std::string_view kPsqlOdbcOnlyKeys[] = {
    "Debug", "CommLog", "Fetch", "Socket", "Optimizer", "Ksqo", "ConnSettings", "UniqueIndex",
    "UnknownSizes", "CancelAsFreeStmt", "UseDeclareFetch", "UnknownsAsLongVarchar", "FakeOidIndex",
    "ShowOidColumn", "RowVersioning", "ShowSystemTables", "Parse", "ExtraSysTablePrefixes", "DisallowPremature",
    "UpdatableCursors", "LFConversion", "TrueIsMinus1", "BI", "ByteaAsLongVarBinary", "UseServerSidePrepare",
    "LowerCaseIdentifier", "GssAuthUseGSS", "XaOpt", "pqopt", "KeepaliveTime", "KeepaliveInterval", "BatchSize",
    "IgnoreTimeout", "FetchRefcursors", "OptionalErrors",
};

template <std::size_t N>
bool listed(const std::string_view (&list)[N], std::string_view key) {
  return std::any_of(std::begin(list), std::end(list), [&](std::string_view k) { return iequals(k, key); });
}

template <std::size_t N>
std::string joined(const std::string_view (&list)[N]) {
  std::string out;
  for (auto k : list) out += (out.empty() ? "`" : ", `") + std::string(k) + "`";
  return out;
}

}  // namespace

std::span<const ConnectionKey> connectionKeys() { return table(); }

bool isDriverManagerKey(std::string_view key) { return listed(kManagerKeys, key); }
bool isPsqlOdbcOnlyKey(std::string_view key) { return listed(kPsqlOdbcOnlyKeys, key); }
bool isTuningKey(const ConnectionKey& key) {
  return key.group == "shim" || key.group == "types" || key.group == "resilience" || key.group == "logging";
}

const ConnectionKey* findConnectionKey(std::string_view name) {
  for (const auto& k : table()) {
    if (iequals(k.name, name)) return &k;
    for (auto a : k.aliases)
      if (iequals(a, name)) return &k;
  }
  return nullptr;
}

namespace {
constexpr std::string_view kIgnoredKeysNote =
    "A bad value of a shim, type, resilience or logging key is reported (SQLSTATE 01S00, and logged) and its default is "
    "used; a bad value of a connection, TLS or IAM key fails the connect (HY024). Connection-string values "
    "override the DSN's before any is checked. These keys are not the driver's and are ignored: the driver "
    "manager's own silently, psqlODBC's with a logged warning (psqlODBC keys with the same meaning are "
    "accepted above):";
}  // namespace

std::string renderOdbcIniSample() {
  std::string out =
      "; odbc.ini.sample: generated from driver/config/connection_keys.cpp by `dsqlodbc-gen-docs ini`.\n"
      "; Copy a section into ~/.odbc.ini or /etc/odbc.ini. Keys are case-insensitive; aliases are listed.\n"
      "\n[dsql]\nDriver = DSQL\nDescription = Amazon Aurora DSQL through dsql-odbc\n";
  std::string_view group;
  for (const auto& k : table()) {
    if (k.name == "DSN") continue;
    if (k.group != group) {
      group = k.group;
      out += "\n; ---- " + std::string(group) + "\n";
    }
    out += "; " + std::string(k.doc);
    if (!k.aliases.empty()) {
      out += " (aliases:";
      for (auto a : k.aliases) out += " " + std::string(a);
      out += ")";
    }
    if (!k.choices.empty()) {
      out += " [";
      for (std::size_t i = 0; i < k.choices.size(); ++i) out += (i ? "|" : "") + std::string(k.choices[i]);
      out += "]";
    }
    out += "\n";
    std::string value = std::string(k.defaultValue);
    if (k.name == "Server") value = "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws";
    if (k.name == "UID") value = "admin";
    bool active = k.name == "Server" || k.name == "UID" || k.name == "Port" || k.name == "Database";
    out += (active ? "" : ";") + std::string(k.name) + " = " + value + "\n";
  }
  out += "\n; ---- not the driver's: unixODBC's own keys (e.g. Trace = No, TraceFile) are left to the driver\n"
         "; manager; psqlODBC-only keys (UseDeclareFetch, CommLog, Fetch, ...) are ignored with a warning.\n";
  return out;
}

std::string renderReadmeKeyTable() {
  std::string out = "| Key | Aliases | Default | Meaning |\n|---|---|---|---|\n";
  for (const auto& k : table()) {
    out += "| `" + std::string(k.name) + "` | ";
    for (std::size_t i = 0; i < k.aliases.size(); ++i) out += (i ? ", " : "") + std::string("`") + std::string(k.aliases[i]) + "`";
    out += " | " + (k.defaultValue.empty() ? std::string() : "`" + std::string(k.defaultValue) + "`") + " | ";
    out += std::string(k.doc);
    if (!k.choices.empty()) {
      out += " (";
      for (std::size_t i = 0; i < k.choices.size(); ++i) out += (i ? ", " : "") + std::string("`") + std::string(k.choices[i]) + "`";
      out += ")";
    }
    if (k.secret) out += " **Secret:** never logged or echoed.";
    out += " |\n";
  }
  out += "\n" + std::string(kIgnoredKeysNote) + "\n\n- driver manager: " + joined(kManagerKeys) +
         "\n- psqlODBC only: " + joined(kPsqlOdbcOnlyKeys) + "\n";
  return out;
}

}  // namespace dsql::driver
