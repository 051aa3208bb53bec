// The `annals` executable: dispatches to one subcommand per file. Uses only
// the public API (include/annals), like any program embedding Annals.
#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/data.hpp"

#include <cerrno>
#include <cstring>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#ifndef ANNALS_VERSION_STRING
#define ANNALS_VERSION_STRING "unknown"
#endif

namespace {

using annals::cli::ExitCode;

int Usage(const std::string& message) {
  std::cerr << "annals: " << message << "\n"
            << "usage: annals query|run|shell|load|build [options] ...; see annals --help\n";
  return static_cast<int>(ExitCode::kUsage);
}

bool AsksForHelp(const std::vector<std::string>& args) {
  for (const std::string& arg : args) {
    if (arg == "--") return false;
    if (arg == "--help" || arg == "-h") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  std::ios::sync_with_stdio(false);
  annals::cli::SetProgramPath(argc > 0 ? argv[0] : "annals");
  std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
  if (args.empty()) return Usage("missing command");
  const std::string command = args.front();
  args.erase(args.begin());
  if (command == "--help" || command == "-h" || command == "help" || AsksForHelp(args)) {
    std::cout << annals::cli::UsageText();
    return 0;
  }
  if (command == "--version" || command == "version") {
    std::cout << "annals " << ANNALS_VERSION_STRING << '\n';
    return 0;
  }
  try {
    ExitCode code = ExitCode::kUsage;
    if (command == "query") {
      code = annals::cli::QueryCommand(args);
    } else if (command == "run") {
      code = annals::cli::RunCommand(args);
    } else if (command == "shell") {
      code = annals::cli::ShellCommand(args);
    } else if (command == "load") {
      code = annals::cli::LoadCommand(args);
    } else if (command == "build") {
      code = annals::cli::BuildCommand(args);
    } else {
      return Usage("unknown command '" + command + "'");
    }
    std::cout.flush();
    // An answer cut off by a full disk must not pass for one written whole.
    if (!std::cout) {
      std::cerr << "annals: cannot write the output: " << std::strerror(errno) << '\n';
      return static_cast<int>(ExitCode::kDataError);
    }
    return static_cast<int>(code);
  } catch (const annals::cli::UsageError& error) {
    return Usage(error.what());
  } catch (const std::exception& error) {
    std::cerr << "annals: internal error (please report it): " << error.what() << '\n';
    return static_cast<int>(ExitCode::kQueryError);
  }
}
