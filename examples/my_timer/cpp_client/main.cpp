// my_timer from C++: typed events with RAII subscriptions, progress reports
// on a long call, and errors as values.
#include <iostream>
#include <string>

#include "my_timer_client.hpp"

int main() {
  auto created = my_timer::Client::create(my_timer::TimerConfig{"cpp-timer", 1000});
  if (!created) {
    std::cerr << created.error() << "\n";
    return 1;
  }
  my_timer::Client timer = std::move(*created);

  // Listeners run on the library's event thread, answers on its loop: each
  // line is one write, so lines printed from both never interleave.
  my_timer::Subscription fired = timer.on_echo_fired([](const my_timer::EchoFiredEvent& e) {
    std::cout << ("  event echo_fired: \"" + e.message + "\" (#" + std::to_string(e.count) + ")\n")
              << std::flush;
  });

  my_timer::EchoRequest req;
  req.message = "hello after 150 ms";
  req.delay_ms = 150;
  req.level = my_timer::Level::high;
  std::promise<void> done;
  my_timer_set_stale_warn_interval(timer.handle(), 50);  // the C API stays available
  timer.echo(
      req,
      [&](ffidl::Result<my_timer::EchoResponse> r) {
        if (r)
          std::cout << ("echo -> " + r->message + " (" + std::to_string(r->elapsed_ms) + " ms)\n")
                    << std::flush;
        done.set_value();
      },
      [](std::chrono::milliseconds elapsed) {
        std::cout << "  ... " << elapsed.count() << " ms\n";
      });
  done.get_future().wait();

  auto parsed = my_timer::Client::parse("no delay");
  if (!parsed) std::cout << "parse(\"no delay\") -> error: " << parsed.error() << "\n";
  return 0;
}
