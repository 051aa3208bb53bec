// Evaluators kept between the runs of one prepared query. A run of a small
// lookup spent about a third of its time making and freeing the evaluator's
// working memory; taking an evaluator that ran before skips most of that. A
// large query gains more again, when its application lets it keep that much:
// its join indexes and edge graphs are built once, and its tables' memory is
// not mapped and faulted in afresh on every run.
// PreparedQuery::Execute may run on several threads at once, so each run
// takes an evaluator of its own and gives it back when done. A lock and a
// shared list made two threads slower together than one alone: both cores
// wrote the same cache lines on every run. So each thread has a home slot,
// on a line of its own, and in the common case touches nothing else.
#pragma once

#include "engine/store/store.hpp"
#include "query/analysis/checked_program.hpp"
#include "query/evaluator.hpp"
#include "query/planner.hpp"

#include <array>
#include <atomic>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string_view>

namespace annals::query {

class EvaluatorPool {
 public:
  //! At most this many evaluators wait between runs, one per slot: as many
  //! as runs are likely to overlap; more are made when needed and freed after.
  static constexpr std::size_t kMaxKept = 8;
  //! By default an evaluator holding more than this after its run is freed,
  //! not kept: one large answer must not leave a prepared query holding its
  //! memory unless the application asked for that (SetMaxKeptBytes).
  static constexpr std::size_t kDefaultMaxKeptBytes = std::size_t{1} << 20;

  //! The arguments must outlive the pool, unchanged.
  EvaluatorPool(const CheckedProgram& program, const engine::Store& store, std::string_view text,
                const PlansAhead* plans_ahead);
  EvaluatorPool(const EvaluatorPool&) = delete;
  EvaluatorPool& operator=(const EvaluatorPool&) = delete;
  ~EvaluatorPool();

  //! An evaluator for one run; it goes back to the pool when the lease ends,
  //! also when the run threw (the next run starts from an empty state).
  class Lease {
   public:
    Lease(EvaluatorPool& pool, std::unique_ptr<Evaluator> evaluator)
        : pool_(pool), evaluator_(std::move(evaluator)) {}
    ~Lease() { pool_.GiveBack(std::move(evaluator_)); }
    Lease(Lease&& other) noexcept : pool_(other.pool_), evaluator_(std::move(other.evaluator_)) {}
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Lease& operator=(Lease&&) = delete;
    Evaluator& operator*() const { return *evaluator_; }
    Evaluator* operator->() const { return evaluator_.get(); }

   private:
    EvaluatorPool& pool_;
    std::unique_ptr<Evaluator> evaluator_;
  };

  [[nodiscard]] Lease Take();
  //! Evaluators waiting (for tests).
  [[nodiscard]] std::size_t kept() const;

  //! From now on an evaluator is kept only if it holds at most `bytes` after
  //! its run; those waiting that hold more are freed now.
  void SetMaxKeptBytes(std::size_t bytes);
  //! What the evaluators waiting hold, together. Each is taken out while it
  //! is measured, so a run meanwhile may make an evaluator afresh.
  [[nodiscard]] std::size_t KeptBytes();

 private:
  // Larger than or equal to a cache line on the machines we build for; a
  // constant rather than std::hardware_destructive_interference_size, whose
  // value GCC warns may differ between the library and its callers.
  static constexpr std::size_t kLineBytes = 64;
  struct alignas(kLineBytes) Slot {
    std::atomic<Evaluator*> evaluator{nullptr};
  };

  void GiveBack(std::unique_ptr<Evaluator> evaluator) noexcept;
  // Puts `evaluator` in the first empty slot from `first` on and returns
  // that slot; null if all are full (the evaluator is then still the caller's).
  std::atomic<Evaluator*>* Put(Evaluator* evaluator, std::size_t first) noexcept;
  // Each slot's evaluator in turn, taken out so that no run uses it
  // meanwhile; `visit` says whether it goes back.
  template <typename Visit>
  void Sweep(Visit visit);

  const CheckedProgram& program_;
  const engine::Store& store_;
  std::string_view text_;
  const PlansAhead* plans_ahead_;
  std::array<Slot, kMaxKept> slots_;
  // Read by every run that gives an evaluator back, written only by
  // SetMaxKeptBytes: on its own line, so that runs do not invalidate it.
  alignas(kLineBytes) std::atomic<std::size_t> max_kept_bytes_{kDefaultMaxKeptBytes};
  // One sweep at a time, so that a sweep puts back only what its own limit allows.
  std::mutex sweep_mutex_;
};

}  // namespace annals::query
