// User management in the browser, for admins (with accounts: auth.cc): GET /admin lists the
// users and API tokens with forms to add a user, change a role, set a password, disable or
// enable, make a token (shown once, on the answer to the form) and revoke one. Every form is a
// POST to /admin with an `action`, the session's CSRF token and the admin role (Authorise);
// an admin may not disable or demote themselves, so a casebook always keeps one admin.
#include "base/clock.h"
#include "base/secret.h"
#include "base/sha256.h"
#include "serve/app_internal.h"

namespace jikenbo::serve {
namespace {

std::string RoleSelect(const Tr& tr, const std::string& chosen) {
  std::string out = "<select name=\"role\">";
  for (const std::string& role : store::Roles()) {
    out += "<option value=\"" + role + "\"" + (role == chosen ? " selected" : "") + ">" +
           EscapeXml(tr("role." + role)) + "</option>";
  }
  return out + "</select>";
}

std::string Hidden(const std::string& name, const std::string& value) {
  return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + EscapeXml(value) + "\">";
}

}  // namespace

Response App::Impl::AdminPage(const Request& r, const std::string& new_token) {
  const auto session = SessionOf(r);
  if (!AccountsOn() || !session) throw BadRequest{404, "no such page"};
  if (store::RoleRank(session->role) < store::RoleRank("admin")) {
    Audit(r, "refused the admin page to " + session->editor + ": role " + session->role);
    throw BadRequest{403, "only an admin manages users"};
  }
  std::vector<store::User> users;
  std::vector<store::Token> tokens;
  {
    std::lock_guard<std::mutex> lock(accounts_mu);
    auto u = accounts->Users();
    auto t = accounts->Tokens();
    if (!u.ok() || !t.ok()) throw BadRequest{500, "the accounts cannot be read"};
    users = std::move(*u);
    tokens = std::move(*t);
  }
  const std::string csrf = Hidden("csrf", session->csrf);
  auto form = [&](const std::string& action, const std::string& fields, const std::string& button) {
    return "<form method=\"post\" action=\"/admin\">" + csrf + Hidden("action", action) + fields +
           "<button>" + button + "</button></form>";
  };
  const Tr tr = T(r);
  auto header = [&](std::initializer_list<const char*> keys) {
    std::string out = "<tr>";
    for (const char* k : keys) out += "<th>" + EscapeXml(*k ? tr(k) : std::string()) + "</th>";
    return out + "</tr>";
  };
  std::string body = "<h1>" + EscapeXml(tr("admin.heading")) + "</h1>";
  if (!new_token.empty()) {
    body += "<p id=\"new-token\">" + EscapeXml(tr("admin.new_token")) + " <code>" +
            EscapeXml(new_token) + "</code></p>";
  }
  const int64_t now = NowSeconds();
  const std::string password_input =
      "<input type=\"password\" name=\"password\" autocomplete=\"new-password\" minlength=\"10\" "
      "required>";
  body += "<h2>" + EscapeXml(tr("admin.users")) + "</h2><table id=\"users\">" +
          header({"admin.name", "admin.role", "admin.state", "signin.password", ""});
  for (const store::User& u : users) {
    const std::string name = Hidden("name", u.name);
    const std::string state = tr(u.disabled             ? "admin.disabled"
                                 : u.locked_until > now ? "admin.locked"
                                                        : "admin.active");
    body +=
        "<tr><td>" + EscapeXml(u.name) + "</td><td>" +
        form("set_role", name + RoleSelect(tr, u.role), EscapeXml(tr("admin.change"))) +
        "</td><td>" + EscapeXml(state) + " " +
        form(u.disabled ? "enable" : "disable", name,
             EscapeXml(tr(u.disabled ? "admin.enable" : "admin.disable"))) +
        "</td><td>" + form("set_password", name + password_input, EscapeXml(tr("admin.set"))) +
        "</td><td>" +
        form("add_token",
             name + "<input name=\"label\" placeholder=\"" + EscapeXml(tr("admin.label")) + "\">",
             EscapeXml(tr("admin.make_token"))) +
        "</td></tr>";
  }
  body += "</table><h3>" + EscapeXml(tr("admin.add_user")) + "</h3>" +
          form("add_user",
               "<label>" + EscapeXml(tr("admin.name")) + "<input name=\"name\" required></label>" +
                   RoleSelect(tr, "viewer") + "<label>" + EscapeXml(tr("signin.password")) +
                   password_input + "</label>",
               EscapeXml(tr("admin.add")));
  body += "<h2>" + EscapeXml(tr("admin.tokens")) + "</h2><table id=\"tokens\">" +
          header({"admin.token_no", "admin.user", "admin.label", "admin.made", "admin.revoked"});
  for (const store::Token& t : tokens) {
    body += "<tr><td>" + std::to_string(t.id) + "</td><td>" + EscapeXml(t.user) + "</td><td>" +
            EscapeXml(t.label) + "</td><td>" + EscapeXml(t.created_at) + "</td><td>" +
            (!t.revoked_at.empty() ? EscapeXml(t.revoked_at)
             : t.expires != 0 && t.expires <= now
                 ? EscapeXml(tr("admin.expired"))
                 : form("revoke_token", Hidden("id", std::to_string(t.id)),
                        EscapeXml(tr("admin.revoke")))) +
            "</td></tr>";
  }
  body += "</table>";
  return {200, "text/html; charset=utf-8", Layout(r, tr("admin.title"), "", body), {}};
}

Response App::Impl::AdminAction(const Request& r) {
  if (!AccountsOn()) throw BadRequest{404, "no such page"};
  const auto form = Form(r);
  const Sessions::Session admin = Authorise(*this, r, form, "admin");
  const std::string action = Field(form, "action");
  const std::string name = std::string(utf8::Trim(Field(form, "name")));
  auto check = [&](const Status& s) {
    if (!s.ok()) throw BadRequest{s.code() == Code::kNotFound ? 404 : 400, s.what()};
  };
  auto hash = [&] {
    const std::string password = Field(form, "password");
    check(CheckPassword(password));
    hashing.acquire();
    auto h = HashPassword(password);
    hashing.release();
    check(h.status());
    return *h;
  };
  if ((action == "disable" || action == "set_role") && name == admin.editor &&
      (action == "disable" || Field(form, "role") != "admin")) {
    throw BadRequest{400, "an admin may not disable or demote themselves"};
  }
  std::string new_token;
  if (action == "add_user") {
    check(store::CheckUserName(name));
    store::User u;
    u.name = name;
    u.role = Field(form, "role");
    u.password = hash();
    std::lock_guard<std::mutex> lock(accounts_mu);
    check(accounts->AddUser(u));
  } else if (action == "set_role") {
    std::lock_guard<std::mutex> lock(accounts_mu);
    check(accounts->SetRole(name, Field(form, "role")));
  } else if (action == "disable" || action == "enable") {
    std::lock_guard<std::mutex> lock(accounts_mu);
    check(accounts->SetDisabled(name, action == "disable"));
  } else if (action == "set_password") {
    const std::string h = hash();
    std::lock_guard<std::mutex> lock(accounts_mu);
    check(accounts->SetPassword(name, h));
  } else if (action == "add_token") {
    new_token = NewApiToken();
    if (new_token.empty()) throw BadRequest{500, "no random bytes for a token"};
    std::lock_guard<std::mutex> lock(accounts_mu);
    check(accounts->AddToken(name, Sha256Hex(new_token), Field(form, "label")).status());
  } else if (action == "revoke_token") {
    int64_t id = 0;
    const std::string v = Field(form, "id");
    if (v.empty() || v.size() > 18 || v.find_first_not_of("0123456789") != std::string::npos)
      throw BadRequest{400, "'id' must be a token number"};
    for (char c : v) id = id * 10 + (c - '0');
    std::lock_guard<std::mutex> lock(accounts_mu);
    check(accounts->RevokeToken(id));
  } else {
    throw BadRequest{400, "no such action"};
  }
  Audit(r, "admin " + admin.editor + ": " + action + (name.empty() ? "" : " " + name));
  if (!new_token.empty()) return AdminPage(r, new_token);
  return Redirect("/admin");
}

}  // namespace jikenbo::serve
