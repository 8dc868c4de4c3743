// AccountStore over either backend (store/accounts.h): the users, api_tokens and sessions
// tables of schema version 10 (SQLite) / 3 (PostgreSQL), on a connection of its own.
#include "base/clock.h"
#include "base/utf8.h"
#include "store/accounts.h"
#include "store/sql_store.h"
#include "store/store.h"

namespace jikenbo::store {

int RoleRank(const std::string& role) {
  const auto& roles = Roles();
  for (size_t i = 0; i < roles.size(); ++i) {
    if (roles[i] == role) return static_cast<int>(i);
  }
  return -1;
}

Status CheckUserName(const std::string& name) {
  if (name.empty() || name.size() > 64 || !utf8::IsValid(name))
    return Status::InvalidInput("a user name has 1 to 64 bytes of UTF-8");
  for (unsigned char c : name) {
    if (c <= 0x20 || c == 0x7F) return Status::InvalidInput("a user name has no spaces");
  }
  return Status::Ok();
}

namespace {

constexpr const char* kUserColumns =
    "name, role, password, disabled, failures, locked_until, created_at";

User ReadUser(const Stmt& st) {
  User u;
  u.name = st.Text(0);
  u.role = st.Text(1);
  u.password = st.Text(2);
  u.disabled = st.Int(3) != 0;
  u.failures = st.Int(4);
  u.locked_until = st.Int(5);
  u.created_at = st.Text(6);
  return u;
}

class SqlAccounts : public AccountStore {
 public:
  explicit SqlAccounts(std::unique_ptr<Db> db) : db_(std::move(db)) {}

  Result<bool> Any() override {
    Stmt st(db_.get(), "SELECT 1 FROM users LIMIT 1");
    const int rc = st.Step();
    if (rc != kRow && rc != kDone) return st.Error("accounts");
    return rc == kRow;
  }

  Status AddUser(const User& u) override {
    JK_RETURN_IF_ERROR(CheckUserName(u.name));
    if (RoleRank(u.role) < 0) return Status::InvalidInput("no such role: " + u.role);
    Stmt st(db_.get(),
            "INSERT INTO users (name, role, password, disabled, created_at) VALUES (?1, ?2, ?3, "
            "?4, ?5) ON CONFLICT (name) DO NOTHING RETURNING name");
    st.Bind(1, u.name).Bind(2, u.role).Bind(3, u.password);
    st.Bind(4, int64_t{u.disabled ? 1 : 0}).Bind(5, NowUtc());
    const int rc = st.Step();
    if (rc == kDone) return Status::InvalidInput("a user of that name exists: " + u.name);
    if (rc != kRow) return st.Error("add user");
    return Status::Ok();
  }

  Result<std::optional<User>> FindUser(const std::string& name) override {
    Stmt st(db_.get(),
            (std::string("SELECT ") + kUserColumns + " FROM users WHERE name = ?1").c_str());
    st.Bind(1, name);
    const int rc = st.Step();
    if (rc == kDone) return std::optional<User>();
    if (rc != kRow) return st.Error("find user");
    return std::optional<User>(ReadUser(st));
  }

  Result<std::vector<User>> Users() override {
    Stmt st(db_.get(),
            (std::string("SELECT ") + kUserColumns + " FROM users ORDER BY name").c_str());
    std::vector<User> out;
    for (int rc = st.Step(); rc != kDone; rc = st.Step()) {
      if (rc != kRow) return st.Error("users");
      out.push_back(ReadUser(st));
    }
    return out;
  }

  Status SetPassword(const std::string& name, const std::string& hash) override {
    return UpdateOne(
        "UPDATE users SET password = ?2, failures = 0, locked_until = 0 WHERE name = ?1 "
        "RETURNING name",
        name, hash);
  }

  Status SetRole(const std::string& name, const std::string& role) override {
    if (RoleRank(role) < 0) return Status::InvalidInput("no such role: " + role);
    return UpdateOne("UPDATE users SET role = ?2 WHERE name = ?1 RETURNING name", name, role);
  }

  Status SetDisabled(const std::string& name, bool disabled) override {
    JK_RETURN_IF_ERROR(UpdateOne("UPDATE users SET disabled = ?2 WHERE name = ?1 RETURNING name",
                                 name, int64_t{disabled ? 1 : 0}));
    if (!disabled) return Status::Ok();
    Stmt st(db_.get(), "DELETE FROM sessions WHERE user_name = ?1");
    st.Bind(1, name);
    return st.Run("end sessions");
  }

  Status RecordFailure(const std::string& name, int64_t now, int64_t max_failures,
                       int64_t lock_seconds) override {
    Stmt st(db_.get(),
            "UPDATE users SET failures = failures + 1, locked_until = CASE WHEN failures + 1 >= ?3 "
            "THEN ?2 + ?4 ELSE locked_until END WHERE name = ?1");
    st.Bind(1, name).Bind(2, now).Bind(3, max_failures).Bind(4, lock_seconds);
    return st.Run("record failure");
  }

  Status RecordSuccess(const std::string& name) override {
    Stmt st(db_.get(), "UPDATE users SET failures = 0, locked_until = 0 WHERE name = ?1");
    st.Bind(1, name);
    return st.Run("record sign-in");
  }

  Result<int64_t> AddToken(const std::string& user, const std::string& hash,
                           const std::string& label, int64_t expires) override {
    JK_ASSIGN_OR_RETURN(auto found, FindUser(user));
    if (!found) return Status::NotFound("no such user: " + user);
    Stmt st(db_.get(),
            "INSERT INTO api_tokens (user_name, hash, label, created_at, expires) VALUES (?1, ?2, "
            "?3, ?4, ?5) RETURNING id");
    st.Bind(1, user).Bind(2, hash).Bind(3, label).Bind(4, NowUtc()).Bind(5, expires);
    if (st.Step() != kRow) return st.Error("add token");
    return st.Int(0);
  }

  Result<std::vector<Token>> Tokens() override {
    Stmt st(db_.get(),
            "SELECT id, user_name, label, created_at, revoked_at, expires FROM api_tokens ORDER "
            "BY id");
    std::vector<Token> out;
    for (int rc = st.Step(); rc != kDone; rc = st.Step()) {
      if (rc != kRow) return st.Error("tokens");
      out.push_back({st.Int(0), st.Text(1), st.Text(2), st.Text(3), st.Text(4), st.Int(5)});
    }
    return out;
  }

  Status RevokeToken(int64_t id) override {
    Stmt st(db_.get(),
            "UPDATE api_tokens SET revoked_at = ?2 WHERE id = ?1 AND revoked_at = '' RETURNING id");
    st.Bind(1, id).Bind(2, NowUtc());
    const int rc = st.Step();
    if (rc == kDone) return Status::NotFound("no live token #" + std::to_string(id));
    if (rc != kRow) return st.Error("revoke token");
    return Status::Ok();
  }

  Result<std::optional<Principal>> TokenPrincipal(const std::string& hash, int64_t now) override {
    Stmt st(db_.get(),
            "SELECT u.name, u.role FROM api_tokens t JOIN users u ON u.name = t.user_name "
            "WHERE t.hash = ?1 AND t.revoked_at = '' AND (t.expires = 0 OR t.expires > ?2) "
            "AND u.disabled = 0");
    st.Bind(1, hash).Bind(2, now);
    const int rc = st.Step();
    if (rc == kDone) return std::optional<Principal>();
    if (rc != kRow) return st.Error("token");
    return std::optional<Principal>(Principal{st.Text(0), st.Text(1), ""});
  }

  Status AddSession(const std::string& hash, const std::string& user, const std::string& csrf,
                    int64_t expires) override {
    Stmt st(db_.get(),
            "INSERT INTO sessions (hash, user_name, csrf, expires) VALUES (?1, ?2, ?3, ?4)");
    st.Bind(1, hash).Bind(2, user).Bind(3, csrf).Bind(4, expires);
    return st.Run("add session");
  }

  Result<std::optional<Principal>> SessionPrincipal(const std::string& hash, int64_t now) override {
    Stmt st(db_.get(),
            "SELECT u.name, u.role, s.csrf FROM sessions s JOIN users u ON u.name = s.user_name "
            "WHERE s.hash = ?1 AND s.expires > ?2 AND u.disabled = 0");
    st.Bind(1, hash).Bind(2, now);
    const int rc = st.Step();
    if (rc == kDone) return std::optional<Principal>();
    if (rc != kRow) return st.Error("session");
    return std::optional<Principal>(Principal{st.Text(0), st.Text(1), st.Text(2)});
  }

  Status DeleteSession(const std::string& hash, int64_t now) override {
    Stmt st(db_.get(), "DELETE FROM sessions WHERE hash = ?1 OR expires <= ?2");
    st.Bind(1, hash).Bind(2, now);
    return st.Run("end session");
  }

 private:
  template <typename V>
  Status UpdateOne(const char* sql, const std::string& name, const V& value) {
    Stmt st(db_.get(), sql);
    st.Bind(1, name).Bind(2, value);
    const int rc = st.Step();
    if (rc == kDone) return Status::NotFound("no such user: " + name);
    if (rc != kRow) return st.Error("update user");
    return Status::Ok();
  }

  std::unique_ptr<Db> db_;
};

}  // namespace

Result<std::unique_ptr<AccountStore>> OpenAccountStore(const std::string& db) {
  std::unique_ptr<Db> conn;
  if (IsPostgresUri(db)) {
    JK_ASSIGN_OR_RETURN(conn, OpenPostgresDb(db));
  } else {
    JK_ASSIGN_OR_RETURN(conn, OpenSqliteDb(db));
  }
  return std::unique_ptr<AccountStore>(new SqlAccounts(std::move(conn)));
}

}  // namespace jikenbo::store
