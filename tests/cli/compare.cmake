# Plays a script with `rolloutctl run --echo` and compares what a terminal shows (stdout and stderr
# merged in the order produced) byte for byte with a checked-in transcript; prints a diff on failure.
#   cmake -DROLLOUTCTL=... -DSCRIPT=... -DEXPECTED=... -DACTUAL=... [-DARGS=...] -P compare.cmake
execute_process(
    COMMAND ${ROLLOUTCTL} run --echo ${ARGS} ${SCRIPT}
    OUTPUT_VARIABLE transcript
    ERROR_VARIABLE transcript
    RESULT_VARIABLE status)
file(WRITE ${ACTUAL} "${transcript}")
file(READ ${EXPECTED} expected)
if(NOT transcript STREQUAL expected)
    execute_process(COMMAND diff -u ${EXPECTED} ${ACTUAL})
    message(FATAL_ERROR "transcript of ${SCRIPT} differs from ${EXPECTED} (exit status ${status}); "
        "the actual transcript is ${ACTUAL}")
endif()
