// The default credential chain with an injected environment, real files in a temp directory and real
// credential_process programs; no network (an HttpClient that fails the test if called). Every error
// message produced here is also checked for leaked secrets.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>

#include "shim/auth/credential_chain.h"
#include "shim/common/error.h"

using namespace dsql::shim::auth;
using namespace std::chrono_literals;

namespace {

const char* kSecrets[] = {"ENVSECRETvalue", "ENVTOKENvalue", "FILESECRETvalue", "CFGSECRETvalue", "PROCSECRETvalue",
                          "PROCTOKENvalue", "EXPLICITSECRET", "CONTAINERAUTHvalue", "SSOACCESSTOKENvalue"};

class NoNetwork : public dsql::shim::http::HttpClient {
 public:
  dsql::shim::http::Response send(const dsql::shim::http::Request& r) override {
    ADD_FAILURE() << "unexpected HTTP call to " << r.url;
    throw dsql::Error("08001", "no network in this test");
  }
};

class Chain : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = ::testing::TempDir() + "/auth_chain_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ::mkdir(dir_.c_str(), 0700);
    env_.set("HOME", dir_);
    env_.set("AWS_CONFIG_FILE", dir_ + "/config");
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_ + "/credentials");
    env_.set("AWS_EC2_METADATA_DISABLED", "true");
  }
  std::string write(const std::string& name, const std::string& text, bool executable = false) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    if (executable) ::chmod(path.c_str(), 0700);
    return path;
  }
  Credentials resolve(const std::string& explicitProfile = "") {
    config_ = loadAwsConfig(env_);
    ctx_.env = &env_;
    ctx_.http = &http_;
    ctx_.config = &config_;
    ctx_.profile = selectProfile(env_, explicitProfile);
    ctx_.explicitProfile = !explicitProfile.empty();
    ctx_.options.processTimeout = 2s;
    return resolveCredentials(ctx_);
  }
  // Expects a dsql::Error with `state` whose message contains `needle` and no secret.
  void expectError(const std::string& state, const std::string& needle, const std::string& profile = "") {
    try {
      Credentials c = resolve(profile);
      ADD_FAILURE() << "expected an error, got credentials from " << c.source;
    } catch (const dsql::Error& e) {
      std::string m = e.what();
      EXPECT_EQ(e.sqlstate(), state) << m;
      EXPECT_NE(m.find(needle), std::string::npos) << "missing '" << needle << "' in: " << m;
      for (const char* s : kSecrets) EXPECT_EQ(m.find(s), std::string::npos) << "secret leaked: " << m;
    }
  }
  std::string dir_;
  MapEnvironment env_;
  NoNetwork http_;
  AwsConfig config_;
  ProviderContext ctx_;
};

}  // namespace

TEST_F(Chain, NothingConfiguredListsEverySourceInOrder) {
  try {
    resolve();
    FAIL();
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "28000");
    std::string m = e.what();
    size_t last = 0;
    for (const auto& row : defaultChain()) {
      size_t at = m.find("- " + std::string(row.name) + ":");
      ASSERT_NE(at, std::string::npos) << row.name << " not listed in: " << m;
      EXPECT_GT(at, last) << row.name << " out of order";
      last = at;
    }
    EXPECT_NE(m.find("AWS_EC2_METADATA_DISABLED"), std::string::npos);
  }
}

TEST_F(Chain, EnvironmentBeatsFilesUnlessAProfileIsChosenExplicitly) {
  write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRETvalue\n"
                       "[dev]\naws_access_key_id = DEVKEY\naws_secret_access_key = FILESECRETvalue\n");
  env_.set("AWS_ACCESS_KEY_ID", "ENVKEY");
  env_.set("AWS_SECRET_ACCESS_KEY", "ENVSECRETvalue");
  env_.set("AWS_SESSION_TOKEN", "ENVTOKENvalue");
  Credentials c = resolve();
  EXPECT_EQ(c.accessKeyId, "ENVKEY");
  EXPECT_EQ(c.sessionToken, "ENVTOKENvalue");
  EXPECT_EQ(c.source, "environment");
  env_.set("AWS_PROFILE", "dev");  // AWS_PROFILE does not disable the environment provider (botocore)
  EXPECT_EQ(resolve().accessKeyId, "ENVKEY");
  c = resolve("dev");  // ... an explicit Profile key does
  EXPECT_EQ(c.accessKeyId, "DEVKEY");
  EXPECT_EQ(c.source, "profile:dev");
  EXPECT_TRUE(c.sessionToken.empty());
}

TEST_F(Chain, PartialKeysAreErrorsNotFallThrough) {
  write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRETvalue\n");
  env_.set("AWS_ACCESS_KEY_ID", "ENVKEY");
  expectError("28000", "AWS_SECRET_ACCESS_KEY");
  env_.unset("AWS_ACCESS_KEY_ID");
  ctx_.explicitKeys.secretAccessKey = "EXPLICITSECRET";
  expectError("28000", "explicit");
  ctx_.explicitKeys = {};
  write("credentials", "[default]\naws_access_key_id = FILEKEY\n");
  expectError("28000", "aws_secret_access_key");
}

TEST_F(Chain, ExplicitKeysComeFirst) {
  env_.set("AWS_ACCESS_KEY_ID", "ENVKEY");
  env_.set("AWS_SECRET_ACCESS_KEY", "ENVSECRETvalue");
  ctx_.explicitKeys = {"EXPLICITKEY", "EXPLICITSECRET", "", std::nullopt, ""};
  Credentials c = resolve();
  EXPECT_EQ(c.accessKeyId, "EXPLICITKEY");
  EXPECT_EQ(c.source, "explicit");
}

TEST_F(Chain, CredentialsFileThenProcessThenConfigFile) {
  std::string script = write("proc.sh",
                             "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"PROCKEY\", \"SecretAccessKey\": "
                             "\"PROCSECRETvalue\", \"SessionToken\": \"PROCTOKENvalue\", \"Expiration\": "
                             "\"2030-01-01T00:00:00Z\"}'\n",
                             true);
  write("config", "[default]\ncredential_process = " + script + "\naws_access_key_id = CFGKEY\n"
                  "aws_secret_access_key = CFGSECRETvalue\n");
  Credentials c = resolve();
  EXPECT_EQ(c.accessKeyId, "PROCKEY");
  EXPECT_EQ(c.sessionToken, "PROCTOKENvalue");
  EXPECT_EQ(c.source, "credential_process:profile:default");
  ASSERT_TRUE(c.expiration);
  EXPECT_EQ(iso8601(*c.expiration), "2030-01-01T00:00:00Z");
  write("credentials", "[default]\naws_access_key_id = FILEKEY\naws_secret_access_key = FILESECRETvalue\n");
  EXPECT_EQ(resolve().accessKeyId, "FILEKEY");
  write("credentials", "");
  write("config", "[default]\naws_access_key_id = CFGKEY\naws_secret_access_key = CFGSECRETvalue\n");
  EXPECT_EQ(resolve().accessKeyId, "CFGKEY");
}

TEST_F(Chain, CredentialProcessFailures) {
  std::string script = write("fail.sh", "#!/bin/sh\necho 'token expired, run login' >&2\nexit 3\n", true);
  write("config", "[default]\ncredential_process = " + script + " --flag 'quoted arg'\n");
  expectError("28000", "exit status 3");
  expectError("28000", "token expired, run login");
  script = write("v2.sh", "#!/bin/sh\necho '{\"Version\": 2, \"AccessKeyId\": \"K\", \"SecretAccessKey\": "
                          "\"PROCSECRETvalue\"}'\n", true);
  write("config", "[default]\ncredential_process = " + script + "\n");
  expectError("28000", "Version must be 1");
  script = write("partial.sh", "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"K\"}'\n", true);
  write("config", "[default]\ncredential_process = " + script + "\n");
  expectError("28000", "SecretAccessKey is missing");
  write("config", "[default]\ncredential_process = /nonexistent/program\n");
  expectError("28000", "cannot run credential_process");
  script = write("slow.sh", "#!/bin/sh\nexec sleep 30\n", true);
  write("config", "[default]\ncredential_process = " + script + "\n");
  auto start = std::chrono::steady_clock::now();
  expectError("28000", "timed out");
  EXPECT_LT(std::chrono::steady_clock::now() - start, 10s);
}

TEST_F(Chain, CredentialProcessArgumentsArePassedWithoutAShell) {
  std::string script = write("args.sh",
                             "#!/bin/sh\n[ \"$1\" = 'two words' ] && [ \"$2\" = '$HOME' ] || exit 9\n"
                             "echo '{\"Version\": 1, \"AccessKeyId\": \"ARGSOK\", \"SecretAccessKey\": \"s\"}'\n",
                             true);
  write("config", "[default]\ncredential_process = " + script + " 'two words' '$HOME'\n");
  EXPECT_EQ(resolve().accessKeyId, "ARGSOK");
}

TEST_F(Chain, RoleConfigurationErrorsNeedNoNetwork) {
  write("credentials", "[base]\naws_access_key_id = K\naws_secret_access_key = FILESECRETvalue\n");
  write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = missing\n");
  expectError("28000", "source_profile 'missing'");
  write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\ncredential_source = Environment\n");
  expectError("28000", "mutually exclusive");
  write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Somewhere\n");
  expectError("28000", "invalid credential_source");
  write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\nmfa_serial = arn:mfa\n");
  expectError("28000", "mfa_serial");
  write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\ncredential_source = Environment\n");
  expectError("28000", "credential_source Environment");
  write("config", "[profile a]\nrole_arn = arn:aws:iam::1:role/a\nsource_profile = b\n"
                  "[profile b]\nrole_arn = arn:aws:iam::1:role/b\nsource_profile = a\n");
  expectError("28000", "role chain too long", "a");
}

TEST_F(Chain, WebIdentityNeedsARole) {
  write("token", "jwt");
  env_.set("AWS_WEB_IDENTITY_TOKEN_FILE", dir_ + "/token");
  expectError("28000", "AWS_ROLE_ARN");
}

TEST_F(Chain, ContainerSafetyRulesApplyBeforeAnyRequest) {
  env_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://169.254.169.254/creds");
  expectError("28000", "not allowed");
  env_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://evil.example.com/creds");
  expectError("28000", "not allowed");
  env_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "ftp://127.0.0.1/creds");
  expectError("28000", "not allowed");
  env_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/creds");
  env_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "CONTAINERAUTHvalue\r\nX-Injected: 1");
  expectError("28000", "CR or LF");
  write("authfile", "CONTAINERAUTHvalue\nsecond-line\n");
  env_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", dir_ + "/authfile");
  expectError("28000", "CR or LF");
}

TEST_F(Chain, SsoNeedsAValidCachedToken) {
  write("config", "[default]\nsso_session = corp\nsso_account_id = 111122223333\nsso_role_name = Dev\n"
                  "[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n");
  expectError("28000", "aws sso login");
  ::mkdir((dir_ + "/.aws").c_str(), 0700);
  ::mkdir((dir_ + "/.aws/sso").c_str(), 0700);
  ::mkdir((dir_ + "/.aws/sso/cache").c_str(), 0700);
  // sha1("corp"), computed with sha1sum: the cache file name botocore uses for sso_session "corp".
  write(".aws/sso/cache/ee0bfd2552fbd840c02cc48b6e823320543c450f.json",
        "{\"accessToken\": \"SSOACCESSTOKENvalue\", \"expiresAt\": \"2001-01-01T00:00:00Z\"}");
  expectError("28000", "has expired");
  write("config", "[default]\nsso_account_id = 111122223333\n");
  expectError("28000", "incomplete SSO configuration");
}

TEST_F(Chain, CacheKeyChangesWithConfigurationButHidesSecrets) {
  config_ = loadAwsConfig(env_);
  ctx_.env = &env_;
  ctx_.profile = "default";
  std::string k1 = credentialCacheKey(ctx_);
  env_.set("AWS_SECRET_ACCESS_KEY", "ENVSECRETvalue");
  std::string k2 = credentialCacheKey(ctx_);
  EXPECT_NE(k1, k2);
  EXPECT_EQ(k2.find("ENVSECRETvalue"), std::string::npos);
  ctx_.profile = "dev";
  EXPECT_NE(credentialCacheKey(ctx_), k2);
  ctx_.explicitKeys.secretAccessKey = "EXPLICITSECRET";
  EXPECT_EQ(credentialCacheKey(ctx_).find("EXPLICITSECRET"), std::string::npos);
}
