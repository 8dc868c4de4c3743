// jikenbo ioc [FILE...|-]: indicators of compromise in any text, streamed.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "base/file_source.h"
#include "cli/common.h"
#include "extract/ioc.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct IocArgs {
  std::vector<std::string> inputs;
  std::string types;  // comma-separated
  std::string format;
  bool defang = false;
  bool reveal = false;
};

// A JSON string. Indicators hold only ASCII and whole UTF-8 characters (the scanner's tokens are
// made of nothing else), so only quotes, backslashes and control characters need escaping.
void AppendJson(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (u < 0x20) {
      out->append(fmt::format("\\u{:04x}", u));
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

class Writer {
 public:
  Writer(const IocArgs& args) : args_(args) {}
  void Begin() {
    if (args_.format == "json") std::fputs("[", stdout);
    if (args_.format == "csv") std::fputs("type,value,found,offset,tags\n", stdout);
  }
  void Write(const std::string& input, const extract::Ioc& ioc) {
    const std::string value = args_.defang ? extract::Defang(ioc) : ioc.value;
    std::string tags;
    for (const std::string& t : ioc.tags) tags += (tags.empty() ? "" : ";") + t;
    if (args_.format == "text") {
      std::printf("%-16s %s%s%s\n", ioc.type.c_str(), value.c_str(), tags.empty() ? "" : "  ",
                  tags.empty() ? "" : ("[" + tags + "]").c_str());
      return;
    }
    if (args_.format == "csv") {
      std::printf("%s,%s,%s,%llu,%s\n", ioc.type.c_str(), CsvField(value).c_str(),
                  CsvField(args_.defang ? value : ioc.found).c_str(),
                  static_cast<unsigned long long>(ioc.offset), CsvField(tags).c_str());
      return;
    }
    // Written by hand: this is the hot path of `jikenbo ioc` on large inputs.
    std::string line = "{\"type\":";
    AppendJson(ioc.type, &line);
    line += ",\"value\":";
    AppendJson(value, &line);
    line += ",\"found\":";
    AppendJson(args_.defang ? value : ioc.found, &line);
    line += ",\"offset\":" + std::to_string(ioc.offset) + ",\"tags\":[";
    for (size_t k = 0; k < ioc.tags.size(); ++k) {
      if (k > 0) line += ',';
      AppendJson(ioc.tags[k], &line);
    }
    line += ']';
    if (args_.inputs.size() > 1) {
      line += ",\"input\":";
      AppendJson(input, &line);
    }
    line += '}';
    if (args_.format == "json") {
      std::fputs(first_ ? "\n" : ",\n", stdout);
      first_ = false;
    }
    std::fputs(line.c_str(), stdout);
    if (args_.format == "jsonl") std::fputs("\n", stdout);
  }
  void End() {
    if (args_.format == "json") std::fputs(first_ ? "]\n" : "\n]\n", stdout);
  }

 private:
  const IocArgs& args_;
  bool first_ = true;
};

Status ScanInput(const extract::IocExtractor& x, const std::string& input, Writer* w) {
  std::FILE* f = input == "-" ? stdin : std::fopen(input.c_str(), "rb");
  if (f == nullptr) return Status::IoError("cannot open", input);
  extract::IocStream stream(x, [&](extract::Ioc ioc) { w->Write(input, ioc); });
  std::vector<char> buf(1 << 16);
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    stream.Feed(std::string_view(buf.data(), n));
  }
  const bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  stream.Finish();
  return failed ? Status::IoError("read failed", input) : Status::Ok();
}

int RunIoc(const Context& ctx, const IocArgs& args) {
  auto files = NewDiskFileSource();
  const std::string path = ctx.rules_dir + "/services.rules";
  auto text = files->Read(path, 1 << 20);
  if (!text.ok()) return PrintError(Status::NotFound("cannot read rules file", path)), kExitError;
  extract::IocOptions options;
  for (size_t i = 0; i < args.types.size();) {
    size_t j = args.types.find(',', i);
    if (j == std::string::npos) j = args.types.size();
    if (j > i) options.types.push_back(args.types.substr(i, j - i));
    i = j + 1;
  }
  options.reveal = args.reveal;
  auto x = extract::IocExtractor::Create({path, *text}, options);
  if (!x.ok()) return PrintError(x.status()), kExitError;
  Writer w(args);
  w.Begin();
  int code = kExitOk;
  const std::vector<std::string> inputs =
      args.inputs.empty() ? std::vector<std::string>{"-"} : args.inputs;
  for (const std::string& input : inputs) {
    if (Status s = ScanInput(*x, input, &w); !s.ok()) {
      PrintError(s);
      code = kExitPartial;
    }
  }
  w.End();
  return code;
}

}  // namespace

void AddIocCommand(CLI::App& app, Context& ctx) {
  auto args = std::make_shared<IocArgs>();
  CLI::App* cmd = app.add_subcommand(
      "ioc",
      "Extract indicators (URLs, domains, IPs, e-mail, hashes, CVEs, ATT&CK, wallets, paths,\n"
      "registry keys, ASNs, MACs) from any text, defanged or not, Japanese or English; streams\n"
      "stdin to stdout. Abused services (Discord webhooks, Telegram bots, paste sites, tunnels)\n"
      "are tagged and their tokens masked unless --reveal.");
  cmd->add_option("inputs", args->inputs, "files, or - for standard input (the default)");
  cmd->add_option("--types", args->types,
                  "only these types, comma-separated (url,domain,ipv4,...)");
  AddFormat(*cmd, &args->format, {"text", "jsonl", "json", "csv"});
  cmd->add_flag("--defang", args->defang, "write safe-to-share forms (hxxp, [.], [@])");
  cmd->add_flag("--reveal", args->reveal, "show webhook and bot tokens instead of masking them");
  cmd->callback([&ctx, args] { ctx.exit_code = RunIoc(ctx, *args); });
}

}  // namespace jikenbo::cli
