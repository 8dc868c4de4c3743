#include "tests/testing.h"

#include <fmt/format.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>

namespace jikenbo::testing {

std::string SourceDir() { return JIKENBO_SOURCE_DIR; }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> Fixtures(const std::string& dir, const std::string& ext) {
  std::vector<std::filesystem::path> out;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(SourceDir()) / dir)) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path GoldenFor(const std::filesystem::path& input) {
  auto p = input;
  return p.replace_extension(".golden");
}

void ExpectGolden(const std::string& actual, const std::filesystem::path& golden) {
  const char* update = std::getenv("JIKENBO_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden))
      << golden << " is missing; run JIKENBO_UPDATE_GOLDEN=1 make test and review it";
  EXPECT_EQ(ReadFile(golden), actual) << "golden file " << golden;
}

const segment::Segmenter& DefaultSegmenter() {
  static const segment::Segmenter* seg = [] {
    const std::string path = SourceDir() + "/rules/segment.rules";
    auto s = segment::Segmenter::Create({path, ReadFile(path)});
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
      std::abort();
    }
    return new segment::Segmenter(std::move(s).value());
  }();
  return *seg;
}

const ingest::Pipeline& DefaultPipeline() {
  static const ingest::Pipeline* pipeline = [] {
    auto files = NewDiskFileSource();
    auto p = ingest::LoadPipeline(*files, SourceDir() + "/rules");
    if (!p.ok()) {
      std::fprintf(stderr, "%s\n", p.status().ToString().c_str());
      std::abort();
    }
    return new ingest::Pipeline(std::move(p).value());
  }();
  return *pipeline;
}

model::Article AnalyzeText(const std::string& text, const std::string& start_rule) {
  model::Article a;
  a.text = text;
  a.start_rule = start_rule;
  DefaultPipeline().Analyze(&a);
  return a;
}

bool Has(const std::vector<std::string>& items, const std::string& item) {
  return std::find(items.begin(), items.end(), item) != items.end();
}

bool ReportedTo(const model::Article& a, const std::string& authority) {
  return std::any_of(a.incident.reported_to.begin(), a.incident.reported_to.end(),
                     [&](const model::ReportedTo& r) { return r.authority == authority; });
}

normalize::NormalizedText NormalizeOrDie(const std::string& bytes) {
  auto n = normalize::Normalize(bytes);
  if (!n.ok()) std::abort();
  return std::move(n).value();
}

std::optional<std::filesystem::path> SharedDir() {
  const auto p = std::filesystem::path(SourceDir()).parent_path() / "shared";
  if (std::filesystem::is_directory(p / "seeds") &&
      std::filesystem::exists(p / "gold/seeds.jsonl")) {
    return p;
  }
  return std::nullopt;
}

}  // namespace jikenbo::testing

namespace jikenbo::testing {
namespace {

std::u16string ToU16(std::string_view utf8) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(
      icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  return std::u16string(reinterpret_cast<const char16_t*>(u.getBuffer()),
                        static_cast<size_t>(u.length()));
}

std::string Hex4(char16_t u) { return fmt::format("{:04X}", static_cast<unsigned>(u)); }

}  // namespace

std::string Encode(std::string_view utf8, const char* charset) {
  const std::u16string u = ToU16(utf8);
  UErrorCode status = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(charset, &status);
  EXPECT_TRUE(U_SUCCESS(status)) << charset;
  std::string out(u.size() * 8 + 16, '\0');
  const int32_t n = ucnv_fromUChars(cnv, out.data(), static_cast<int32_t>(out.size()),
                                    reinterpret_cast<const UChar*>(u.data()),
                                    static_cast<int32_t>(u.size()), &status);
  ucnv_close(cnv);
  EXPECT_TRUE(U_SUCCESS(status)) << u_errorName(status);
  out.resize(static_cast<size_t>(n));
  return out;
}

std::string MakePdf(const std::vector<std::string>& lines, const std::string& title,
                    bool encrypted) {
  // One CID per distinct UTF-16 code unit; the ToUnicode map gives each its character back.
  std::map<char16_t, int> cid;
  std::string content = "BT /F1 10 Tf 14 TL 20 ";
  size_t widest = 0;
  std::vector<std::u16string> units;
  for (const std::string& line : lines) units.push_back(ToU16(line));
  for (const auto& u : units) widest = std::max(widest, u.size());
  const size_t width = widest * 10 + 40;
  const size_t height = lines.size() * 14 + 60;
  content += std::to_string(height - 30) + " Td\n";
  for (const auto& u : units) {
    std::string hex;
    for (char16_t c : u) {
      auto [it, fresh] = cid.emplace(c, static_cast<int>(cid.size()) + 1);
      hex += fmt::format("{:04X}", it->second);
    }
    content += hex.empty() ? "T*\n" : "<" + hex + "> Tj T*\n";
  }
  content += "ET\n";
  std::string cmap =
      "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n"
      "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
      "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n"
      "1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n";
  std::vector<std::pair<int, char16_t>> entries;
  for (const auto& [c, id] : cid) entries.push_back({id, c});
  for (size_t i = 0; i < entries.size(); i += 100) {
    const size_t n = std::min<size_t>(100, entries.size() - i);
    cmap += std::to_string(n) + " beginbfchar\n";
    for (size_t k = i; k < i + n; ++k) {
      cmap += fmt::format("<{:04X}> <{}>\n", entries[k].first, Hex4(entries[k].second));
    }
    cmap += "endbfchar\n";
  }
  cmap += "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";
  std::string info_title = "<FEFF";
  for (char16_t c : ToU16(title)) info_title += Hex4(c);
  info_title += ">";
  std::vector<std::string> objects = {
      "<< /Type /Catalog /Pages 2 0 R >>",
      "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
      fmt::format("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {} {}] /Resources << /Font << "
                  "/F1 4 0 R >> >> /Contents 5 0 R >>",
                  width, height),
      "<< /Type /Font /Subtype /Type0 /BaseFont /JikenboTest /Encoding /Identity-H "
      "/DescendantFonts [6 0 R] /ToUnicode 7 0 R >>",
      fmt::format("<< /Length {} >>\nstream\n{}endstream", content.size(), content),
      "<< /Type /Font /Subtype /CIDFontType2 /BaseFont /JikenboTest /CIDSystemInfo << /Registry "
      "(Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>",
      fmt::format("<< /Length {} >>\nstream\n{}endstream", cmap.size(), cmap),
      "<< /Title " + info_title + " /Producer (jikenbo tests) >>"};
  const size_t info = objects.size();
  if (encrypted) {  // standard security handler, RC4 40-bit; O and U match no password
    objects.push_back("<< /Filter /Standard /V 1 /R 2 /P -44 /O <" + std::string(64, 'A') +
                      "> /U <" + std::string(64, 'B') + "> >>");
  }
  std::string pdf = "%PDF-1.4\n%\xE2\xE3\xCF\xD3\n";
  std::vector<size_t> offsets;
  for (size_t i = 0; i < objects.size(); ++i) {
    offsets.push_back(pdf.size());
    pdf += fmt::format("{} 0 obj\n{}\nendobj\n", i + 1, objects[i]);
  }
  const size_t xref = pdf.size();
  pdf += fmt::format("xref\n0 {}\n0000000000 65535 f \n", objects.size() + 1);
  for (size_t off : offsets) pdf += fmt::format("{:010d} 00000 n \n", off);
  const std::string encrypt = encrypted
                                  ? fmt::format(" /Encrypt {} 0 R /ID [<{}> <{}>]", objects.size(),
                                                std::string(32, '1'), std::string(32, '1'))
                                  : "";
  pdf += fmt::format("trailer\n<< /Size {} /Root 1 0 R /Info {} 0 R{} >>\nstartxref\n{}\n%%EOF\n",
                     objects.size() + 1, info, encrypt, xref);
  return pdf;
}

}  // namespace jikenbo::testing
