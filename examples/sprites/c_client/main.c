/* Calls the sprites library from C: an object is a handle, a struct of one
 * uint64_t with a type of its own per object type. A handle in a callback's
 * msg is only borrowed there: retain it to keep it, release each reference
 * you own when done. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "sprites.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  int ret;
  void* ctx;
  sprites_TodoList list;  /* a TodoList answered, retained in the callback */
  sprites_Sprite sprite;  /* a Sprite answered, retained in the callback */
  sprites_Point position; /* a position answered */
  char text[256];         /* an error or a string answered */
} Answer;

static void finish(Answer* a, int ret) {
  pthread_mutex_lock(&a->mu);
  a->ret = ret;
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

static void note_error(Answer* a, int ret, const void* msg, size_t len) {
  if (ret == FFIDL_ERR) snprintf(a->text, sizeof a->text, "%.*s", (int)len, (const char*)msg);
  if (ret == FFIDL_ERR_TYPED) {
    sprites_TodoError_message((const sprites_TodoError*)msg, a->text, sizeof a->text);
  }
}

/* A ctor's answer, or any proc returning a TodoList: keep our own reference. */
static void on_list(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) {
    a->list = *(const sprites_TodoList*)msg;
    sprites_TodoList_retain(a->ctx, a->list); /* borrowed until we retain it */
  }
  note_error(a, ret, msg, len);
  finish(a, ret);
}

static void on_sprite(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) {
    a->sprite = *(const sprites_Sprite*)msg;
    sprites_Sprite_retain(a->ctx, a->sprite);
  }
  note_error(a, ret, msg, len);
  finish(a, ret);
}

static void on_position(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) a->position = *(const sprites_Point*)msg;
  note_error(a, ret, msg, len);
  finish(a, ret);
}

static void on_text(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  a->text[0] = '\0';
  if (ret == FFIDL_OK && msg) snprintf(a->text, sizeof a->text, "%.*s", (int)len, (const char*)msg);
  note_error(a, ret, msg, len);
  finish(a, ret);
}

/* The default list: an optional<TodoList>. */
static void on_default(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  a->list.handle = 0;
  if (ret == FFIDL_OK) {
    const sprites_ffidl_OptTodoList* o = (const sprites_ffidl_OptTodoList*)msg;
    if (o->has_value) {
      a->list = o->value;
      sprites_TodoList_retain(a->ctx, a->list);
    }
  }
  note_error(a, ret, msg, len);
  finish(a, ret);
}

int main(void) {
  Answer a = {
      PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, NULL, {0}, {0}, {0, 0}, ""};
  a.ctx = sprites_create(on_text, &a);
  if (wait_for(&a) != FFIDL_OK) {
    fprintf(stderr, "create failed: %s\n", a.text);
    return 1;
  }
  void* ctx = a.ctx;

  /* Two named ctors of Sprite, then a proc on each sprite. */
  sprites_Point origin = {1, 2};
  sprites_Vector by = {10, 20};
  sprites_Sprite_new_relative_to(ctx, on_sprite, &a, &origin, &by);
  if (wait_for(&a) != FFIDL_OK) return 1;
  sprites_Sprite s = a.sprite;
  sprites_Sprite_move_by(ctx, on_text, &a, s, &by);
  wait_for(&a);
  sprites_Sprite_get_position(ctx, on_position, &a, s);
  wait_for(&a);
  printf("sprite %#llx at (%.0f, %.0f)\n", (unsigned long long)s.handle, a.position.x,
         a.position.y);
  sprites_Sprite_release(ctx, s);

  /* A TodoList, made the default: the library now holds it too. */
  sprites_TodoList_new(ctx, on_list, &a);
  if (wait_for(&a) != FFIDL_OK) return 1;
  sprites_TodoList list = a.list;
  sprites_TodoList_add_item(ctx, on_text, &a, list, "buy milk");
  wait_for(&a);
  sprites_set_default_list(ctx, on_text, &a, list);
  wait_for(&a);
  sprites_TodoList_release(ctx, list); /* ours is gone; the library keeps it alive */

  sprites_get_default_list(ctx, on_default, &a);
  wait_for(&a);
  printf("the default list is the same object: %s\n", a.list.handle == list.handle ? "yes" : "no");
  sprites_TodoList_get_last(ctx, on_text, &a, a.list);
  wait_for(&a);
  printf("its last item: %s\n", a.text);
  sprites_TodoList_release(ctx, a.list);

  /* A ctor that raises. */
  sprites_TodoList_from_items(ctx, on_list, &a, NULL, 0);
  if (wait_for(&a) == FFIDL_ERR_TYPED) printf("from_items([]) raised %s\n", a.text);

  /* A released handle is refused, never taken for another object. */
  if (sprites_TodoList_add_item(ctx, on_text, &a, list, "x") == FFIDL_ERR)
    printf("a released handle: %s\n", sprites_last_error());

  printf("objects alive before destroy: %llu\n", (unsigned long long)sprites_live_objects(ctx));
  sprites_destroy(ctx); /* releases what is left and runs the dtor hooks */
  return 0;
}
