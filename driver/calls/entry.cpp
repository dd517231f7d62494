// Exception-to-diagnostic translation for Entry.
#include "driver/calls/entry.h"

#include "driver/handles/connection.h"
#include "driver/handles/descriptor.h"
#include "driver/handles/statement.h"
#include "shim/policy/policy.h"

namespace dsql::driver::calls {

std::string_view serverOriginOf(Handle& h) {
  switch (h.kind()) {
    case HandleKind::Connection: return static_cast<Connection&>(h).serverOrigin();
    case HandleKind::Statement: return static_cast<Statement&>(h).connection().serverOrigin();
    case HandleKind::Descriptor: return static_cast<Descriptor&>(h).connection().serverOrigin();
    default: return "server";
  }
}

namespace {

// The policy's view of a failure: native code (OC000/OC001) and whether running it again may succeed.
shim::policy::Classification classifyFailure(const char* function, std::string_view state, std::string_view message) {
  bool connect = std::string_view(function).find("Connect") != std::string_view::npos;
  return shim::policy::classify(connect ? shim::policy::Phase::Connect : shim::policy::Phase::Statement, state, message);
}

}  // namespace

void recordException(Handle& h, const char* function) {
  try {
    throw;
  } catch (const pg::ServerError& e) {
    std::string state = e.sqlstate();
    if (e.connectionLost() && (state.empty() || state == "HY000")) state = "08S01";
    auto c = classifyFailure(function, state, e.what());
    h.diag().addServer(state, e.what(), serverOriginOf(h), shim::policy::nativeCode(c.conflict)).retryable =
        shim::policy::retryable(c);
    log::info(std::string(function) + " failed: " + state + " " + e.what());
  } catch (const Error& e) {
    auto c = classifyFailure(function, e.sqlstate(), e.what());
    h.diag().add(e.sqlstate(), e.what(), e.native() ? e.native() : shim::policy::nativeCode(c.conflict)).retryable =
        shim::policy::retryable(c);
    log::info(std::string(function) + " failed: " + e.sqlstate() + " " + e.what());
  } catch (const std::bad_alloc&) {
    h.diag().add("HY001", "Memory allocation error");
  } catch (const std::exception& e) {
    h.diag().add("HY000", std::string("Internal error: ") + e.what());
  } catch (...) {
    h.diag().add("HY000", "Internal error");
  }
}

}  // namespace dsql::driver::calls
