// jikenbo ioc [FILE...|-]: indicators of compromise in any text, streamed.
#include <fmt/format.h>

#include <charconv>
#include <cstdio>
#include <ctime>
#include <map>
#include <memory>
#include <set>

#include "base/clock.h"
#include "base/file_source.h"
#include "base/sha256.h"
#include "cli/common.h"
#include "extract/ioc.h"
#include "extract/ioc_roles.h"
#include "report/interchange.h"
#include "report/json.h"

namespace jikenbo::cli {
namespace {

struct IocArgs {
  std::vector<std::string> inputs;
  std::string types;  // comma-separated
  std::string format;
  bool defang = false;
  bool reveal = false;
  bool no_roles = false;
};

// A JSON string. Indicators hold only ASCII and whole UTF-8 characters (the scanner's tokens are
// made of nothing else), so only quotes, backslashes and control characters need escaping.
void AppendJson(std::string_view s, std::string* out) {
  out->push_back('"');
  size_t run = 0;  // start of the bytes not yet written, which need no escaping
  for (size_t i = 0; i < s.size(); ++i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u >= 0x20 && u != '"' && u != '\\') continue;
    out->append(s.substr(run, i - run));
    run = i + 1;
    if (u < 0x20) {
      out->append(fmt::format("\\u{:04x}", u));
    } else {
      out->push_back('\\');
      out->push_back(s[i]);
    }
  }
  out->append(s.substr(run));
  out->push_back('"');
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// Hosts of abused services (discord.com ...): as a bare host they match all of its traffic.
std::set<std::string> ServiceHosts(const std::vector<extract::Ioc>& iocs) {
  std::set<std::string> out;
  for (const extract::Ioc& i : iocs) {
    if (i.type != "url" || i.tags.empty() || i.tags.front() == "defanged") continue;
    std::string host = i.value.substr(i.value.find("://") + 3);
    host = host.substr(0, host.find_first_of("/?#"));
    out.insert(host);
  }
  return out;
}

// STIX 2.1: the malicious indicators with patterns; CVEs as vulnerabilities, ATT&CK ids as
// attack patterns.
nlohmann::ordered_json Stix(const std::vector<extract::Ioc>& iocs) {
  std::string now = NowUtc();
  now.insert(now.size() - 1, ".000");  // STIX timestamps carry milliseconds
  nlohmann::ordered_json objects = nlohmann::ordered_json::array();
  std::set<std::string> seen;
  for (const extract::Ioc& i : iocs) {
    const bool sdo = i.type == "cve" || i.type == "attack_technique";
    if (!sdo && !report::ForDetection(i.role, i.type, i.tags)) continue;
    if (!seen.insert(i.type + " " + i.value).second) continue;
    if (auto o = report::StixObject(i.type, i.value, i.tags, now)) objects.push_back(std::move(*o));
  }
  return {{"type", "bundle"}, {"id", "bundle--" + report::NameUuid(now)}, {"objects", objects}};
}

// A MISP event with one attribute per indicator; only malicious ones are for IDS.
nlohmann::ordered_json Misp(const std::vector<extract::Ioc>& iocs) {
  nlohmann::ordered_json attrs = nlohmann::ordered_json::array();
  std::set<std::string> seen;
  const std::string now = NowUtc();
  const std::string timestamp = std::to_string(std::time(nullptr));
  for (const extract::Ioc& i : iocs) {
    if (!seen.insert(i.type + " " + i.value).second) continue;
    auto a = report::MispAttribute(i.type, i.value, i.tags, i.role, i.role_reason,
                                   report::NameUuid("misp " + i.type + " " + i.value));
    a["timestamp"] = timestamp;
    attrs.push_back(std::move(a));
  }
  return {{"Event",
           {{"uuid", report::NameUuid("misp ioc event " + now)},
            {"info", "Indicators extracted by jikenbo ioc"},
            {"date", now.substr(0, 10)},
            {"timestamp", timestamp},
            {"analysis", "0"},
            {"threat_level_id", "2"},
            {"distribution", "0"},
            {"published", false},
            {"Attribute", attrs}}}};
}

std::string YamlString(const std::string& v) {
  std::string out = "'";
  for (char c : v) out += c == '\'' ? std::string("''") : std::string(1, c);
  return out + "'";
}

// Sigma rules for proxy and DNS logs: the malicious URLs and hosts found;
// for an abused service, its host and the path up to the secret, so that any token matches.
std::string Sigma(const std::vector<extract::Ioc>& iocs) {
  std::set<std::string> uris, hosts;
  const std::set<std::string> services = ServiceHosts(iocs);
  for (const extract::Ioc& i : iocs) {
    if (!report::ForDetection(i.role, i.type, i.tags)) continue;
    if (i.type == "domain" && !services.count(i.value)) hosts.insert(i.value);
    if (i.type != "url") continue;
    uris.insert(report::UnmaskedPrefix(i.value.substr(i.value.find("://") + 3)));
  }
  std::string out;
  auto list = [&](const std::set<std::string>& values) {
    for (const std::string& v : values) out += "      - " + YamlString(v) + "\n";
  };
  if (!uris.empty() || !hosts.empty()) {
    out += "title: Indicators found by jikenbo (proxy)\nid: " +
           report::NameUuid("sigma proxy " + NowUtc()) +
           "\nstatus: experimental\ndescription: URLs and hosts extracted from a report\n"
           "logsource:\n  category: proxy\ndetection:\n";
    if (!uris.empty()) {
      out += "  selection_url:\n    c-uri|contains:\n";
      list(uris);
    }
    if (!hosts.empty()) {
      out += "  selection_host:\n    cs-host:\n";
      list(hosts);
    }
    out +=
        "  condition: 1 of selection_*\nfalsepositives:\n  - Legitimate use of the services "
        "named\nlevel: high\n";
  }
  if (!hosts.empty()) {
    out += std::string(out.empty() ? "" : "---\n") +
           "title: Indicators found by jikenbo (DNS)\nid: " +
           report::NameUuid("sigma dns " + NowUtc()) +
           "\nstatus: experimental\ndescription: Host names extracted from a report\n"
           "logsource:\n  category: dns\ndetection:\n  selection:\n    query:\n";
    list(hosts);
    out += "  condition: selection\nlevel: high\n";
  }
  return out;
}

class Writer {
 public:
  Writer(const IocArgs& args)
      : args_(args),
        whole_(args.format == "stix" || args.format == "misp" || args.format == "sigma"),
        json_(args.format == "jsonl" || args.format == "json") {}
  void Begin() {
    if (args_.format == "json") std::fputs("[", stdout);
    if (args_.format == "csv")
      std::fputs("type,value,found,offset,tags,role,role_reason\n", stdout);
  }
  void Write(const std::string& input, const extract::Ioc& ioc) {
    if (whole_) {
      collected_.push_back(ioc);  // whole-document formats: written at the end
      return;
    }
    std::string defanged;
    if (args_.defang) defanged = extract::Defang(ioc);
    const std::string& value = args_.defang ? defanged : ioc.value;
    if (json_) {
      WriteJson(input, ioc, value);
    } else {
      WriteLine(ioc, value);
    }
  }
  void End() {
    if (args_.format == "json") std::fputs(first_ ? "]\n" : "\n]\n", stdout);
    if (args_.format == "stix") std::puts(report::Dump(Stix(collected_)).c_str());
    if (args_.format == "misp") std::puts(report::Dump(Misp(collected_)).c_str());
    if (args_.format == "sigma") std::fputs(Sigma(collected_).c_str(), stdout);
  }

 private:
  void WriteLine(const extract::Ioc& ioc, const std::string& value) {
    std::string tags;
    for (const std::string& t : ioc.tags) tags += (tags.empty() ? "" : ";") + t;
    if (args_.format == "text") {
      const std::string bracketed = tags.empty() ? "" : "  [" + tags + "]";
      if (ioc.role.empty()) {  // --no-roles
        std::printf("%-16s %s%s\n", ioc.type.c_str(), value.c_str(), bracketed.c_str());
      } else {
        std::printf("%-16s %-11s %s%s   (%s)\n", ioc.type.c_str(), ioc.role.c_str(), value.c_str(),
                    bracketed.c_str(), ioc.role_reason.c_str());
      }
      return;
    }
    if (args_.format == "csv") {
      std::printf("%s,%s,%s,%llu,%s,%s,%s\n", ioc.type.c_str(), CsvField(value).c_str(),
                  CsvField(args_.defang ? value : ioc.found).c_str(),
                  static_cast<unsigned long long>(ioc.offset), CsvField(tags).c_str(),
                  ioc.role.c_str(), CsvField(ioc.role_reason).c_str());
    }
  }
  // Written by hand into a reused buffer: this is the hot path of `jikenbo ioc` on large inputs.
  void WriteJson(const std::string& input, const extract::Ioc& ioc, const std::string& value) {
    std::string& line = line_;
    line.assign("{\"type\":");
    AppendJson(ioc.type, &line);
    line += ",\"value\":";
    AppendJson(value, &line);
    line += ",\"found\":";
    AppendJson(args_.defang ? value : ioc.found, &line);
    line += ",\"offset\":";
    char digits[24];
    line.append(digits, std::to_chars(digits, digits + sizeof digits, ioc.offset).ptr);
    line += ",\"tags\":[";
    for (size_t k = 0; k < ioc.tags.size(); ++k) {
      if (k > 0) line += ',';
      AppendJson(ioc.tags[k], &line);
    }
    line += "],\"role\":";
    AppendJson(ioc.role, &line);
    line += ",\"role_reason\":";
    AppendJson(ioc.role_reason, &line);
    if (args_.inputs.size() > 1) {
      line += ",\"input\":";
      AppendJson(input, &line);
    }
    line += '}';
    if (args_.format == "json") {
      std::fputs(first_ ? "\n" : ",\n", stdout);
      first_ = false;
    }
    if (args_.format == "jsonl") line += '\n';
    std::fwrite(line.data(), 1, line.size(), stdout);
  }

  const IocArgs& args_;
  const bool whole_;  // stix, misp, sigma: written at the end
  const bool json_;   // json, jsonl
  std::string line_;
  bool first_ = true;
  std::vector<extract::Ioc> collected_;
};

// Reads the input line by line (a line longer than kMaxLine is cut at its last space) so that
// each indicator is judged with its line and the heading of the list it stands in.
Status ScanInput(const extract::IocExtractor& x, const extract::IocRoles* roles,
                 const std::string& input, Writer* w) {
  constexpr size_t kMaxLine = 1 << 20;
  std::FILE* f = input == "-" ? stdin : std::fopen(input.c_str(), "rb");
  if (f == nullptr) return Status::IoError("cannot open", input);
  std::vector<char> buf(1 << 16);
  size_t n = 0;
  if (roles == nullptr) {  // no context needed: chunks, with the stream's bounded carry
    extract::IocStream stream(x, [&](extract::Ioc ioc) { w->Write(input, ioc); });
    while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
      stream.Feed(std::string_view(buf.data(), n));
    }
    const bool failed = std::ferror(f) != 0;
    if (f != stdin) std::fclose(f);
    stream.Finish();
    return failed ? Status::IoError("read failed", input) : Status::Ok();
  }
  extract::IocRoles::LineState state;
  std::vector<extract::Ioc> found;
  std::string pending;
  uint64_t base = 0;  // stream offset of pending[0]
  auto line = [&](std::string_view text) {
    found.clear();
    x.Scan(text, 0, [&](extract::Ioc ioc) { found.push_back(std::move(ioc)); });
    roles->JudgeLine(text, &found, &state, {});
    for (extract::Ioc& ioc : found) {
      ioc.offset += base;
      w->Write(input, ioc);
    }
  };
  while ((n = std::fread(buf.data(), 1, buf.size(), f)) > 0) {
    pending.append(buf.data(), n);
    size_t start = 0;
    for (size_t nl = pending.find('\n'); nl != std::string::npos; nl = pending.find('\n', start)) {
      line(std::string_view(pending).substr(start, nl - start));
      base += nl + 1 - start;
      start = nl + 1;
    }
    pending.erase(0, start);
    if (pending.size() > kMaxLine) {
      size_t cut = pending.find_last_of(" \t\r");
      cut = cut == std::string::npos || cut == 0 ? pending.size() : cut + 1;
      line(std::string_view(pending).substr(0, cut));
      base += cut;
      pending.erase(0, cut);
    }
  }
  const bool failed = std::ferror(f) != 0;
  if (f != stdin) std::fclose(f);
  if (!pending.empty()) line(pending);
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
  const std::string roles_path = ctx.rules_dir + "/ioc_roles.rules";
  auto roles_text = files->Read(roles_path, 1 << 20);
  if (!roles_text.ok()) {
    return PrintError(Status::NotFound("cannot read rules file", roles_path)), kExitError;
  }
  auto roles = extract::IocRoles::Create({roles_path, *roles_text});
  if (!roles.ok()) return PrintError(roles.status()), kExitError;
  Writer w(args);
  w.Begin();
  int code = kExitOk;
  const std::vector<std::string> inputs =
      args.inputs.empty() ? std::vector<std::string>{"-"} : args.inputs;
  for (const std::string& input : inputs) {
    if (Status s = ScanInput(*x, args.no_roles ? nullptr : &*roles, input, &w); !s.ok()) {
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
  AddFormat(*cmd, &args->format, {"text", "jsonl", "json", "csv", "stix", "misp", "sigma"});
  cmd->add_flag("--defang", args->defang, "write safe-to-share forms (hxxp, [.], [@])");
  cmd->add_flag("--reveal", args->reveal, "show webhook and bot tokens instead of masking them");
  cmd->add_flag("--no-roles", args->no_roles,
                "do not judge roles (malicious, victim, reference ...): faster; stix, misp and "
                "sigma then have no malicious indicator to write");
  cmd->callback([&ctx, args] { ctx.exit_code = RunIoc(ctx, *args); });
}

}  // namespace jikenbo::cli
