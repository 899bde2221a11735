/* Calls the echo library from C: create a context, make calls, wait for the
 * callbacks, destroy. Answers arrive on a library thread, so this client
 * waits for each with a mutex and a condition variable. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "echo.h"

/* One pending answer. */
typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  int ret;
  char text[256];
  size_t len;
} Answer;

static void answer_init(Answer* a) {
  pthread_mutex_init(&a->mu, NULL);
  pthread_cond_init(&a->cv, NULL);
  a->done = 0;
}

static void on_answer(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return; /* still running; the answer follows */
  pthread_mutex_lock(&a->mu);
  a->ret = ret;
  a->len = len < sizeof a->text - 1 ? len : sizeof a->text - 1;
  if (msg) memcpy(a->text, msg, a->len); /* msg is only valid during the callback */
  a->text[a->len] = '\0';
  a->done = 1;
  pthread_cond_signal(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

static void answer_wait(Answer* a) {
  pthread_mutex_lock(&a->mu);
  while (!a->done)
    pthread_cond_wait(&a->cv, &a->mu);
  a->done = 0;
  pthread_mutex_unlock(&a->mu);
}

int main(void) {
  Answer a;
  answer_init(&a);

  echo_EchoConfig config = {"echo: "};
  void* ctx = echo_open(&config, on_answer, &a);
  answer_wait(&a);
  if (a.ret != FFIDL_OK) {
    fprintf(stderr, "open failed: %s\n", a.text);
    return 1;
  }

  echo_say(ctx, on_answer, &a, "hello from C");
  answer_wait(&a);
  printf("say     -> %s\n", a.text);

  const uint8_t data[] = {1, 2, 3};
  echo_reverse(ctx, on_answer, &a, data, sizeof data);
  answer_wait(&a);
  printf("reverse -> %u bytes, first %u\n", (unsigned)a.len, (unsigned)(uint8_t)a.text[0]);

  echo_count(ctx, on_answer, &a);
  answer_wait(&a);
  uint64_t calls = 0; /* msg was a `const uint64_t *`: its bytes were copied */
  memcpy(&calls, a.text, sizeof calls);
  printf("count   -> %llu calls\n", (unsigned long long)calls);

  echo_shout(on_answer, &a, "static procs need no context");
  answer_wait(&a);
  printf("shout   -> %s\n", a.text);

  if (echo_destroy(ctx) != FFIDL_OK) return 1;
  printf("destroyed\n");
  return 0;
}
