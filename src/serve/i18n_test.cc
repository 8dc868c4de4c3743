// The web UI in Japanese and English: choosing the language (Accept-Language, the switch and
// its cookie, ?lang=), the message file's checks, the translated reasons, the shipped rules
// being complete, and every page rendered in both languages with no Japanese left in the
// English page's own words and no message missing.
#include "serve/i18n.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "base/utf8.h"
#include "extract/ioc_roles.h"
#include "ingest/ingest.h"
#include "model/vocabulary.h"
#include "report/stats.h"
#include "report/timeline.h"
#include "serve/app.h"
#include "tests/testing.h"

namespace jikenbo::serve {
namespace {

Request Get(std::string path, std::map<std::string, std::string> headers = {},
            std::multimap<std::string, std::string> query = {}) {
  Request r;
  r.method = "GET";
  r.path = std::move(path);
  r.headers = std::move(headers);
  r.query = std::move(query);
  r.client = "127.0.0.1";
  return r;
}

std::string HeaderOf(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

// The non-test C++ sources of a directory of the source tree ("/src/serve"): name and text.
std::vector<std::pair<std::string, std::string>> Sources(const std::string& dir) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& entry : std::filesystem::directory_iterator(testing::SourceDir() + dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".cc" || name.find("_test") != std::string::npos) continue;
    out.emplace_back(name, testing::ReadFile(entry.path()));
  }
  return out;
}

// A format string with its fmt fields ("{}", "{:g}") filled with "x": the phrase it writes.
std::string FillFields(std::string_view format) {
  std::string out;
  bool field = false;
  for (char c : format) {
    if (c == '{') field = true;
    if (!field) out += c;
    if (c == '}') {
      field = false;
      out += 'x';
    }
  }
  return out;
}

bool HasJapanese(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    const auto d = utf8::Next(s, i);
    if (d.cp >= 0x3000) return true;
    i += d.len;
  }
  return false;
}

TEST(Lang, AcceptLanguagePicksTheHighestQualityOfJapaneseAndEnglish) {
  EXPECT_EQ(FromAcceptLanguage("en-US,en;q=0.9"), Lang::kEn);
  EXPECT_EQ(FromAcceptLanguage("ja,en-US;q=0.9,en;q=0.8"), Lang::kJa);
  EXPECT_EQ(FromAcceptLanguage("fr-FR, en;q=0.5, ja;q=0.7"), Lang::kJa);
  EXPECT_EQ(FromAcceptLanguage("fr, de;q=0.9, EN-gb;q=0.1"), Lang::kEn);
  EXPECT_EQ(FromAcceptLanguage("en;q=0, ja;q=0.1"), Lang::kJa);  // q=0 refuses English
  EXPECT_EQ(FromAcceptLanguage("en;q=0"), std::nullopt);
  EXPECT_EQ(FromAcceptLanguage("fr, de"), std::nullopt);
  EXPECT_EQ(FromAcceptLanguage(""), std::nullopt);
  EXPECT_EQ(FromAcceptLanguage("eng, japanese"), std::nullopt);  // not "en"/"ja" tags
  EXPECT_EQ(FromAcceptLanguage("en;q=2, ja;q=0.3"), Lang::kJa);  // a malformed q is no choice
  EXPECT_EQ(FromAcceptLanguage("*"), std::nullopt);
  // A hostile header: thousands of elements, bounded work, no crash.
  std::string many;
  for (int i = 0; i < 5000; ++i) many += "xx;q=0.1,";
  EXPECT_EQ(FromAcceptLanguage(many + "en"), std::nullopt);
}

TEST(Lang, ParameterThenCookieThenHeaderThenJapanese) {
  EXPECT_EQ(LangOf(Get("/")), Lang::kJa);
  EXPECT_EQ(LangOf(Get("/", {{"accept-language", "en"}})), Lang::kEn);
  EXPECT_EQ(LangOf(Get("/", {{"accept-language", "en"}, {"cookie", "jikenbo_lang=ja"}})),
            Lang::kJa);
  EXPECT_EQ(LangOf(Get("/", {{"cookie", "a=1; jikenbo_lang=en; b=2"}})), Lang::kEn);
  EXPECT_EQ(LangOf(Get("/", {{"cookie", "xjikenbo_lang=en"}})), Lang::kJa);  // another cookie
  EXPECT_EQ(LangOf(Get("/", {{"cookie", "jikenbo_lang=en"}}, {{"lang", "ja"}})), Lang::kJa);
  EXPECT_EQ(LangOf(Get("/", {{"cookie", "jikenbo_lang=zz"}, {"accept-language", "en"}})),
            Lang::kEn);
  EXPECT_EQ(LangOf(Get("/", {}, {{"lang", "fr"}})), Lang::kJa);
}

TEST(UiText, PlaceholdersAreCheckedAndFilled) {
  auto ui = UiText::Parse({"ui.rules", "# c\na.b\t{}件\t{} found\nx\t\tあ\t\tA\n"});
  ASSERT_TRUE(ui.ok()) << ui.status().ToString();
  EXPECT_EQ(ui->Get(Lang::kJa, "a.b", {"12"}), "12件");
  EXPECT_EQ(ui->Get(Lang::kEn, "a.b", {"12"}), "12 found");
  EXPECT_EQ(ui->Get(Lang::kEn, "x"), "A");  // repeated TABs align columns
  EXPECT_EQ(ui->Get(Lang::kEn, "missing"), "[missing]");
  for (const char* bad : {"k\t{}件\tfound\n", "k\t{件\t{found\n", "k\tあ\tA\nk\tい\tB\n",
                          "k\tonly one language\n", "phrase:x {}\tあ\tA\n"}) {
    auto r = UiText::Parse({"ui.rules", bad});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().ToString().find("ui.rules:"), std::string::npos) << r.status().ToString();
  }
}

TEST(UiText, ReasonsAreTranslatedByPatternKeepingTheirValues) {
  auto ui = UiText::Parse(
      {"ui.rules",
       "phrase:no cue\t手がかりなし\tno cue\n"
       "phrase:a weak cue for {} (score {})\t{}の弱い手がかり(スコア{})\ta weak cue for {} (score "
       "{})\n"
       "phrase:{} and {} close\t{}と{}が近い\t{} and {} close\n"});
  ASSERT_TRUE(ui.ok()) << ui.status().ToString();
  EXPECT_EQ(ui->Phrase(Lang::kJa, "no cue"), "手がかりなし");
  EXPECT_EQ(ui->Phrase(Lang::kJa, "a weak cue for incident (score 2.5)"),
            "incidentの弱い手がかり(スコア2.5)");
  EXPECT_EQ(ui->Phrase(Lang::kJa, "phishing and malware close"), "phishingとmalwareが近い");
  EXPECT_EQ(ui->Phrase(Lang::kEn, "a weak cue for incident (score 2.5)"),
            "a weak cue for incident (score 2.5)");
  EXPECT_EQ(ui->Phrase(Lang::kJa, "no cue at all"), "no cue at all");  // not the whole reason
  EXPECT_EQ(ui->Phrase(Lang::kJa, "something new"), "something new");  // unknown: as written
}

// --- the shipped rules

struct Shipped {
  report::Lexicon ja, en;
  UiText ui;
};

const Shipped& Rules() {
  static const Shipped* shipped = [] {
    auto* s = new Shipped;
    auto files = NewDiskFileSource();
    const std::string dir = testing::SourceDir() + "/rules";
    auto ja = report::LoadLexicon(*files, dir);
    EXPECT_TRUE(ja.ok()) << ja.status().ToString();
    s->ja = *ja;
    auto en = EnglishLexicon(
        s->ja, {dir + "/labels_en.rules", testing::ReadFile(dir + "/labels_en.rules")});
    EXPECT_TRUE(en.ok()) << en.status().ToString();
    s->en = *en;
    auto ui = UiText::Parse({dir + "/ui.rules", testing::ReadFile(dir + "/ui.rules")});
    EXPECT_TRUE(ui.ok()) << ui.status().ToString();
    s->ui = *ui;
    return s;
  }();
  return *shipped;
}

TEST(ShippedRules, EveryVocabularyValueHasAJapaneseAndAnEnglishName) {
  const Shipped& s = Rules();
  const std::vector<std::pair<std::string, std::vector<std::string>>> vocabularies = {
      {"type_label", model::IncidentTypes()},  {"kind", model::ArticleKinds()},
      {"data_item", model::DataItems()},       {"authority", model::Authorities()},
      {"org_kind", model::OrgKinds()},         {"ioc_role", extract::IocRoleNames()},
      {"chart_title", report::StatGroupings()}};
  for (const auto& [role, values] : vocabularies) {
    for (const std::string& v : values) {
      const auto& ja = s.ja.words.at(role);
      const auto& en = s.en.words.at(role);
      ASSERT_TRUE(ja.count(v)) << role << " " << v << " has no Japanese name (digest.rules)";
      ASSERT_TRUE(en.count(v) && (en.at(v) != ja.at(v) || !HasJapanese(ja.at(v))))
          << role << " " << v << " has no English name (labels_en.rules)";
      EXPECT_TRUE(HasJapanese(ja.at(v)) || role == "authority") << role << " " << v;
      EXPECT_FALSE(HasJapanese(en.at(v))) << role << " " << v;
    }
  }
  for (const auto& [unit, word] : s.ja.words.at("unit")) {
    EXPECT_TRUE(s.en.words.at("unit").count(unit)) << "unit " << unit;
  }
}

// The string literals of the web UI's sources that look like message keys ("nav.list"): each
// must be in ui.rules, in both languages.
TEST(ShippedRules, EveryMessageThePagesUseIsThere) {
  const Shipped& s = Rules();
  const std::set<std::string> prefixes = {
      "nav", "error",  "filter",    "list",   "field",  "affected", "case",  "history", "log",
      "ioc", "search", "dashboard", "digest", "signin", "edit",     "admin", "role",    "brand"};
  size_t keys = 0;
  for (const auto& [name, text] : Sources("/src/serve")) {
    for (size_t q = text.find('"'); q != std::string::npos;) {
      const size_t end = text.find('"', q + 1);
      if (end == std::string::npos) break;
      const std::string lit = text.substr(q + 1, end - q - 1);
      const size_t dot = lit.find('.');
      const bool keyish =
          !lit.empty() && dot != std::string::npos && dot + 1 < lit.size() &&
          prefixes.count(lit.substr(0, dot)) &&
          lit.find_first_not_of("abcdefghijklmnopqrstuvwxyz_.") == std::string::npos;
      if (keyish) {
        ++keys;
        EXPECT_TRUE(s.ui.Has(lit)) << name << " uses '" << lit << "', not in rules/ui.rules";
      }
      q = text.find('"', end + 1);
    }
  }
  EXPECT_GT(keys, 100u);  // the scan found the pages' messages
  for (const char* role : {"viewer", "editor", "admin"})
    EXPECT_TRUE(s.ui.Has(std::string("role.") + role));
  for (const char* f : {"case_no", "kind", "type", "title_org", "victim_orgs", "org_kind",
                        "announce_date", "incident_date", "affected", "data_items", "reported_to",
                        "cause", "countermeasures", "compensation_jpy_per_person"}) {
    EXPECT_TRUE(s.ui.Has(std::string("field.") + f)) << f;
  }
}

// Every reason the analysis can write (the literals of AddDoubt and of the doubt variables in
// classify/ and extract/, their fmt fields filled) has a Japanese translation.
TEST(ShippedRules, EveryLowConfidenceReasonIsTranslated) {
  const Shipped& s = Rules();
  size_t reasons = 0;
  for (const char* dir : {"/src/classify", "/src/extract"}) {
    for (const auto& [name, text] : Sources(dir)) {
      for (const char* anchor : {"AddDoubt(", "doubt = \""}) {
        for (size_t at = text.find(anchor); at != std::string::npos;
             at = text.find(anchor, at + 1)) {
          // the reason: the string literal(s) of the call; a fmt::format's first literal
          const size_t close = text.find(';', at);
          std::vector<std::string> lits;
          for (size_t q = text.find('"', at); q != std::string::npos && q < close;) {
            const size_t end = text.find('"', q + 1);
            lits.push_back(text.substr(q + 1, end - q - 1));
            q = text.find('"', end + 1);
          }
          for (const std::string& format : lits) {
            const auto& fields = model::ConfidenceFields();
            if (std::find(fields.begin(), fields.end(), format) != fields.end()) continue;
            const std::string lit = FillFields(format);
            ++reasons;
            EXPECT_TRUE(HasJapanese(s.ui.Phrase(Lang::kJa, lit)))
                << name << ": '" << lit << "' has no phrase: row in ui.rules";
          }
        }
      }
    }
  }
  EXPECT_GE(reasons, 15u);
}

// Every reason the web UI gives for refusing a request (the literals of each BadRequest, the
// values concatenated or formatted into it filled with "x") has a Japanese explanation.
TEST(ShippedRules, EveryRefusalIsExplainedInJapanese) {
  const Shipped& s = Rules();
  size_t refusals = 0;
  for (const auto& [name, text] : Sources("/src/serve")) {
    for (size_t at = text.find("BadRequest{"); at != std::string::npos;
         at = text.find("BadRequest{", at + 1)) {
      const size_t close = text.find("};", at);
      std::string phrase;
      size_t literals = 0;
      for (size_t q = text.find('"', at); q != std::string::npos && q < close;) {
        const size_t end = text.find('"', q + 1);
        if (literals++ > 0) phrase += 'x';
        phrase += FillFields(std::string_view(text).substr(q + 1, end - q - 1));
        q = text.find('"', end + 1);
      }
      if (literals == 0) continue;  // a status's own message (s.what())
      ++refusals;
      EXPECT_TRUE(HasJapanese(s.ui.Phrase(Lang::kJa, phrase)))
          << name << ": '" << phrase << "' has no phrase: row in ui.rules";
    }
  }
  EXPECT_GE(refusals, 25u);
}

// What changed between a case's reports, and where they disagree: every phrase the timeline
// writes, in Japanese.
TEST(ShippedRules, EveryTimelinePhraseIsTranslated) {
  const Shipped& s = Rules();
  std::vector<store::ArticleRecord> reports(3);
  for (size_t k = 0; k < reports.size(); ++k) {
    model::Incident& inc = reports[k].article.incident;
    reports[k].id = static_cast<int64_t>(k + 1);
    inc.kind = "incident";
    inc.case_no = "2031-001";
    inc.title_org = "架空商事株式会社";
    inc.type = k == 0 ? "unauthorized_access" : "ransomware";
    inc.announce_date = "2031-0" + std::to_string(k + 3) + "-01";
    inc.incident_date = "2031-02-0" + std::to_string(k + 1);
    inc.affected = {{static_cast<int64_t>(100 * (k + 1)), "persons", model::Qualifier::kExact, {}}};
    inc.data_items =
        k == 0 ? std::vector<std::string>{"name"} : std::vector<std::string>{"name", "email"};
    if (k == 1) {
      inc.cause = "脆弱性";
      inc.countermeasures = {"パスワードの変更"};
      inc.reported_to = {{"ppc", std::nullopt, {}}};
    }
  }
  const report::CaseView view = report::BuildCase(reports);
  std::vector<std::string> phrases = view.conflicts;
  for (const auto& e : view.timeline)
    phrases.insert(phrases.end(), e.changes.begin(), e.changes.end());
  EXPECT_GE(phrases.size(), 10u);
  for (const std::string& p : phrases) {
    const std::string ja = s.ui.Phrase(Lang::kJa, p);
    // translated: the English words gone (values such as "ransomware" may stay)
    EXPECT_NE(ja, p) << p;
    EXPECT_TRUE(HasJapanese(ja)) << p;
  }
}

// --- every page in both languages

using Quiet = testing::QuietReporter;

class BilingualTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("jikenbo_i18n_test_" + std::to_string(::getpid())));
    std::filesystem::create_directories(*dir_);
    const std::string db = (*dir_ / "case.db").string();
    auto store = store::OpenSqliteStore(db);
    ASSERT_TRUE(store.ok());
    auto files = NewDiskFileSource();
    ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
    Quiet quiet;
    ingester.Run({testing::SourceDir() + "/examples"}, quiet);
    AppOptions o;
    o.db = db;
    o.rules_dir = testing::SourceDir() + "/rules";
    auto app = App::Create(o);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = app->release();
  }
  static void TearDownTestSuite() {
    delete app_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static std::filesystem::path* dir_;
  static App* app_;
};
std::filesystem::path* BilingualTest::dir_ = nullptr;
App* BilingualTest::app_ = nullptr;

// The texts of the page's own words: headers, labels, options, buttons, terms, navigation,
// counts, cards (not the notices' titles, names and text, which stay as written).
std::vector<std::string> OwnWords(const std::string& html) {
  std::vector<std::string> out;
  for (const char* tag :
       {"<th>", "<dt>", "<label>", "<option", "<button>", "<button class=\"copy\"", "<summary>",
        "<h2>", "<h3>", "<nav>", "<p class=\"count\"", "<div class=\"card\"",
        "<span class=\"doubt\"", "<a rel="}) {
    for (size_t at = html.find(tag); at != std::string::npos; at = html.find(tag, at + 1)) {
      size_t b = html.find('>', at) + 1;
      // <nav> and cards hold tags: take the texts up to the element's end
      const std::string_view t = tag;
      const std::string close = t == "<nav>"                 ? "</nav>"
                                : t == "<div class=\"card\"" ? "</div>"
                                                             : "<";
      size_t e = html.find(close, b);
      std::string text;
      for (size_t i = b; i < e; ++i) {
        if (html[i] == '<')
          i = html.find('>', i);
        else
          text += html[i];
      }
      out.push_back(text);
    }
  }
  return out;
}

TEST_F(BilingualTest, EveryPageSpeaksTheLanguageAskedFor) {
  const std::vector<std::string> paths = {"/",          "/cases/2031-001", "/search",
                                          "/dashboard", "/digest",         "/indicators",
                                          "/signin",    "/no-such-page",   "/cases/1999-999"};
  for (const std::string& path : paths) {
    const Response ja = app_->Handle(Get(path, {}, {{"q", "紛失"}}));
    const Response en =
        app_->Handle(Get(path, {{"accept-language", "en-GB,en;q=0.9"}}, {{"q", "紛失"}}));
    EXPECT_EQ(ja.status, en.status) << path;
    EXPECT_NE(ja.body.find("<html lang=\"ja\">"), std::string::npos) << path;
    EXPECT_NE(en.body.find("<html lang=\"en\">"), std::string::npos) << path;
    EXPECT_EQ(HeaderOf(en, "Content-Language"), "en") << path;
    EXPECT_NE(HeaderOf(en, "Vary").find("Accept-Language"), std::string::npos) << path;
    for (const Response* r : {&ja, &en}) {
      for (const char* unknown : {"[nav.", "[field.", "[list.", "[case.", "[filter.", "[edit.",
                                  "[signin.", "[dashboard.", "[ioc.", "[error.", "[affected."}) {
        EXPECT_EQ(r->body.find(unknown), std::string::npos) << path << " misses " << unknown;
      }
    }
    // The digest is Japanese prose by design (marked lang="ja"): not the page's own words.
    std::string page = en.body;
    if (const size_t d = page.find("<div id=\"digest\" lang=\"ja\">"); d != std::string::npos) {
      page.erase(d, page.find("</main>") - d);
    }
    const auto words_en = OwnWords(page);
    EXPECT_FALSE(words_en.empty()) << path;
    for (const std::string& w : words_en) {
      // the switch to Japanese is written in Japanese; a filter value the user typed stays
      if (w.find("日本語") != std::string::npos || w.find("紛失") != std::string::npos) continue;
      EXPECT_FALSE(HasJapanese(w)) << path << ": '" << w << "' on the English page";
    }
    size_t japanese = 0;
    for (const std::string& w : OwnWords(ja.body)) japanese += HasJapanese(w);
    EXPECT_GT(japanese, 0u) << path;
  }
  // The case page names the kind and type in the page's language (no "incident" on a Japanese
  // page).
  const Response ja = app_->Handle(Get("/cases/2031-001"));
  EXPECT_EQ(ja.body.find(">incident<"), std::string::npos);
  EXPECT_NE(ja.body.find("インシデント"), std::string::npos);
  const Response en = app_->Handle(Get("/cases/2031-001", {{"accept-language", "en"}}));
  EXPECT_NE(en.body.find("Incident"), std::string::npos);
  // A refused request explains itself in the page's language.
  const Response bad_ja = app_->Handle(Get("/", {}, {{"from", "soon"}}));
  EXPECT_EQ(bad_ja.status, 400);
  EXPECT_NE(bad_ja.body.find("日付ではありません"), std::string::npos);
  const Response bad_en = app_->Handle(Get("/", {{"accept-language", "en"}}, {{"from", "soon"}}));
  EXPECT_NE(bad_en.body.find("not a date"), std::string::npos);
  // Charts: titles and legends in the page's language.
  const Response dash = app_->Handle(Get("/dashboard", {{"accept-language", "en"}}));
  EXPECT_NE(dash.body.find("Incidents by month and type"), std::string::npos);
  EXPECT_EQ(dash.body.find("月別"), std::string::npos);
}

TEST_F(BilingualTest, TheSwitchIsRememberedAndTheCacheKeepsLanguagesApart) {
  // The same URL, cached in Japanese first, still answers in English to an English reader.
  const Response ja = app_->Handle(Get("/dashboard"));
  const Response en = app_->Handle(Get("/dashboard", {{"accept-language", "en"}}));
  const Response ja_again = app_->Handle(Get("/dashboard"));
  EXPECT_NE(ja.body.find("lang=\"ja\""), std::string::npos);
  EXPECT_NE(en.body.find("lang=\"en\""), std::string::npos);
  EXPECT_EQ(ja.body, ja_again.body);
  // The header's switch names the other language and comes back to this page.
  EXPECT_NE(ja.body.find("href=\"/lang?to=en&amp;next=%2Fdashboard\""), std::string::npos);
  const Response sw =
      app_->Handle(Get("/lang", {}, {{"to", "en"}, {"next", "/dashboard?from=2031-01"}}));
  EXPECT_EQ(sw.status, 303);
  EXPECT_EQ(HeaderOf(sw, "Location"), "/dashboard?from=2031-01");
  const std::string cookie = HeaderOf(sw, "Set-Cookie");
  EXPECT_EQ(cookie.rfind("jikenbo_lang=en;", 0), 0u) << cookie;
  EXPECT_NE(cookie.find("Max-Age="), std::string::npos);
  // The cookie wins over Accept-Language; ?lang= over both.
  const Response remembered =
      app_->Handle(Get("/", {{"cookie", "jikenbo_lang=en"}, {"accept-language", "ja"}}));
  EXPECT_NE(remembered.body.find("<html lang=\"en\">"), std::string::npos);
  const Response forced = app_->Handle(Get("/", {{"cookie", "jikenbo_lang=en"}}, {{"lang", "ja"}}));
  EXPECT_NE(forced.body.find("<html lang=\"ja\">"), std::string::npos);
  // A bad target language, and a next that leaves the site.
  EXPECT_EQ(app_->Handle(Get("/lang", {}, {{"to", "fr"}})).status, 400);
  const Response away = app_->Handle(Get("/lang", {}, {{"to", "ja"}, {"next", "//evil.example/"}}));
  EXPECT_EQ(HeaderOf(away, "Location"), "/");
}

}  // namespace
}  // namespace jikenbo::serve
