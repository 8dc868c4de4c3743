// Editing in the web UI: an editor signs in with a token (POST /signin) and gets a session
// cookie (HttpOnly, SameSite=Strict); the case page then shows a form beside each field and a
// panel to merge the case with another or split a report out of it. Every form is a POST that
// carries the session's CSRF token and is refused from another origin. Corrections go through
// the same store calls as `jikenbo edit` and `jikenbo case`, logged under the editor's name.
#include "base/clock.h"
#include "base/secret.h"
#include "base/sha256.h"
#include "serve/app_internal.h"

namespace jikenbo::serve {

// The decoded fields of a form body; BadRequest when it is not a URL-encoded form.
std::multimap<std::string, std::string> Form(const Request& r) {
  const std::string type = r.Header("content-type");
  if (!r.body.empty() && type.rfind("application/x-www-form-urlencoded", 0) != 0) {
    throw BadRequest{415, "a form must be sent as application/x-www-form-urlencoded"};
  }
  return ParseQuery(r.body);
}

std::string Field(const std::multimap<std::string, std::string>& form, const std::string& name) {
  const auto it = form.find(name);
  if (it == form.end()) return "";
  if (it->second.size() > kMaxFormValue) throw BadRequest{400, "'" + name + "' is too long"};
  if (!utf8::IsValid(it->second)) throw BadRequest{400, "'" + name + "' is not UTF-8"};
  return it->second;
}

// A path inside this site to return to after signing in ("/" for anything else).
std::string LocalPath(const std::string& next) {
  if (next.empty() || next[0] != '/' || (next.size() > 1 && (next[1] == '/' || next[1] == '\\')))
    return "/";
  for (unsigned char c : next) {
    if (c < 0x20 || c == 0x7F) return "/";
  }
  return next;
}

Response Redirect(const std::string& location, std::vector<std::pair<std::string, std::string>> h) {
  h.emplace_back("Location", location);
  return {303, "text/plain; charset=utf-8", "see " + location + "\n", std::move(h)};
}

namespace {

// "/articles/123/edit" with prefix "/articles/" and suffix "/edit" gives "123".
std::optional<std::string> Between(const std::string& path, std::string_view prefix,
                                   std::string_view suffix) {
  if (path.size() <= prefix.size() + suffix.size() || path.rfind(prefix, 0) != 0 ||
      path.compare(path.size() - suffix.size(), suffix.size(), suffix) != 0) {
    return std::nullopt;
  }
  return path.substr(prefix.size(), path.size() - prefix.size() - suffix.size());
}

int64_t ArticleId(const std::string& s) {
  if (s.empty() || s.size() > 18) return -1;
  int64_t n = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return -1;
    n = n * 10 + (c - '0');
  }
  return n;
}

bool IsListField(const std::string& f) {
  return f == "data_items" || f == "reported_to" || f == "countermeasures" || f == "victim_orgs";
}

// The closed vocabulary of a field, or null for free text.
const std::vector<std::string>* Vocabulary(const std::string& f) {
  if (f == "kind") return &model::ArticleKinds();
  if (f == "type") return &kTypes;
  if (f == "org_kind") return &kOrgKinds;
  if (f == "data_items") return &kItems;
  if (f == "reported_to") return &kAuthorities;
  return nullptr;
}

}  // namespace

std::string Sessions::Open(const std::string& editor) {
  const std::string id = RandomHex(32), csrf = RandomHex(32);
  if (id.empty() || csrf.empty()) return "";
  const auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  if (entries_.size() >= 10000) {
    std::erase_if(entries_, [&](const auto& e) { return e.second.expires <= now; });
    if (entries_.size() >= 10000) entries_.clear();  // bounded memory: everyone signs in again
  }
  entries_[id] = {{editor, csrf}, now + std::chrono::seconds(kSeconds)};
  return id;
}

std::optional<Sessions::Session> Sessions::Find(const std::string& id) {
  if (id.size() != 64) return std::nullopt;
  std::lock_guard<std::mutex> lock(mu_);
  const auto it = entries_.find(id);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.session;
}

void Sessions::Close(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  entries_.erase(id);
}

std::optional<Sessions::Session> App::Impl::SessionOf(const Request& r) {
  if (AccountsOn()) {
    const auto p = PrincipalOf(r, /*cookie=*/true);
    if (!p || p->csrf.empty()) return std::nullopt;  // a bearer token has no forms
    return Sessions::Session{p->user, p->csrf, p->role};
  }
  if (options.editors.empty()) return std::nullopt;
  return sessions.Find(r.Cookie(kCookie));
}

std::optional<Response> App::Impl::RouteEditing(const Request& r) {
  const std::string& p = r.path;
  const bool post = r.method == "POST";
  if (p == "/signin") {
    if (post) return SignIn(r);
    if (r.method == "GET" || r.method == "HEAD") return SignInPage(r, 200, "");
    return std::nullopt;
  }
  if (p == "/admin") {
    if (post) return AdminAction(r);
    if (r.method == "GET" || r.method == "HEAD") return AdminPage(r);
    return std::nullopt;
  }
  if (!post) return std::nullopt;
  if (p == "/signout") return SignOut(r);
  if (auto id = Between(p, "/articles/", "/edit")) return EditArticle(r, ArticleId(*id));
  if (auto id = Between(p, "/articles/", "/split")) return SplitArticle(r, ArticleId(*id));
  if (auto no = Between(p, "/cases/", "/merge")) return MergeCase(r, *no);
  if (auto no = Between(p, "/cases/", "/dismiss")) return DismissPair(r, *no);
  return std::nullopt;
}

Response App::Impl::SignInPage(const Request& r, int status, const std::string& message) {
  const Tr tr = T(r);
  const bool users_on = AccountsOn();
  if (options.editors.empty() && !users_on) {
    return {403,
            "text/html; charset=utf-8",
            Layout(r, tr("signin.title"), "",
                   "<h1>" + EscapeXml(tr("signin.title")) + "</h1><p>" +
                       EscapeXml(tr("signin.no_editing")) + "</p>"),
            {}};
  }
  std::string next = r.method == "POST" ? Field(Form(r), "next") : Param(r, "next");
  next = LocalPath(next);
  std::string body =
      "<h1>" + EscapeXml(tr(users_on ? "signin.title" : "signin.editor_title")) + "</h1>";
  if (!message.empty()) {
    body += "<p class=\"error\" id=\"error\">" + EscapeXml(tr(message)) + "</p>";
  }
  body +=
      "<form class=\"filters\" method=\"post\" action=\"/signin\"><input type=\"hidden\" "
      "name=\"next\" value=\"" +
      EscapeXml(next) + "\">";
  if (users_on) {
    body += "<label>" + EscapeXml(tr("signin.name")) +
            "<input name=\"name\" autocomplete=\"username\" required autofocus></label><label>" +
            EscapeXml(tr("signin.password")) +
            "<input type=\"password\" name=\"password\" autocomplete=\"current-password\" "
            "required></label>";
  } else {
    body += "<label>" + EscapeXml(tr("signin.token")) +
            "<input type=\"password\" name=\"token\" autocomplete=\"off\" required "
            "autofocus></label>";
  }
  body += "<button>" + EscapeXml(tr("signin.go")) + "</button></form>";
  return {status, "text/html; charset=utf-8", Layout(r, tr("signin.title"), "", body), {}};
}

Response App::Impl::SignIn(const Request& r) {
  if (AccountsOn()) return AccountSignIn(r);
  if (options.editors.empty()) return SignInPage(r, 403, "");
  const auto form = Form(r);
  const std::string token = Field(form, "token");
  const Editor* who = nullptr;
  for (const Editor& e : options.editors) {  // compare with every token: no early exit
    if (SameSecret(token, e.token) && !who) who = &e;
  }
  if (!who) {
    Audit(r, "refused an editor's sign-in: wrong token");
    return SignInPage(r, 401, "signin.wrong_token");
  }
  const std::string id = sessions.Open(who->name);
  if (id.empty()) return SignInPage(r, 500, "signin.no_session");
  return Redirect(LocalPath(Field(form, "next")), {{"Set-Cookie", SessionCookie(id)}});
}

Response App::Impl::SignOut(const Request& r) {
  const auto session = SessionOf(r);
  const auto form = Form(r);
  if (session && SameSecret(Field(form, "csrf"), session->csrf)) {
    const std::string id = r.Cookie(kCookie);
    if (AccountsOn()) {
      std::lock_guard<std::mutex> lock(accounts_mu);
      (void)accounts->DeleteSession(Sha256Hex(id), NowSeconds());
    } else {
      sessions.Close(id);
    }
  } else if (session) {
    throw BadRequest{403, "the form is stale or forged (CSRF token mismatch)"};
  }
  return Redirect("/", {{"Set-Cookie", std::string(kCookie) +
                                           "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0"}});
}

// The editor behind a correcting POST: signed in, same origin, the session's CSRF token.
Sessions::Session Authorise(App::Impl& app, const Request& r,
                            const std::multimap<std::string, std::string>& form,
                            const std::string& min_role) {
  const auto session = app.SessionOf(r);
  if (!session) {
    app.Audit(r, "refused a correction: not signed in");
    throw BadRequest{401, "sign in as an editor first (/signin)"};
  }
  // Browsers say where a form came from: Sec-Fetch-Site, and Origin (which our no-referrer
  // policy turns into "null" even for our own pages, so only a named other origin is refused).
  const std::string site = r.Header("sec-fetch-site");
  if (!site.empty() && site != "same-origin") {
    app.Audit(r, "refused a correction: Sec-Fetch-Site " + site);
    throw BadRequest{403, "a correction must come from this site's own pages"};
  }
  const std::string origin = r.Header("origin");
  if (!origin.empty() && origin != "null") {
    std::string_view host = origin;
    for (std::string_view scheme : {"http://", "https://"}) {
      if (host.rfind(scheme, 0) == 0) host.remove_prefix(scheme.size());
    }
    if (host.empty() || host != r.Header("host")) {
      throw BadRequest{403, "a correction must come from this site's own pages"};
    }
  }
  if (!SameSecret(Field(form, "csrf"), session->csrf)) {
    app.Audit(r, "refused a correction by " + session->editor + ": CSRF token mismatch");
    throw BadRequest{403, "the form is stale or forged (CSRF token mismatch): reload the page"};
  }
  if (store::RoleRank(session->role) < store::RoleRank(min_role)) {
    app.Audit(
        r, std::string(min_role == "admin" ? "refused an admin's form" : "refused a correction") +
               " by " + session->editor + ": role " + session->role);
    throw BadRequest{403, "a " + session->role + " may not do this (it needs an " + min_role + ")"};
  }
  return *session;
}

Response App::Impl::EditArticle(const Request& r, int64_t article_id) {
  const auto form = Form(r);
  const Sessions::Session session = Authorise(*this, r, form);
  if (article_id < 0) throw BadRequest{404, "no such article"};
  model::Edit edit;
  edit.field = Field(form, "field");
  const std::string op = Field(form, "op");
  if (op.empty() || op == "=") {
    edit.op = '=';
  } else if (op == "+" || op == "-") {
    edit.op = op[0];
  } else {
    throw BadRequest{400, "'op' must be =, + or -"};
  }
  edit.value = std::string(utf8::Trim(Field(form, "value")));
  if (edit.op != '=' && edit.value.empty()) throw BadRequest{400, "nothing to add or remove"};
  std::lock_guard<std::mutex> lock(ingest_mu);
  auto store = store::OpenStore(options.db);
  if (!store.ok()) throw BadRequest{500, "the casebook cannot be opened"};
  if (Status s = (*store)->Correct(article_id, {edit}, session.editor); !s.ok()) {
    throw BadRequest{s.code() == Code::kNotFound ? 404 : 400, s.what()};
  }
  if (Status s = ingest::Renumber(**store); !s.ok()) throw BadRequest{500, s.what()};
  auto rec = (*store)->Get(article_id);
  if (Status s = catalog.Reload(); !s.ok()) throw BadRequest{500, "catalog reload failed"};
  const auto& no = rec.ok() ? rec->article.incident.case_no : std::nullopt;
  return Redirect(no ? "/cases/" + *no : "/articles/" + std::to_string(article_id));
}

Response App::Impl::MergeCase(const Request& r, const std::string& case_no) {
  const auto form = Form(r);
  const Sessions::Session session = Authorise(*this, r, form);
  const std::string other = std::string(utf8::Trim(Field(form, "other")));
  if (other.empty()) throw BadRequest{400, "name the case to merge into this one"};
  std::lock_guard<std::mutex> lock(ingest_mu);
  auto store = store::OpenStore(options.db);
  if (!store.ok()) throw BadRequest{500, "the casebook cannot be opened"};
  if (Status s = (*store)->MergeCases(case_no, other, session.editor); !s.ok()) {
    throw BadRequest{s.code() == Code::kNotFound ? 404 : 400, s.what()};
  }
  if (Status s = catalog.Reload(); !s.ok()) throw BadRequest{500, "catalog reload failed"};
  return Redirect("/cases/" + case_no);
}

// An editor's judgement that this case and another are different incidents (the pair leaves
// the review queue).
Response App::Impl::DismissPair(const Request& r, const std::string& case_no) {
  const auto form = Form(r);
  const Sessions::Session session = Authorise(*this, r, form);
  const std::string other = std::string(utf8::Trim(Field(form, "other")));
  if (other.empty()) throw BadRequest{400, "name the other case"};
  std::lock_guard<std::mutex> lock(ingest_mu);
  auto store = store::OpenStore(options.db);
  if (!store.ok()) throw BadRequest{500, "the casebook cannot be opened"};
  if (Status s = (*store)->DismissPossibleSame(case_no, other, session.editor); !s.ok()) {
    throw BadRequest{s.code() == Code::kNotFound ? 404 : 400, s.what()};
  }
  return Redirect("/cases/" + case_no);
}

Response App::Impl::SplitArticle(const Request& r, int64_t article_id) {
  const auto form = Form(r);
  const Sessions::Session session = Authorise(*this, r, form);
  if (article_id < 0) throw BadRequest{404, "no such article"};
  std::lock_guard<std::mutex> lock(ingest_mu);
  auto store = store::OpenStore(options.db);
  if (!store.ok()) throw BadRequest{500, "the casebook cannot be opened"};
  auto number = (*store)->SplitReport(article_id, session.editor);
  if (!number.ok()) {
    throw BadRequest{number.status().code() == Code::kNotFound ? 404 : 400, number.status().what()};
  }
  if (Status s = catalog.Reload(); !s.ok()) throw BadRequest{500, "catalog reload failed"};
  return Redirect("/cases/" + *number);
}

std::string App::Impl::EditControl(const Tr& tr, const std::optional<Sessions::Session>& session,
                                   int64_t article_id, const std::string& field,
                                   const model::Incident& inc) {
  const auto& editable = model::EditableFields();
  if (!session || store::RoleRank(session->role) < store::RoleRank("editor") ||
      std::find(editable.begin(), editable.end(), field) == editable.end())
    return "";
  const bool list = IsListField(field);
  std::string out = "<details class=\"edit\"><summary>" + EscapeXml(tr("edit.correct")) +
                    "</summary><form method=\"post\" action=\"/articles/" +
                    std::to_string(article_id) +
                    "/edit\"><input type=\"hidden\" name=\"csrf\" value=\"" + session->csrf +
                    "\"><input type=\"hidden\" name=\"field\" value=\"" + field + "\">";
  if (list) {
    out += "<select name=\"op\"><option value=\"+\">" + EscapeXml(tr("edit.add")) +
           "</option><option value=\"-\">" + EscapeXml(tr("edit.remove")) +
           "</option><option value=\"=\">" + EscapeXml(tr("edit.replace")) + "</option></select>";
  }
  std::string current = list ? "" : model::FieldText(inc, field);
  if (current == "-") current.clear();
  if (const auto* words = Vocabulary(field)) {
    out += "<select name=\"value\">";
    if (field != "kind") out += "<option value=\"\">" + EscapeXml(tr("edit.none")) + "</option>";
    for (const std::string& v : *words) {
      const std::string role = field == "type"          ? "type_label"
                               : field == "kind"        ? "kind"
                               : field == "org_kind"    ? "org_kind"
                               : field == "data_items"  ? "data_item"
                               : field == "reported_to" ? "authority"
                                                        : "";
      out += "<option value=\"" + EscapeXml(v) + "\"" + (v == current ? " selected" : "") + ">" +
             EscapeXml(role.empty() ? v : tr.Word(role, v) + " (" + v + ")") + "</option>";
    }
    out += "</select>";
  } else {
    const std::string hint = field == "announce_date" || field == "incident_date"
                                 ? "YYYY-MM-DD / YYYY-MM"
                             : field == "affected"                    ? tr("edit.affected_hint")
                             : field == "compensation_jpy_per_person" ? "500"
                                                                      : "";
    out += "<input name=\"value\" value=\"" + EscapeXml(current) + "\" placeholder=\"" +
           EscapeXml(hint) + "\">";
  }
  return out + "<button>" + EscapeXml(tr("edit.save")) + "</button></form></details>";
}

namespace {

// The cases a report flagged as possibly this one's incident: merge, or judge them different.
std::string ReviewPanel(const Tr& tr, const std::string& csrf, const std::string& case_no,
                        store::Store& store) {
  auto pairs = store.PossibleSames();
  if (!pairs.ok()) return "";
  std::string out;
  for (const store::PossibleSame& p : *pairs) {
    if (p.case_no != case_no && p.other_case_no != case_no) continue;
    const bool first = p.case_no == case_no;
    const std::string& other = first ? p.other_case_no : p.case_no;
    const std::string& title = first ? p.other_title : p.title;
    const std::string hidden =
        csrf + "<input type=\"hidden\" name=\"other\" value=\"" + EscapeXml(other) + "\">";
    out += "<li><a href=\"/cases/" + EscapeXml(other) + "\">" + EscapeXml(other) + "</a> " +
           EscapeXml(title) + " <span class=\"muted\">(" + EscapeXml(tr.Phrase(p.reason)) +
           ")</span><form method=\"post\" action=\"/cases/" + EscapeXml(case_no) + "/merge\">" +
           hidden + "<button>" + EscapeXml(tr("edit.merge_here")) +
           "</button></form><form method=\"post\" action=\"/cases/" + EscapeXml(case_no) +
           "/dismiss\">" + hidden + "<button>" + EscapeXml(tr("edit.different")) +
           "</button></form></li>";
  }
  return out.empty() ? ""
                     : "<h3>" + EscapeXml(tr("edit.possible_same")) + "</h3><ul id=\"review\">" +
                           out + "</ul>";
}

}  // namespace

std::string App::Impl::EditPanel(const Tr& tr, const std::optional<Sessions::Session>& session,
                                 const Request& r, const model::Incident& inc,
                                 store::Store& store) {
  if (options.editors.empty() && !AccountsOn()) return "";
  if (!session) {
    const std::string link = "<a href=\"/signin" + EscapeXml(Query({{"next", r.path}})) + "\">" +
                             EscapeXml(tr("edit.signin_link")) + "</a>";
    return "<p class=\"muted\" id=\"signin\">" + tr.Html("edit.signin_to_correct", {link}) + "</p>";
  }
  const std::string csrf = "<input type=\"hidden\" name=\"csrf\" value=\"" + session->csrf + "\">";
  const std::string signout = "<form method=\"post\" action=\"/signout\">" + csrf + "<button>" +
                              EscapeXml(tr("edit.signout")) + "</button></form>";
  if (store::RoleRank(session->role) < store::RoleRank("editor")) {
    return "<p class=\"muted\" id=\"signin\">" +
           EscapeXml(tr("edit.viewing_as", {session->editor})) + "</p>" + signout;
  }
  std::string out = "<h2>" + EscapeXml(tr("edit.title")) + "</h2><div id=\"editing\"><p>" +
                    EscapeXml(tr("edit.signed_in_as", {session->editor})) + "</p>" + signout;
  if (session->role == "admin") {
    out += "<p><a href=\"/admin\">" + EscapeXml(tr("admin.title")) + "</a></p>";
  }
  if (inc.case_no) {
    out += "<form method=\"post\" action=\"/cases/" + EscapeXml(*inc.case_no) + "/merge\">" + csrf +
           "<label>" + EscapeXml(tr("edit.merge_label")) +
           " <input name=\"other\" placeholder=\"2031-015\" required></label><button>" +
           EscapeXml(tr("edit.merge")) + "</button></form>";
    out += ReviewPanel(tr, csrf, *inc.case_no, store);
    store::ListQuery q;
    q.case_no = inc.case_no;
    q.limit = 0;
    auto reports = store.List(q);
    if (reports.ok() && reports->size() > 1) {
      out += "<ul id=\"split\">";
      for (const store::ArticleRecord& rep : *reports) {
        out += "<li><form method=\"post\" action=\"/articles/" + std::to_string(rep.id) +
               "/split\">" + csrf + "#" + std::to_string(rep.id) + " " +
               EscapeXml(rep.article.title) + " <button>" + EscapeXml(tr("edit.split")) +
               "</button></form></li>";
      }
      out += "</ul>";
    }
  }
  return out + "</div>";
}

}  // namespace jikenbo::serve
