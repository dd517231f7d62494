// credential_process execution (see process_runner.h). posix_spawnp rather than fork: the driver lives in
// multi-threaded hosts, where only async-signal-safe work may happen between fork and exec.
#include "shim/auth/process_runner.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "shim/auth/provider.h"

extern char** environ;

namespace dsql::shim::auth {
namespace {

struct Fd {
  int fd = -1;
  ~Fd() { reset(); }
  void reset() {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

constexpr size_t kMaxOutput = 1 << 20;

// Reads whatever is available from the pipes until both close or the deadline passes.
bool pump(Fd& out, Fd& err, ProcessResult& r, std::chrono::steady_clock::time_point deadline) {
  while (out.fd >= 0 || err.fd >= 0) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return false;
    pollfd fds[2] = {{out.fd, POLLIN, 0}, {err.fd, POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(left.count()));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return n == 0 ? false : true;
    Fd* pipes[2] = {&out, &err};
    std::string* sinks[2] = {&r.out, &r.err};
    for (int i = 0; i < 2; ++i) {
      if (pipes[i]->fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      char buf[4096];
      ssize_t got = ::read(pipes[i]->fd, buf, sizeof buf);
      if (got <= 0) {
        if (got < 0 && errno == EINTR) continue;
        pipes[i]->reset();
      } else if (sinks[i]->size() < kMaxOutput) {
        sinks[i]->append(buf, static_cast<size_t>(got));
      }
    }
  }
  return true;
}

}  // namespace

std::vector<std::string> splitCommandLine(std::string_view s) {
  std::vector<std::string> words;
  std::string cur;
  bool inWord = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (inWord) words.push_back(std::move(cur));
      cur.clear();
      inWord = false;
    } else if (c == '\'') {
      size_t end = s.find('\'', i + 1);
      if (end == std::string_view::npos) credentialError("invalid credential_process", "unbalanced single quote");
      cur.append(s.substr(i + 1, end - i - 1));
      i = end;
      inWord = true;
    } else if (c == '"') {
      size_t j = i + 1;
      for (; j < s.size() && s[j] != '"'; ++j) {
        if (s[j] == '\\' && j + 1 < s.size() && std::strchr("\"\\$`", s[j + 1])) ++j;
        cur.push_back(s[j]);
      }
      if (j >= s.size()) credentialError("invalid credential_process", "unbalanced double quote");
      i = j;
      inWord = true;
    } else if (c == '\\' && i + 1 < s.size()) {
      cur.push_back(s[++i]);
      inWord = true;
    } else {
      cur.push_back(c);
      inWord = true;
    }
  }
  if (inWord) words.push_back(std::move(cur));
  return words;
}

ProcessResult runProcess(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  if (argv.empty()) credentialError("invalid credential_process", "empty command");
  int outPipe[2], errPipe[2];
  if (::pipe2(outPipe, O_CLOEXEC) != 0) credentialError("cannot run credential_process", std::strerror(errno));
  if (::pipe2(errPipe, O_CLOEXEC) != 0) {
    ::close(outPipe[0]);
    ::close(outPipe[1]);
    credentialError("cannot run credential_process", std::strerror(errno));
  }
  Fd outR{outPipe[0]}, outW{outPipe[1]}, errR{errPipe[0]}, errW{errPipe[1]};
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&fa, outW.fd, 1);
  posix_spawn_file_actions_adddup2(&fa, errW.fd, 2);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  int rc = posix_spawnp(&pid, args[0], &fa, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) credentialError("cannot run credential_process '" + argv[0] + "'", std::strerror(rc));
  outW.reset();
  errW.reset();
  ProcessResult r;
  auto deadline = std::chrono::steady_clock::now() + timeout;
  if (!pump(outR, errR, r, deadline)) {
    r.timedOut = true;
    ::kill(pid, SIGKILL);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

}  // namespace dsql::shim::auth
