// SigV4 against AWS's published vectors: the Signature Version 4 test suite (AKIDEXAMPLE,
// 20150830T123600Z, us-east-1, service "service") and the S3 query-string-auth (presigned URL) example.
// Each case checks the canonical request, the string to sign and the signature, not just the last.
#include <gtest/gtest.h>

#include "shim/auth/sigv4.h"

namespace sv = dsql::shim::auth::sigv4;
using dsql::shim::auth::Credentials;
using dsql::shim::auth::parseIso8601;

namespace {

const Credentials kSuiteCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", std::nullopt, ""};
const sv::Scope kSuiteScope{"20150830", "us-east-1", "service"};
constexpr const char* kSuiteDate = "20150830T123600Z";

struct SuiteCase {
  const char* name;
  sv::RequestInput input;
  const char* canonical;      // exact canonical request
  const char* stsHash;        // last line of the string to sign
  const char* signature;
};

std::string sign(const sv::RequestInput& in, std::string* creq = nullptr, std::string* sts = nullptr) {
  sv::Canonical c = sv::canonicalRequest(in);
  std::string s = sv::stringToSign(kSuiteDate, kSuiteScope, c.request);
  if (creq) *creq = c.request;
  if (sts) *sts = s;
  return sv::signature(sv::signingKey(kSuiteCreds.secretAccessKey, kSuiteScope), s);
}

const sv::Pairs kBaseHeaders{{"Host", "example.amazonaws.com"}, {"X-Amz-Date", "20150830T123600Z"}};

}  // namespace

TEST(SigV4Suite, PublishedVectors) {
  std::vector<SuiteCase> cases = {
      {"get-vanilla",
       {"GET", "/", {}, kBaseHeaders, std::string(sv::kEmptyPayloadHash)},
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query (empty query)",
       {"GET", "/", {}, kBaseHeaders, std::string(sv::kEmptyPayloadHash)},
       "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63",
       "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"},
      {"get-vanilla-query-order-key-case",
       {"GET", "/", {{"Param2", "value2"}, {"Param1", "value1"}}, kBaseHeaders, std::string(sv::kEmptyPayloadHash)},
       "GET\n/\nParam1=value1&Param2=value2\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n"
       "host;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       nullptr,
       "b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500"},
      {"get-utf8",
       {"GET", sv::canonicalUri("/\xE1\x88\xB4"), {}, kBaseHeaders, std::string(sv::kEmptyPayloadHash)},
       "GET\n/%E1%88%B4\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
       "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       nullptr,
       "8318018e0b0f223aa2bbf98705b62bb787dc9c0e678f255a891fd03141be5d85"},
      {"post-x-www-form-urlencoded",
       {"POST", "/", {},
        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Host", "example.amazonaws.com"},
         {"X-Amz-Date", "20150830T123600Z"}},
        sv::sha256Hex("Param1=value1")},
       "POST\n/\n\ncontent-type:application/x-www-form-urlencoded\nhost:example.amazonaws.com\n"
       "x-amz-date:20150830T123600Z\n\ncontent-type;host;x-amz-date\n"
       "9095672bbd1f56dfc5b65f3e153adc8731a4a654192329106275f4c7b24d0b6e",
       "42a5e5bb34198acb3e84da4f085bb7927f2bc277ca766e6d19c73c2154021281",
       "ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a"},
      {"get-header-key-duplicate",
       {"GET", "/", {},
        {{"Host", "example.amazonaws.com"}, {"My-Header1", "value2"}, {"My-Header1", "value2"},
         {"My-Header1", "value1"}, {"X-Amz-Date", "20150830T123600Z"}},
        std::string(sv::kEmptyPayloadHash)},
       "GET\n/\n\nhost:example.amazonaws.com\nmy-header1:value2,value2,value1\nx-amz-date:20150830T123600Z\n\n"
       "host;my-header1;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
       "dc7f04a3abfde8d472b0ab1a418b741b7c67174dad1551b4117b15527fbe966c",
       "c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    std::string creq, sts;
    EXPECT_EQ(sign(c.input, &creq, &sts), c.signature);
    EXPECT_EQ(creq, c.canonical);
    EXPECT_EQ(sts.substr(0, sts.rfind('\n')), "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request");
    if (c.stsHash) {
      EXPECT_EQ(sts.substr(sts.rfind('\n') + 1), c.stsHash);
    }
  }
}

TEST(SigV4Suite, GetUtf8StringToSignHashPrefix) {
  std::string creq, sts;
  sign({"GET", sv::canonicalUri("/\xE1\x88\xB4"), {}, kBaseHeaders, std::string(sv::kEmptyPayloadHash)}, &creq, &sts);
  EXPECT_EQ(sts.substr(sts.rfind('\n') + 1, 60), "2a0a97d02205e45ce2e994789806b19270cfbbb0921b278ccf58f5249ac4");
}

TEST(SigV4Suite, HeaderSigningBuildsTheAuthorizationHeader) {
  // post-x-www-form-urlencoded through the high-level header signer.
  sv::SignInput in;
  in.method = "POST";
  in.host = "example.amazonaws.com";
  in.headers = {{"Content-Type", "application/x-www-form-urlencoded"}};
  in.payloadHash = sv::sha256Hex("Param1=value1");
  in.region = "us-east-1";
  in.service = "service";
  in.time = *parseIso8601("2015-08-30T12:36:00Z");
  sv::Signed s = sv::signHeaders(in, kSuiteCreds);
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-date, "
            "Signature=ff11897932ad3f4e8b18135d722051e5ac45fc38421b1da7b9d196a0fe09473a");
  ASSERT_EQ(s.addedHeaders.size(), 1u);
  EXPECT_EQ(s.addedHeaders[0].second, "20150830T123600Z");
  // A session token is signed as x-amz-security-token and sent.
  Credentials withToken = kSuiteCreds;
  withToken.sessionToken = "tok";
  sv::Signed t = sv::signHeaders(in, withToken);
  EXPECT_NE(t.authorization.find("SignedHeaders=content-type;host;x-amz-date;x-amz-security-token,"), std::string::npos);
  EXPECT_NE(t.signature, s.signature);
}

TEST(SigV4Presign, S3QueryStringAuthExample) {
  // docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html (GET examplebucket/test.txt).
  Credentials creds{"AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "", std::nullopt, ""};
  sv::SignInput in;
  in.method = "GET";
  in.host = "examplebucket.s3.amazonaws.com";
  in.rawPath = "/test.txt";
  in.payloadHash = "UNSIGNED-PAYLOAD";
  in.region = "us-east-1";
  in.service = "s3";
  in.time = *parseIso8601("2013-05-24T00:00:00Z");
  sv::Signed s = sv::presign(in, creds, 86400);
  EXPECT_EQ(s.canonicalRequest,
            "GET\n/test.txt\nX-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2F"
            "us-east-1%2Fs3%2Faws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host\n"
            "host:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD");
  EXPECT_EQ(s.stringToSign,
            "AWS4-HMAC-SHA256\n20130524T000000Z\n20130524/us-east-1/s3/aws4_request\n"
            "3bfa292879f6447bbcda7001decf97f4a54dc650c8942174ae0a9121cf58ad04");
  EXPECT_EQ(s.signature, "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
  EXPECT_EQ(s.query,
            "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2F"
            "aws4_request&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host&X-Amz-Signature="
            "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404");
}

TEST(SigV4Encoding, UriEncodeKeepsOnlyUnreserved) {
  EXPECT_EQ(sv::uriEncode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(sv::uriEncode("a b+c=d&e/f%"), "a%20b%2Bc%3Dd%26e%2Ff%25");
  EXPECT_EQ(sv::uriEncode("a/b", false), "a/b");
  EXPECT_EQ(sv::uriEncode("\xE1\x88\xB4"), "%E1%88%B4");
  EXPECT_EQ(sv::canonicalUri(""), "/");
}

TEST(SigV4Encoding, CanonicalQuerySortsByEncodedNameThenValue) {
  EXPECT_EQ(sv::canonicalQuery({{"b", "2"}, {"a", "1"}, {"A", "0"}, {"a", "0"}}), "A=0&a=0&a=1&b=2");
  EXPECT_EQ(sv::canonicalQuery({{"k", "v w/x"}}), "k=v%20w%2Fx");
}

TEST(SigV4Encoding, HeaderValuesAreTrimmedAndCollapsed) {
  auto h = sv::canonicalHeaders({{"My-Header1", "  a   b \t c  "}, {"Host", "x"}});
  EXPECT_EQ(h.block, "host:x\nmy-header1:a b c\n");
  EXPECT_EQ(h.signedHeaders, "host;my-header1");
}

TEST(SigV4Keys, SigningKeyDependsOnEveryScopePart) {
  std::string base = sv::signingKey("secret", {"20150830", "us-east-1", "service"});
  EXPECT_EQ(base.size(), 32u);
  EXPECT_NE(base, sv::signingKey("secret", {"20150831", "us-east-1", "service"}));
  EXPECT_NE(base, sv::signingKey("secret", {"20150830", "us-west-2", "service"}));
  EXPECT_NE(base, sv::signingKey("secret", {"20150830", "us-east-1", "dsql"}));
  EXPECT_NE(base, sv::signingKey("secreT", {"20150830", "us-east-1", "service"}));
}
