// Fuzz target: the rule files a user edits. Any text must load or fail with a message naming
// file:line — never crash, never hang (patterns are RE2). One case in nine is the web UI's
// ui.rules: parsed, then its phrase patterns run over the input itself.
#include <cstdint>
#include <string>

#include "base/file_source.h"
#include "ingest/pipeline.h"
#include "serve/i18n.h"

using namespace jikenbo;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  if (data[0] % 9 == 8) {
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    auto ui = serve::UiText::Parse({"ui.rules", text});
    if (ui.ok()) {
      (void)ui->Phrase(serve::Lang::kJa, text);
      (void)ui->Get(serve::Lang::kEn, "list.count", {"1", "2"});
    }
    return 0;
  }
  static const char* kFiles[] = {"segment.rules", "kinds.rules",      "types.rules",
                                 "orgs.rules",    "data_items.rules", "authorities.rules",
                                 "extract.rules", "services.rules"};
  const std::string target = kFiles[data[0] % 8];
  MemFileSource files;
  auto disk = NewDiskFileSource();
  for (const char* f : kFiles) {  // the shipped rules, with one file replaced by the input
    const std::string path = std::string("rules/") + f;
    if (f == target) {
      files.Add(path, std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    } else if (auto text = disk->Read(std::string(JIKENBO_RULES_DIR) + "/" + f, 1 << 20);
               text.ok()) {
      files.Add(path, *text);
    }
  }
  (void)ingest::LoadPipeline(files, "rules");  // ok, or an error: never a crash or a hang
  return 0;
}
