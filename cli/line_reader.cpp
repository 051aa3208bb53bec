// Line input for the shell. libedit is optional (ANNALS_HAVE_LIBEDIT): the
// shell must also work piped, in CI and on machines without it.
#include "cli/line_reader.hpp"

#include <atomic>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <langinfo.h>
#include <memory>
#include <unistd.h>
#include <utility>

#ifdef ANNALS_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

namespace annals::cli {
namespace {

volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void OnInterrupt(int /*signal*/) { g_interrupted = 1; }

// The database whose queries Ctrl-C interrupts, while a QueryInterrupter
// lives. A signal handler may touch only lock-free atomics and
// sig_atomic_t flags.
std::atomic<const Database*> g_interrupted_database{nullptr};
static_assert(std::atomic<const Database*>::is_always_lock_free);
volatile std::sig_atomic_t g_query_interrupted = 0;

extern "C" void OnQueryInterrupt(int /*signal*/) {
  g_query_interrupted = 1;
  const Database* db = g_interrupted_database.load(std::memory_order_relaxed);
  if (db != nullptr) db->Interrupt();  // an atomic increment, nothing else
}

// Catches SIGINT with `handler` for its lifetime: while a line is read, so
// that Ctrl-C at the prompt drops the line instead of ending the shell, and
// while statements run, so that it stops them (QueryInterrupter). Between
// the two, and in the other commands, the previous action, normally the
// default, applies again: a shell that ignored Ctrl-C everywhere could not
// be stopped.
class InterruptCatcher {
 public:
  // `restart`: whether a system call the signal interrupts resumes. Not
  // for a blocked read(), which must return; but for the writes of an
  // answer being printed, which must not fail half-way.
  InterruptCatcher(void (*handler)(int), bool restart) {
    struct sigaction action {};
    action.sa_handler = handler;
    sigemptyset(&action.sa_mask);
    action.sa_flags = restart ? SA_RESTART : 0;
    installed_ = sigaction(SIGINT, &action, &previous_) == 0;
  }
  ~InterruptCatcher() {
    if (installed_) sigaction(SIGINT, &previous_, nullptr);
  }
  InterruptCatcher(const InterruptCatcher&) = delete;
  InterruptCatcher& operator=(const InterruptCatcher&) = delete;

 private:
  struct sigaction previous_ {};
  bool installed_ = false;
};

#ifdef ANNALS_HAVE_LIBEDIT
// libedit decodes keystrokes with mbrtowc() in the LC_CTYPE locale, and in
// the C locale it drops every byte above 0x7F, so non-ASCII names could not be
// typed. Only LC_CTYPE is taken from the environment: number formatting and
// parsing (strtod, printf) follow LC_NUMERIC, which stays "C", and the CLI's
// own character tests are ASCII-only. The limit: libedit returns text in the
// locale's encoding and Annals reads UTF-8, so a terminal in a non-UTF-8
// locale (ISO-8859-1, KOI8-R) gives names that match nothing. An unset locale
// (C or POSIX) is read as C.UTF-8, since ASCII is the same in both and
// today's terminals send UTF-8.
void UseEnvironmentCharset() {
  if (std::setlocale(LC_CTYPE, "") == nullptr) std::setlocale(LC_CTYPE, "C");
  const char* codeset = nl_langinfo(CODESET);
  const bool ascii = codeset != nullptr &&
                     (std::strcmp(codeset, "ANSI_X3.4-1968") == 0 ||
                      std::strcmp(codeset, "ASCII") == 0 || std::strcmp(codeset, "US-ASCII") == 0);
  if (ascii && std::setlocale(LC_CTYPE, "C.UTF-8") == nullptr) std::setlocale(LC_CTYPE, "C");
}
#endif

}  // namespace

LineReader::LineReader(std::string history_file) : history_file_(std::move(history_file)) {
  interactive_ = isatty(STDIN_FILENO) != 0;
#ifdef ANNALS_HAVE_LIBEDIT
  use_libedit_ = interactive_;
  if (use_libedit_) {
    UseEnvironmentCharset();  // before libedit starts: it reads the locale then
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
  g_interrupted = 0;
  std::optional<InterruptCatcher> catcher;
  if (interactive_) catcher.emplace(OnInterrupt, /*restart=*/false);
#ifdef ANNALS_HAVE_LIBEDIT
  if (use_libedit_) {
    char* line = readline(prompt.c_str());
    if (g_interrupted != 0) {
      std::free(line);    // NOLINT: readline allocates with malloc
      std::cout << '\n';  // the abandoned line stays on screen, as in bash
      return std::nullopt;
    }
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
  // std::getline retries an interrupted read, so Ctrl-C takes effect at Enter.
  if (!std::getline(std::cin, line) || g_interrupted != 0) return std::nullopt;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

bool LineReader::TakeInterrupt() {
  const bool interrupted = g_interrupted != 0;
  g_interrupted = 0;
  return interrupted;
}

struct QueryInterrupter::Catcher {
  InterruptCatcher catcher{OnQueryInterrupt, /*restart=*/true};
};

QueryInterrupter::QueryInterrupter(const Database& db) {
  g_query_interrupted = 0;
  // The database before the handler, so that no Ctrl-C finds none.
  g_interrupted_database.store(&db);
  catcher_ = std::make_unique<Catcher>();
}

QueryInterrupter::~QueryInterrupter() {
  catcher_.reset();
  g_interrupted_database.store(nullptr);
}

bool QueryInterrupter::interrupted() const { return g_query_interrupted != 0; }

void LineReader::AddHistory(const std::string& entry) {
#ifdef ANNALS_HAVE_LIBEDIT
  if (use_libedit_ && !entry.empty()) {
    // A multi-line statement comes back as one line, easier to edit and rerun.
    std::string line = entry;
    for (char& c : line) {
      if (c == '\n' || c == '\r') c = ' ';
    }
    add_history(line.c_str());
    if (!history_file_.empty()) write_history(history_file_.c_str());
  }
#else
  (void)entry;
#endif
}

}  // namespace annals::cli
