// DSQL token vectors (docs/dsql-behaviour.md §1.3, from aws-sdk-java-v2 DefaultDsqlUtilitiesTest), endpoint/region
// rules (§1.2), action selection, expiry clamping and the end-to-end makeConnectToken path with explicit
// keys and an injected environment (no network: IMDS disabled, and an HttpClient that fails the test).
#include <gtest/gtest.h>

#include "shim/auth/connect_token.h"
#include "shim/auth/dsql_token.h"
#include "shim/auth/sigv4.h"
#include "shim/common/error.h"

using namespace dsql::shim::auth;
using namespace std::chrono_literals;

namespace {

const Credentials kVectorCreds{"access_key", "secret_key", "", std::nullopt, ""};
const TimePoint kVectorTime = *parseIso8601("2024-11-07T17:39:33Z");

std::string signatureOf(const std::string& token) {
  auto at = token.find("X-Amz-Signature=");
  return at == std::string::npos ? "" : token.substr(at + 16);
}

class NoNetwork : public dsql::shim::http::HttpClient {
 public:
  dsql::shim::http::Response send(const dsql::shim::http::Request& r) override {
    ADD_FAILURE() << "unexpected HTTP call to " << r.url;
    throw dsql::Error("08001", "no network in this test");
  }
};

}  // namespace

TEST(DsqlToken, JavaSdkVectors) {
  struct Row {
    DsqlAction action;
    long long expires;
    const char* signature;
  } rows[] = {
      {DsqlAction::DbConnect, 900, "e319d85380261f643d78a558f76257f05aacea758a6ccd42a2510e2ae0854a47"},
      {DsqlAction::DbConnectAdmin, 900, "a08adc4c84a490014ce374b90c98ba9ed015b77b451c0d9f9fb3f8ca8c6f9c36"},
      {DsqlAction::DbConnect, 3600, "63987ab6908fe81bfcaa5a5120444a8d012751992bcdfec351522db555232c51"},
      {DsqlAction::DbConnectAdmin, 3600, "46e02dfc8d6d07289b9e5910ccd9a50f1c3b798e48ccd92153255df508bd0b82"},
  };
  for (const auto& r : rows) {
    std::string t = generateDsqlToken("test.dsql.us-east-1.on.aws", "us-east-1", r.action, r.expires, kVectorCreds,
                                      kVectorTime);
    EXPECT_EQ(signatureOf(t), r.signature) << t;
  }
}

TEST(DsqlToken, SortedFormOfTheFirstVector) {
  EXPECT_EQ(generateDsqlToken("test.dsql.us-east-1.on.aws", "us-east-1", DsqlAction::DbConnect, 900, kVectorCreds,
                              kVectorTime),
            "test.dsql.us-east-1.on.aws/?Action=DbConnect&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
            "access_key%2F20241107%2Fus-east-1%2Fdsql%2Faws4_request&X-Amz-Date=20241107T173933Z&X-Amz-Expires=900"
            "&X-Amz-SignedHeaders=host&X-Amz-Signature=e319d85380261f643d78a558f76257f05aacea758a6ccd42a2510e2ae0854a47");
}

TEST(DsqlToken, SessionTokenIsEncodedAndSigned) {
  Credentials c{"ASIAEMULATORSESSION1", "emulator/session/secret+key", "emulator-session-token/with+special=chars",
                std::nullopt, ""};
  std::string t = generateDsqlToken("test.dsql.us-east-1.on.aws", "us-east-1", DsqlAction::DbConnect, 900, c, kVectorTime);
  EXPECT_NE(t.find("&X-Amz-Security-Token=emulator-session-token%2Fwith%2Bspecial%3Dchars&"), std::string::npos) << t;
  EXPECT_EQ(t.find("emulator/session"), std::string::npos);  // the secret itself is never in a token
  Credentials noToken = c;
  noToken.sessionToken.clear();
  std::string t2 = generateDsqlToken("test.dsql.us-east-1.on.aws", "us-east-1", DsqlAction::DbConnect, 900, noToken,
                                     kVectorTime);
  EXPECT_NE(signatureOf(t), signatureOf(t2));
  EXPECT_EQ(t2.find("X-Amz-Security-Token"), std::string::npos);
}

TEST(DsqlToken, ActionForUser) {
  EXPECT_EQ(actionForUser("admin"), DsqlAction::DbConnectAdmin);
  EXPECT_EQ(actionForUser("Admin"), DsqlAction::DbConnect);  // role names are case-sensitive
  EXPECT_EQ(actionForUser("app_user"), DsqlAction::DbConnect);
  EXPECT_EQ(actionForUser("app_user", true), DsqlAction::DbConnectAdmin);
  EXPECT_EQ(actionForUser(""), DsqlAction::DbConnect);
}

TEST(Endpoint, RegionFromHostTable) {
  struct Row {
    const char* host;
    const char* region;  // nullptr: no match
  } rows[] = {
      {"abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws", "us-east-1"},
      {"abc.dsql-fnh4.eu-west-2.on.aws", "eu-west-2"},
      {"x.y.dsql.ap-southeast-2.on.aws", "ap-southeast-2"},
      {"dsql.us-east-1.on.aws", nullptr},          // needs a label before ".dsql"
      {"abc.dsql.on.aws", nullptr},
      {"abc.rds.us-east-1.amazonaws.com", nullptr},
      {"abc.notdsql.us-east-1.on.aws", nullptr},
      {"abc.dsql.us-east-1.on.aws.evil.com", nullptr},
      {"localhost", nullptr},
  };
  for (const auto& r : rows) {
    auto got = regionFromHost(r.host);
    if (r.region) {
      EXPECT_EQ(got.value_or("<none>"), r.region) << r.host;
    } else {
      EXPECT_FALSE(got.has_value()) << r.host << " -> " << got.value_or("");
    }
  }
}

TEST(Endpoint, ClusterIdsAndIsDsqlHost) {
  EXPECT_TRUE(isClusterId("abcdefghijklmnopqrstuvwxyz"));
  EXPECT_TRUE(isClusterId("a1b2c3d4e5f6g7h8i9j0k1l2m3"));
  EXPECT_FALSE(isClusterId("abcdefghijklmnopqrstuvwxy"));    // 25
  EXPECT_FALSE(isClusterId("Abcdefghijklmnopqrstuvwxyz"));   // upper case
  EXPECT_FALSE(isClusterId("abcdefghijklmnopqrstuvwxy-"));
  EXPECT_TRUE(isDsqlHost("abcdefghijklmnopqrstuvwxyz"));
  EXPECT_TRUE(isDsqlHost("abcdefghijklmnopqrstuvwxyz.dsql.us-east-1.on.aws"));
  EXPECT_TRUE(isDsqlHost("https://abc.dsql-x1.us-west-2.on.aws:5432/"));
  EXPECT_FALSE(isDsqlHost("localhost"));
  EXPECT_FALSE(isDsqlHost("db.example.com"));
  EXPECT_FALSE(isDsqlHost(""));
}

TEST(Endpoint, NormalizeHost) {
  EXPECT_EQ(normalizeHost("https://ABC.dsql.us-east-1.on.aws/"), "abc.dsql.us-east-1.on.aws");
  EXPECT_EQ(normalizeHost("abc.dsql.us-east-1.on.aws:5432"), "abc.dsql.us-east-1.on.aws");
  EXPECT_EQ(normalizeHost("http://host"), "host");
}

TEST(Endpoint, ResolvePrecedenceAndExpansion) {
  MapEnvironment env({{"AWS_REGION", "eu-north-1"}, {"AWS_DEFAULT_REGION", "sa-east-1"}});
  // Host-derived region wins over Region key and environment.
  auto e = resolveEndpoint("abc.dsql.us-east-1.on.aws", "us-west-2", env);
  EXPECT_EQ(e.region, "us-east-1");
  EXPECT_EQ(e.hostname, "abc.dsql.us-east-1.on.aws");
  // Bare id: Region key, then AWS_REGION, then AWS_DEFAULT_REGION.
  e = resolveEndpoint("abcdefghijklmnopqrstuvwxyz", "us-west-2", env);
  EXPECT_EQ(e.hostname, "abcdefghijklmnopqrstuvwxyz.dsql.us-west-2.on.aws");
  EXPECT_EQ(resolveEndpoint("abcdefghijklmnopqrstuvwxyz", "", env).region, "eu-north-1");
  env.unset("AWS_REGION");
  EXPECT_EQ(resolveEndpoint("abcdefghijklmnopqrstuvwxyz", "", env).region, "sa-east-1");
  env.unset("AWS_DEFAULT_REGION");
  try {
    resolveEndpoint("abcdefghijklmnopqrstuvwxyz", "", env);
    FAIL() << "expected 08001";
  } catch (const dsql::Error& err) {
    EXPECT_EQ(err.sqlstate(), "08001");
    EXPECT_NE(std::string(err.what()).find("AWS_REGION"), std::string::npos);
  }
  // A custom name (e.g. a CNAME) signs as given, with the Region key.
  EXPECT_EQ(resolveEndpoint("db.internal.example", "us-east-2", env).hostname, "db.internal.example");
  for (const char* bad : {"", "https://", "bad host", "a/b.dsql.us-east-1.on.aws"}) {
    try {
      resolveEndpoint(bad, "us-east-1", env);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const dsql::Error& err) {
      EXPECT_EQ(err.sqlstate(), "08001") << bad;
    }
  }
}

TEST(Expiry, ClampedToRangeAndToCredentialLifetime) {
  Credentials forever{"a", "s", "", std::nullopt, "test"};
  EXPECT_EQ(effectiveExpiresIn(900s, forever, kVectorTime), 900);
  EXPECT_EQ(effectiveExpiresIn(0s, forever, kVectorTime), 1);
  EXPECT_EQ(effectiveExpiresIn(-5s, forever, kVectorTime), 1);
  EXPECT_EQ(effectiveExpiresIn(604800s, forever, kVectorTime), 604800);
  EXPECT_EQ(effectiveExpiresIn(604801s, forever, kVectorTime), 604800);
  Credentials shortLived = forever;
  shortLived.expiration = kVectorTime + 300s;
  EXPECT_EQ(effectiveExpiresIn(900s, shortLived, kVectorTime), 300);
  EXPECT_EQ(effectiveExpiresIn(60s, shortLived, kVectorTime), 60);
  shortLived.expiration = kVectorTime - 1s;
  try {
    effectiveExpiresIn(900s, shortLived, kVectorTime);
    FAIL() << "expected expired";
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "28000");
    EXPECT_NE(std::string(e.what()).find("expired"), std::string::npos);
  }
}

TEST(ConnectToken, ExplicitKeysEndToEnd) {
  MapEnvironment env({{"HOME", "/nonexistent-home"}, {"AWS_EC2_METADATA_DISABLED", "true"}});
  NoNetwork http;
  AuthContext ctx;
  ctx.env = &env;
  ctx.http = &http;
  ctx.cache = nullptr;
  ConnectTokenRequest req;
  req.host = "test.dsql.us-east-1.on.aws";
  req.user = "admin";
  req.expiresIn = 3600s;
  req.accessKeyId = "access_key";
  req.secretAccessKey = "secret_key";
  req.signingTime = kVectorTime;
  ConnectToken t = makeConnectToken(req, ctx);
  EXPECT_EQ(signatureOf(t.token), "46e02dfc8d6d07289b9e5910ccd9a50f1c3b798e48ccd92153255df508bd0b82");
  EXPECT_EQ(t.hostname, "test.dsql.us-east-1.on.aws");
  EXPECT_EQ(t.region, "us-east-1");
  EXPECT_EQ(t.credentialSource, "explicit");
  // Each call signs afresh: another time gives another token.
  req.signingTime = kVectorTime + 1s;
  EXPECT_NE(makeConnectToken(req, ctx).token, t.token);
}

TEST(ConnectToken, ExpiredEnvironmentCredentialsAreRefused) {
  MapEnvironment env({{"HOME", "/nonexistent-home"}, {"AWS_EC2_METADATA_DISABLED", "true"},
                      {"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "SECRETENVVALUE"},
                      {"AWS_SESSION_TOKEN", "TOKENENVVALUE"}, {"AWS_CREDENTIAL_EXPIRATION", "2024-11-07T17:00:00Z"}});
  NoNetwork http;
  AuthContext ctx;
  ctx.env = &env;
  ctx.http = &http;
  ctx.cache = nullptr;
  ConnectTokenRequest req;
  req.host = "test.dsql.us-east-1.on.aws";
  req.signingTime = kVectorTime;
  try {
    makeConnectToken(req, ctx);
    FAIL();
  } catch (const dsql::Error& e) {
    EXPECT_EQ(e.sqlstate(), "28000");
    std::string m = e.what();
    EXPECT_NE(m.find("environment"), std::string::npos) << m;
    EXPECT_NE(m.find("2024-11-07T17:00:00Z"), std::string::npos) << m;
    EXPECT_EQ(m.find("SECRETENVVALUE"), std::string::npos);
    EXPECT_EQ(m.find("TOKENENVVALUE"), std::string::npos);
  }
  // Ten minutes of lifetime left: the token's X-Amz-Expires is capped at 600.
  env.set("AWS_CREDENTIAL_EXPIRATION", "2024-11-07T17:49:33Z");
  req.expiresIn = 3600s;
  EXPECT_NE(makeConnectToken(req, ctx).token.find("X-Amz-Expires=600&"), std::string::npos);
}
