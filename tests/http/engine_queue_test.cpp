// The engines' line (ServiceState::engine): when every engine is busy,
// requests are served first come, first served, and a request that just gave
// its engine back cannot take it again ahead of one already waiting.
#include <gtest/gtest.h>

#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "service_fixture.h"
#include "service_state.h"

namespace m4d {
namespace {

// Waits (5 s at most) until `n` requests wait in line.
bool wait_for_line(http::ServiceState& s, std::size_t n) {
  for (int i = 0; i < 500; ++i) {
    if (s.engine_use().waiting == n) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

// The service's state over the bundled corpus's index, with one engine.
class EngineQueueTest : public ::testing::Test {
 protected:
  void SetUp() override {
    s.config.index = testing::copy_corpus_and_index(dir.path()).out;
    s.config.engines = 1;
    s.resources = search::IndexResources::load(s.config.index, s.config.wordnet);
    ASSERT_EQ(s.engine_pool_size(), 1U);
  }
  testing::TempDir dir;
  http::ServiceState s;
};

TEST_F(EngineQueueTest, BusyEnginesServeRequestsInTheOrderTheyCame) {
  std::optional<http::ServiceState::EngineLease> first(s.engine());
  EXPECT_EQ(s.engine_use().busy, 1U);
  std::mutex m;
  std::vector<int> order;
  std::vector<std::thread> waiters;
  for (int i = 1; i <= 4; ++i) {  // each in line before the next comes
    waiters.emplace_back([&, i] {
      const auto lease = s.engine();
      EXPECT_GT(lease->stats().documents, 0U);
      std::lock_guard lock(m);
      order.push_back(i);
    });
    ASSERT_TRUE(wait_for_line(s, static_cast<std::size_t>(i))) << "request " << i << " is not waiting";
  }
  EXPECT_EQ(s.engine_use().busy, 1U);
  first.reset();  // handed to request 1, not put back for anyone to take
  {
    const auto again = s.engine();  // comes last: waits behind the four
    std::lock_guard lock(m);
    order.push_back(5);
  }
  for (auto& t : waiters) t.join();
  EXPECT_EQ(order, (std::vector<int>{1, 2, 3, 4, 5}));
  EXPECT_EQ(s.engine_use().busy, 0U);
  EXPECT_EQ(s.engine_use().waiting, 0U);
}

TEST_F(EngineQueueTest, AnEngineThatCannotBeMadeHandsItsPlaceOn) {
  const auto good = s.config.index;
  s.config.index = dir.path() / "no-such-index";
  EXPECT_ANY_THROW((void)s.engine());
  EXPECT_EQ(s.engine_use().busy, 0U);  // the failed request's place is free again
  s.config.index = good;
  const auto lease = s.engine();
  EXPECT_GT(lease->stats().documents, 0U);
  EXPECT_EQ(s.engine_use().busy, 1U);
}

}  // namespace
}  // namespace m4d
