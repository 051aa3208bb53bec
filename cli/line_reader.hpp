// Reading the shell's input: libedit line editing with a history file when
// stdin is a terminal and libedit was found, plain std::getline otherwise.
#pragma once

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
  //! so that a Ctrl-C during a query, which ends the shell, keeps it).
  void AddHistory(const std::string& entry);
  //! True once after Ctrl-C was pressed during ReadLine: the line (or the
  //! statement it continued) is to be dropped and a fresh prompt shown.
  [[nodiscard]] bool TakeInterrupt();

 private:
  std::string history_file_;
  bool interactive_ = false;
  bool use_libedit_ = false;
};

}  // namespace annals::cli
