// Who led the Communist Party of Bukhara in mid-1921? Loads the dataset that
// ships with Annals (or the directory given as the first argument), asks, and
// prints each answer with its certainty, validity and sources.
#include <annals/annals.hpp>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  const std::string dataset = argc > 1 ? argv[1] : DEFAULT_DATASET;
  try {
    annals::Database db;
    const annals::LoadReport report = db.Load(dataset);
    std::cerr << report.Summary() << '\n';

    const annals::QueryResult answer =
        db.Query(R"(?- leads(P, "Communist Party of Bukhara") @ "mid-1921".)");
    std::cout << "Leaders of the Communist Party of Bukhara in mid-1921:\n";
    for (const annals::Row& row : answer) {
      std::cout << "  " << row.values.at(0).ToText() << "  " << annals::CertaintyName(row.certainty)
                << "  " << row.validity.ToText() << "  (";
      for (std::size_t i = 0; i < row.sources.size(); ++i) {
        std::cout << (i == 0 ? "" : ", ") << row.sources[i].ToString();
      }
      std::cout << ")\n";
    }
    return answer.empty() ? 1 : 0;
  } catch (const annals::Error& error) {
    // Errors carry their position: "<query>:1:13: error: ..." and a caret.
    std::cerr << error.rendered() << '\n';
    return 1;
  }
}
