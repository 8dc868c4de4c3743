// jikenbo show ID: one article with every field and its text.
// jikenbo show --case YYYY-NNN: one case, its merged fields and the timeline of its reports.
#include <fmt/format.h>

#include <map>

#include "cli/common.h"
#include "report/cases.h"
#include "report/json.h"
#include "report/timeline.h"

namespace jikenbo::cli {
namespace {

struct ShowArgs {
  int64_t id = 0;
  std::string case_no;
  std::string format;
};

void Field(const char* name, const std::string& value) {
  std::printf("%-16s %s\n", name, value.c_str());
}

// A field with its confidence: low-confidence values are marked "?" with the reason.
void Field(const char* name, const std::string& value, const model::Incident& inc,
           std::string_view field) {
  const model::FieldConfidence c = model::ConfidenceOf(inc, field);
  if (!c.low) return Field(name, value);
  std::printf("%-16s %s   ? low confidence: %s\n", name, value.c_str(), c.reason.c_str());
}

std::string Join(const std::vector<std::string>& v) {
  if (v.empty()) return "-";
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
  return out;
}

int RunShowCase(store::Store& store, const ShowArgs& args) {
  std::string case_no = args.case_no;
  report::CaseQuery q;
  q.kinds = {"incident"};
  q.case_no = case_no;
  auto cases = report::CollectCases(store, q);
  if (!cases.ok()) return PrintError(cases.status()), kExitError;
  if (cases->empty()) {  // a number retired by a merge leads to the case it went into
    auto merged = store.RetiredCase(case_no);
    if (!merged.ok()) return PrintError(merged.status()), kExitError;
    if (!*merged) return PrintError(Status::NotFound("no such case", case_no)), kExitError;
    std::fprintf(stderr, "jikenbo: case %s was merged into %s\n", case_no.c_str(),
                 merged->value().c_str());
    q.case_no = case_no = **merged;
    cases = report::CollectCases(store, q);
    if (!cases.ok()) return PrintError(cases.status()), kExitError;
    if (cases->empty()) return PrintError(Status::NotFound("no such case", case_no)), kExitError;
  }
  const report::CaseView view = report::BuildCase(cases->front().reports);
  if (args.format == "json") {
    std::puts(report::Dump(report::CaseJson(view), 2).c_str());
    return kExitOk;
  }
  const model::Incident& m = view.merged;
  auto from = [&](const char* field) -> std::string {
    auto it = view.from.find(field);
    return it == view.from.end() ? "" : fmt::format("   (#{})", it->second);
  };
  auto Show = [&](const char* name, const std::string& value, const char* field) {
    Field(name, value + (value == "-" ? "" : from(field)), m, field);
  };
  Field("case", view.case_no);
  Field("reports", std::to_string(view.timeline.size()));
  Show("type", m.type.value_or("-"), "type");
  Show("organisation", m.title_org.value_or("-"), "title_org");
  Show("announced", m.announce_date.value_or("-"), "announce_date");
  Show("incident date", m.incident_date.value_or("-"), "incident_date");
  std::vector<std::string> affected;
  for (const auto& c : m.affected) {
    affected.push_back(
        fmt::format("{} {} ({})", c.count, c.unit, model::QualifierName(c.qualifier)));
  }
  Show("affected", Join(affected), "affected");
  Show("data items", Join(m.data_items), "data_items");
  std::vector<std::string> reported;
  for (const auto& r : m.reported_to) reported.push_back(r.authority);
  Show("reported to", Join(reported), "reported_to");
  Show("cause", m.cause.value_or("-"), "cause");
  Show("countermeasures", Join(m.countermeasures), "countermeasures");
  std::printf("\ntimeline\n");
  for (const report::TimelineEntry& e : view.timeline) {
    std::printf("  %-10s  #%-5lld %-28s %s\n", e.date.empty() ? "-" : e.date.c_str(),
                static_cast<long long>(e.article_id), report::RoleLabel(e.role, false).c_str(),
                FitColumns(e.title, 50).c_str());
    for (const std::string& c : e.changes) std::printf("  %-10s  %-6s %s\n", "", "", c.c_str());
  }
  if (!view.conflicts.empty()) {
    std::printf("\nconflicts\n");
    for (const std::string& c : view.conflicts) std::printf("  %s\n", c.c_str());
  }
  return kExitOk;
}

int RunShow(const Context& ctx, const ShowArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  if (!args.case_no.empty()) return RunShowCase(**store, args);
  if (args.id <= 0) {
    return PrintError(Status::InvalidInput("give an article id or --case YYYY-NNN")), kExitError;
  }
  auto rec = (*store)->Get(args.id);
  if (!rec.ok()) return PrintError(rec.status()), kExitError;
  if (args.format == "json") {
    std::puts(report::Dump(report::ArticleJson(*rec, {.include_text = true}), 2).c_str());
    return kExitOk;
  }
  const model::Article& a = rec->article;
  const model::Incident& inc = a.incident;
  Field("id", std::to_string(rec->id));
  Field("title", a.title);
  Field("document", fmt::format("{} (lines {}-{}, bytes {}-{})", rec->doc_path, a.line, a.end_line,
                                a.source_begin, a.source_end));
  Field("archive", rec->doc_sha256);
  Field("recognised as", a.start_rule);
  Field("kind", inc.kind.value_or("-"), inc, "kind");
  Field("type", inc.type.value_or("-"), inc, "type");
  if (inc.type) {
    std::map<std::string, double> score;
    for (const auto& c : inc.type_cues) score[c.type] += c.weight;
    std::string why;
    for (const auto& c : inc.type_cues) {
      if (c.type != *inc.type) continue;
      const std::string cue = a.text.substr(c.evidence.begin, c.evidence.end - c.evidence.begin);
      why += fmt::format("{}「{}」+{:g}", why.empty() ? "" : " ", cue, c.weight);
    }
    if (!why.empty()) Field("  because", fmt::format("{} = {:g}", why, score[*inc.type]));
    if (inc.type_runner_up) {
      Field("  runner-up",
            fmt::format("{} = {:g}", *inc.type_runner_up, score[*inc.type_runner_up]));
    }
  }
  Field("case", inc.case_no.value_or("-"));
  Field("source ref", inc.source_ref.value_or("-"));
  Field("organisation", inc.title_org.value_or("-"), inc, "title_org");
  Field("announced", inc.announce_date.value_or("-"), inc, "announce_date");
  Field("incident date", inc.incident_date.value_or("-"), inc, "incident_date");
  Field("victims", Join(inc.victim_orgs));
  Field("org kind", inc.org_kind.value_or("-"));
  std::vector<std::string> affected;
  for (const auto& c : inc.affected) {
    affected.push_back(
        fmt::format("{} {} ({})", c.count, c.unit, model::QualifierName(c.qualifier)));
  }
  Field("affected", Join(affected), inc, "affected");
  Field("data items", Join(inc.data_items), inc, "data_items");
  std::vector<std::string> reported;
  for (const auto& r : inc.reported_to)
    reported.push_back(r.authority + (r.date ? " " + *r.date : ""));
  Field("reported to", Join(reported), inc, "reported_to");
  Field("cause", inc.cause.value_or("-"), inc, "cause");
  Field("countermeasures", Join(inc.countermeasures), inc, "countermeasures");
  Field("compensation", inc.compensation_jpy_per_person
                            ? fmt::format("{} JPY per person", *inc.compensation_jpy_per_person)
                            : "-");
  Field("source urls", Join(inc.source_urls));
  // Indicators with their role and why (the first 20; export and /indicators have them all).
  for (size_t k = 0; k < inc.indicators.size() && k < 20; ++k) {
    const model::Indicator& i = inc.indicators[k];
    Field(k == 0 ? "indicators" : "",
          fmt::format("{} {}  {}{}", i.type, i.value, i.role.empty() ? "-" : i.role,
                      i.role_reason.empty() ? "" : " (" + i.role_reason + ")"));
  }
  if (inc.indicators.size() > 20) {
    Field("", fmt::format("… {} more", inc.indicators.size() - 20));
  }
  if (auto links = (*store)->Links(rec->id); links.ok()) {
    for (const auto& l : *links) {
      const int64_t other = l.article_id == rec->id ? l.other_id : l.article_id;
      auto o = (*store)->Get(other);
      if (!o.ok()) continue;
      Field(l.relation == "same_incident" ? "same incident" : "related",
            fmt::format("#{} {} {} ({})", other, o->article.incident.case_no.value_or("-"),
                        FitColumns(o->article.title, 40), l.reason));
    }
  }
  std::printf("\n%s\n", a.text.c_str());
  return kExitOk;
}

}  // namespace

void AddShowCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ShowArgs>();
  CLI::App* cmd = app.add_subcommand(
      "show",
      "Show one article (its fields and text), or one case (--case): its merged fields "
      "and the timeline of its reports.");
  auto* id = cmd->add_option("id", args->id, "article id (from list or search)");
  auto* case_no = cmd->add_option("--case", args->case_no, "a case number, e.g. 2031-012");
  id->excludes(case_no);
  AddFormat(*cmd, &args->format, {"text", "json"});
  cmd->callback([&ctx, args] { ctx.exit_code = RunShow(ctx, *args); });
}

}  // namespace jikenbo::cli
