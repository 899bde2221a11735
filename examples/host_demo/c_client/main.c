/* Implements host_demo's host functions in C. The library calls them on its
 * own thread; they must return at once, so they hand the call to a worker
 * thread, which answers later with host_demo_host_complete. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "host_demo.h"

/* A one-slot mailbox between the host fns and the worker. */
typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int pending;
  int stop;
  uint64_t call_id;
  char key[128];
} Mailbox;

static Mailbox box = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, 0, 0, ""};
static void* ctx;

/* host fetch_token(key): queue it for the worker. */
static void fetch_token(uint64_t call_id, const void* req, size_t len, void* user_data) {
  const host_demo_FetchTokenArgs* args = (const host_demo_FetchTokenArgs*)req;
  (void)len, (void)user_data;
  pthread_mutex_lock(&box.mu);
  box.call_id = call_id;
  snprintf(box.key, sizeof box.key, "%s", args->key); /* req is only valid during this call */
  box.pending = 1;
  pthread_cond_signal(&box.cv);
  pthread_mutex_unlock(&box.mu);
}

/* host lookup_user(req): answered right here (also allowed). */
static void lookup_user(uint64_t call_id, const void* req, size_t len, void* user_data) {
  const host_demo_LookupUserArgs* args = (const host_demo_LookupUserArgs*)req;
  const char* roles[] = {"admin", "dev"};
  host_demo_UserInfo user;
  (void)len, (void)user_data;
  memset(&user, 0, sizeof user);
  user.name = args->req.user_id == 7 ? "ada" : "guest";
  user.roles = roles;
  user.roles_len = 2;
  host_demo_host_complete(ctx, call_id, FFIDL_OK, &user,
                          sizeof user); /* copied before it returns */
}

static void* worker(void* arg) {
  (void)arg;
  for (;;) {
    pthread_mutex_lock(&box.mu);
    while (!box.pending && !box.stop)
      pthread_cond_wait(&box.cv, &box.mu);
    if (box.stop) {
      pthread_mutex_unlock(&box.mu);
      return NULL;
    }
    char token[160];
    snprintf(token, sizeof token, "token-for-%s", box.key);
    uint64_t id = box.call_id;
    box.pending = 0;
    pthread_mutex_unlock(&box.mu);
    host_demo_host_complete(ctx, id, FFIDL_OK, token, strlen(token));
  }
}

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done;
  char text[256];
} Answer;

static void on_greeting(int ret, const void* msg, size_t len, void* user_data) {
  Answer* a = (Answer*)user_data;
  if (ret == FFIDL_STALE_WARN) return;
  pthread_mutex_lock(&a->mu);
  if (ret == FFIDL_OK && msg) {
    const host_demo_Greeting* g = (const host_demo_Greeting*)msg;
    snprintf(a->text, sizeof a->text, "%s (roles: %zu, token: %s)", g->text, g->user.roles_len,
             g->has_token ? g->token : "none");
  } else if (ret == FFIDL_ERR) {
    snprintf(a->text, sizeof a->text, "error: %.*s", (int)len, (const char*)msg);
  } else {
    a->text[0] = '\0';
  }
  a->done = 1;
  pthread_cond_signal(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

static void wait_answer(Answer* a) {
  pthread_mutex_lock(&a->mu);
  while (!a->done)
    pthread_cond_wait(&a->cv, &a->mu);
  a->done = 0;
  pthread_mutex_unlock(&a->mu);
}

int main(void) {
  Answer a = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, 0, ""};
  pthread_t thread;
  pthread_create(&thread, NULL, worker, NULL);

  ctx = host_demo_start(on_greeting, &a);
  wait_answer(&a);
  host_demo_register_host_fn(ctx, HOST_DEMO_HOST_FETCH_TOKEN, fetch_token, NULL);
  host_demo_register_host_fn(ctx, HOST_DEMO_HOST_LOOKUP_USER, lookup_user, NULL);

  host_demo_LookupRequest req = {7, true};
  host_demo_greet(ctx, on_greeting, &a, &req);
  wait_answer(&a);
  printf("greet -> %s\n", a.text);

  /* acknowledge is not registered: the handler gets an error naming it. */
  host_demo_notify(ctx, on_greeting, &a, "anyone there?");
  wait_answer(&a);
  printf("notify -> %s\n", a.text);

  int rc = host_demo_destroy(ctx);
  pthread_mutex_lock(&box.mu);
  box.stop = 1;
  pthread_cond_signal(&box.cv);
  pthread_mutex_unlock(&box.mu);
  pthread_join(thread, NULL);
  return rc == FFIDL_OK ? 0 : 1;
}
