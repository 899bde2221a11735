/* The greeter from C: create, one call, destroy. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "greeter.h"

struct answer {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  int code;
  char text[256];
};

static void on_answer(int code, const void* msg, size_t len, void* user_data) {
  struct answer* a = user_data;
  if (code == FFIDL_STALE_WARN) return;
  pthread_mutex_lock(&a->mu);
  a->code = code;
  if (len >= sizeof a->text) len = sizeof a->text - 1;
  if (msg) memcpy(a->text, msg, len);
  a->text[msg ? len : 0] = '\0';
  a->done = 1;
  pthread_cond_signal(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

static int wait_for(struct answer* a) {
  pthread_mutex_lock(&a->mu);
  while (!a->done)
    pthread_cond_wait(&a->cv, &a->mu);
  a->done = 0;
  pthread_mutex_unlock(&a->mu);
  return a->code;
}

int main(void) {
  struct answer a = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, ""};
  greeter_GreeterConfig config = {"Hello"};
  void* ctx = greeter_create(&config, on_answer, &a);
  if (!ctx || wait_for(&a) != FFIDL_OK) {
    fprintf(stderr, "create failed: %s\n", ctx ? a.text : greeter_last_error());
    return 1;
  }
  if (greeter_greet(ctx, on_answer, &a, "C") != FFIDL_OK || wait_for(&a) != FFIDL_OK) {
    fprintf(stderr, "greet failed: %s\n", a.text);
    return 1;
  }
  printf("%s\n", a.text);
  return greeter_destroy(ctx) == FFIDL_OK ? 0 : 1;
}
