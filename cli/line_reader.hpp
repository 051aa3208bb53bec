// Reading the shell's input: libedit line editing with a history file when
// stdin is a terminal and libedit was found, plain std::getline otherwise.
// And where Ctrl-C goes: at the prompt it drops the line, while statements
// run it interrupts their queries.
#pragma once

#include <annals/database.hpp>

#include <memory>
#include <optional>
#include <string>

namespace annals::cli {

class LineReader {
 public:
  //! `history_file` may be empty (no history kept across sessions).
  explicit LineReader(std::string history_file);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  //! True when reading from a terminal: prompts and banners are shown.
  [[nodiscard]] bool interactive() const { return interactive_; }
  //! The next line without its line break; nullopt at end of input.
  [[nodiscard]] std::optional<std::string> ReadLine(const std::string& prompt);
  //! Records a complete statement in the history (and its file, at once,
  //! so that a shell that is killed keeps it).
  void AddHistory(const std::string& entry);
  //! True once after Ctrl-C was pressed during ReadLine: the line (or the
  //! statement it continued) is to be dropped and a fresh prompt shown.
  [[nodiscard]] bool TakeInterrupt();

 private:
  std::string history_file_;
  bool interactive_ = false;
  [[maybe_unused]] bool use_libedit_ = false;  // read only where libedit was found
};

//! While alive, Ctrl-C (SIGINT) interrupts the queries running on `db`
//! (Database::Interrupt) instead of ending the process, however often it is
//! pressed; the action before is restored after. For the time statements
//! run: at the prompt ReadLine catches Ctrl-C itself. One at a time.
class QueryInterrupter {
 public:
  explicit QueryInterrupter(const Database& db);
  ~QueryInterrupter();
  QueryInterrupter(const QueryInterrupter&) = delete;
  QueryInterrupter& operator=(const QueryInterrupter&) = delete;

  //! True once Ctrl-C was pressed since this began.
  [[nodiscard]] bool interrupted() const;

 private:
  struct Catcher;
  std::unique_ptr<Catcher> catcher_;
};

}  // namespace annals::cli
