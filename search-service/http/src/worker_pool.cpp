#include "worker_pool.h"

namespace m4d::http {

namespace {
thread_local bool t_refusing = false;
}  // namespace

WorkerPool::WorkerPool(std::size_t workers, std::size_t backlog, std::size_t refusers) : capacity_(workers + backlog) {
  threads_.reserve(workers + refusers);
  for (std::size_t i = 0; i < workers; ++i) threads_.emplace_back([this] { run(serve_, false); });
  for (std::size_t i = 0; i < refusers; ++i) threads_.emplace_back([this] { run(refuse_, true); });
}

WorkerPool::~WorkerPool() { shutdown(); }

void WorkerPool::enqueue(std::function<void()> fn) {
  std::lock_guard lock(mutex_);
  Queue& queue = busy_ + serve_.jobs.size() < capacity_ ? serve_ : refuse_;
  queue.jobs.push_back(std::move(fn));
  queue.ready.notify_one();
}

void WorkerPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ && threads_.empty()) return;
    stopping_ = true;
  }
  serve_.ready.notify_all();
  refuse_.ready.notify_all();
  for (auto& t : threads_)
    if (t.joinable()) t.join();
  std::lock_guard lock(mutex_);
  threads_.clear();
}

bool WorkerPool::saturated() { return t_refusing; }

void WorkerPool::run(Queue& queue, bool refusing) {
  t_refusing = refusing;
  for (;;) {
    std::function<void()> fn;
    {
      std::unique_lock lock(mutex_);
      queue.ready.wait(lock, [&] { return stopping_ || !queue.jobs.empty(); });
      if (queue.jobs.empty()) return;  // stopping, nothing left
      fn = std::move(queue.jobs.front());
      queue.jobs.pop_front();
      if (!refusing) ++busy_;
    }
    fn();
    if (!refusing) {
      std::lock_guard lock(mutex_);
      --busy_;
    }
  }
}

}  // namespace m4d::http
