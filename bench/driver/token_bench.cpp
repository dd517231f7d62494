// token_bench: the time the driver spends signing a DSQL IAM token at connect, measured in isolation by
// calling the same entry point the driver calls (shim/auth/connect_token.h: endpoint and region
// resolution, the cached credential chain, SigV4 presigning). Run by driver_bench as the "token" client;
// prints one Measure line ("seconds ops checksum 0 0"). Credentials come from the environment, as the
// driver's do (bench/run.sh sets the emulator's static test keys).
//   token_bench --host ENDPOINT [--iters N]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string>

#include "shim/auth/connect_token.h"

int main(int argc, char** argv) {
  dsql::shim::auth::ConnectTokenRequest req;
  req.user = "admin";
  int iters = 3000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--host")) req.host = argv[i + 1];
    if (!std::strcmp(argv[i], "--iters")) iters = std::atoi(argv[i + 1]);
  }
  try {
    long long sum = 0;
    auto sign = [&req] { return static_cast<long long>(dsql::shim::auth::makeConnectToken(req).token.size()); };
    for (int i = 0; i < iters / 10; ++i) sum += sign();  // the first call also resolves the credentials
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < iters; ++i) sum += sign();
    const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("%.9f %d %lld 0 0\n", s, iters, sum);  // the token's length only, never the token
    return 0;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "token_bench: %s\n", e.what());
    return 1;
  }
}
