// The connection doctor: walks the steps of a connect one at a time and says, in plain words, what each
// found — settings (secrets masked), AWS credentials (which source answered, which were tried), region,
// DNS, TCP, TLS, token signing, authentication, server version — then a one-line verdict naming the first
// failing step and its fix. It reuses the driver's own pieces: driver/config for the keys and the connect
// plan, shim/auth for the credential chain and the signer, driver/pg for the login itself.
#pragma once

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

namespace dsql::doctor {

struct Options {
  std::string connectionString;  // "DSN=...;..." or "Server=...;..." (a bare name is taken as a DSN)
  std::optional<std::chrono::system_clock::time_point> signingTime;  // sign as of this time (tests)
  std::chrono::seconds timeout{0};  // per network step; 0 = LoginTimeout, else 10 s
};

// Runs every step it can, printing each and the verdict to `out`. Returns 0 when the connection works,
// 1 when a step failed.
int runDoctor(const Options& options, std::ostream& out);

}  // namespace dsql::doctor
