#include "report/json.h"

#include <gtest/gtest.h>

namespace jikenbo::report {
namespace {

store::ArticleRecord Record() {
  store::ArticleRecord r;
  r.id = 7;
  r.doc_path = "examples/a.txt";
  r.article.title = "架空市 紛失";
  r.article.text = "●架空市 紛失\n38名分の書類を紛失。";
  r.article.line = 3;
  r.article.title_span = {0, 19};
  r.article.incident.affected = {{38, "persons", model::Qualifier::kExact, {20, 25}}};
  return r;
}

TEST(ArticleJson, HasEveryExportKeyWithNullsForUnknowns) {
  const auto j = ArticleJson(Record());
  for (const char* key :
       {"doc",         "line",       "title",         "kind",
        "type",        "case_no",    "source_ref",    "title_org",
        "victim_orgs", "org_kind",   "announce_date", "incident_date",
        "affected",    "data_items", "reported_to",   "compensation_jpy_per_person",
        "source_urls", "indicators", "summary",       "evidence"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_TRUE(j["kind"].is_null());
  EXPECT_TRUE(j["victim_orgs"].is_array());
  EXPECT_EQ(j["doc"], "examples/a.txt");
  EXPECT_EQ(j["line"], 3);
  EXPECT_FALSE(j.contains("text"));
  EXPECT_TRUE(ArticleJson(Record(), {.include_text = true}).contains("text"));
}

TEST(ArticleJson, EveryFieldCarriesItsConfidence) {
  auto r = Record();
  model::AddDoubt(&r.article.incident, "type", "a single weak cue (score 3)");
  model::AddDoubt(&r.article.incident, "type", "a second reason is not kept");
  const auto j = ArticleJson(r);
  for (const std::string& field : model::ConfidenceFields()) {
    ASSERT_TRUE(j["confidence"].contains(field)) << field;
  }
  EXPECT_EQ(j["confidence"]["type"]["level"], "low");
  EXPECT_EQ(j["confidence"]["type"]["reason"], "a single weak cue (score 3)");
  EXPECT_EQ(j["confidence"]["kind"]["level"], "high");
  EXPECT_FALSE(j["confidence"]["kind"].contains("reason"));
}

TEST(ArticleJson, EvidenceTextIsTheArticleBytesAtTheSpan) {
  const auto r = Record();
  const auto j = ArticleJson(r);
  for (const auto& [field, spans] : j["evidence"].items()) {
    for (const auto& s : spans) {
      const size_t b = s["start"], e = s["end"];
      EXPECT_EQ(r.article.text.substr(b, e - b), s["text"].get<std::string>()) << field;
    }
  }
  EXPECT_EQ(j["evidence"]["affected"][0]["text"], "38名");
  EXPECT_EQ(j["affected"][0]["qualifier"], "exact");
}

TEST(ArticleJson, SpansAreClampedToTheTextAndToWholeCharacters) {
  auto r = Record();
  r.article.incident.affected[0].evidence = {21, 9999};  // runs past the end
  r.article.title_span = {1, 5};                         // inside "●" and "架"
  const auto j = ArticleJson(r);
  EXPECT_EQ(j["evidence"]["title"][0]["start"], 0);
  EXPECT_EQ(j["evidence"]["title"][0]["text"], "●");
  EXPECT_EQ(j["evidence"]["affected"][0]["end"], r.article.text.size());
  EXPECT_NO_THROW(Dump(j));
}

TEST(Dump, InvalidUtf8IsReplacedNotThrown) {
  nlohmann::ordered_json j = {{"t", std::string("a\xFF")}};
  EXPECT_EQ(Dump(j), "{\"t\":\"a\xEF\xBF\xBD\"}");
}

}  // namespace
}  // namespace jikenbo::report
