// annals_gen: writes the synthetic temporal knowledge graph as TSV quadruples.
//   annals_gen --facts 1M --seed 42 --out kg-1m.tsv
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>

#include "bench_args.hpp"
#include "synthetic_kg.hpp"

namespace {

constexpr const char* kUsage =
    "usage: annals_gen [--facts N] [--seed S] [--out FILE.tsv]\n"
    "  --facts N   number of facts (default 100k; suffixes k and M accepted)\n"
    "  --seed S    seed; the same seed and size always give the same file (default 1)\n"
    "  --out FILE  output file; '-' or absent: standard output\n";

int Fail(const std::string& message) {
  std::fprintf(stderr, "annals_gen: %s\n%s", message.c_str(), kUsage);
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  annals::bench::GenOptions options;
  std::string out_path = "-";
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (i + 1 >= argc) return Fail("missing value after " + std::string(arg));
    const std::string_view value = argv[++i];
    if (arg == "--facts" || arg == "--seed") {
      const auto number = annals::bench::ParseCount(value);
      if (!number) {
        return Fail(std::string(arg) + " expects a non-negative number like 20000 or 1M, got '" +
                    std::string(value) + "'");
      }
      (arg == "--facts" ? options.facts : options.seed) = *number;
    } else if (arg == "--out") {
      out_path = value;
    } else {
      return Fail("unknown option '" + std::string(arg) + "'");
    }
  }

  std::FILE* out = stdout;
  if (out_path != "-") {
    out = std::fopen(out_path.c_str(), "wb");
    if (out == nullptr) {
      return Fail("cannot open '" + out_path + "' for writing: " + std::strerror(errno));
    }
  }
  try {
    const annals::bench::GenStats stats = annals::bench::WriteTsv(options, out);
    if (out != stdout && std::fclose(out) != 0) {
      std::fprintf(stderr, "annals_gen: cannot finish writing '%s'\n", out_path.c_str());
      return 1;
    }
    std::fprintf(stderr,
                 "annals_gen: %llu facts (leads %llu, dissolved_into %llu, affiliated_with %llu); "
                 "%u organisations in %u lineages (deepest %u), %u people (%u lead 2+)\n",
                 static_cast<unsigned long long>(stats.facts),
                 static_cast<unsigned long long>(stats.per_relation[0]),
                 static_cast<unsigned long long>(stats.per_relation[1]),
                 static_cast<unsigned long long>(stats.per_relation[2]), stats.organisations,
                 stats.families, stats.max_depth, stats.people, stats.multi_leaders);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "annals_gen: %s\n", e.what());
    return 1;
  }
  return 0;
}
