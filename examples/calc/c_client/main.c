/* Calls the calc library from C: static procs need no context. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "calc.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  int ret;
  long long value;
  calc_Ratio ratio;
  char error[256];
} Answer;

static void on_sum(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  pthread_mutex_lock(&a->mu);
  a->ret = ret;
  if (ret == FFIDL_OK) {
    a->value = *(const int64_t*)msg;
  } else {
    size_t n = len < sizeof a->error - 1 ? len : sizeof a->error - 1;
    memcpy(a->error, msg, n);
    a->error[n] = '\0';
  }
  a->done = 1;
  pthread_cond_signal(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

static void on_ratio(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  pthread_mutex_lock(&a->mu);
  a->ret = ret;
  if (ret == FFIDL_OK) a->ratio = *(const calc_Ratio*)msg; /* plain scalars: copy is enough */
  (void)len;
  a->done = 1;
  pthread_cond_signal(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

static int wait_for(Answer* a) {
  pthread_mutex_lock(&a->mu);
  while (!a->done)
    pthread_cond_wait(&a->cv, &a->mu);
  a->done = 0;
  pthread_mutex_unlock(&a->mu);
  return a->ret;
}

int main(void) {
  Answer a = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, {0, 0}, ""};
  if (calc_add(on_sum, &a, 40, 2) != FFIDL_OK || wait_for(&a) != FFIDL_OK) return 1;
  printf("add(40, 2) = %lld\n", a.value);
  if (calc_add(on_sum, &a, INT64_MAX, 1) != FFIDL_OK || wait_for(&a) != FFIDL_ERR) return 1;
  printf("add(INT64_MAX, 1) failed: %s\n", a.error);
  calc_Ratio r = {6, -4};
  if (calc_reduce(on_ratio, &a, &r) != FFIDL_OK || wait_for(&a) != FFIDL_OK) return 1;
  printf("reduce(6/-4) = %lld/%lld\n", (long long)a.ratio.num, (long long)a.ratio.den);
  return 0;
}
