// Shared config/credentials file parsing and profile selection, plus ISO 8601 parsing and
// credential_process command-line splitting.
#include <gtest/gtest.h>

#include "shim/auth/aws_config.h"
#include "shim/auth/aws_time.h"
#include "shim/auth/json_credentials.h"
#include "shim/auth/process_runner.h"
#include "shim/common/error.h"

using namespace dsql::shim::auth;

TEST(Ini, SectionsKeysCommentsAndSubProperties) {
  IniFile f = parseIni(
      "# leading comment\n"
      "[default]\r\n"
      "aws_access_key_id = AKID1 ; inline comment\n"
      "AWS_Secret_Access_Key=secret#withhash\n"
      "  ; indented comment\n"
      "s3 =\n"
      "  max_concurrent_requests = 20\n"
      "region = us-east-1\n"
      "[ profile dev ]\n"
      "role_arn = arn:aws:iam::123:role/x\n"
      "not a key line\n"
      "[broken\n"
      "lost = yes\n");
  ASSERT_TRUE(f.count("default"));
  EXPECT_EQ(f["default"]["aws_access_key_id"], "AKID1");
  EXPECT_EQ(f["default"]["aws_secret_access_key"], "secret#withhash");  // '#' without whitespace is data
  EXPECT_EQ(f["default"]["s3.max_concurrent_requests"], "20");
  EXPECT_EQ(f["default"]["region"], "us-east-1");
  EXPECT_EQ(f["profile dev"]["role_arn"], "arn:aws:iam::123:role/x");
  for (const auto& [name, keys] : f) EXPECT_EQ(keys.count("lost"), 0u) << name;
}

TEST(AwsConfigView, ProfilesFromBothFilesCredentialsWin) {
  IniFile config = parseIni(
      "[default]\nregion = us-east-1\naws_access_key_id = CONFIGKEY\naws_secret_access_key = CONFIGSECRET\n"
      "[profile dev]\nregion = eu-west-1\nsso_session = corp\n"
      "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-2\n"
      "[notaprofile]\nregion = ap-south-1\n");
  IniFile creds = parseIni("[default]\naws_access_key_id = CREDSKEY\naws_secret_access_key = CREDSSECRET\n"
                           "[dev]\naws_access_key_id = DEVKEY\n[profile odd]\nregion = x\n");
  AwsConfig cfg(config, creds);
  EXPECT_EQ(cfg.get("default", "aws_access_key_id").value_or(""), "CREDSKEY");
  EXPECT_EQ(cfg.getFromConfigFile("default", "aws_access_key_id").value_or(""), "CONFIGKEY");
  EXPECT_EQ(cfg.getFromCredentialsFile("default", "aws_access_key_id").value_or(""), "CREDSKEY");
  EXPECT_EQ(cfg.get("default", "region").value_or(""), "us-east-1");
  EXPECT_EQ(cfg.get("dev", "region").value_or(""), "eu-west-1");
  EXPECT_EQ(cfg.get("dev", "aws_access_key_id").value_or(""), "DEVKEY");
  EXPECT_EQ(cfg.ssoSession("corp", "sso_region").value_or(""), "us-east-2");
  EXPECT_FALSE(cfg.hasProfile("notaprofile"));  // config sections need the "profile " prefix
  EXPECT_TRUE(cfg.hasProfile("profile odd"));   // ... credentials sections are taken literally
  EXPECT_FALSE(cfg.hasProfile("corp"));
  EXPECT_FALSE(cfg.get("dev", "missing").has_value());
}

TEST(AwsConfigView, ProfileDefaultBeatsBareDefault) {
  AwsConfig cfg(parseIni("[profile default]\nregion = a\n[default]\nregion = b\n"), {});
  EXPECT_EQ(cfg.get("default", "region").value_or(""), "a");
}

TEST(AwsConfigView, LoadsFilesNamedByTheEnvironment) {
  std::string dir = ::testing::TempDir();
  std::string cfgPath = dir + "/auth_cfg_test_config", credPath = dir + "/auth_cfg_test_creds";
  FILE* f = std::fopen(cfgPath.c_str(), "w");
  std::fputs("[profile p]\nregion = eu-central-1\n", f);
  std::fclose(f);
  f = std::fopen(credPath.c_str(), "w");
  std::fputs("[p]\naws_access_key_id = K\n", f);
  std::fclose(f);
  MapEnvironment env({{"AWS_CONFIG_FILE", cfgPath}, {"AWS_SHARED_CREDENTIALS_FILE", credPath}});
  AwsConfig cfg = loadAwsConfig(env);
  EXPECT_EQ(cfg.get("p", "region").value_or(""), "eu-central-1");
  EXPECT_EQ(cfg.get("p", "aws_access_key_id").value_or(""), "K");
  EXPECT_EQ(cfg.configPath, cfgPath);
  // Defaults come from HOME.
  MapEnvironment home;
  home.set("HOME", "/home/someone");
  EXPECT_EQ(loadAwsConfig(home).credentialsPath, "/home/someone/.aws/credentials");
  EXPECT_EQ(loadAwsConfig(home).configPath, "/home/someone/.aws/config");
}

TEST(AwsConfigView, SelectProfile) {
  MapEnvironment env;
  EXPECT_EQ(selectProfile(env, ""), "default");
  env.set("AWS_DEFAULT_PROFILE", "legacy");
  EXPECT_EQ(selectProfile(env, ""), "legacy");
  env.set("AWS_PROFILE", "prof");
  EXPECT_EQ(selectProfile(env, ""), "prof");
  EXPECT_EQ(selectProfile(env, "explicit"), "explicit");
  env.set("AWS_PROFILE", "");  // empty counts as unset
  EXPECT_EQ(selectProfile(env, ""), "legacy");
}

TEST(Iso8601, ParsesTheShapesAwsSends) {
  auto base = parseIso8601("2024-11-07T17:39:33Z");
  ASSERT_TRUE(base);
  EXPECT_EQ(std::chrono::system_clock::to_time_t(*base), 1731001173);
  EXPECT_EQ(amzDate(*base), "20241107T173933Z");
  EXPECT_EQ(dateStamp(*base), "20241107");
  EXPECT_EQ(iso8601(*base), "2024-11-07T17:39:33Z");
  EXPECT_EQ(parseIso8601("2024-11-07T19:39:33+02:00"), base);
  EXPECT_EQ(parseIso8601("2024-11-07T16:39:33-0100"), base);
  EXPECT_EQ(parseIso8601("2024-11-07 17:39:33z"), base);
  auto frac = parseIso8601("2024-11-07T17:39:33.500Z");
  ASSERT_TRUE(frac);
  EXPECT_EQ(*frac - *base, std::chrono::milliseconds(500));
  for (const char* bad : {"", "2024-11-07", "2024-11-07T17:39:33", "2024-13-07T17:39:33Z", "2024-11-07T17:39:33Zx",
                          "yesterday", "2024-11-07T17:39Z", "2024-11-07T17:39:33."})
    EXPECT_FALSE(parseIso8601(bad).has_value()) << bad;
}

// Found by credential_json_fuzz: a year beyond what system_clock's nanoseconds hold overflowed (UB).
TEST(Iso8601, YearsOutsideTheClocksRangeAreUnreadable) {
  EXPECT_FALSE(parseIso8601("3735-01-01T00:00:00Z").has_value());
  EXPECT_FALSE(parseIso8601("9999-12-31T23:59:59Z").has_value());
  EXPECT_FALSE(parseIso8601("0001-01-01T00:00:00Z").has_value());
  EXPECT_TRUE(parseIso8601("2261-12-31T23:59:59Z").has_value());
  try {
    credentialsFromJson(R"({"AccessKeyId":"AKID","SecretAccessKey":"s","Expiration":"3735-01-01T00:00:00Z"})",
                        "credential_process", {"SessionToken", false, false});
    FAIL() << "expected a credential error";
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "28000");
    EXPECT_NE(std::string(e.what()).find("unreadable Expiration"), std::string::npos) << e.what();
  }
}

// The SSO documents: fields of the wrong type and out-of-range expirations are credential errors (28000),
// never nlohmann's type_error or a time point overflow.
TEST(SsoDocuments, WrongTypesAndRangesAreCredentialErrors) {
  auto state = [](auto&& fn) -> std::string {
    try {
      fn();
    } catch (const dsql::Error& e) {
      return e.sqlstate();
    } catch (...) {
      return "other exception";
    }
    return "ok";
  };
  const std::string good = R"({"roleCredentials":{"accessKeyId":"AKID","secretAccessKey":"s","sessionToken":"t","expiration":1893456000000}})";
  EXPECT_EQ(state([&] { ssoRoleCredentialsFromJson(good, "SSO", "log in"); }), "ok");
  EXPECT_EQ(ssoRoleCredentialsFromJson(good, "SSO", "log in").expiration,
            TimePoint(std::chrono::milliseconds(1893456000000)));
  for (const char* bad : {
           R"({"roleCredentials":{"accessKeyId":5,"secretAccessKey":"s","sessionToken":"t","expiration":1}})",
           R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiration":1e300}})",
           R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiration":18446744073709551615}})",
           R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiration":-5}})",
           // fuzz finding: past 2262 the clock's nanoseconds overflow
           R"({"roleCredentials":{"accessKeyId":"A","secretAccessKey":"s","sessionToken":"t","expiration":18934560000002}})",
           R"({"roleCredentials":[]})", R"([])", "not json"})
    EXPECT_EQ(state([&] { ssoRoleCredentialsFromJson(bad, "SSO", "log in"); }), "28000") << bad;
  EXPECT_EQ(ssoCachedTokenFromJson(R"({"accessToken":"tok","expiresAt":"2030-01-01T00:00:00UTC"})", "f", "l").accessToken, "tok");
  EXPECT_FALSE(ssoCachedTokenFromJson(R"({"accessToken":"tok","expiresAt":7})", "f", "l").expiresAt.has_value());
  EXPECT_EQ(state([&] { ssoCachedTokenFromJson(R"({"accessToken":7})", "f", "l"); }), "28000");
}

TEST(CommandLine, SplitsLikeAShellWithoutExpansion) {
  using V = std::vector<std::string>;
  EXPECT_EQ(splitCommandLine("/usr/bin/tool --a b"), (V{"/usr/bin/tool", "--a", "b"}));
  EXPECT_EQ(splitCommandLine("  tool   'two words'  \"x \\\"y\\\" $HOME\" a\\ b"),
            (V{"tool", "two words", "x \"y\" $HOME", "a b"}));
  EXPECT_EQ(splitCommandLine("tool ''"), (V{"tool", ""}));
  EXPECT_EQ(splitCommandLine("a'b'\"c\""), (V{"abc"}));
  EXPECT_THROW(splitCommandLine("tool 'open"), dsql::Error);
  EXPECT_THROW(splitCommandLine("tool \"open"), dsql::Error);
}
