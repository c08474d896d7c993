#pragma once
// Private to the HTTP layer: cpp-httplib's task queue, bounded.
#include <httplib.h>

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace m4d::http {

/// The threads that serve connections (cpp-httplib runs one connection per
/// task, for its whole keep-alive life). `workers` threads serve; up to
/// `backlog` more connections wait for one of them; a connection beyond that
/// is served by one of `refusers` threads on which saturated() is true, so
/// that the pre-routing handler answers it at once with 503 and Retry-After
/// instead of letting it wait without bound. Thread-safe.
class WorkerPool : public httplib::TaskQueue {
 public:
  WorkerPool(std::size_t workers, std::size_t backlog, std::size_t refusers);
  ~WorkerPool() override;
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  void enqueue(std::function<void()> fn) override;
  /// Serves what is queued, then stops and joins every thread.
  void shutdown() override;

  /// True on a thread serving a connection that found the pool full.
  static bool saturated();

 private:
  struct Queue {
    std::deque<std::function<void()>> jobs;
    std::condition_variable ready;
  };
  void run(Queue& queue, bool refusing);

  const std::size_t capacity_;  // workers + backlog
  std::mutex mutex_;
  Queue serve_;
  Queue refuse_;
  std::size_t busy_ = 0;  // workers running a connection
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace m4d::http
