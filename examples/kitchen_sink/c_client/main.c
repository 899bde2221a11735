/* Sends kitchen_sink a nested value over the native wire and reads the echo
 * back, showing how lists, maps, optionals and bytes look in C. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "kitchen_sink.h"

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int done;

static void signal_done(void) {
  pthread_mutex_lock(&mu);
  done = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}

static void wait_done(void) {
  pthread_mutex_lock(&mu);
  while (!done)
    pthread_cond_wait(&cv, &mu);
  done = 0;
  pthread_mutex_unlock(&mu);
}

static void on_created(int ret, const void* msg, size_t len, void* user_data) {
  (void)user_data;
  if (ret == FFIDL_ERR) fprintf(stderr, "create failed: %.*s\n", (int)len, (const char*)msg);
  if (ret != FFIDL_STALE_WARN) signal_done();
}

/* The result is only valid inside the callback: print it from here. */
static void on_middle(int ret, const void* msg, size_t len, void* user_data) {
  (void)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) {
    const kitchen_sink_Middle* m = (const kitchen_sink_Middle*)msg;
    printf("echo_outer -> middle.inner.label = \"%s\", %zu inners, %zu by_name entries\n",
           m->inner.label, m->inners_len, m->by_name_len);
    for (size_t i = 0; i < m->by_name_len; ++i) {
      printf("  by_name[\"%s\"] = \"%s\" (score %s)\n", m->by_name_keys[i],
             m->by_name_values[i].label, m->by_name_values[i].has_score ? "set" : "absent");
    }
  } else {
    printf("error: %.*s\n", (int)len, (const char*)msg);
  }
  signal_done();
}

int main(void) {
  kitchen_sink_SinkConfig config = {false};
  void* ctx = kitchen_sink_create(&config, on_created, NULL);
  wait_done();

  const uint8_t raw[] = {0, 1, 2};
  kitchen_sink_Inner inner = {"first", raw, sizeof raw, true, 0.25, kitchen_sink_Status_ok};
  kitchen_sink_Color colors[] = {kitchen_sink_Color_red, kitchen_sink_Color_blue};

  /* combine(a, b: optional<string>, c: list<Color>, d: Inner) -> Middle */
  kitchen_sink_combine(ctx, on_middle, NULL, 42, true, "key", colors, 2, &inner);
  wait_done();

  printf("constants: BIG = %llu, BANNER = %s\n", (unsigned long long)KITCHEN_SINK_BIG,
         KITCHEN_SINK_BANNER);
  return kitchen_sink_destroy(ctx) == FFIDL_OK ? 0 : 1;
}
