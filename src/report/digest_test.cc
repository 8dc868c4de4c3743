// The writing stage: the rules it reads, its judgements (APPI, JNSA), the digest (checked on
// the bundled examples and on the seed documents of ../shared: every number and name in a bullet
// must come from an extracted field) and the statistics.
#include "report/digest.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <filesystem>
#include <set>

#include "ingest/ingest.h"
#include "model/vocabulary.h"
#include "tests/testing.h"

namespace jikenbo::report {
namespace {

const Lexicon& Lex() {
  static const Lexicon lex = [] {
    auto files = NewDiskFileSource();
    auto l = LoadLexicon(*files, testing::SourceDir() + "/rules");
    EXPECT_TRUE(l.ok()) << l.status().ToString();
    return l.ok() ? *l : Lexicon{};
  }();
  return lex;
}

using Quiet = testing::QuietReporter;

std::unique_ptr<store::Store> Ingest(FileSource& files, const std::vector<std::string>& inputs) {
  auto store = store::OpenSqliteStore(":memory:");
  EXPECT_TRUE(store.ok());
  ingest::Ingester ingester(files, **store, testing::DefaultPipeline());
  Quiet quiet;
  ingester.Run(inputs, quiet);
  return std::move(*store);
}

std::unique_ptr<store::Store> Examples() {
  auto files = NewDiskFileSource();
  return Ingest(*files, {testing::SourceDir() + "/examples"});
}

model::Incident Leak(std::vector<std::string> items, int64_t persons, std::string type,
                     std::string org_kind = "company") {
  model::Incident inc;
  inc.kind = "incident";
  inc.type = std::move(type);
  inc.org_kind = std::move(org_kind);
  inc.data_items = std::move(items);
  if (persons > 0) inc.affected.push_back({persons, "persons", model::Qualifier::kExact, {}});
  return inc;
}

// --- rules

TEST(Lexicon, EveryTypeItemAndUnitHasItsWordsAndLevels) {
  const Lexicon& lex = Lex();
  for (const std::string& type : model::IncidentTypes()) {
    EXPECT_NE(lex.Word("type_label", type), type) << type;
    EXPECT_FALSE(lex.Advice(type).empty()) << type;
  }
  for (const std::string& item : model::DataItems()) {
    EXPECT_NE(lex.Word("data_item", item), item) << item;
    EXPECT_TRUE(lex.levels.count(item)) << item << " has no damage levels";
  }
  for (const char* unit : {"persons", "records", "cards", "emails", "companies", "files"}) {
    EXPECT_NE(lex.Word("unit", unit), unit) << unit;
  }
  EXPECT_EQ(lex.Word("type_exposure", "no_such_type"), lex.Word("type_exposure", "default"));
  EXPECT_EQ(lex.Word("no_such_role", "x"), "x");
}

TEST(Lexicon, BadRowsNameTheirFileAndLine) {
  const NamedText ok_advice{"advice.rules", "misdelivery\tuse a mailing system\n"};
  const NamedText ok_damage{"damage.rules", "base\t-\t500\t-\n"};
  const NamedText ok_appi{"appi.rules", "threshold\tpersons\t1000\t-\n"};
  auto bad_role =
      ParseLexicon({"digest.rules", "# c\nno_role\tk\tv\n"}, ok_advice, ok_damage, ok_appi);
  ASSERT_FALSE(bad_role.ok());
  EXPECT_NE(bad_role.status().ToString().find("digest.rules:2"), std::string::npos)
      << bad_role.status().ToString();
  auto bad_level = ParseLexicon({"digest.rules", ""}, ok_advice,
                                {"damage.rules", "item\tname\t4\t1\n"}, ok_appi);
  ASSERT_FALSE(bad_level.ok());
  EXPECT_NE(bad_level.status().ToString().find("damage.rules:1"), std::string::npos);
  auto bad_ground =
      ParseLexicon({"digest.rules", ""}, ok_advice, ok_damage, {"appi.rules", "vibes\tx\t-\ty\n"});
  EXPECT_FALSE(bad_ground.ok());
  auto good = ParseLexicon({"digest.rules", "type_label\tmisdelivery\t誤送信\n"}, ok_advice,
                           ok_damage, ok_appi);
  ASSERT_TRUE(good.ok()) << good.status().ToString();
  EXPECT_EQ(good->Word("type_label", "misdelivery"), "誤送信");
  EXPECT_EQ(good->Advice("misdelivery").size(), 1u);
  EXPECT_TRUE(good->Advice("ransomware").empty());  // no default row
}

// --- judgements

TEST(Appi, EachGroundNamesTheFactsItRestsOn) {
  model::Incident card =
      Leak({"name", "credit_card_number", "card_security_code"}, 2400, "web_skimming");
  card.reported_to.push_back({"ppc", std::nullopt, {}});
  auto a = AssessAppi(card, Lex());
  ASSERT_TRUE(a.has_value());
  ASSERT_EQ(a->grounds.size(), 3u);  // financial, intent, more than 1,000 persons
  EXPECT_EQ(a->grounds[0].facts,
            (std::vector<std::string>{"クレジットカード番号", "セキュリティコード"}));
  EXPECT_EQ(a->grounds[1].facts, (std::vector<std::string>{"決済情報の窃取"}));
  EXPECT_EQ(a->grounds[2].facts, (std::vector<std::string>{"2,400人"}));
  EXPECT_TRUE(a->reported_to_ppc);

  auto health = AssessAppi(Leak({"name", "health"}, 30, "loss_theft"), Lex());
  ASSERT_EQ(health->grounds.size(), 1u);
  EXPECT_NE(health->grounds[0].name.find("要配慮"), std::string::npos);
  EXPECT_FALSE(health->reported_to_ppc);

  EXPECT_TRUE(AssessAppi(Leak({"email"}, 128, "misdelivery"), Lex())->grounds.empty());
  EXPECT_TRUE(AssessAppi(Leak({"login_id"}, 10, "misdelivery"), Lex())->grounds.empty());
  EXPECT_EQ(AssessAppi(Leak({"login_id", "password"}, 10, "misdelivery"), Lex())->grounds.size(),
            1u);
  EXPECT_TRUE(AssessAppi(Leak({"email"}, 1000, "misdelivery"), Lex())->grounds.empty());  // not >
  EXPECT_FALSE(AssessAppi(Leak({}, 500, "ddos"), Lex()).has_value());  // no personal data
  model::Incident advisory = Leak({"name"}, 0, "phishing");
  advisory.kind = "advisory";
  EXPECT_FALSE(AssessAppi(advisory, Lex()).has_value());
}

TEST(Damage, JnsaModelWithItsInputs) {
  // name + address: identifiable (6); level 1/1: 10^0 + 5^0 = 2; company: 1 -> 6,000 yen
  auto basic = EstimateDamage(Leak({"name", "address", "phone"}, 100, "misdelivery"), Lex());
  ASSERT_TRUE(basic.has_value());
  EXPECT_EQ(basic->sensitivity, 2);
  EXPECT_EQ(basic->identifiability, 6);
  EXPECT_EQ(basic->responsibility, 1);
  EXPECT_EQ(basic->per_person_yen, 6000);
  EXPECT_EQ(basic->total_yen, 600000);
  // a local government carries a higher social responsibility (2)
  auto city =
      EstimateDamage(Leak({"name", "address"}, 10, "misdelivery", "local_government"), Lex());
  EXPECT_EQ(city->per_person_yen, 12000);
  // card numbers: economic loss 3 -> 10^0 + 5^2 = 26; a name alone: identifiability 3
  auto card = EstimateDamage(Leak({"name", "credit_card_number"}, 0, "web_skimming"), Lex());
  EXPECT_EQ(card->y, 3);
  EXPECT_EQ(card->sensitivity, 26);
  EXPECT_EQ(card->identifiability, 3);
  EXPECT_EQ(card->per_person_yen, 39000);
  EXPECT_FALSE(card->total_yen.has_value());  // no count of persons stated
  // health data: distress 2 -> 10^1 + 5^0 = 11; e-mail alone: identifiability 1
  auto health = EstimateDamage(Leak({"email", "health"}, 3, "loss_theft"), Lex());
  EXPECT_EQ(health->x, 2);
  EXPECT_EQ(health->per_person_yen, 5500);
  EXPECT_FALSE(EstimateDamage(Leak({}, 10, "ddos"), Lex()).has_value());
}

TEST(Window, DatesOfAnyPrecisionOverlapTheWindow) {
  EXPECT_EQ(JapaneseDate("2031-05-09"), "2031年5月9日");
  EXPECT_EQ(JapaneseDate("2031-11"), "2031年11月");
  EXPECT_EQ(JapaneseDate("2031"), "2031年");
  EXPECT_TRUE(InWindow("2031-05-09", std::nullopt, std::nullopt));
  EXPECT_TRUE(InWindow("2031-05-09", "2031-05-01", "2031-05-31"));
  EXPECT_FALSE(InWindow("2031-06-01", "2031-05-01", "2031-05-31"));
  EXPECT_TRUE(InWindow("2031-05", "2031-05-10", "2031-05-20"));  // the month overlaps
  EXPECT_TRUE(InWindow("2031-05-31", "2031-05", "2031-05"));
  EXPECT_FALSE(InWindow("", "2031", std::nullopt));  // undated: only without bounds
  EXPECT_TRUE(InWindow("", std::nullopt, std::nullopt));
  EXPECT_FALSE(CheckWindow({.from = "last week"}).ok());
  EXPECT_TRUE(CheckWindow({.from = "2031-05", .to = "2031"}).ok());
}

// --- the digest

// Digit runs outside quotes, commas of grouping removed, with the template's own "1人当たり".
std::vector<std::string> NumbersOf(const Line& line) {
  std::vector<std::string> out;
  for (const Run& run : line) {
    if (run.quote) continue;
    std::string t = run.text;
    for (size_t at = t.find("1人当たり"); at != std::string::npos; at = t.find("1人当たり")) {
      t.erase(at, 1);
    }
    for (size_t i = 0; i < t.size();) {
      if (t[i] < '0' || t[i] > '9') {
        ++i;
        continue;
      }
      std::string n;
      while (i < t.size() && ((t[i] >= '0' && t[i] <= '9') || t[i] == ',')) {
        if (t[i] != ',') n += t[i];
        ++i;
      }
      out.push_back(n);
    }
  }
  return out;
}

std::set<std::string> FieldNumbers(const model::Incident& inc) {
  std::set<std::string> ok;
  for (const auto& d : {inc.announce_date, inc.incident_date}) {
    if (!d) continue;
    ok.insert(d->substr(0, 4));
    if (d->size() >= 7) ok.insert(std::to_string(std::stoi(d->substr(5, 2))));
    if (d->size() >= 10) ok.insert(std::to_string(std::stoi(d->substr(8, 2))));
  }
  for (const auto& c : inc.affected) ok.insert(std::to_string(c.count));
  if (inc.compensation_jpy_per_person) ok.insert(std::to_string(*inc.compensation_jpy_per_person));
  return ok;
}

// The checks every digest must pass: three bullets; every number in them from a field; the
// announcing organisation named and no other organisation of the casebook; similar incidents
// cited whenever the casebook holds an earlier one of the same type, and only such ones.
void CheckDigest(store::Store& store, const Digest& digest, size_t min_items) {
  ASSERT_GE(digest.items.size(), min_items);
  std::set<std::string> all_orgs;
  std::vector<std::pair<std::string, std::string>> incidents;  // (type, date) of each case
  for (const DigestItem& item : digest.items) {
    auto r = store.Get(item.id);
    ASSERT_TRUE(r.ok());
    const model::Incident& inc = r->article.incident;
    if (inc.title_org) all_orgs.insert(*inc.title_org);
    for (const std::string& v : inc.victim_orgs) all_orgs.insert(v);
    if (item.kind == "incident") incidents.emplace_back(item.type, item.date);
  }
  for (const DigestItem& item : digest.items) {
    SCOPED_TRACE("item " + std::to_string(item.id) + " " + item.title);
    auto r = store.Get(item.id);
    ASSERT_TRUE(r.ok());
    const model::Incident& inc = r->article.incident;
    ASSERT_EQ(item.summary.size(), 3u);
    const std::set<std::string> allowed = FieldNumbers(inc);
    std::set<std::string> own = {inc.title_org.value_or("")};
    for (const std::string& v : inc.victim_orgs) own.insert(v);
    for (const Line& line : item.summary) {
      EXPECT_FALSE(PlainText(line).empty());
      for (const std::string& n : NumbersOf(line)) {
        EXPECT_TRUE(allowed.count(n)) << "number " << n << " in: " << PlainText(line);
      }
      std::string text;
      for (const Run& run : line) text += run.quote ? "" : run.text;
      for (const std::string& org : all_orgs) {
        if (own.count(org) || text.find(org) == std::string::npos) continue;
        // a name inside one of the item's own names (架空市 in 架空市役所) is that name
        bool inside = false;
        for (const std::string& mine : own) inside = inside || mine.find(org) != std::string::npos;
        EXPECT_TRUE(inside) << "organisation " << org << " in: " << PlainText(line);
      }
    }
    if (inc.title_org) {
      EXPECT_NE(PlainText(item.summary[0]).find(*inc.title_org), std::string::npos);
    }
    for (const Line& line : item.comment) {  // an unnamed organisation is never "ある組織"
      EXPECT_EQ(PlainText(line).find("ある組織"), std::string::npos) << PlainText(line);
    }
    if (item.kind != "incident") continue;
    const bool earlier = std::any_of(incidents.begin(), incidents.end(), [&](const auto& other) {
      return other.first == item.type && !item.date.empty() && !other.second.empty() &&
             other.second < item.date;
    });
    if (earlier) {
      EXPECT_FALSE(item.similar.empty()) << "no earlier incident cited";
    }
    for (const Citation& c : item.similar) {
      auto other = store.Get(c.id);
      ASSERT_TRUE(other.ok());
      EXPECT_EQ(other->article.incident.type, inc.type);
      if (!item.date.empty()) {  // an undated item may cite any
        EXPECT_LE(c.date, item.date);
      }
      EXPECT_NE(PlainText(item.comment.front()).find(c.case_no), std::string::npos);
    }
  }
}

TEST(Digest, ExamplesEveryBulletFromTheFields) {
  auto store = Examples();
  auto digest = BuildDigest(*store, Lex(), {});
  ASSERT_TRUE(digest.ok()) << digest.status().ToString();
  CheckDigest(*store, *digest, 20);
  // newest first
  for (size_t k = 1; k < digest->items.size(); ++k) {
    EXPECT_GE(digest->items[k - 1].date, digest->items[k].date);
  }
  // each personal-data leak carries an APPI assessment and a JNSA estimate with its inputs
  size_t leaks = 0;
  for (const DigestItem& item : digest->items) {
    if (!item.damage) continue;
    ++leaks;
    ASSERT_TRUE(item.appi.has_value());
    const std::string all = PlainText(item.comment.back());
    EXPECT_NE(all.find("本人特定容易度" + std::to_string(item.damage->identifiability)),
              std::string::npos)
        << all;
    EXPECT_NE(all.find(GroupedNumber(item.damage->per_person_yen) + "円"), std::string::npos);
  }
  EXPECT_GE(leaks, 8u);
}

TEST(Digest, SeedDocumentsEveryBulletFromTheFields) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent: seed digest not checked";
  auto files = NewDiskFileSource();
  auto store = Ingest(*files, {(*shared / "seeds").string()});
  auto digest = BuildDigest(*store, Lex(), {});
  ASSERT_TRUE(digest.ok()) << digest.status().ToString();
  CheckDigest(*store, *digest, 20);
}

TEST(Digest, WindowAndTypeNarrowIt) {
  auto store = Examples();
  auto may = BuildDigest(*store, Lex(), {.from = "2031-05-01", .to = "2031-05-31"});
  ASSERT_TRUE(may.ok());
  ASSERT_FALSE(may->items.empty());
  for (const DigestItem& item : may->items) EXPECT_EQ(item.date.substr(0, 7), "2031-05");
  auto ransom = BuildDigest(*store, Lex(), {.types = {"ransomware"}});
  ASSERT_TRUE(ransom.ok());
  ASSERT_FALSE(ransom->items.empty());
  for (const DigestItem& item : ransom->items) EXPECT_EQ(item.type, "ransomware");
  EXPECT_FALSE(BuildDigest(*store, Lex(), {.from = "May"}).ok());
}

TEST(Digest, HostileTextStaysText) {
  MemFileSource files;
  files.Add("hostile.txt",
            "<script>alert(1)</script>個人情報の漏えいについて\n\n2031年5月12日\n株式会社テスト\n\n"
            "当社において、メールの誤送信により、お客様10名の氏名が流出しました。\n"
            "再発防止策として、\"><img src=x onerror=alert(1)> [x](javascript:alert(1)) "
            "の確認を徹底します。\n");
  auto store = Ingest(files, {"hostile.txt"});
  auto digest = BuildDigest(*store, Lex(), {});
  ASSERT_TRUE(digest.ok());
  ASSERT_EQ(digest->items.size(), 1u);
  const std::string html = DigestHtml(*digest, Lex());
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;"), std::string::npos);
  EXPECT_NE(html.find("Content-Security-Policy"), std::string::npos);
  const std::string md = DigestMarkdown(*digest, Lex());
  EXPECT_EQ(md.find("<script>"), std::string::npos);
  EXPECT_EQ(md.find("[x](javascript"), std::string::npos);
  EXPECT_NE(md.find("\\<script\\>"), std::string::npos);
}

// --- statistics

TEST(Stats, EachIncidentCountsOnceWithItsLargestCounts) {
  auto store = Examples();
  auto cases = CollectCases(*store, {.kinds = {"incident"}});
  ASSERT_TRUE(cases.ok());
  std::set<std::string> case_numbers;
  ASSERT_TRUE(store
                  ->ForEach([&](const store::ArticleRecord& r) {
                    if (r.article.incident.kind == "incident" && r.article.incident.case_no) {
                      case_numbers.insert(*r.article.incident.case_no);
                    }
                    return Status::Ok();
                  })
                  .ok());
  const Stats by_type = ComputeStats(*cases, "type");
  EXPECT_EQ(by_type.total.incidents, static_cast<int64_t>(case_numbers.size()));
  int64_t sum = 0, persons = 0;
  for (const StatRow& r : by_type.rows) sum += r.incidents, persons += r.persons;
  EXPECT_EQ(sum, by_type.total.incidents);  // a type partition
  EXPECT_EQ(persons, by_type.total.persons);
  for (size_t k = 1; k < by_type.rows.size(); ++k) {
    EXPECT_GE(by_type.rows[k - 1].incidents, by_type.rows[k].incidents);
  }
  const Stats by_month = ComputeStats(*cases, "month");
  for (size_t k = 1; k < by_month.rows.size(); ++k) {
    EXPECT_LT(by_month.rows[k - 1].key, by_month.rows[k].key);  // months in order
  }
  const Stats by_item = ComputeStats(*cases, "data_item");
  ASSERT_FALSE(by_item.top_data_items.empty());
  EXPECT_EQ(by_item.top_data_items.front().first, "name");
  const std::string json = StatsJson(by_type);
  EXPECT_NE(json.find("\"share_reported_to_ppc\""), std::string::npos);
  const std::string csv = StatsCsv(by_type);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'),
            static_cast<long>(by_type.rows.size()) + 2);  // header, rows, total
}

TEST(Stats, HandMadeCasesAddUp) {
  auto make = [](std::string case_no, std::string date, std::string type,
                 std::vector<model::AffectedCount> affected, bool ppc) {
    CaseFile c;
    auto& inc = c.primary.article.incident;
    inc.kind = "incident";
    inc.case_no = std::move(case_no);
    inc.type = std::move(type);
    inc.announce_date = date;
    inc.affected = std::move(affected);
    if (ppc) inc.reported_to.push_back({"ppc", std::nullopt, {}});
    c.date = date;
    c.reports = {c.primary};
    return c;
  };
  using Q = model::Qualifier;
  const std::vector<CaseFile> cases = {
      make("2031-001", "2031-05-02", "misdelivery",
           {{100, "persons", Q::kExact, {}}, {30, "persons", Q::kExact, {}}}, true),
      make("2031-002", "2031-05-20", "misdelivery", {{5, "records", Q::kApprox, {}}}, false),
      make("2031-003", "2031-06-01", "web_skimming",
           {{800, "persons", Q::kMax, {}}, {700, "cards", Q::kMax, {}}}, true)};
  const Stats s = ComputeStats(cases, "month");
  ASSERT_EQ(s.rows.size(), 2u);
  EXPECT_EQ(s.rows[0].key, "2031-05");
  EXPECT_EQ(s.rows[0].incidents, 2);
  EXPECT_EQ(s.rows[0].persons, 100);  // the largest count of the case, not 130
  EXPECT_EQ(s.rows[0].records, 5);
  EXPECT_EQ(s.total.cards, 700);
  EXPECT_EQ(s.total.reported_to_ppc, 2);
  EXPECT_EQ(s.month_type.at("2031-05").at("misdelivery"), 2);
  const std::string svg = StatsSvg(s, Lex());
  EXPECT_EQ(svg.rfind("<svg", 0), 0u);
  EXPECT_NE(svg.find("誤送信"), std::string::npos);  // labels from the lexicon
  EXPECT_EQ(std::count(svg.begin(), svg.end(), '<'), std::count(svg.begin(), svg.end(), '>'));
}

}  // namespace
}  // namespace jikenbo::report
