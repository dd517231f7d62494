// Runs a credential_process command without a shell: the command line is split like a POSIX shell
// would split words (quotes and backslashes; no expansion), the program is found on PATH, stdout and
// stderr are captured, and the child is killed when it outlives the timeout.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace dsql::shim::auth {

// Throws 28000 on unbalanced quotes.
std::vector<std::string> splitCommandLine(std::string_view command);

struct ProcessResult {
  int exitCode = -1;     // -1 if killed by a signal
  bool timedOut = false;
  std::string out, err;
};

// Throws 28000 if the program cannot be started.
ProcessResult runProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout);

}  // namespace dsql::shim::auth
