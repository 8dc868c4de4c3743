// PostgreSQL for tests: the server ctest's `pg` fixture started ($JIKENBO_TEST_PG, its admin
// URI), or else one this process starts with tests/pg_server.sh and stops at exit. Each test
// gets a database of its own.
#include <fmt/format.h>
#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <mutex>

#include "tests/testing.h"

namespace jikenbo::testing {
namespace {

std::string own_dir;  // the server this process started, if it did

void StopOwnServer() {
  if (own_dir.empty()) return;
  const std::string cmd =
      fmt::format("bash '{}/tests/pg_server.sh' stop '{}'", SourceDir(), own_dir);
  (void)std::system(cmd.c_str());
}

// postgresql:///postgres?host=... with the database replaced.
std::string WithDatabase(const std::string& admin, const std::string& name) {
  const size_t at = admin.find("/postgres");
  if (at == std::string::npos) return admin;
  return admin.substr(0, at + 1) + name + admin.substr(at + 9);
}

bool Admin(const std::string& sql, std::string* error) {
  PGconn* conn = PQconnectdb(PgAdminUri().c_str());
  bool ok = PQstatus(conn) == CONNECTION_OK;
  if (ok) {
    PGresult* res = PQexec(conn, sql.c_str());
    ok = PQresultStatus(res) == PGRES_COMMAND_OK;
    if (!ok && error != nullptr) *error = PQresultErrorMessage(res);
    PQclear(res);
  } else if (error != nullptr) {
    *error = PQerrorMessage(conn);
  }
  PQfinish(conn);
  return ok;
}

}  // namespace

const std::string& PgAdminUri() {
  static std::once_flag once;
  static std::string uri;
  std::call_once(once, [] {
    if (const char* env = std::getenv("JIKENBO_TEST_PG"); env != nullptr && *env != '\0') {
      uri = env;
      return;
    }
    own_dir = fmt::format("/tmp/jikenbo-pg-test-{}", getpid());
    const std::string cmd =
        fmt::format("bash '{}/tests/pg_server.sh' start '{}'", SourceDir(), own_dir);
    FILE* p = popen(cmd.c_str(), "r");
    char line[512] = {0};
    if (p != nullptr && std::fgets(line, sizeof line, p) != nullptr) uri = line;
    if (p != nullptr) pclose(p);
    while (!uri.empty() && (uri.back() == '\n' || uri.back() == '\r')) uri.pop_back();
    std::atexit(StopOwnServer);
  });
  return uri;
}

std::string CreatePgDatabase() {
  if (PgAdminUri().empty()) {
    ADD_FAILURE() << "no PostgreSQL server for the tests (tests/pg_server.sh could not start one;"
                     " make deps installs Debian's postgresql)";
    return "";
  }
  static std::atomic<int> counter{0};
  const std::string name = fmt::format("jk_{}_{}", getpid(), counter++);
  std::string error;
  if (!Admin(fmt::format("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'", name), &error)) {
    ADD_FAILURE() << "CREATE DATABASE failed: " << error;
    return "";
  }
  return WithDatabase(PgAdminUri(), name);
}

void DropPgDatabase(const std::string& uri) {
  const size_t slash = uri.find(":///");
  if (slash == std::string::npos) return;
  const std::string name = uri.substr(slash + 4, uri.find('?') - slash - 4);
  std::string error;
  if (!Admin(fmt::format("DROP DATABASE IF EXISTS {} WITH (FORCE)", name), &error)) {
    ADD_FAILURE() << "DROP DATABASE failed: " << error;
  }
}

TestCasebook::TestCasebook(const std::string& backend) {
  if (backend == "postgres") {
    db = CreatePgDatabase();
    pg = true;
  } else {
    static std::atomic<int> counter{0};
    db = (std::filesystem::temp_directory_path() /
          fmt::format("jikenbo_test_{}_{}.db", getpid(), counter++))
             .string();
  }
}

TestCasebook::~TestCasebook() {
  if (db.empty()) return;
  if (pg) {
    DropPgDatabase(db);
  } else {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db + suffix);
  }
}

}  // namespace jikenbo::testing
