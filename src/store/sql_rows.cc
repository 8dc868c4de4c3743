#include "store/sql_rows.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace jikenbo::store::rows {

Status InsertIncident(StmtCache& stmts, int64_t id, const model::Incident& inc) {
  Stmt& values =
      stmts.Get("INSERT INTO article_values (article_id, field, ordinal, value) VALUES (?,?,?,?)");
  JK_RETURN_IF_ERROR(values.status("insert values"));
  auto put_list = [&](const char* field, const std::vector<std::string>& list) -> Status {
    for (size_t i = 0; i < list.size(); ++i) {
      values.Reset();
      values.Bind(1, id).Bind(2, std::string_view(field)).Bind(3, static_cast<int64_t>(i));
      values.Bind(4, list[i]);
      JK_RETURN_IF_ERROR(values.Run("insert values"));
    }
    return Status::Ok();
  };
  JK_RETURN_IF_ERROR(put_list("victim_orgs", inc.victim_orgs));
  JK_RETURN_IF_ERROR(put_list("data_items", inc.data_items));
  JK_RETURN_IF_ERROR(put_list("countermeasures", inc.countermeasures));
  JK_RETURN_IF_ERROR(put_list("source_urls", inc.source_urls));
  JK_RETURN_IF_ERROR(put_list("summary", inc.summary));
  JK_RETURN_IF_ERROR(put_list("org_aliases", inc.org_aliases));
  Stmt& aff = stmts.Get("INSERT INTO affected VALUES (?,?,?,?,?,?,?)");
  JK_RETURN_IF_ERROR(aff.status("insert affected"));
  for (size_t i = 0; i < inc.affected.size(); ++i) {
    const auto& c = inc.affected[i];
    aff.Reset();
    aff.Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, c.count).Bind(4, c.unit);
    aff.Bind(5, std::string_view(model::QualifierName(c.qualifier)));
    aff.Bind(6, int64_t{c.evidence.begin}).Bind(7, int64_t{c.evidence.end});
    JK_RETURN_IF_ERROR(aff.Run("insert affected"));
  }
  Stmt& rep = stmts.Get("INSERT INTO reported_to VALUES (?,?,?,?,?,?)");
  JK_RETURN_IF_ERROR(rep.status("insert reported_to"));
  for (size_t i = 0; i < inc.reported_to.size(); ++i) {
    const auto& r = inc.reported_to[i];
    rep.Reset();
    rep.Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, r.authority).Bind(4, r.date);
    rep.Bind(5, int64_t{r.evidence.begin}).Bind(6, int64_t{r.evidence.end});
    JK_RETURN_IF_ERROR(rep.Run("insert reported_to"));
  }
  Stmt& ind = stmts.Get(
      "INSERT INTO indicators (article_id, ordinal, type, value, tags, span_begin, span_end, role,"
      " role_reason) VALUES (?,?,?,?,?,?,?,?,?)");
  JK_RETURN_IF_ERROR(ind.status("insert indicator"));
  for (size_t i = 0; i < inc.indicators.size(); ++i) {
    const auto& x = inc.indicators[i];
    std::string tags = "[";
    for (size_t k = 0; k < x.tags.size(); ++k) tags += (k ? ",\"" : "\"") + x.tags[k] + "\"";
    tags += "]";
    ind.Reset();
    ind.Bind(1, id).Bind(2, static_cast<int64_t>(i)).Bind(3, x.type).Bind(4, x.value).Bind(5, tags);
    ind.Bind(6, int64_t{x.evidence.begin}).Bind(7, int64_t{x.evidence.end});
    ind.Bind(8, x.role).Bind(9, x.role_reason);
    JK_RETURN_IF_ERROR(ind.Run("insert indicator"));
  }
  return Status::Ok();
}

Status LoadIncidentLists(Db* db, StmtCache& stmts, int64_t id, model::Incident* inc) {
  Stmt values(
      db, "SELECT field, value FROM article_values WHERE article_id = ? ORDER BY field, ordinal");
  JK_RETURN_IF_ERROR(values.status("load values"));
  values.Bind(1, id);
  while (values.Step() == kRow) {
    const std::string field = values.Text(0);
    std::string value = values.Text(1);
    if (field == "victim_orgs")
      inc->victim_orgs.push_back(std::move(value));
    else if (field == "data_items")
      inc->data_items.push_back(std::move(value));
    else if (field == "countermeasures")
      inc->countermeasures.push_back(std::move(value));
    else if (field == "source_urls")
      inc->source_urls.push_back(std::move(value));
    else if (field == "summary")
      inc->summary.push_back(std::move(value));
    else if (field == "org_aliases")
      inc->org_aliases.push_back(std::move(value));
  }
  Stmt& aff = stmts.Get(
      "SELECT count, unit, qualifier, span_begin, span_end FROM affected"
      " WHERE article_id = ? ORDER BY ordinal");
  JK_RETURN_IF_ERROR(aff.status("load affected"));
  aff.Bind(1, id);
  while (aff.Step() == kRow) {
    model::AffectedCount c;
    c.count = aff.Int(0);
    c.unit = aff.Text(1);
    const std::string q = aff.Text(2);
    c.qualifier = q == "max"      ? model::Qualifier::kMax
                  : q == "approx" ? model::Qualifier::kApprox
                  : q == "min"    ? model::Qualifier::kMin
                                  : model::Qualifier::kExact;
    c.evidence = {static_cast<uint32_t>(aff.Int(3)), static_cast<uint32_t>(aff.Int(4))};
    inc->affected.push_back(std::move(c));
  }
  Stmt& rep = stmts.Get(
      "SELECT authority, date, span_begin, span_end FROM reported_to"
      " WHERE article_id = ? ORDER BY ordinal");
  JK_RETURN_IF_ERROR(rep.status("load reported_to"));
  rep.Bind(1, id);
  while (rep.Step() == kRow) {
    inc->reported_to.push_back(
        {rep.Text(0),
         rep.OptText(1),
         {static_cast<uint32_t>(rep.Int(2)), static_cast<uint32_t>(rep.Int(3))}});
  }
  Stmt& ind = stmts.Get(
      "SELECT type, value, tags, span_begin, span_end, role, role_reason FROM indicators"
      " WHERE article_id = ? ORDER BY ordinal");
  JK_RETURN_IF_ERROR(ind.status("load indicators"));
  ind.Bind(1, id);
  while (ind.Step() == kRow) {
    model::Indicator x;
    x.type = ind.Text(0);
    x.value = ind.Text(1);
    const std::string tags = ind.Text(2);  // ["a","b"]: tags never contain quotes
    for (size_t q = tags.find('"'); q != std::string_view::npos; q = tags.find('"', q + 1)) {
      const size_t e = tags.find('"', q + 1);
      if (e == std::string_view::npos) break;
      x.tags.emplace_back(tags.substr(q + 1, e - q - 1));
      q = e;
    }
    x.evidence = {static_cast<uint32_t>(ind.Int(3)), static_cast<uint32_t>(ind.Int(4))};
    x.role = ind.Text(5);
    x.role_reason = ind.Text(6);
    inc->indicators.push_back(std::move(x));
  }
  Stmt& packed =
      stmts.Get("SELECT evidence_json, type_cues_json, doubts_json FROM articles WHERE id = ?");
  JK_RETURN_IF_ERROR(packed.status("load evidence"));
  packed.Bind(1, id);
  if (packed.Step() != kRow) return packed.Error("load evidence");
  // Written by InsertArticle (or migration v2); anything else means a damaged casebook.
  auto span = [](const nlohmann::json& b, const nlohmann::json& e) -> std::optional<model::Span> {
    if (!b.is_number_unsigned() || !e.is_number_unsigned()) return std::nullopt;
    return model::Span{b.get<uint32_t>(), e.get<uint32_t>()};
  };
  const auto evidence = nlohmann::json::parse(packed.Text(0), nullptr, /*allow_exceptions=*/false);
  const auto cues = nlohmann::json::parse(packed.Text(1), nullptr, false);
  const auto doubts = nlohmann::json::parse(packed.Text(2), nullptr, false);
  const Status bad = Status::Corrupt("damaged evidence column", fmt::format("article {}", id));
  if (!evidence.is_array() || !cues.is_array() || !doubts.is_array()) return bad;
  for (const auto& d : doubts) {
    if (!d.is_array() || d.size() != 2 || !d[0].is_string() || !d[1].is_string()) return bad;
    inc->doubts.push_back({d[0].get<std::string>(), d[1].get<std::string>()});
  }
  for (const auto& e : evidence) {
    if (!e.is_array() || e.size() != 3 || !e[0].is_string()) return bad;
    auto s = span(e[1], e[2]);
    if (!s) return bad;
    inc->evidence.push_back({e[0].get<std::string>(), *s});
  }
  for (const auto& c : cues) {
    if (!c.is_array() || c.size() != 4 || !c[0].is_string() || !c[1].is_number()) return bad;
    auto s = span(c[2], c[3]);
    if (!s) return bad;
    inc->type_cues.push_back({c[0].get<std::string>(), c[1].get<double>(), *s});
  }
  return Status::Ok();
}

Packed Pack(const model::Incident& inc) {
  nlohmann::json evidence = nlohmann::json::array();
  for (const auto& e : inc.evidence) evidence.push_back({e.field, e.span.begin, e.span.end});
  nlohmann::json cues = nlohmann::json::array();
  for (const auto& c : inc.type_cues) {
    cues.push_back({c.type, c.weight, c.evidence.begin, c.evidence.end});
  }
  nlohmann::json doubts = nlohmann::json::array();
  for (const auto& d : inc.doubts) doubts.push_back({d.field, d.reason});
  return {evidence.dump(), cues.dump(), doubts.dump()};
}

Status UpdateIncident(StmtCache& stmts, int64_t id, const model::Incident& inc) {
  const Packed packed = Pack(inc);
  Stmt& up = stmts.Get(
      "UPDATE articles SET kind = ?, type = ?, type_runner_up = ?, source_ref = ?, title_org = ?,"
      " org_kind = ?, announce_date = ?, incident_date = ?, cause = ?,"
      " compensation_jpy_per_person = ?, evidence_json = ?, type_cues_json = ?, doubts_json = ?,"
      " org_key = ?, follow_up = ? WHERE id = ?");
  JK_RETURN_IF_ERROR(up.status("update article"));
  up.Bind(1, inc.kind).Bind(2, inc.type).Bind(3, inc.type_runner_up).Bind(4, inc.source_ref);
  up.Bind(5, inc.title_org).Bind(6, inc.org_kind).Bind(7, inc.announce_date);
  up.Bind(8, inc.incident_date).Bind(9, inc.cause).Bind(10, inc.compensation_jpy_per_person);
  up.Bind(11, packed.evidence).Bind(12, packed.type_cues).Bind(13, packed.doubts);
  up.Bind(14, inc.org_key).Bind(15, inc.follow_up).Bind(16, id);
  JK_RETURN_IF_ERROR(up.Run("update article"));
  for (const char* sql :
       {"DELETE FROM article_values WHERE article_id = ?",
        "DELETE FROM affected WHERE article_id = ?", "DELETE FROM reported_to WHERE article_id = ?",
        "DELETE FROM indicators WHERE article_id = ?"}) {
    Stmt& del = stmts.Get(sql);
    del.Bind(1, id);
    JK_RETURN_IF_ERROR(del.Run("update article"));
  }
  return InsertIncident(stmts, id, inc);
}

}  // namespace jikenbo::store::rows
