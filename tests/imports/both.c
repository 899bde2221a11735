/* Two libraries that import the same types file, loaded into one C program:
 * each has its own copy of the shared types (atlas_Point, survey_Point),
 * and values pass from one to the other field by field. */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "atlas.h"
#include "survey.h"

typedef struct {
  pthread_mutex_t mu;
  pthread_cond_t cv;
  int done, ret, tag;
  double number;
  atlas_Point point;
} Answer;

static void finish(Answer* a, int ret) {
  pthread_mutex_lock(&a->mu);
  a->ret = ret;
  a->done = 1;
  pthread_cond_signal(&a->cv);
  pthread_mutex_unlock(&a->mu);
}

static void on_point(int ret, const void* msg, size_t len, void* ud) {
  (void)len;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) ((Answer*)ud)->point = *(const atlas_Point*)msg;
  finish((Answer*)ud, ret);
}

static void on_distance(int ret, const void* msg, size_t len, void* ud) {
  (void)len;
  Answer* a = (Answer*)ud;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_OK) a->number = *(const double*)msg;
  if (ret == FFIDL_ERR_TYPED) a->tag = ((const survey_GeoError*)msg)->tag;
  finish(a, ret);
}

static void on_place(int ret, const void* msg, size_t len, void* ud) {
  (void)len;
  Answer* a = (Answer*)ud;
  if (ret == FFIDL_STALE_WARN) return;
  if (ret == FFIDL_ERR_TYPED) a->tag = ((const atlas_GeoError*)msg)->tag;
  if (ret == FFIDL_OK) a->tag = ((const atlas_Place*)msg)->tag;
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

#define CHECK(cond)                                              \
  do {                                                           \
    if (!(cond)) {                                               \
      fprintf(stderr, "%s:%d: %s\n", __FILE__, __LINE__, #cond); \
      return 1;                                                  \
    }                                                            \
  } while (0)

int main(void) {
  Answer a;
  memset(&a, 0, sizeof a);
  pthread_mutex_init(&a.mu, NULL);
  pthread_cond_init(&a.cv, NULL);
  CHECK(atlas_check_abi() == FFIDL_OK && survey_check_abi() == FFIDL_OK);
  atlas_Point from = {0, 0}, to = {3000, 4000};
  CHECK(atlas_midpoint(on_point, &a, &from, &to) == FFIDL_OK && wait_for(&a) == FFIDL_OK);
  CHECK(a.point.x == 1500 && a.point.y == 2000);
  /* atlas's Point into survey's Point: the same fields, another type. */
  survey_Point s_from = {from.x, from.y}, s_mid = {a.point.x, a.point.y};
  CHECK(survey_distance(on_distance, &a, &s_from, &s_mid, survey_Unit_kilometres) == FFIDL_OK);
  CHECK(wait_for(&a) == FFIDL_OK && fabs(a.number - 2.5) < 1e-9);
  survey_Point far = {1e7, 0};
  CHECK(survey_distance(on_distance, &a, &s_from, &far, survey_Unit_metres) == FFIDL_OK);
  CHECK(wait_for(&a) == FFIDL_ERR_TYPED && a.tag == survey_GeoError_out_of_range);
  CHECK(atlas_locate(on_place, &a, "mars") == FFIDL_OK && wait_for(&a) == FFIDL_ERR_TYPED);
  CHECK(a.tag == atlas_GeoError_unknown_place);
  CHECK(atlas_locate(on_place, &a, "origin") == FFIDL_OK && wait_for(&a) == FFIDL_OK);
  CHECK(a.tag == atlas_Place_at);
  printf("atlas and survey share geometry.ffidl: midpoint (%g, %g), 2.5 km away\n", a.point.x,
         a.point.y);
  return 0;
}
