// jikenbo archive show KEY: the archived original of a document (the release as published),
// by SHA-256 or case number, with where and when it came from.
#include <cstdio>
#include <memory>

#include "cli/common.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct ArchiveArgs {
  std::string key;
  std::string format;
  std::string output;
  bool all = false;
};

nlohmann::ordered_json Meta(const store::ArchivedDocument& a) {
  const model::Document& d = a.document;
  auto opt = [](const std::string& s) -> nlohmann::ordered_json {
    return s.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(s);
  };
  return {{"id", a.id},
          {"sha256", d.sha256},
          {"path", d.path},
          {"url", opt(d.url)},
          {"content_type", d.content_type},
          {"encoding", opt(d.encoding)},
          {"size", d.bytes.size()},
          {"title", opt(d.title)},
          {"published", opt(d.published)},
          {"fetched_at", opt(d.fetched_at)},
          {"ingested_at", a.ingested_at}};
}

int RunShow(const Context& ctx, const ArchiveArgs& args) {
  auto store = OpenStore(ctx);
  if (!store.ok()) return PrintError(store.status()), kExitError;
  auto found = (*store)->Archived(args.key);
  if (!found.ok()) return PrintError(found.status()), kExitError;
  if (found->empty()) {
    return PrintError(Status::NotFound("nothing archived under this key", args.key)), kExitError;
  }
  if (args.format == "json") {
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const auto& a : *found) list.push_back(Meta(a));
    std::puts(report::Dump(list).c_str());
    return kExitOk;
  }
  if (found->size() > 1) {
    std::fprintf(stderr, "jikenbo: %s names %zu documents; show one by its SHA-256:\n",
                 args.key.c_str(), found->size());
    for (const auto& a : *found) {
      std::fprintf(stderr, "  %s  %s\n", a.document.sha256.c_str(), a.document.path.c_str());
    }
    return kExitError;
  }
  const model::Document& d = found->front().document;
  Output output;
  if (Status s = output.Open(args.output); !s.ok()) return PrintError(s), kExitError;
  std::FILE* out = output.get();
  if (IsTerminal(out)) {  // the bytes may be anything: say what they are, not dump them raw
    std::fprintf(stderr, "%s  %s  %s  %zu bytes%s%s\n", d.sha256.c_str(), d.content_type.c_str(),
                 d.encoding.c_str(), d.bytes.size(), d.url.empty() ? "" : "  ", d.url.c_str());
  }
  if (std::fwrite(d.bytes.data(), 1, d.bytes.size(), out) != d.bytes.size()) {
    return PrintError(Status::IoError("write failed", args.output)), kExitError;
  }
  return kExitOk;
}

}  // namespace

void AddArchiveCommand(CLI::App& app, Context& ctx) {
  CLI::App* cmd =
      app.add_subcommand("archive", "The archived originals of documents, as they were ingested.");
  cmd->require_subcommand(1);
  auto args = std::make_shared<ArchiveArgs>();
  CLI::App* show = cmd->add_subcommand(
      "show",
      "Write the original bytes of the document a SHA-256 (or 8+ hex digit prefix) or a case\n"
      "number (YYYY-NNN) names; --format json lists where and when each came from instead.");
  show->add_option("key", args->key, "SHA-256, its prefix, or case number")->required();
  AddFormat(*show, &args->format, {"raw", "json"});
  show->add_option("-o,--output", args->output, "write the bytes to this file");
  show->callback([&ctx, args] { ctx.exit_code = RunShow(ctx, *args); });
}

}  // namespace jikenbo::cli
