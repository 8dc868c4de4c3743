// Accounts of a casebook (store/accounts.h), for `serve`: jikenbo user add|list|passwd|role|
// disable|enable, and jikenbo token add|list|revoke for API tokens. Passwords are read from a
// terminal without echo (twice), else from the first line of standard input or
// --password-file; never from the command line, where other users' `ps` would see them.
#include <termios.h>
#include <unistd.h>

#include <fstream>
#include <iostream>

#include "base/clock.h"
#include "base/secret.h"
#include "base/sha256.h"
#include "cli/common.h"
#include "report/json.h"
#include "store/accounts.h"

namespace jikenbo::cli {
namespace {

// One line from the terminal with echo off, or from a pipe as it is.
Result<std::string> ReadLine(const char* prompt) {
  const bool tty = isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    std::fflush(stderr);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  const bool got = static_cast<bool>(std::getline(std::cin, line));
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  if (!got) return Status::InvalidInput("no password given (standard input is empty)");
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

Result<std::string> NewPassword(const std::string& file) {
  std::string password;
  if (!file.empty()) {
    std::ifstream in(file);
    if (!in || !std::getline(in, password)) {
      return Status::IoError("cannot read a password from " + file);
    }
  } else {
    JK_ASSIGN_OR_RETURN(password, ReadLine("password: "));
    if (isatty(STDIN_FILENO) != 0) {
      JK_ASSIGN_OR_RETURN(auto again, ReadLine("again: "));
      if (again != password) return Status::InvalidInput("the passwords differ");
    }
  }
  JK_RETURN_IF_ERROR(CheckPassword(password));
  return HashPassword(password);
}

int Fail(const Status& s) {
  PrintError(s);
  return kExitError;
}

struct UserArgs {
  std::string name, role = "viewer", password_file, format;
};

int RunUserAdd(const Context& ctx, const UserArgs& a) {
  if (Status s = store::CheckUserName(a.name); !s.ok()) return Fail(s);
  if (store::RoleRank(a.role) < 0) return Fail(Status::InvalidInput("no such role: " + a.role));
  auto accounts = store::OpenAccountStore(ctx.db);
  if (!accounts.ok()) return Fail(accounts.status());
  auto hash = NewPassword(a.password_file);
  if (!hash.ok()) return Fail(hash.status());
  store::User u;
  u.name = a.name;
  u.role = a.role;
  u.password = *hash;
  if (Status s = (*accounts)->AddUser(u); !s.ok()) return Fail(s);
  std::fprintf(stderr, "user %s added (%s)\n", a.name.c_str(), a.role.c_str());
  return kExitOk;
}

int RunUserList(const Context& ctx, const UserArgs& a) {
  auto accounts = store::OpenAccountStore(ctx.db);
  if (!accounts.ok()) return Fail(accounts.status());
  auto users = (*accounts)->Users();
  if (!users.ok()) return Fail(users.status());
  const int64_t now = NowSeconds();
  if (a.format == "json") {
    auto out = nlohmann::ordered_json::array();
    for (const auto& u : *users) {
      out.push_back({{"name", u.name},
                     {"role", u.role},
                     {"disabled", u.disabled},
                     {"locked", u.locked_until > now},
                     {"failures", u.failures},
                     {"created_at", u.created_at}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  for (const auto& u : *users) {
    std::string state = u.disabled ? "disabled" : "active";
    if (u.locked_until > now) state += ", locked";
    std::printf("%-20s %-7s %-17s %s\n", u.name.c_str(), u.role.c_str(), state.c_str(),
                u.created_at.c_str());
  }
  if (users->empty()) std::fprintf(stderr, "no users: serve needs no sign-in to read\n");
  return kExitOk;
}

struct TokenArgs {
  std::string user, label, format;
  int64_t id = 0;
  double expires_days = 0;
};

int RunTokenAdd(const Context& ctx, const TokenArgs& a) {
  auto accounts = store::OpenAccountStore(ctx.db);
  if (!accounts.ok()) return Fail(accounts.status());
  const std::string token = NewApiToken();
  if (token.empty()) return Fail(Status::Internal("no random bytes for a token"));
  const int64_t expires =
      a.expires_days > 0 ? NowSeconds() + static_cast<int64_t>(a.expires_days * 86400) : 0;
  auto id = (*accounts)->AddToken(a.user, Sha256Hex(token), a.label, expires);
  if (!id.ok()) return Fail(id.status());
  if (a.format == "json") {
    std::printf(
        "%s\n",
        nlohmann::ordered_json{{"id", *id}, {"user", a.user}, {"token", token}}.dump(2).c_str());
  } else {
    std::printf("%s\n", token.c_str());
    std::fprintf(stderr, "token #%lld for %s: shown once, kept only as its hash\n",
                 static_cast<long long>(*id), a.user.c_str());
  }
  return kExitOk;
}

int RunTokenList(const Context& ctx, const TokenArgs& a) {
  auto accounts = store::OpenAccountStore(ctx.db);
  if (!accounts.ok()) return Fail(accounts.status());
  auto tokens = (*accounts)->Tokens();
  if (!tokens.ok()) return Fail(tokens.status());
  if (a.format == "json") {
    auto out = nlohmann::ordered_json::array();
    for (const auto& t : *tokens) {
      out.push_back({{"id", t.id},
                     {"user", t.user},
                     {"label", t.label},
                     {"created_at", t.created_at},
                     {"revoked_at", t.revoked_at.empty() ? nlohmann::ordered_json(nullptr)
                                                         : nlohmann::ordered_json(t.revoked_at)},
                     {"expires", t.expires == 0 ? nlohmann::ordered_json(nullptr)
                                                : nlohmann::ordered_json(t.expires)}});
    }
    std::printf("%s\n", out.dump(2).c_str());
    return kExitOk;
  }
  const int64_t now = NowSeconds();
  for (const auto& t : *tokens) {
    std::string state =
        !t.revoked_at.empty()                ? "revoked " + t.revoked_at
        : t.expires != 0 && t.expires <= now ? std::string("expired")
        : t.expires != 0
            ? "live, expires in " + std::to_string((t.expires - now + 86399) / 86400) + " days"
            : std::string("live");
    std::printf("#%-5lld %-20s %-20s %s %s\n", static_cast<long long>(t.id), t.user.c_str(),
                t.label.c_str(), t.created_at.c_str(), state.c_str());
  }
  return kExitOk;
}

}  // namespace

void AddUserCommands(CLI::App& app, Context& ctx) {
  auto* user = app.add_subcommand(
      "user",
      "Accounts of serve: viewers read, editors also correct, merge, split and ingest, admins\n"
      "also manage users and tokens. With no user, serve is open to read as before (loopback).\n"
      "Passwords (10+ characters) are read without echo from a terminal, else from the first\n"
      "line of standard input or --password-file, and stored as Argon2id hashes.");
  user->require_subcommand(1);
  auto args = std::make_shared<UserArgs>();

  auto* add = user->add_subcommand("add", "Add a user.");
  add->add_option("name", args->name, "user name")->required();
  add->add_option("--role", args->role, "viewer, editor or admin")
      ->check(CLI::IsMember(store::Roles()))
      ->capture_default_str();
  add->add_option("--password-file", args->password_file, "read the password from this file");
  add->callback([&ctx, args] { ctx.exit_code = RunUserAdd(ctx, *args); });

  auto* list = user->add_subcommand("list", "List the users: role, state, when added.");
  AddFormat(*list, &args->format, {"text", "json"});
  list->callback([&ctx, args] { ctx.exit_code = RunUserList(ctx, *args); });

  auto* passwd = user->add_subcommand("passwd", "Set a user's password (and lift a lock-out).");
  passwd->add_option("name", args->name, "user name")->required();
  passwd->add_option("--password-file", args->password_file, "read the password from this file");
  passwd->callback([&ctx, args] {
    auto accounts = store::OpenAccountStore(ctx.db);
    if (!accounts.ok()) return void(ctx.exit_code = Fail(accounts.status()));
    auto hash = NewPassword(args->password_file);
    if (!hash.ok()) return void(ctx.exit_code = Fail(hash.status()));
    if (Status s = (*accounts)->SetPassword(args->name, *hash); !s.ok()) ctx.exit_code = Fail(s);
  });

  auto* role = user->add_subcommand("role", "Change a user's role.");
  role->add_option("name", args->name, "user name")->required();
  role->add_option("role", args->role, "viewer, editor or admin")
      ->required()
      ->check(CLI::IsMember(store::Roles()));
  role->callback([&ctx, args] {
    auto accounts = store::OpenAccountStore(ctx.db);
    if (!accounts.ok()) return void(ctx.exit_code = Fail(accounts.status()));
    if (Status s = (*accounts)->SetRole(args->name, args->role); !s.ok()) ctx.exit_code = Fail(s);
  });

  for (const bool disable : {true, false}) {
    auto* cmd = user->add_subcommand(
        disable ? "disable" : "enable",
        disable ? "Disable a user: their sessions end and their tokens stop working at once."
                : "Enable a disabled user again.");
    cmd->add_option("name", args->name, "user name")->required();
    cmd->callback([&ctx, args, disable] {
      auto accounts = store::OpenAccountStore(ctx.db);
      if (!accounts.ok()) return void(ctx.exit_code = Fail(accounts.status()));
      if (Status s = (*accounts)->SetDisabled(args->name, disable); !s.ok())
        ctx.exit_code = Fail(s);
    });
  }

  auto* token = app.add_subcommand(
      "token",
      "API tokens of users: Authorization: Bearer TOKEN on /api/ and /taxii2/ acts with the\n"
      "user's role. A token is printed once and stored only as its SHA-256.");
  token->require_subcommand(1);
  auto targs = std::make_shared<TokenArgs>();
  auto* tadd = token->add_subcommand("add", "Make a token for a user and print it.");
  tadd->add_option("user", targs->user, "user name")->required();
  tadd->add_option("--label", targs->label, "what the token is for (a script, a TAXII client)");
  tadd->add_option("--expires", targs->expires_days,
                   "days after which the token stops working (default: never)")
      ->check(CLI::PositiveNumber);
  AddFormat(*tadd, &targs->format, {"text", "json"});
  tadd->callback([&ctx, targs] { ctx.exit_code = RunTokenAdd(ctx, *targs); });
  auto* tlist = token->add_subcommand("list", "List tokens: id, user, label, when made, revoked.");
  AddFormat(*tlist, &targs->format, {"text", "json"});
  tlist->callback([&ctx, targs] { ctx.exit_code = RunTokenList(ctx, *targs); });
  auto* trevoke = token->add_subcommand("revoke", "Revoke a token (by its id) at once.");
  trevoke->add_option("id", targs->id, "token id (jikenbo token list)")->required();
  trevoke->callback([&ctx, targs] {
    auto accounts = store::OpenAccountStore(ctx.db);
    if (!accounts.ok()) return void(ctx.exit_code = Fail(accounts.status()));
    if (Status s = (*accounts)->RevokeToken(targs->id); !s.ok()) ctx.exit_code = Fail(s);
  });
}

}  // namespace jikenbo::cli
