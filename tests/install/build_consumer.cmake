# Script for the install_consumer_project test (cmake -P). Fails on the first error.
function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    string(JOIN " " command ${ARGN})
    message(FATAL_ERROR "${command} failed (${rc}):\n${out}\n${err}")
  endif()
  set(last_output "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
foreach(path include/kubefake/api/error.h include/kubefake/api/version.h bin/kubefake
             lib/cmake/kubefake/kubefakeConfig.cmake lib/pkgconfig/kubefake.pc)
  if(NOT EXISTS ${prefix}/${path})
    message(FATAL_ERROR "cmake --install did not install ${path}")
  endif()
endforeach()

# find_package(kubefake CONFIG REQUIRED)
run(${CMAKE_COMMAND} -S ${CONSUMER_DIR} -B ${WORK_DIR}/cmake-build -G Ninja
    -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_CXX_COMPILER=${CXX_COMPILER})
run(${CMAKE_COMMAND} --build ${WORK_DIR}/cmake-build)
run(${WORK_DIR}/cmake-build/consumer)
if(NOT last_output MATCHES "pods \"web\" not found")
  message(FATAL_ERROR "consumer printed unexpected output: ${last_output}")
endif()

# pkg-config --cflags --libs kubefake
set(ENV{PKG_CONFIG_PATH} ${prefix}/lib/pkgconfig)
run(pkg-config --cflags --libs kubefake)
separate_arguments(pc_flags UNIX_COMMAND "${last_output}")
run(${CXX_COMPILER} ${CONSUMER_DIR}/main.cc -o ${WORK_DIR}/pkg-config-consumer ${pc_flags})
run(${WORK_DIR}/pkg-config-consumer)
if(NOT last_output MATCHES "pods \"web\" not found")
  message(FATAL_ERROR "pkg-config consumer printed unexpected output: ${last_output}")
endif()
