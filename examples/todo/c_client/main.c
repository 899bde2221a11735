/* Calls the todo library from C: a typed error arrives as FFIDL_ERR_TYPED
 * with msg pointing at the error's C struct (a tag and one member per
 * variant with fields), valid only during the callback. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "todo.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  int ret;
  char text[256]; /* what the answer said, copied inside the callback */
} Answer;

static void finish(Answer* a, int ret) {
  pthread_mutex_lock(&a->mu);
  a->ret = ret;
  a->done = 1;
  pthread_cond_signal(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

/* Any answer of a function that raises TodoError. */
static void on_todo(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  a->text[0] = '\0';
  if (ret == FFIDL_ERR_TYPED) {
    const todo_TodoError* e = (const todo_TodoError*)msg;
    switch (e->tag) {
      case todo_TodoError_todo_does_not_exist:
        snprintf(a->text, sizeof a->text, "no such item: %s", e->todo_does_not_exist.todo);
        break;
      case todo_TodoError_empty_todo_list:
        snprintf(a->text, sizeof a->text, "the list is empty");
        break;
      case todo_TodoError_duplicate_todo:
        snprintf(a->text, sizeof a->text, "already listed: %s", e->duplicate_todo.todo);
        break;
    }
  } else if (ret == FFIDL_OK && msg) {
    snprintf(a->text, sizeof a->text, "%.*s", (int)len, (const char*)msg);
  } else if (ret == FFIDL_ERR) {
    snprintf(a->text, sizeof a->text, "error: %.*s", (int)len, (const char*)msg);
  }
  finish(a, ret);
}

static void on_sum(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  (void)len;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) {
    snprintf(a->text, sizeof a->text, "%llu", (unsigned long long)*(const uint64_t*)msg);
  } else if (ret == FFIDL_ERR_TYPED) {
    const todo_ArithmeticError* e = (const todo_ArithmeticError*)msg;
    if (e->tag == todo_ArithmeticError_integer_overflow) {
      snprintf(a->text, sizeof a->text, "overflow: %llu + %llu",
               (unsigned long long)e->integer_overflow.a,
               (unsigned long long)e->integer_overflow.b);
    } else {
      snprintf(a->text, sizeof a->text, "division by zero");
    }
  }
  finish(a, ret);
}

static void on_area(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  (void)len;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) snprintf(a->text, sizeof a->text, "%.2f", *(const double*)msg);
  finish(a, ret);
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
  Answer a = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, ""};
  void* ctx = todo_create(on_todo, &a);
  if (!ctx || wait_for(&a) != FFIDL_OK) return 1;

  if (todo_last(ctx, on_todo, &a) != FFIDL_OK || wait_for(&a) != FFIDL_ERR_TYPED) return 1;
  printf("last() on an empty list -> %s\n", a.text);
  if (todo_add(ctx, on_todo, &a, "milk") != FFIDL_OK || wait_for(&a) != FFIDL_OK) return 1;
  if (todo_add(ctx, on_todo, &a, "milk") != FFIDL_OK || wait_for(&a) != FFIDL_ERR_TYPED) return 1;
  printf("add(\"milk\") twice -> %s\n", a.text);
  if (todo_remove(ctx, on_todo, &a, "eggs") != FFIDL_OK || wait_for(&a) != FFIDL_ERR_TYPED)
    return 1;
  printf("remove(\"eggs\") -> %s\n", a.text);

  /* Every error also has a message (the same text every binding shows). */
  todo_TodoError missing;
  memset(&missing, 0, sizeof missing);
  missing.tag = todo_TodoError_todo_does_not_exist;
  missing.todo_does_not_exist.todo = "eggs";
  char message[128];
  todo_TodoError_message(&missing, message, sizeof message);
  printf("its message: %s\n", message);
  if (todo_broken(ctx, on_todo, &a) != FFIDL_OK || wait_for(&a) != FFIDL_ERR) return 1;
  printf("broken() -> %s\n", a.text);

  if (todo_add_u64(on_sum, &a, UINT64_MAX, 1) != FFIDL_OK || wait_for(&a) != FFIDL_ERR_TYPED)
    return 1;
  printf("add_u64(UINT64_MAX, 1) -> %s\n", a.text);

  /* A union argument: set the tag and that variant's member. */
  todo_Shape rect;
  memset(&rect, 0, sizeof rect);
  rect.tag = todo_Shape_rect;
  rect.rect.w = 2;
  rect.rect.h = 3.5;
  if (todo_area(ctx, on_area, &a, &rect) != FFIDL_OK || wait_for(&a) != FFIDL_OK) return 1;
  printf("area(rect 2 x 3.5) = %s\n", a.text);

  todo_destroy(ctx);
  return 0;
}
