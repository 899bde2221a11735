/* A library with no functions of its own still answers the load check: its
 * table is empty, so a binding with no functions is accepted and any
 * function a binding names is missing. */
#include <stdio.h>
#include <string.h>

#include "nofn.h"

int main(void) {
  const char* names[] = {"proc f"};
  const uint64_t hashes[] = {1};
  if (nofn_check_abi() != FFIDL_OK) return puts("check_abi refused its own library"), 1;
  if (nofn_abi_check(NULL, NULL, 0) != FFIDL_OK) return puts("an empty table was refused"), 1;
  if (nofn_abi_check(names, hashes, 1) != FFIDL_ERR) return puts("a missing proc passed"), 1;
  if (strcmp(nofn_last_error(), "proc f is not in the loaded library") != 0)
    return printf("wrong reason: %s\n", nofn_last_error()), 1;
  puts("a library with no functions answers the load check");
  return 0;
}
