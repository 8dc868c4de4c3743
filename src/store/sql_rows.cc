#include "store/sql_rows.h"

#include <fmt/format.h>

#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

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

namespace {

// "?1, ?2, … ?N": the id list of a batch (unused places bound to -1, which no article has), so
// that each query has one text and is prepared once per connection.
const std::string& IdList() {
  static const std::string list = [] {
    std::string out;
    for (size_t k = 1; k <= kLoadBatch; ++k) out += (k > 1 ? ", ?" : "?") + std::to_string(k);
    return out;
  }();
  return list;
}

}  // namespace

Stmt& BatchQuery(StmtCache& stmts, const std::string& head, const std::string& tail,
                 const std::vector<int64_t>& batch) {
  static std::mutex mu;  // (the texts are built once; StmtCache is per connection)
  static std::map<std::string, std::string> texts;
  // One article (Get, a search hit): "= ?1", which plans as cheaply as before batching.
  const bool one = batch.size() == 1;
  const std::string* sql;
  {
    std::lock_guard<std::mutex> lock(mu);
    auto [it, fresh] = texts.try_emplace((one ? "1" : "n") + head + tail);
    if (fresh) it->second = head + (one ? std::string(" = ?1") : " IN (" + IdList() + ")") + tail;
    sql = &it->second;
  }
  Stmt& st = stmts.Get(sql->c_str());
  for (size_t k = 0; k < (one ? 1 : kLoadBatch); ++k) {
    st.Bind(static_cast<int>(k + 1), k < batch.size() ? batch[k] : int64_t{-1});
  }
  return st;
}

Status LoadIncidentLists(StmtCache& stmts,
                         const std::vector<std::pair<int64_t, model::Incident*>>& batch,
                         bool heads) {
  if (batch.empty()) return Status::Ok();
  if (batch.size() > kLoadBatch) return Status::Internal("LoadIncidentLists: batch too large");
  std::unordered_map<int64_t, model::Incident*> of;
  std::vector<int64_t> ids;
  for (const auto& [id, inc] : batch) {
    of[id] = inc;
    ids.push_back(id);
  }
  auto find = [&](int64_t id) -> model::Incident* {
    const auto it = of.find(id);
    return it == of.end() ? nullptr : it->second;
  };
  Stmt& values =
      BatchQuery(stmts, "SELECT article_id, field, value FROM article_values WHERE article_id",
                 " ORDER BY article_id, field, ordinal", ids);
  JK_RETURN_IF_ERROR(values.status("load values"));
  while (values.Step() == kRow) {
    model::Incident* inc = find(values.Int(0));
    if (!inc) continue;
    const std::string field = values.Text(1);
    std::string value = values.Text(2);
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
  Stmt& aff = BatchQuery(stmts,
                         "SELECT article_id, count, unit, qualifier, span_begin, span_end FROM "
                         "affected WHERE article_id",
                         " ORDER BY article_id, ordinal", ids);
  JK_RETURN_IF_ERROR(aff.status("load affected"));
  while (aff.Step() == kRow) {
    model::Incident* inc = find(aff.Int(0));
    if (!inc) continue;
    model::AffectedCount c;
    c.count = aff.Int(1);
    c.unit = aff.Text(2);
    const std::string q = aff.Text(3);
    c.qualifier = q == "max"      ? model::Qualifier::kMax
                  : q == "approx" ? model::Qualifier::kApprox
                  : q == "min"    ? model::Qualifier::kMin
                                  : model::Qualifier::kExact;
    c.evidence = {static_cast<uint32_t>(aff.Int(4)), static_cast<uint32_t>(aff.Int(5))};
    inc->affected.push_back(std::move(c));
  }
  Stmt& rep = BatchQuery(
      stmts,
      "SELECT article_id, authority, date, span_begin, span_end FROM reported_to WHERE article_id",
      " ORDER BY article_id, ordinal", ids);
  JK_RETURN_IF_ERROR(rep.status("load reported_to"));
  while (rep.Step() == kRow) {
    model::Incident* inc = find(rep.Int(0));
    if (!inc) continue;
    inc->reported_to.push_back(
        {rep.Text(1),
         rep.OptText(2),
         {static_cast<uint32_t>(rep.Int(3)), static_cast<uint32_t>(rep.Int(4))}});
  }
  if (!heads) {
    Stmt& ind = BatchQuery(stmts,
                           "SELECT article_id, type, value, tags, span_begin, span_end, role, "
                           "role_reason FROM indicators WHERE article_id",
                           " ORDER BY article_id, ordinal", ids);
    JK_RETURN_IF_ERROR(ind.status("load indicators"));
    while (ind.Step() == kRow) {
      model::Incident* inc = find(ind.Int(0));
      if (!inc) continue;
      model::Indicator x;
      x.type = ind.Text(1);
      x.value = ind.Text(2);
      const std::string tags = ind.Text(3);  // ["a","b"]: tags never contain quotes
      for (size_t q = tags.find('"'); q != std::string_view::npos; q = tags.find('"', q + 1)) {
        const size_t e = tags.find('"', q + 1);
        if (e == std::string_view::npos) break;
        x.tags.emplace_back(tags.substr(q + 1, e - q - 1));
        q = e;
      }
      x.evidence = {static_cast<uint32_t>(ind.Int(4)), static_cast<uint32_t>(ind.Int(5))};
      x.role = ind.Text(6);
      x.role_reason = ind.Text(7);
      inc->indicators.push_back(std::move(x));
    }
  }
  Stmt& packed = BatchQuery(stmts,
                            heads ? "SELECT id, '[]', '[]', doubts_json FROM articles WHERE id"
                                  : "SELECT id, evidence_json, type_cues_json, doubts_json FROM "
                                    "articles WHERE id",
                            "", ids);
  JK_RETURN_IF_ERROR(packed.status("load evidence"));
  // Written by InsertArticle (or migration v2); anything else means a damaged casebook.
  auto span = [](const nlohmann::json& b, const nlohmann::json& e) -> std::optional<model::Span> {
    if (!b.is_number_unsigned() || !e.is_number_unsigned()) return std::nullopt;
    return model::Span{b.get<uint32_t>(), e.get<uint32_t>()};
  };
  size_t found = 0;
  for (int rc = packed.Step(); rc != kDone; rc = packed.Step()) {
    if (rc != kRow) return packed.Error("load evidence");
    const int64_t id = packed.Int(0);
    model::Incident* inc = find(id);
    if (!inc) continue;
    ++found;
    const auto evidence =
        nlohmann::json::parse(packed.Text(1), nullptr, /*allow_exceptions=*/false);
    const auto cues = nlohmann::json::parse(packed.Text(2), nullptr, false);
    const auto doubts = nlohmann::json::parse(packed.Text(3), nullptr, false);
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
  }
  if (found != of.size()) return packed.Error("load evidence");
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
