/* Calls my_timer from C: a context with a config struct, an event listener,
 * a delayed echo that reports progress, and a static proc. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "my_timer.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  int ret;
  char text[256];
  my_timer_EchoResponse response; /* copied out of the callback */
  char message[128];
} Call;

static void call_init(Call* c) {
  memset(c, 0, sizeof *c);
  pthread_mutex_init(&c->mu, NULL);
  pthread_cond_init(&c->cv, NULL);
}

static void finish(Call* c, int ret, const void* msg, size_t len) {
  pthread_mutex_lock(&c->mu);
  c->ret = ret;
  if (ret == FFIDL_ERR && msg) {
    size_t n = len < sizeof c->text - 1 ? len : sizeof c->text - 1;
    memcpy(c->text, msg, n);
    c->text[n] = '\0';
  }
  c->done = 1;
  pthread_cond_signal(&c->cv);
  pthread_mutex_unlock(&c->mu);
}

static void wait_for(Call* c) {
  pthread_mutex_lock(&c->mu);
  while (!c->done)
    pthread_cond_wait(&c->cv, &c->mu);
  c->done = 0;
  pthread_mutex_unlock(&c->mu);
}

static void on_plain(int ret, const void* msg, size_t len, void* user_data) {
  if (ret != FFIDL_STALE_WARN) finish((Call*)user_data, ret, msg, len);
}

static void on_echo(int ret, const void* msg, size_t len, void* user_data) {
  Call* c = (Call*)user_data;
  if (ret == FFIDL_STALE_WARN) {
    printf("  ... still running after %.*s ms\n", (int)len, (const char*)msg);
    return;
  }
  if (ret == FFIDL_OK) {
    /* msg points at a my_timer_EchoResponse owned by the library: copy what we keep. */
    const my_timer_EchoResponse* r = (const my_timer_EchoResponse*)msg;
    snprintf(c->message, sizeof c->message, "%s (from %s after %llu ms)", r->message, r->timer_name,
             (unsigned long long)r->elapsed_ms);
  }
  finish(c, ret, msg, len);
}

static void on_echo_fired(int ret, const void* msg, size_t len, void* user_data) {
  const my_timer_EchoFiredEvent* ev = (const my_timer_EchoFiredEvent*)msg;
  (void)ret, (void)len, (void)user_data;
  printf("  event echo_fired: \"%s\" (#%u)\n", ev->message, (unsigned)ev->count);
}

int main(void) {
  Call call;
  call_init(&call);

  my_timer_TimerConfig config = {"c-timer", 1000};
  void* ctx = my_timer_create(&config, on_plain, &call);
  wait_for(&call);
  if (call.ret != FFIDL_OK) {
    fprintf(stderr, "create failed: %s\n", call.text);
    return 1;
  }
  my_timer_add_event_listener(ctx, MY_TIMER_EVENT_ECHO_FIRED, on_echo_fired, NULL);
  my_timer_set_stale_warn_interval(ctx, 100);

  const char* tags[] = {"demo", "c"};
  my_timer_EchoRequest req;
  memset(&req, 0, sizeof req);
  req.message = "hello after 250 ms";
  req.delay_ms = 250;
  req.tags = tags;
  req.tags_len = 2;
  req.level = my_timer_Level_high;
  my_timer_echo(ctx, on_echo, &call, &req); /* req may be freed right away */
  wait_for(&call);
  printf("echo -> %s\n", call.ret == FFIDL_OK ? call.message : call.text);

  my_timer_parse(on_plain, &call, "no delay given");
  wait_for(&call);
  printf("parse(\"no delay given\") -> error: %s\n", call.text);

  printf("max peers: %lld, greeting: %s, version %s\n", (long long)MY_TIMER_MAX_PEERS,
         MY_TIMER_GREETING, MY_TIMER_VERSION);
  return my_timer_destroy(ctx) == FFIDL_OK ? 0 : 1;
}
