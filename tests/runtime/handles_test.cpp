// Context handles: NULL, garbage and destroyed handles are rejected, and a
// destroyed handle stays invalid after its slot is reused (no ABA).
#include "support.hpp"

namespace ffidl::test {
namespace {

TEST(Handles, RejectNullAndGarbage) {
  EXPECT_EQ(handles().get(nullptr), nullptr);
  EXPECT_EQ(handles().get(reinterpret_cast<void*>(0x1)), nullptr);
  EXPECT_EQ(handles().get(reinterpret_cast<void*>(0xdeadbeefcafef00dull)), nullptr);
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

}  // namespace
}  // namespace ffidl::test
