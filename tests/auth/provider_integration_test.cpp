// Every network credential provider run for real against loopback HTTP servers (fake_aws_server.py):
// IMDSv2 and its v1 fallback rules, container credentials (relative/full URI, token and token file,
// retries), STS AssumeRole (signature verified by the server's own SigV4 code) and role chaining,
// AssumeRoleWithWebIdentity, SSO GetRoleCredentials, and makeConnectToken end to end with the cache.
// Also checks that no secret reaches an error message or the debug log.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "fake_aws.h"
#include "shim/auth/connect_token.h"
#include "shim/auth/credential_chain.h"
#include "shim/common/error.h"
#include "shim/common/log.h"

using namespace dsql::shim::auth;
using namespace std::chrono_literals;
using dsql::test::FakeAws;

namespace {

const char* kSecrets[] = {"source/secret+key", "imds/secret+key", "imds-session-token", "assumed/secret+key",
                          "assumed-session-token", "container/secret+key", "container-session-token",
                          "sso-access-token", "sso/secret+key", "web-identity-jwt", "webid/secret+key",
                          "CONTAINER-AUTH-TOKEN"};

std::string logPath() { return ::testing::TempDir() + "/auth_provider_tests_" + std::to_string(::getpid()) + ".log"; }

class Providers : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new FakeAws();
    dsql::log::configure(dsql::log::Level::Debug, logPath());  // every test below also feeds the log check
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    server_->configure({{"reset", true}});
    dir_ = ::testing::TempDir() + "/auth_prov_" + std::to_string(::getpid()) + "_" +
           ::testing::UnitTest::GetInstance()->current_test_info()->name();
    ::mkdir(dir_.c_str(), 0700);
    env_.set("HOME", dir_);
    env_.set("AWS_CONFIG_FILE", dir_ + "/config");
    env_.set("AWS_SHARED_CREDENTIALS_FILE", dir_ + "/credentials");
    env_.set("AWS_EC2_METADATA_DISABLED", "true");
    ctx_.options.containerRetrySleep = 10ms;
  }
  std::string write(const std::string& name, const std::string& text) {
    std::string path = dir_ + "/" + name;
    std::ofstream(path) << text;
    return path;
  }
  void useImds() {
    env_.unset("AWS_EC2_METADATA_DISABLED");
    env_.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", server_->base());
  }
  Credentials resolve(const std::string& explicitProfile = "") {
    config_ = loadAwsConfig(env_);
    ctx_.env = &env_;
    ctx_.http = &http_;
    ctx_.config = &config_;
    ctx_.profile = selectProfile(env_, explicitProfile);
    ctx_.explicitProfile = !explicitProfile.empty();
    return resolveCredentials(ctx_);
  }
  dsql::Error resolveError(const std::string& explicitProfile = "") {
    try {
      Credentials c = resolve(explicitProfile);
      ADD_FAILURE() << "expected an error, got credentials from " << c.source;
    } catch (const dsql::Error& e) {
      for (const char* s : kSecrets) EXPECT_EQ(std::string(e.what()).find(s), std::string::npos) << e.what();
      return e;
    }
    return dsql::Error("", "");
  }
  static bool contains(const std::string& hay, const std::string& needle) { return hay.find(needle) != std::string::npos; }

  static FakeAws* server_;
  std::string dir_;
  MapEnvironment env_;
  dsql::shim::http::CurlHttpClient http_;
  AwsConfig config_;
  ProviderContext ctx_;
};

FakeAws* Providers::server_ = nullptr;

}  // namespace

TEST_F(Providers, ImdsV2TokenThenRoleThenCredentials) {
  useImds();
  Credentials c = resolve();
  EXPECT_EQ(c.accessKeyId, "ASIAIMDS");
  EXPECT_EQ(c.sessionToken, "imds-session-token");
  EXPECT_EQ(c.source, "imds");
  ASSERT_TRUE(c.expiration);
  EXPECT_GT(*c.expiration, std::chrono::system_clock::now() + 5h);
  auto reqs = server_->requests();
  ASSERT_EQ(reqs.size(), 3u) << reqs.dump();
  EXPECT_EQ(reqs[0]["method"], "PUT");
  EXPECT_EQ(reqs[0]["path"], "/latest/api/token");
  EXPECT_EQ(reqs[0]["headers"]["x-aws-ec2-metadata-token-ttl-seconds"], "21600");
  EXPECT_EQ(reqs[1]["path"], "/latest/meta-data/iam/security-credentials/");
  EXPECT_EQ(reqs[2]["path"], "/latest/meta-data/iam/security-credentials/dsql-test-role");
  EXPECT_EQ(reqs[2]["headers"]["x-aws-ec2-metadata-token"], "imds-token-abc");
}

TEST_F(Providers, ImdsFallsBackToV1On403404405) {
  useImds();
  for (int status : {403, 404, 405}) {
    server_->configure({{"reset", true}, {"imds_token_status", status}, {"imds_require_token", false}});
    EXPECT_EQ(resolve().accessKeyId, "ASIAIMDS") << status;
    auto reqs = server_->requests();
    ASSERT_EQ(reqs.size(), 3u);
    EXPECT_FALSE(reqs[2]["headers"].contains("x-aws-ec2-metadata-token"));
  }
}

TEST_F(Providers, ImdsV1DisabledAnd400AreErrors) {
  useImds();
  server_->configure({{"imds_token_status", 405}, {"imds_require_token", false}});
  env_.set("AWS_EC2_METADATA_V1_DISABLED", "true");
  EXPECT_TRUE(contains(resolveError().what(), "AWS_EC2_METADATA_V1_DISABLED"));
  env_.unset("AWS_EC2_METADATA_V1_DISABLED");
  server_->configure({{"imds_token_status", 400}});
  dsql::Error e = resolveError();
  EXPECT_EQ(e.sqlstate(), "08001");
  EXPECT_TRUE(contains(e.what(), "HTTP 400")) << e.what();
}

TEST_F(Providers, ImdsTokenTimeoutFallsBackToV1WithinTheTimeout) {
  useImds();
  server_->configure({{"imds_token_delay", 2.5}, {"imds_require_token", false}});
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(resolve().accessKeyId, "ASIAIMDS");
  auto took = std::chrono::steady_clock::now() - start;
  EXPECT_GE(took, 900ms);  // waited for the 1 s default timeout ...
  EXPECT_LT(took, 2400ms);  // ... and not for the slow server
}

TEST_F(Providers, ImdsNoRoleMeansNoCredentials) {
  useImds();
  server_->configure({{"imds_role", nullptr}});
  dsql::Error e = resolveError();
  EXPECT_EQ(e.sqlstate(), "28000");
  EXPECT_TRUE(contains(e.what(), "no IAM role attached")) << e.what();
}

TEST_F(Providers, ImdsExplicitEndpointUnreachableIsAnError) {
  env_.unset("AWS_EC2_METADATA_DISABLED");
  env_.set("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1");
  dsql::Error e = resolveError();
  EXPECT_EQ(e.sqlstate(), "08001");
  EXPECT_TRUE(contains(e.what(), "EC2 instance metadata")) << e.what();
}

TEST_F(Providers, ImdsStaticStabilityAndFailureCode) {
  useImds();
  server_->configure({{"imds_expiry_seconds", 60}});
  Credentials c = resolve();
  ASSERT_TRUE(c.expiration);
  EXPECT_GE(*c.expiration, std::chrono::system_clock::now() + 15min + 110s);
  server_->configure({{"imds_code", "Failed"}});
  EXPECT_TRUE(contains(resolveError().what(), "Code=Failed"));
}

TEST_F(Providers, ContainerRelativeUriWithAuthorizationToken) {
  ctx_.options.containerRelativeBase = server_->base();
  env_.set("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/container/v2/credentials/abc");
  env_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "CONTAINER-AUTH-TOKEN");
  server_->configure({{"container_auth", "CONTAINER-AUTH-TOKEN"}});
  Credentials c = resolve();
  EXPECT_EQ(c.accessKeyId, "ASIACONTAINER");
  EXPECT_EQ(c.sessionToken, "container-session-token");
  EXPECT_EQ(c.source, "container");
  auto reqs = server_->requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0]["path"], "/container/v2/credentials/abc");
  EXPECT_EQ(reqs[0]["headers"]["accept"], "application/json");
}

TEST_F(Providers, ContainerFullUriRereadsTheTokenFile) {
  env_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server_->base() + "/container/full");
  env_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN", "ignored-when-file-set");
  env_.set("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE", write("eks-token", "first-token\n"));
  server_->configure({{"container_auth", "first-token"}});
  EXPECT_EQ(resolve().accessKeyId, "ASIACONTAINER");
  write("eks-token", "rotated-token");
  server_->configure({{"container_auth", "rotated-token"}});
  EXPECT_EQ(resolve().accessKeyId, "ASIACONTAINER");
}

TEST_F(Providers, ContainerRetriesServerErrorsButNotClientErrors) {
  env_.set("AWS_CONTAINER_CREDENTIALS_FULL_URI", server_->base() + "/container/full");
  server_->configure({{"container_fail_times", 2}});
  EXPECT_EQ(resolve().accessKeyId, "ASIACONTAINER");
  EXPECT_EQ(server_->requests().size(), 3u);
  server_->configure({{"reset", true}, {"container_auth", "needed"}});
  dsql::Error e = resolveError();
  EXPECT_EQ(e.sqlstate(), "28000");
  EXPECT_TRUE(contains(e.what(), "HTTP 401")) << e.what();
  EXPECT_EQ(server_->requests().size(), 1u);
}

TEST_F(Providers, AssumeRoleWithSourceProfileIsSignedAndParameterised) {
  env_.set("AWS_ENDPOINT_URL_STS", server_->base());
  write("credentials", "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source/secret+key\n");
  write("config", "[default]\nrole_arn = arn:aws:iam::123456789012:role/app-role\nsource_profile = base\n"
                  "role_session_name = my session\nexternal_id = ext-1\nduration_seconds = 1800\nregion = us-west-2\n");
  Credentials c = resolve();
  EXPECT_EQ(c.accessKeyId, "ASIAASSUMEDAPPROLE");
  EXPECT_EQ(c.secretAccessKey, "assumed/secret+key");
  EXPECT_EQ(c.sessionToken, "assumed-session-token");
  EXPECT_EQ(c.source, "assume-role:profile:default");
  ASSERT_TRUE(c.expiration);
  auto reqs = server_->requests();
  ASSERT_EQ(reqs.size(), 1u);
  std::string body = reqs[0]["body"];
  EXPECT_TRUE(contains(body, "Action=AssumeRole&")) << body;
  EXPECT_TRUE(contains(body, "RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fapp-role")) << body;
  EXPECT_TRUE(contains(body, "RoleSessionName=my%20session")) << body;
  EXPECT_TRUE(contains(body, "ExternalId=ext-1")) << body;
  EXPECT_TRUE(contains(body, "DurationSeconds=1800")) << body;
  std::string auth = reqs[0]["headers"]["authorization"];
  EXPECT_TRUE(contains(auth, "/us-west-2/sts/aws4_request")) << auth;
}

TEST_F(Providers, RoleChainingSignsTheSecondCallWithTheFirstRolesCredentials) {
  env_.set("AWS_ENDPOINT_URL", server_->base());  // the generic override works too
  server_->configure({{"sts_keys", {{"AKIDSOURCE", "source/secret+key"}, {"ASIAASSUMEDROLEB", "assumed/secret+key"}}}});
  write("credentials", "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source/secret+key\n");
  write("config", "[profile a]\nrole_arn = arn:aws:iam::1:role/role-a\nsource_profile = b\n"
                  "[profile b]\nrole_arn = arn:aws:iam::1:role/role-b\nsource_profile = base\n");
  Credentials c = resolve("a");
  EXPECT_EQ(c.accessKeyId, "ASIAASSUMEDROLEA");
  auto reqs = server_->requests();
  ASSERT_EQ(reqs.size(), 2u);
  EXPECT_TRUE(contains(reqs[0]["body"], "role-b"));
  EXPECT_TRUE(contains(reqs[1]["body"], "role-a"));
  EXPECT_EQ(reqs[1]["headers"]["x-amz-security-token"], "assumed-session-token");
  // Global endpoint semantics without a region: signed for us-east-1.
  EXPECT_TRUE(contains(reqs[1]["headers"]["authorization"], "/us-east-1/sts/aws4_request"));
}

TEST_F(Providers, StsErrorsArePassedThroughWithoutSecrets) {
  env_.set("AWS_ENDPOINT_URL_STS", server_->base());
  write("credentials", "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source/secret+key\n");
  write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n");
  server_->configure({{"sts_deny", "User: arn:aws:iam::1:user/u is not authorized to perform: sts:AssumeRole"}});
  dsql::Error e = resolveError();
  EXPECT_EQ(e.sqlstate(), "28000");
  EXPECT_TRUE(contains(e.what(), "AccessDenied: User: arn:aws:iam::1:user/u is not authorized")) << e.what();
  write("credentials", "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = wrong/secret\n");
  e = resolveError();
  EXPECT_TRUE(contains(e.what(), "SignatureDoesNotMatch")) << e.what();
  EXPECT_FALSE(contains(e.what(), "wrong/secret"));
}

TEST_F(Providers, AssumeRoleFromCredentialSourceEnvironment) {
  env_.set("AWS_ENDPOINT_URL_STS", server_->base());
  env_.set("AWS_ACCESS_KEY_ID", "AKIDSOURCE");
  env_.set("AWS_SECRET_ACCESS_KEY", "source/secret+key");
  write("config", "[profile ops]\nrole_arn = arn:aws:iam::1:role/ops\ncredential_source = Environment\n");
  EXPECT_EQ(resolve().source, "environment");  // not chosen explicitly: env keys win (botocore)
  Credentials c = resolve("ops");
  EXPECT_EQ(c.accessKeyId, "ASIAASSUMEDOPS");
  EXPECT_EQ(c.source, "assume-role:profile:ops");
}

TEST_F(Providers, WebIdentityFromTheEnvironmentIsUnsigned) {
  env_.set("AWS_ENDPOINT_URL_STS", server_->base());
  env_.set("AWS_WEB_IDENTITY_TOKEN_FILE", write("jwt", "web-identity-jwt\n"));
  env_.set("AWS_ROLE_ARN", "arn:aws:iam::1:role/irsa");
  env_.set("AWS_ROLE_SESSION_NAME", "pod-1");
  Credentials c = resolve();
  EXPECT_EQ(c.accessKeyId, "ASIAWEBID");
  EXPECT_EQ(c.source, "web-identity");
  auto reqs = server_->requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_FALSE(reqs[0]["headers"].contains("authorization"));
  EXPECT_TRUE(contains(reqs[0]["body"], "RoleSessionName=pod-1"));
  write("jwt", "another-token");
  dsql::Error e = resolveError();
  EXPECT_EQ(e.sqlstate(), "28000");
  EXPECT_TRUE(contains(e.what(), "InvalidIdentityToken")) << e.what();
}

TEST_F(Providers, SsoExchangesTheCachedTokenForRoleCredentials) {
  env_.set("AWS_ENDPOINT_URL_SSO", server_->base());
  write("config", "[profile dev]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1\n"
                  "sso_account_id = 111122223333\nsso_role_name = Developer\n");
  ::mkdir((dir_ + "/.aws").c_str(), 0700);
  ::mkdir((dir_ + "/.aws/sso").c_str(), 0700);
  ::mkdir((dir_ + "/.aws/sso/cache").c_str(), 0700);
  // sha1("https://corp.awsapps.com/start") computed with sha1sum.
  write(".aws/sso/cache/a51746d4aa793ae07b25e90c3a5db96fc7832bd7.json",
        "{\"startUrl\": \"https://corp.awsapps.com/start\", \"accessToken\": \"sso-access-token\", "
        "\"expiresAt\": \"2099-01-01T00:00:00UTC\"}");
  Credentials c = resolve("dev");
  EXPECT_EQ(c.accessKeyId, "ASIASSO");
  EXPECT_EQ(c.source, "sso:profile:dev");
  ASSERT_TRUE(c.expiration);
  EXPECT_GT(*c.expiration, std::chrono::system_clock::now() + 50min);
  auto reqs = server_->requests();
  ASSERT_EQ(reqs.size(), 1u);
  EXPECT_EQ(reqs[0]["path"], "/federation/credentials?role_name=Developer&account_id=111122223333");
  server_->configure({{"sso_token", "something-else"}});
  EXPECT_TRUE(contains(resolveError("dev").what(), "aws sso login --profile dev"));
}

TEST_F(Providers, MakeConnectTokenCachesCredentialsAndSignsEveryTime) {
  useImds();
  CredentialCache cache;
  AuthContext ac;
  ac.env = &env_;
  ac.http = &http_;
  ac.cache = &cache;
  ConnectTokenRequest req;
  req.host = "abcdefghijklmnopqrstuvwxyz";
  req.region = "us-east-1";
  req.user = "app";
  req.expiresIn = 604800s;
  ConnectToken t1 = makeConnectToken(req, ac);
  EXPECT_EQ(t1.hostname, "abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws");
  EXPECT_EQ(t1.credentialSource, "imds");
  EXPECT_TRUE(contains(t1.token, "Action=DbConnect&"));
  EXPECT_TRUE(contains(t1.token, "X-Amz-Security-Token=imds-session-token&"));
  // Clamped to the credentials' ~6 h lifetime.
  auto at = t1.token.find("X-Amz-Expires=");
  long long expires = std::stoll(t1.token.substr(at + 14));
  EXPECT_LE(expires, 6 * 3600);
  EXPECT_GT(expires, 6 * 3600 - 120);
  req.signingTime = std::chrono::system_clock::now() + 1s;
  ConnectToken t2 = makeConnectToken(req, ac);
  EXPECT_NE(t1.token, t2.token);
  EXPECT_EQ(server_->requests().size(), 3u);  // one IMDS round (3 requests) for both connects
  // A failing STS flow in the same process, so the log also holds error paths.
  env_.set("AWS_ENDPOINT_URL_STS", server_->base());
  write("credentials", "[base]\naws_access_key_id = AKIDSOURCE\naws_secret_access_key = source/secret+key\n");
  write("config", "[default]\nrole_arn = arn:aws:iam::1:role/r\nsource_profile = base\n");
  server_->configure({{"sts_deny", "denied for the log test"}});
  EXPECT_THROW(makeConnectToken(req, ac), dsql::Error);
  // No secret and no token in the debug log.
  std::ifstream in(logPath());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string log = ss.str();
  EXPECT_TRUE(contains(log, "auth: signed DbConnect token")) << "log not written?";
  for (const char* s : kSecrets) EXPECT_FALSE(contains(log, s)) << "secret in log: " << s;
  EXPECT_FALSE(contains(log, t1.token.substr(t1.token.find("X-Amz-Signature="))));
}
