// jikenbo export: the casebook for other tools. Articles as JSON Lines, a JSON array or CSV;
// cases as a STIX 2.1 bundle, MISP events or VERIS incidents. --from/--to/--type/--case narrow.
#include <cstdio>
#include <filesystem>
#include <memory>

#include "cli/common.h"
#include "report/digest.h"
#include "report/interchange.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct ExportArgs {
  report::CaseQuery query;
  std::string case_no;
  std::string format;
  std::string output;
  bool text = false;
  bool bom = false;
};

Status Write(std::FILE* out, const std::string& text, const std::string& path) {
  if (std::fwrite(text.data(), 1, text.size(), out) != text.size()) {
    return Status::IoError("write failed", path);
  }
  return Status::Ok();
}

// Every article in the window, one record at a time.
Status ExportArticles(store::Store& store, const report::Lexicon& lexicon, const ExportArgs& args,
                      std::FILE* out) {
  const bool array = args.format == "json";
  const bool csv = args.format == "csv";
  bool first = true;
  if (array) JK_RETURN_IF_ERROR(Write(out, "[", args.output));
  if (csv) JK_RETURN_IF_ERROR(Write(out, report::CsvHeader(args.bom), args.output));
  JK_RETURN_IF_ERROR(store.ForEach([&](const store::ArticleRecord& r) {
    const model::Incident& inc = r.article.incident;
    const std::string date = inc.announce_date.value_or(inc.incident_date.value_or(""));
    if (!report::InWindow(date, args.query.from, args.query.to)) return Status::Ok();
    if (!args.query.types.empty() && std::find(args.query.types.begin(), args.query.types.end(),
                                               inc.type.value_or("")) == args.query.types.end()) {
      return Status::Ok();
    }
    if (args.query.case_no && inc.case_no != args.query.case_no) return Status::Ok();
    if (csv) return Write(out, report::CsvRow(r), args.output);
    auto json = report::ArticleJson(r, {.include_text = args.text});
    if (inc.kind == "incident" || inc.kind == "advisory") {
      json["summary"] = nlohmann::ordered_json::array();
      for (const report::Line& line : report::Summary(r, lexicon)) {
        json["summary"].push_back(report::PlainText(line));
      }
    }
    std::string line = report::Dump(json);
    line = (array && !first ? ",\n" : "") + line + (array ? "" : "\n");
    first = false;
    return Write(out, line, args.output);
  }));
  if (array) JK_RETURN_IF_ERROR(Write(out, "]\n", args.output));
  return Status::Ok();
}

int RunExport(const Context& ctx, ExportArgs args) {
  auto lexicon = LoadLexicon(ctx);
  if (!lexicon.ok()) return PrintError(lexicon.status()), kExitError;
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  if (!args.case_no.empty()) args.query.case_no = args.case_no;
  if (Status s = report::CheckWindow(args.query); !s.ok()) return PrintError(s), kExitError;
  if (args.format == "misp-feed") {
    if (args.output.empty()) {
      return PrintError(Status::InvalidInput("misp-feed writes a directory: give -o DIR")),
             kExitError;
    }
    auto cases = report::CollectCases(**store, args.query);
    if (!cases.ok()) return PrintError(cases.status()), kExitError;
    std::error_code ec;
    std::filesystem::create_directories(args.output, ec);
    if (ec) return PrintError(Status::IoError(ec.message(), args.output)), kExitError;
    for (const auto& [name, content] : report::MispFeed(*cases)) {
      if (Status s = WriteOutput(args.output + "/" + name, content); !s.ok()) {
        return PrintError(s), kExitError;
      }
    }
    return kExitOk;
  }
  Output output;
  if (Status s = output.Open(args.output); !s.ok()) return PrintError(s), kExitError;
  Status s;
  if (args.format == "jsonl" || args.format == "json" || args.format == "csv") {
    s = ExportArticles(**store, *lexicon, args, output.get());
  } else {
    auto cases = report::CollectCases(**store, args.query);
    if (!cases.ok()) return PrintError(cases.status()), kExitError;
    nlohmann::ordered_json out = args.format == "stix"   ? report::StixBundle(*cases, *lexicon)
                                 : args.format == "misp" ? report::MispEvents(*cases)
                                                         : report::VerisIncidents(*cases, *lexicon);
    s = Write(output.get(), report::Dump(out, 2) + "\n", args.output);
  }
  if (!s.ok()) return PrintError(s), kExitError;
  return kExitOk;
}

}  // namespace

void AddExportCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<ExportArgs>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "Export the casebook: every article with all its fields (jsonl, json, csv), or every case\n"
      "of a window as a STIX 2.1 bundle, MISP events (or a MISP feed directory: misp-feed -o DIR)\n"
      "or VERIS 1.4.0 incidents. Only malicious indicators are marked for detection.");
  AddFormat(*cmd, &args->format, {"jsonl", "json", "csv", "stix", "misp", "misp-feed", "veris"});
  AddWindowOptions(*cmd, &args->query);
  cmd->add_option("--case", args->case_no, "only this case number (YYYY-NNN)");
  cmd->add_option("-o,--output", args->output, "write to this file instead of stdout");
  cmd->add_flag("--text", args->text, "include each article's full text (jsonl, json)");
  cmd->add_flag("--bom", args->bom,
                "start the CSV with a UTF-8 byte-order mark (for spreadsheet software)");
  cmd->callback([&ctx, args] { ctx.exit_code = RunExport(ctx, *args); });
}

}  // namespace jikenbo::cli
