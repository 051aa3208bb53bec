// Line input for the shell. libedit is optional (ANNALS_HAVE_LIBEDIT): the
// shell must also work piped, in CI and on machines without it.
#include "cli/line_reader.hpp"

#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <unistd.h>
#include <utility>

#ifdef ANNALS_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

namespace annals::cli {

LineReader::LineReader(std::string history_file) : history_file_(std::move(history_file)) {
  interactive_ = isatty(STDIN_FILENO) != 0;
#ifdef ANNALS_HAVE_LIBEDIT
  use_libedit_ = interactive_;
  if (use_libedit_) {
    rl_readline_name = "annals";
    using_history();
    stifle_history(2000);
    if (!history_file_.empty()) read_history(history_file_.c_str());
  }
#endif
}

LineReader::~LineReader() {
#ifdef ANNALS_HAVE_LIBEDIT
  if (use_libedit_ && !history_file_.empty()) write_history(history_file_.c_str());
#endif
}

std::optional<std::string> LineReader::ReadLine(const std::string& prompt) {
  std::cout.flush();  // answers before the prompt: libedit writes past std::cout's buffer
#ifdef ANNALS_HAVE_LIBEDIT
  if (use_libedit_) {
    char* line = readline(prompt.c_str());
    if (line == nullptr) return std::nullopt;
    std::string text(line);
    std::free(line);  // NOLINT: readline allocates with malloc
    return text;
  }
#endif
  if (interactive_) {
    std::cout << prompt << std::flush;
  }
  std::string line;
  if (!std::getline(std::cin, line)) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

void LineReader::AddHistory(const std::string& entry) {
#ifdef ANNALS_HAVE_LIBEDIT
  if (use_libedit_ && !entry.empty()) {
    // A multi-line statement comes back as one line, easier to edit and rerun.
    std::string line = entry;
    for (char& c : line) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    add_history(line.c_str());
  }
#else
  (void)entry;
#endif
}

}  // namespace annals::cli
