// Analysts' corrections: jikenbo edit ARTICLE --set FIELD=VALUE …, jikenbo case merge|split,
// jikenbo log, jikenbo publish, and jikenbo reanalyze (new rules over the archived originals,
// corrections kept).
#include <fmt/format.h>

#include <cstdlib>
#include <memory>

#include "cli/common.h"
#include "cli/progress.h"
#include "ingest/ingest.h"
#include "report/json.h"
#include "report/publish.h"

namespace jikenbo::cli {
namespace {

std::string DefaultWho() {
  const char* user = std::getenv("USER");
  return user && *user ? user : "analyst";
}

struct EditArgs {
  int64_t id = 0;
  std::vector<std::string> sets;
  std::string who = DefaultWho();
};

int RunEdit(const Context& ctx, const EditArgs& args) {
  std::vector<model::Edit> edits;
  for (const std::string& spec : args.sets) {
    auto e = model::ParseEdit(spec);
    if (!e.ok()) return PrintError(e.status()), kExitError;
    edits.push_back(*e);
  }
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  if (Status s = (*store)->Correct(args.id, edits, args.who); !s.ok()) {
    return PrintError(s), kExitError;
  }
  if (Status s = ingest::Renumber(**store); !s.ok()) return PrintError(s), kExitError;
  auto rec = (*store)->Get(args.id);
  if (!rec.ok()) return PrintError(rec.status()), kExitError;
  for (const model::Edit& e : edits) {
    std::printf("#%lld %-16s %s\n", static_cast<long long>(args.id), e.field.c_str(),
                model::FieldText(rec->article.incident, e.field).c_str());
  }
  return kExitOk;
}

struct CaseArgs {
  std::vector<std::string> merge;    // KEEP OTHER
  std::vector<std::string> dismiss;  // A B
  std::string format;                // review
  int64_t split = 0;
  std::string who = DefaultWho();
};

int RunMerge(const Context& ctx, const CaseArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  if (Status s = (*store)->MergeCases(args.merge[0], args.merge[1], args.who); !s.ok()) {
    return PrintError(s), kExitError;
  }
  std::printf("case %s merged into %s (the number %s is retired)\n", args.merge[1].c_str(),
              args.merge[0].c_str(), args.merge[1].c_str());
  return kExitOk;
}

int RunSplit(const Context& ctx, const CaseArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto number = (*store)->SplitReport(args.split, args.who);
  if (!number.ok()) return PrintError(number.status()), kExitError;
  std::printf("#%lld is now case %s\n", static_cast<long long>(args.split), number->c_str());
  return kExitOk;
}

int RunDismiss(const Context& ctx, const CaseArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  if (Status s = (*store)->DismissPossibleSame(args.dismiss[0], args.dismiss[1], args.who);
      !s.ok()) {
    return PrintError(s), kExitError;
  }
  std::printf("cases %s and %s are different incidents (off the review queue)\n",
              args.dismiss[0].c_str(), args.dismiss[1].c_str());
  return kExitOk;
}

int RunReview(const Context& ctx, const std::string& format) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto pairs = (*store)->PossibleSames();
  if (!pairs.ok()) return PrintError(pairs.status()), kExitError;
  if (format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const store::PossibleSame& p : *pairs) {
      out.push_back({{"case_no", p.case_no},
                     {"other_case_no", p.other_case_no},
                     {"article", p.article_id},
                     {"other_article", p.other_article_id},
                     {"title", p.title},
                     {"other_title", p.other_title},
                     {"reason", p.reason}});
    }
    std::puts(report::Dump(out, 2).c_str());
    return kExitOk;
  }
  for (const store::PossibleSame& p : *pairs) {
    std::printf("%s  #%-6lld %s\n%s  #%-6lld %s\n          why: %s\n\n", p.case_no.c_str(),
                static_cast<long long>(p.article_id), p.title.c_str(), p.other_case_no.c_str(),
                static_cast<long long>(p.other_article_id), p.other_title.c_str(),
                p.reason.c_str());
  }
  if (pairs->empty()) {
    std::fprintf(stderr, "no cases to review\n");
  } else {
    std::fprintf(stderr,
                 "%zu pair%s: jikenbo case merge KEEP OTHER if one incident, jikenbo case "
                 "dismiss A B if not\n",
                 pairs->size(), pairs->size() == 1 ? "" : "s");
  }
  return kExitOk;
}

struct LogArgs {
  std::string case_no;
  std::string format;
};

int RunLog(const Context& ctx, const LogArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto log = (*store)->Log(args.case_no);
  if (!log.ok()) return PrintError(log.status()), kExitError;
  if (args.format == "json") {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const store::LogEntry& e : *log) {
      out.push_back({{"at", e.at},
                     {"who", e.who},
                     {"action", e.action},
                     {"article", e.article_id},
                     {"case_no", e.case_no},
                     {"other", e.other},
                     {"field", e.field},
                     {"op", e.op},
                     {"value", e.value},
                     {"old", e.old_value},
                     {"new", e.new_value}});
    }
    std::puts(report::Dump(out, 2).c_str());
    return kExitOk;
  }
  for (const store::LogEntry& e : *log) {
    if (e.action == "edit") {
      std::printf("%s  %-10s edit   #%lld %s: %s -> %s\n", e.at.c_str(), e.who.c_str(),
                  static_cast<long long>(e.article_id), e.field.c_str(), e.old_value.c_str(),
                  e.new_value.c_str());
    } else if (e.action == "merge") {
      std::printf("%s  %-10s merge  %s into %s\n", e.at.c_str(), e.who.c_str(), e.other.c_str(),
                  e.case_no.c_str());
    } else if (e.action == "dismiss") {
      std::printf("%s  %-10s dismiss %s and %s are different incidents\n", e.at.c_str(),
                  e.who.c_str(), e.case_no.c_str(), e.other.c_str());
    } else {
      std::printf("%s  %-10s split  #%lld from %s to %s\n", e.at.c_str(), e.who.c_str(),
                  static_cast<long long>(e.article_id), e.case_no.c_str(), e.other.c_str());
    }
  }
  if (log->empty()) std::fprintf(stderr, "no corrections, merges or splits yet\n");
  return kExitOk;
}

struct PublishArgs {
  std::string case_no;
  std::string format;
  std::string output;
  std::string who = DefaultWho();
};

int RunPublish(const Context& ctx, const PublishArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto entry = report::LoadEntry(**store, args.case_no);
  if (!entry.ok()) return PrintError(entry.status()), kExitError;
  if (Status s = (*store)->Publish(args.case_no, args.who); !s.ok()) {
    return PrintError(s), kExitError;
  }
  const std::string text =
      args.format == "html" ? report::EntryHtml(*entry) : report::EntryMarkdown(*entry);
  if (Status s = WriteOutput(args.output, text); !s.ok()) return PrintError(s), kExitError;
  return kExitOk;
}

int RunReanalyze(const Context& ctx, const std::string& format) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto pipeline = LoadPipeline(ctx);
  if (!pipeline.ok()) return PrintError(pipeline.status()), kExitError;
  std::unique_ptr<ProgressBar> bar;
  auto done = ingest::Reanalyse(**store, *pipeline, [&](size_t k, size_t total) {
    if (!bar) bar = std::make_unique<ProgressBar>(total, IsTerminal(stderr));
    bar->Step("re-analysing");
    (void)k;
  });
  bar.reset();
  if (!done.ok()) return PrintError(done.status()), kExitError;
  for (const Status& s : done->errors) PrintError(s);
  if (format == "json") {
    std::puts(report::Dump({{"documents", done->documents},
                            {"articles", done->articles},
                            {"corrections_reapplied", done->corrections},
                            {"errors", done->errors.size()}})
                  .c_str());
  } else {
    std::printf(
        "re-analysed %zu documents (%zu articles); %zu corrections re-applied; %zu errors\n",
        done->documents, done->articles, done->corrections, done->errors.size());
  }
  return done->errors.empty() ? kExitOk : kExitPartial;
}

}  // namespace

void AddCaseCommands(CLI::App& app, Context& ctx) {
  {
    auto args = std::make_shared<EditArgs>();
    std::string fields;
    for (const auto& f : model::EditableFields()) fields += (fields.empty() ? "" : ", ") + f;
    CLI::App* cmd = app.add_subcommand(
        "edit",
        "Correct fields of an article. Corrections are kept apart from the analysis, logged\n"
        "(jikenbo log) and re-applied after every re-analysis. Fields: " +
            fields);
    cmd->add_option("id", args->id, "article id")->required();
    cmd->add_option("--set", args->sets,
                    "FIELD=VALUE (empty clears), or FIELD+=VALUE / FIELD-=VALUE on lists "
                    "(data_items, reported_to, countermeasures, victim_orgs); repeatable")
        ->required();
    cmd->add_option("--by", args->who, "who corrects (default: $USER)")->capture_default_str();
    cmd->callback([&ctx, args] { ctx.exit_code = RunEdit(ctx, *args); });
  }
  {
    auto args = std::make_shared<CaseArgs>();
    CLI::App* cmd = app.add_subcommand(
        "case",
        "Merge two cases, split a report out of one, or review the pairs flagged as possibly one\n"
        "incident.");
    cmd->require_subcommand(1);
    CLI::App* merge = cmd->add_subcommand(
        "merge", "Move every report of OTHER into KEEP; OTHER's number is retired.");
    merge->add_option("cases", args->merge, "KEEP OTHER, e.g. 2031-012 2031-015")
        ->required()
        ->expected(2);
    merge->add_option("--by", args->who, "who merges (default: $USER)");
    merge->callback([&ctx, args] { ctx.exit_code = RunMerge(ctx, *args); });
    CLI::App* split = cmd->add_subcommand(
        "split",
        "Take a report out of its case: back to the number it had before a merge (with the\n"
        "reports that came with it), else to a new number.");
    split->add_option("article", args->split, "article id")->required();
    split->add_option("--by", args->who, "who splits (default: $USER)");
    split->callback([&ctx, args] { ctx.exit_code = RunSplit(ctx, *args); });
    CLI::App* review = cmd->add_subcommand(
        "review",
        "List the pairs of cases a report linked (possibly one incident) that no analyst has\n"
        "merged or dismissed yet, with the reason.");
    AddFormat(*review, &args->format, {"text", "json"});
    review->callback([&ctx, args] { ctx.exit_code = RunReview(ctx, args->format); });
    CLI::App* dismiss = cmd->add_subcommand(
        "dismiss", "Judge two cases different incidents: the pair leaves the review queue.");
    dismiss->add_option("cases", args->dismiss, "A B, e.g. 2031-012 2031-015")
        ->required()
        ->expected(2);
    dismiss->add_option("--by", args->who, "who judges (default: $USER)");
    dismiss->callback([&ctx, args] { ctx.exit_code = RunDismiss(ctx, *args); });
  }
  {
    auto args = std::make_shared<LogArgs>();
    CLI::App* cmd = app.add_subcommand(
        "log", "Analysts' corrections, merges, splits and dismissals: who, when, old, new.");
    cmd->add_option("--case", args->case_no, "only this case");
    AddFormat(*cmd, &args->format, {"text", "json"});
    cmd->callback([&ctx, args] { ctx.exit_code = RunLog(ctx, *args); });
  }
  {
    auto args = std::make_shared<PublishArgs>();
    CLI::App* cmd = app.add_subcommand(
        "publish",
        "Publish a case as a casebook entry: a title line 【事件簿#NNNN-NNN】 with the "
        "organisation\n"
        "and the notice's title, the notice's text, the archived original (source, archive\n"
        "date, SHA-256) and the case's other reports. Marks the case published: serve's\n"
        "/feed.atom lists the published cases.");
    cmd->add_option("case", args->case_no, "case number, e.g. 2031-012")->required();
    AddFormat(*cmd, &args->format, {"md", "html"});
    cmd->add_option("-o,--output", args->output, "write to this file instead of stdout");
    cmd->add_option("--by", args->who, "who publishes (default: $USER)");
    cmd->callback([&ctx, args] { ctx.exit_code = RunPublish(ctx, *args); });
  }
  {
    auto format = std::make_shared<std::string>();
    CLI::App* cmd = app.add_subcommand(
        "reanalyze",
        "Analyse every archived original again with the current rules, keeping article ids,\n"
        "case numbers and analysts' corrections; new incidents are numbered.");
    AddFormat(*cmd, format.get(), {"text", "json"});
    cmd->callback([&ctx, format] { ctx.exit_code = RunReanalyze(ctx, *format); });
  }
}

}  // namespace jikenbo::cli
