# cmake -DPROGRAM=ferry-cli -DOUTPUT=ferry-cli.1 -P manpage.cmake: PROGRAM --help-man into
# OUTPUT.gz (a build step of packaging/CMakeLists.txt); fails when the program does.
execute_process(COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=0 ${PROGRAM} --help-man
    OUTPUT_FILE ${OUTPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${PROGRAM} --help-man failed: ${rc}")
endif()
file(SIZE ${OUTPUT} size)
if(size LESS 200)
    message(FATAL_ERROR "${PROGRAM} --help-man wrote ${size} bytes")
endif()
execute_process(COMMAND gzip -n -9 -f ${OUTPUT} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "gzip ${OUTPUT} failed: ${rc}")
endif()
