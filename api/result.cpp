// QueryResult: an answer held by column arrays, its rows as views, and the
// builder that fills it.
#include <annals/result.hpp>

#include "engine/store/huge_pages.hpp"

#include <algorithm>
#include <cstddef>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace annals {

namespace {

// How many sources to make room for when an answer's sources outgrow their
// array: `needed`, or what the rows ended so far predict for the rows the
// answer expects, if more. The sources are an answer's largest array (a
// closure's rows cite a path each), and each growth copies them into fresh
// memory: a prediction made once enough rows are in saves the copies of the
// doublings after it. It may reserve too much, but a large block's pages are
// only touched as sources are written; the cap keeps a prediction from a few
// rows from reserving more than a few doublings would.
std::size_t SourcesToHold(std::size_t needed, std::size_t held, std::size_t rows_ended,
                          std::size_t rows_expected) {
  constexpr std::size_t kRowsToPredictFrom = 1024;
  constexpr std::size_t kMostDoublingsSaved = 8;
  if (rows_ended < kRowsToPredictFrom || rows_expected <= rows_ended ||
      needed > std::numeric_limits<std::size_t>::max() / kMostDoublingsSaved) {
    return needed;
  }
  const std::size_t rows_to_come = rows_expected - rows_ended;
  // An eighth more than the rows so far cite on average, for rows that cite
  // more than those did.
  const double per_row = static_cast<double>(held) / static_cast<double>(rows_ended);
  const double predicted =
      static_cast<double>(held) + per_row * 1.125 * static_cast<double>(rows_to_come);
  const double most = static_cast<double>(kMostDoublingsSaved) * static_cast<double>(needed);
  return std::max(needed, static_cast<std::size_t>(std::min(predicted, most)));
}

// Makes room for `needed` sources, growing to at least `at_least` and to
// what SourcesToHold predicts: the one place an answer's sources grow. The
// prediction is made only when the array is full.
void GrowSources(std::vector<detail::SourceEntry>& sources, std::size_t needed,
                 std::size_t at_least, std::size_t rows_ended, std::size_t rows_expected) {
  if (needed <= sources.capacity()) return;
  engine::GrowIntoHugePages(sources, SourcesToHold(std::max(needed, at_least), sources.size(),
                                                   rows_ended, rows_expected));
}

}  // namespace

const Value& Cells::at(std::size_t i) const {
  if (i >= size_) {
    throw std::out_of_range("row cell " + std::to_string(i) + " of " + std::to_string(size_));
  }
  return first_[i];
}

SourceLocation Sources::at(std::size_t i) const {
  if (i >= size_) {
    throw std::out_of_range("row source " + std::to_string(i) + " of " + std::to_string(size_));
  }
  return (*this)[i];
}

bool operator==(const Cells& a, const Cells& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

Row QueryResult::operator[](std::size_t i) const {
  const RowEntry& entry = rows_[i];
  const std::size_t width = columns_.size();
  return Row{Cells(cells_.data() + i * width, width), entry.certainty, entry.validity,
             Sources(sources_.data() + entry.first_source, entry.source_count, files_.data()),
             std::span<const std::string>(steps_.data() + entry.first_step, entry.step_count)};
}

Row QueryResult::at(std::size_t i) const {
  if (i >= rows_.size()) {
    throw std::out_of_range("row " + std::to_string(i) + " of " + std::to_string(rows_.size()));
  }
  return (*this)[i];
}

int QueryResult::ColumnIndex(const std::string& name) const {
  for (std::size_t i = 0; i < columns_.size(); ++i) {
    if (columns_[i] == name) return static_cast<int>(i);
  }
  return -1;
}

QueryResultBuilder::QueryResultBuilder(std::vector<std::string> columns) {
  result_.columns_ = std::move(columns);
}

void QueryResultBuilder::Reserve(std::size_t rows) {
  engine::GrowIntoHugePages(result_.rows_, rows);
  engine::GrowIntoHugePages(result_.cells_, rows * result_.columns_.size());
  engine::GrowIntoHugePages(result_.sources_, rows);
}

void QueryResultBuilder::ReuseMemoryOf(QueryResult&& earlier) {
  QueryResult& mine = result_;
  if (!mine.cells_.empty() || !mine.rows_.empty() || !mine.sources_.empty() ||
      !mine.files_.empty() || !mine.steps_.empty()) {
    throw std::logic_error("QueryResultBuilder::ReuseMemoryOf: the answer has begun");
  }
  const auto take_larger = [](auto& own, auto& theirs) {
    if (theirs.capacity() <= own.capacity()) return;
    theirs.clear();
    own.swap(theirs);
  };
  take_larger(mine.cells_, earlier.cells_);
  take_larger(mine.rows_, earlier.rows_);
  take_larger(mine.sources_, earlier.sources_);
  take_larger(mine.files_, earlier.files_);
  take_larger(mine.steps_, earlier.steps_);
  earlier = QueryResult();  // and what this builder had goes with the rest
}

std::size_t QueryResultBuilder::SourcesOfEndedRows() const {
  if (result_.rows_.empty()) return 0;
  const QueryResult::RowEntry& last = result_.rows_.back();
  return last.first_source + last.source_count;
}

std::size_t QueryResultBuilder::CellsOfOpenRow() const {
  return result_.cells_.size() - result_.rows_.size() * result_.columns_.size();
}

void QueryResultBuilder::AddCell(Value value) {
  std::vector<Value>& cells = result_.cells_;
  engine::GrowIntoHugePages(cells, cells.size() + 1);
  cells.push_back(std::move(value));
}

void QueryResultBuilder::RepeatCellAbove() {
  const std::size_t width = result_.columns_.size();
  if (result_.rows_.empty() || CellsOfOpenRow() >= width) {
    throw std::logic_error("QueryResultBuilder::RepeatCellAbove: no cell above");
  }
  // Copied before the push: the push may move the array it is read from.
  Value above = result_.cells_[result_.cells_.size() - width];
  AddCell(std::move(above));
}

std::uint32_t QueryResultBuilder::AddFile(std::string_view file) {
  // Most answers cite one file or a few: a look through them costs less
  // than the index's allocations, which are made only past that.
  constexpr std::size_t kFilesWithoutIndex = 8;
  std::vector<std::string>& files = result_.files_;
  if (files.size() <= kFilesWithoutIndex) {
    for (std::size_t i = 0; i < files.size(); ++i) {
      if (files[i] == file) return static_cast<std::uint32_t>(i);
    }
  } else {
    const auto found = file_index_.find(file);
    if (found != file_index_.end()) return found->second;
  }
  const auto index = static_cast<std::uint32_t>(files.size());
  files.emplace_back(file);
  if (files.size() == kFilesWithoutIndex + 1) {
    for (std::uint32_t i = 0; i < files.size(); ++i) file_index_.emplace(files[i], i);
  } else if (files.size() > kFilesWithoutIndex + 1) {
    file_index_.emplace(std::string(file), index);
  }
  return index;
}

void QueryResultBuilder::AddSource(std::string_view file, std::uint32_t line,
                                   std::uint32_t column) {
  AddSource(AddFile(file), line, column);
}

void QueryResultBuilder::AddSource(std::uint32_t file, std::uint32_t line, std::uint32_t column) {
  if (file >= result_.files_.size()) {
    throw std::logic_error("QueryResultBuilder::AddSource: file " + std::to_string(file) +
                           " was not added");
  }
  std::vector<detail::SourceEntry>& sources = result_.sources_;
  GrowSources(sources, sources.size() + 1, 0, result_.rows_.size(), result_.rows_.capacity());
  sources.push_back(detail::SourceEntry{file, line, column});
}

void QueryResultBuilder::AddSources(std::span<const detail::SourceEntry> sources) {
  if (sources.empty()) return;
  std::vector<detail::SourceEntry>& added = result_.sources_;
  const std::size_t size = added.size();
  // A run of this answer's own is found by its position before the array
  // can move. Its files were checked when it was added; a caller copying
  // an earlier row's sources (a closure, row after row) skips the check.
  const std::less<const detail::SourceEntry*> below;
  const bool own =
      !below(sources.data(), added.data()) && below(sources.data(), added.data() + size);
  const auto own_first = own ? static_cast<std::size_t>(sources.data() - added.data()) : 0;
  if (own && sources.size() > size - own_first) {
    throw std::logic_error("QueryResultBuilder::AddSources: the sources run past those added");
  }
  if (!own) {
    std::uint32_t last_file = 0;
    for (const detail::SourceEntry& source : sources) last_file = std::max(last_file, source.file);
    if (last_file >= result_.files_.size()) {
      throw std::logic_error("QueryResultBuilder::AddSources: file " + std::to_string(last_file) +
                             " was not added");
    }
  }
  // Rows given their sources in bulk tend to have many (a closure's rows
  // list every edge of their paths): past the one a row that Reserve made
  // room for, grow to a few dozen at once rather than by doubling from there.
  constexpr std::size_t kFirstGrowth = 64;
  GrowSources(added, size + sources.size(), kFirstGrowth, result_.rows_.size(),
              result_.rows_.capacity());
  if (own) {
    // insert() may not read from the vector it grows: grow it, then copy
    // by index.
    added.resize(size + sources.size());
    std::copy_n(added.begin() + static_cast<std::ptrdiff_t>(own_first), sources.size(),
                added.begin() + static_cast<std::ptrdiff_t>(size));
    return;
  }
  added.insert(added.end(), sources.begin(), sources.end());
}

void QueryResultBuilder::AddStep(std::string step) { result_.steps_.push_back(std::move(step)); }

void QueryResultBuilder::EndRow(Certainty certainty, Period validity) {
  EndRow(certainty, validity, SourcesOfEndedRows());
}

void QueryResultBuilder::EndRow(Certainty certainty, Period validity, std::size_t first_source) {
  if (CellsOfOpenRow() != result_.columns_.size()) {
    throw std::logic_error("QueryResultBuilder::EndRow: the row has " +
                           std::to_string(CellsOfOpenRow()) + " cells for " +
                           std::to_string(result_.columns_.size()) + " columns");
  }
  // The row's own sources start where the row before it ended, as the next
  // row's will start where this one ends: a row shares only sources before
  // its own, so rows end in the order they were built, whatever they share.
  const std::size_t own_first = SourcesOfEndedRows();
  if (first_source > own_first) {
    throw std::logic_error("QueryResultBuilder::EndRow: the row's sources start at " +
                           std::to_string(own_first) + ", not at " + std::to_string(first_source));
  }
  const QueryResult::RowEntry* before = result_.rows_.empty() ? nullptr : &result_.rows_.back();
  QueryResult::RowEntry entry;
  entry.validity = validity;
  entry.certainty = certainty;
  entry.first_source = static_cast<std::uint32_t>(first_source);
  entry.source_count = static_cast<std::uint32_t>(result_.sources_.size() - first_source);
  entry.first_step = before == nullptr ? 0 : before->first_step + before->step_count;
  entry.step_count = static_cast<std::uint32_t>(result_.steps_.size() - entry.first_step);
  std::vector<QueryResult::RowEntry>& rows = result_.rows_;
  engine::GrowIntoHugePages(rows, rows.size() + 1);
  rows.push_back(entry);
}

QueryResult QueryResultBuilder::Finish(bool truncated) {
  const QueryResult::RowEntry* last = result_.rows_.empty() ? nullptr : &result_.rows_.back();
  const std::size_t ended_steps = last == nullptr ? 0 : last->first_step + last->step_count;
  if (CellsOfOpenRow() != 0 || result_.sources_.size() != SourcesOfEndedRows() ||
      result_.steps_.size() != ended_steps) {
    throw std::logic_error("QueryResultBuilder::Finish: a row was begun and not ended");
  }
  result_.truncated_ = truncated;
  QueryResult done = std::move(result_);
  result_ = QueryResult();
  result_.columns_ = done.columns_;
  file_index_.clear();
  return done;
}

}  // namespace annals
