// Implementation of the process-wide log: one mutex-guarded sink, level read once from the environment.
#include "shim/common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <regex>

namespace dsql::log {
namespace {

std::atomic<int> g_level{-1};  // -1: not yet read from the environment
std::mutex g_mutex;
FILE* g_file = nullptr;

int levelFromEnv() {
  const char* v = std::getenv("DSQLODBC_LOG");
  int lvl = v ? static_cast<int>(parseLevel(v)) : 0;
  if (lvl > 0) {
    const char* f = std::getenv("DSQLODBC_LOG_FILE");
    if (f && *f) g_file = std::fopen(f, "a");
  }
  return lvl;
}

}  // namespace

Level parseLevel(std::string_view t) {
  if (t == "error" || t == "1") return Level::Error;
  if (t == "warn" || t == "warning" || t == "2") return Level::Warn;
  if (t == "info" || t == "3") return Level::Info;
  if (t == "debug" || t == "trace" || t == "4") return Level::Debug;
  return Level::Off;
}

void configure(Level level, const std::string& file) {
  std::lock_guard<std::mutex> lock(g_mutex);
  if (!file.empty()) {
    FILE* f = std::fopen(file.c_str(), "a");
    if (f) {
      if (g_file) std::fclose(g_file);
      g_file = f;
    }
  }
  // A connection may raise the level but never silence what the environment asked for.
  int cur = g_level.load();
  if (cur < 0) cur = levelFromEnv();
  g_level.store(std::max(cur, static_cast<int>(level)));
}

bool enabled(Level level) {
  int cur = g_level.load(std::memory_order_relaxed);
  if (cur < 0) {
    std::lock_guard<std::mutex> lock(g_mutex);
    cur = g_level.load();
    if (cur < 0) {
      cur = levelFromEnv();
      g_level.store(cur);
    }
  }
  return static_cast<int>(level) <= cur && cur > 0;
}

void write(Level level, std::string_view message) {
  static const char* names[] = {"OFF", "ERROR", "WARN", "INFO", "DEBUG"};
  std::string safe = redact(message);
  auto now = std::chrono::system_clock::now();
  std::time_t t = std::chrono::system_clock::to_time_t(now);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", &tm);
  std::lock_guard<std::mutex> lock(g_mutex);
  FILE* out = g_file ? g_file : stderr;
  std::fprintf(out, "%s dsqlodbc %s %.*s\n", stamp, names[static_cast<int>(level)],
               static_cast<int>(safe.size()), safe.data());
  std::fflush(out);
}

std::string redact(std::string_view text) {
  // Values of signature-bearing query parameters, and of key=value pairs whose key names a secret.
  static const std::regex patterns(
      R"((X-Amz-Signature=|X-Amz-Security-Token=|X-Amz-Credential=|(?:pwd|password|secretaccesskey|sessiontoken|secret_access_key|aws_secret_access_key|aws_session_token)\s*=\s*)(\{[^}]*\}|[^;&\s]+))",
      std::regex::icase);
  return std::regex_replace(std::string(text), patterns, "$1***");
}

}  // namespace dsql::log
