// A process may exit while other threads still call a live context and
// static procs are in flight: no crash, no sanitizer report, no hang. Each
// run forks a child that starts callers and returns from its scenario with
// exit(0) mid-traffic; the parent checks every child exited cleanly. A hang
// is caught by alarm() in the child.
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#include "echo.h"

namespace {

void ignore(int, const void*, size_t, void*) {}

[[noreturn]] void child(int round) {
  alarm(30);  // a hang at exit fails the run instead of blocking CI
  echo_EchoConfig config{"> "};
  std::atomic<bool> ready{false};
  void* ctx = echo_open(
      &config,
      [](int, const void*, size_t, void* ud) { static_cast<std::atomic<bool>*>(ud)->store(true); },
      &ready);
  if (!ctx) std::_Exit(3);
  while (!ready.load())
    std::this_thread::yield();
  for (int t = 0; t < 4; ++t) {
    std::thread([ctx, t] {
      for (;;) {
        if (t % 2 == 0) {
          echo_say(ctx, ignore, nullptr, "in flight");
        } else {
          echo_shout(ignore, nullptr, "static in flight");
        }
      }
    }).detach();
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(5 + round % 20));
  std::exit(0);  // static destructors run while the callers keep calling
}

}  // namespace

int main(int argc, char** argv) {
  int rounds = argc > 1 ? std::atoi(argv[1]) : 20;
  int failures = 0;
  for (int round = 0; round < rounds; ++round) {
    std::fflush(nullptr);
    pid_t pid = fork();
    if (pid < 0) {
      std::perror("fork");
      return 2;
    }
    if (pid == 0) child(round);
    int status = 0;
    waitpid(pid, &status, 0);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
      std::fprintf(stderr, "round %d: child %s %d\n", round,
                   WIFSIGNALED(status) ? "killed by signal" : "exited with",
                   WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
      ++failures;
    }
  }
  std::printf("%d of %d exits with calls in flight were clean\n", rounds - failures, rounds);
  return failures == 0 ? 0 : 1;
}
