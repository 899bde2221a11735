# cmake -DGO=<go> -DDIR=<dir> -P gofmt_check.cmake: fails unless every .go
# file in DIR is gofmt-clean.
get_filename_component(bin "${GO}" REALPATH)
get_filename_component(bin "${bin}" DIRECTORY)
file(GLOB sources "${DIR}/*.go")
execute_process(COMMAND ${bin}/gofmt -l ${sources} OUTPUT_VARIABLE unformatted RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR NOT unformatted STREQUAL "")
  message(FATAL_ERROR "not gofmt-clean (rc ${rc}): ${unformatted}")
endif()
