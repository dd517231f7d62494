// Starts tests/auth/fake_aws_server.py as a child process and talks to its control endpoints.
#include "fake_aws.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <stdexcept>

extern char** environ;

namespace dsql::test {

FakeAws::FakeAws() {
  int out[2], in[2];
  if (::pipe(out) != 0 || ::pipe(in) != 0) throw std::runtime_error("pipe failed");
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, out[1], 1);
  posix_spawn_file_actions_addclose(&fa, in[1]);
  posix_spawn_file_actions_addclose(&fa, out[0]);
  const char* argv[] = {DSQL_PYTHON3, DSQL_FAKE_AWS_SERVER, nullptr};
  int rc = posix_spawn(&pid_, DSQL_PYTHON3, &fa, nullptr, const_cast<char**>(argv), environ);
  posix_spawn_file_actions_destroy(&fa);
  ::close(in[0]);
  ::close(out[1]);
  if (rc != 0) throw std::runtime_error("cannot start the fake AWS server");
  stdin_ = in[1];  // the server exits when this closes
  FILE* f = ::fdopen(out[0], "r");
  char line[64] = {0};
  if (!f || !std::fgets(line, sizeof line, f)) throw std::runtime_error("fake AWS server printed no port");
  std::fclose(f);
  port_ = std::atoi(line);
  base_ = "http://127.0.0.1:" + std::to_string(port_);
}

FakeAws::~FakeAws() {
  ::close(stdin_);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) return;
    ::usleep(20000);
  }
  ::kill(pid_, SIGKILL);  // our own child, by pid
  ::waitpid(pid_, &status, 0);
}

void FakeAws::configure(const nlohmann::json& settings) {
  shim::http::Request r;
  r.method = "POST";
  r.url = base_ + "/__control";
  r.body = settings.dump();
  auto resp = http_.send(r);
  if (resp.status != 200) throw std::runtime_error("control failed: " + resp.body);
}

nlohmann::json FakeAws::requests() {
  shim::http::Request r;
  r.url = base_ + "/__requests";
  return nlohmann::json::parse(http_.send(r).body);
}

}  // namespace dsql::test
