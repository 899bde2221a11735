// Context handles: NULL, garbage and destroyed handles are rejected, and a
// released handle is never valid again, however many follow (no ABA).
#include "support.hpp"

namespace ffidl::test {
namespace {

TEST(Handles, RejectNullAndGarbage) {
  EXPECT_EQ(handles().get(nullptr), nullptr);
  EXPECT_EQ(handles().get(reinterpret_cast<void*>(0x1)), nullptr);
  // A live handle with another table's tag, or a serial never issued.
  auto a = ready_context();
  auto bits = reinterpret_cast<std::uintptr_t>(handles().insert(a));
  EXPECT_EQ(handles().get(reinterpret_cast<void*>(bits ^ (std::uintptr_t{1} << 48))), nullptr);
  EXPECT_EQ(handles().get(reinterpret_cast<void*>(bits | HandleBits::serial_mask)), nullptr);
  handles().take(reinterpret_cast<void*>(bits))->destroy();
  int on_stack = 0;
  EXPECT_EQ(handles().get(&on_stack), nullptr);
  EXPECT_EQ(handles().take(&on_stack), nullptr);
}

TEST(Handles, DestroyedHandleStaysInvalidAfterReuse) {
  auto a = ready_context();
  void* ha = handles().insert(a);
  EXPECT_EQ(handles().get(ha), a);
  auto taken = handles().take(ha);
  EXPECT_EQ(taken, a);
  EXPECT_EQ(handles().get(ha), nullptr);
  EXPECT_EQ(handles().take(ha), nullptr) << "double destroy must be rejected";
  taken->destroy();

  auto b = ready_context();
  void* hb = handles().insert(b);  // reuses a's slot
  EXPECT_NE(hb, ha);
  EXPECT_EQ(handles().get(ha), nullptr) << "the old handle must not reach the new context";
  EXPECT_EQ(handles().get(hb), b);
  handles().take(hb)->destroy();
}

TEST(Handles, NoReleasedHandleIsEverValidAgainPastTheOldWrap) {
  // The old layout had a 16-bit generation stepped by 2 over a LIFO free
  // list: 32 768 create/release cycles brought a released handle back to
  // life. Serials are never reused; 100 000 cycles check it past that wrap.
  BasicHandleTable<int> table;
  auto value = std::make_shared<int>(1);
  const std::uint64_t first = table.insert(value);
  ASSERT_NE(table.take(first), nullptr);
  std::uint64_t previous = first;
  for (int i = 0; i < 100000; ++i) {
    std::uint64_t h = table.insert(value);
    ASSERT_NE(h, previous);
    ASSERT_EQ(table.get(first), nullptr) << "after " << i << " cycles";
    ASSERT_NE(table.take(h), nullptr);
    ASSERT_EQ(table.get(h), nullptr);
    previous = h;
  }
  EXPECT_EQ(table.size(), 0u);
}

TEST(Handles, TheTableRefusesRatherThanWraps) {
  BasicHandleTable<int> table;
  table.set_next_serial_for_testing(HandleBits::serial_mask - 1);
  auto value = std::make_shared<int>(1);
  std::uint64_t a = table.insert(value);
  std::uint64_t b = table.insert(value);
  EXPECT_NE(a, 0u);
  EXPECT_NE(b, 0u);
  EXPECT_EQ(b & HandleBits::serial_mask, HandleBits::serial_mask);
  EXPECT_EQ(table.insert(value), 0u) << "the serial space is spent: refuse, never reuse";
  table.take(a);
  EXPECT_EQ(table.insert(value), 0u) << "a released serial is not reused either";
  EXPECT_EQ(table.get(b), value);
}

}  // namespace
}  // namespace ffidl::test
