// The accounts of a casebook (either backend): users with a role and an Argon2id password hash,
// their API tokens and their browser sessions. Secrets are never stored: a token and a session
// id are kept as the hex SHA-256 the caller computed (base/secret.h). Disabling a user ends
// their sessions and stops their tokens at once, on every `serve` of the casebook.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"

namespace jikenbo::store {

// Roles, each allowing what the one before it does: viewers read, editors also correct,
// merge, split and ingest, admins also manage users and tokens.
inline const std::vector<std::string>& Roles() {
  static const std::vector<std::string> kRoles = {"viewer", "editor", "admin"};
  return kRoles;
}
// 0 viewer, 1 editor, 2 admin; -1 for anything else.
int RoleRank(const std::string& role);
// What a user name must be: 1 to 64 bytes of UTF-8 without spaces or control characters.
Status CheckUserName(const std::string& name);

struct User {
  std::string name;
  std::string role;
  std::string password;  // Argon2id, encoded (libsodium crypto_pwhash_str)
  bool disabled = false;
  int64_t failures = 0;      // wrong passwords since the last sign-in
  int64_t locked_until = 0;  // seconds since the epoch; 0: not locked
  std::string created_at;
};

struct Token {
  int64_t id = 0;
  std::string user;
  std::string label;
  std::string created_at;
  std::string revoked_at;  // "" while it is live
  int64_t expires = 0;     // seconds since the epoch after which it stops; 0: never
};

// Who a live session or token acts for.
struct Principal {
  std::string user;
  std::string role;
  std::string csrf;  // the session's form token ("" for an API token)
};

class AccountStore {
 public:
  virtual ~AccountStore() = default;
  // Whether the casebook has any user (then `serve` requires signing in).
  virtual Result<bool> Any() = 0;
  // InvalidInput when the name is taken or not a name (CheckUserName).
  virtual Status AddUser(const User& user) = 0;
  virtual Result<std::optional<User>> FindUser(const std::string& name) = 0;
  virtual Result<std::vector<User>> Users() = 0;
  // NotFound for an unknown name. A new password also lifts a lock-out.
  virtual Status SetPassword(const std::string& name, const std::string& hash) = 0;
  virtual Status SetRole(const std::string& name, const std::string& role) = 0;
  // Disabling ends the user's sessions; their tokens stop working while disabled.
  virtual Status SetDisabled(const std::string& name, bool disabled) = 0;
  // A wrong password: counts it, and locks the user until now + lock_seconds at max_failures.
  virtual Status RecordFailure(const std::string& name, int64_t now, int64_t max_failures,
                               int64_t lock_seconds) = 0;
  // A sign-in: the count of wrong passwords starts again.
  virtual Status RecordSuccess(const std::string& name) = 0;

  // expires: seconds since the epoch after which the token stops working (0: never).
  virtual Result<int64_t> AddToken(const std::string& user, const std::string& hash,
                                   const std::string& label, int64_t expires = 0) = 0;
  virtual Result<std::vector<Token>> Tokens() = 0;
  // NotFound for an unknown or already revoked id.
  virtual Status RevokeToken(int64_t id) = 0;
  // The enabled user a live token (by its hash; not revoked, not expired at now) acts for.
  virtual Result<std::optional<Principal>> TokenPrincipal(const std::string& hash, int64_t now) = 0;

  virtual Status AddSession(const std::string& hash, const std::string& user,
                            const std::string& csrf, int64_t expires) = 0;
  // The enabled user of a session that has not expired at `now`.
  virtual Result<std::optional<Principal>> SessionPrincipal(const std::string& hash,
                                                            int64_t now) = 0;
  // Ends a session, and drops every session expired at `now`.
  virtual Status DeleteSession(const std::string& hash, int64_t now) = 0;
};

// The accounts of the casebook a --db value names (its own connection; migrates the schema).
Result<std::unique_ptr<AccountStore>> OpenAccountStore(const std::string& db);

}  // namespace jikenbo::store
