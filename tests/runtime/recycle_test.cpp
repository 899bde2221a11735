// Recycled blocks (ffidl/recycle.hpp): what requests are allocated from.
// A block freed on another thread comes back to the allocating thread, the
// pool stays bounded, a thread's cache goes back to malloc when it exits,
// and blocks move between threads with the ordering TSan expects.
#include "ffidl/recycle.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <cstring>
#include <thread>
#include <vector>

namespace ffidl::recycle {
namespace {

std::ptrdiff_t pooled(std::size_t c) {
  return detail::shared()[c].pooled.load();
}

TEST(Recycle, SizesMapToClassesAndLargeOnesToMalloc) {
  EXPECT_EQ(class_of(1), 0u);
  EXPECT_EQ(class_of(128), 0u);
  EXPECT_EQ(class_of(129), 1u);
  EXPECT_EQ(class_of(1024), 3u);
  EXPECT_EQ(class_of(1025), class_count);
  EXPECT_EQ(size_of(2), 512u);
  // Large blocks pass through to malloc, from any thread.
  void* big = allocate(4096);
  std::memset(big, 1, 4096);
  std::thread([big] { deallocate(big, 4096); }).join();
}

TEST(Recycle, ABlockFreedOnAnotherThreadComesBack) {
  if (!enabled) GTEST_SKIP() << "not recycled under AddressSanitizer";
  // Whatever earlier tests left pooled in this class is taken first, so
  // the pool has room for the block.
  const std::size_t enough = max_pooled + 2 * detail::count_batch;
  std::vector<void*> drained;
  for (std::size_t i = 0; i < enough; ++i)
    drained.push_back(allocate(200));
  void* block = allocate(200);
  std::thread([block] { deallocate(block, 200); }).join();
  std::vector<void*> got;
  bool found = false;
  for (std::size_t i = 0; i < enough && !found; ++i) {
    got.push_back(allocate(200));
    found = got.back() == block;
  }
  EXPECT_TRUE(found) << "the freed block was not reused";
  for (void* p : got)
    deallocate(p, 200);
  for (void* p : drained)
    deallocate(p, 200);
}

TEST(Recycle, ThePoolIsBoundedAndAnExitingThreadReturnsItsCache) {
  if (!enabled) GTEST_SKIP() << "not recycled under AddressSanitizer";
  const std::size_t c = class_of(1000);
  std::vector<void*> blocks;
  for (std::size_t i = 0; i < 3 * max_pooled; ++i)
    blocks.push_back(allocate(1000));
  // Freed on a thread that then exits (flushing its counts): at most the
  // bound stays pooled, the rest goes back to malloc.
  std::thread([&] {
    for (void* p : blocks)
      deallocate(p, 1000);
  }).join();
  const auto slack = 2 * detail::count_batch;
  EXPECT_LE(pooled(c), static_cast<std::ptrdiff_t>(max_pooled) + slack);
  EXPECT_GE(pooled(c), static_cast<std::ptrdiff_t>(max_pooled) - slack);
  // A thread takes the whole stack into its cache, uses one block, exits:
  // its cache goes back to malloc, and the count with it.
  std::thread([] { deallocate(allocate(1000), 1000); }).join();
  EXPECT_LE(pooled(c), slack);
  EXPECT_GE(pooled(c), -slack);
}

/// Frees its block when its thread exits: a thread_local constructed
/// before the thread's cache is destroyed after it.
struct FreedAtExit {
  void* block = nullptr;
  ~FreedAtExit() {
    if (block) deallocate(block, 300);
  }
};

TEST(Recycle, ABlockFreedAfterItsThreadsCacheIsGoneGoesToMalloc) {
  if (!enabled) GTEST_SKIP() << "not recycled under AddressSanitizer";
  const std::size_t c = class_of(300);
  void* block = allocate(300);
  std::thread([block] {
    thread_local FreedAtExit holder;  // constructed first, destroyed last
    holder.block = block;
    deallocate(allocate(300), 300);  // constructs this thread's cache
  }).join();
  // The cache was gone when the holder freed its block: the block went to
  // malloc, not onto the shared stack (which the destroyed cache's counts
  // and the stack's head would have said).
  detail::Node* head = detail::shared()[c].head.load();
  for (detail::Node* n = head; n; n = n->next)
    EXPECT_NE(static_cast<void*>(n), block) << "freed through the destroyed cache";
}

TEST(Recycle, BlocksMoveBetweenThreadsIntact) {
  // Two threads allocate and fill blocks, two others check and free them
  // (TSan checks the hand-over; the content check catches a block given
  // out twice).
  constexpr int kPerProducer = 20000;
  struct Msg {
    std::atomic<Msg*> next{nullptr};
    std::uint64_t stamp[6];
  };
  std::atomic<Msg*> head{nullptr};
  std::atomic<int> produced{0}, consumed{0}, bad{0};
  auto producer = [&](std::uint64_t id) {
    for (int i = 0; i < kPerProducer; ++i) {
      auto* m = new (allocate(sizeof(Msg))) Msg;
      for (auto& s : m->stamp)
        s = id * 1'000'000 + static_cast<std::uint64_t>(i);
      Msg* h = head.load();
      do {
        m->next.store(h, std::memory_order_relaxed);
      } while (!head.compare_exchange_weak(h, m));
      produced.fetch_add(1);
    }
  };
  auto consumer = [&] {
    while (consumed.load() < 2 * kPerProducer) {
      Msg* list = head.exchange(nullptr);
      while (list) {
        Msg* m = list;
        list = m->next.load(std::memory_order_relaxed);
        for (auto s : m->stamp)
          bad.fetch_add(s != m->stamp[0]);
        m->~Msg();
        deallocate(m, sizeof(Msg));
        consumed.fetch_add(1);
      }
    }
  };
  std::thread p1(producer, 1), p2(producer, 2), c1(consumer), c2(consumer);
  p1.join();
  p2.join();
  c1.join();
  c2.join();
  EXPECT_EQ(consumed.load(), 2 * kPerProducer);
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace ffidl::recycle
