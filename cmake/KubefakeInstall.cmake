# cmake --install: headers, libraries, the kubefake binary, a CMake package and pkg-config files.
include(CMakePackageConfigHelpers)

install(TARGETS kubefake_api kubefake_fakeserver kubefake_client kubefake_testing
        EXPORT kubefakeTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS kubefake RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
foreach(folder api fakeserver client testing)
  if(EXISTS ${PROJECT_SOURCE_DIR}/${folder}/include)  # a folder may have no headers yet
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${folder}/include/
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  endif()
endforeach()
install(DIRECTORY ${PROJECT_BINARY_DIR}/generated/include/ DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

set(KUBEFAKE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/kubefake)
install(EXPORT kubefakeTargets NAMESPACE kubefake:: DESTINATION ${KUBEFAKE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/kubefakeConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/kubefakeConfig.cmake
                              INSTALL_DESTINATION ${KUBEFAKE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/kubefakeConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/kubefakeConfig.cmake
              ${PROJECT_BINARY_DIR}/kubefakeConfigVersion.cmake
        DESTINATION ${KUBEFAKE_CMAKE_DIR})

# pkg-config lists the libraries that have object code (a folder may still be header-only).
set(KUBEFAKE_PC_LIBS "")
foreach(folder testing fakeserver client api)
  get_target_property(type kubefake_${folder} TYPE)
  if(NOT type STREQUAL "INTERFACE_LIBRARY")
    string(APPEND KUBEFAKE_PC_LIBS " -lkubefake_${folder}")
  endif()
endforeach()
file(RELATIVE_PATH KUBEFAKE_PC_PREFIX_FROM_PCFILEDIR
     /prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig /prefix)
configure_file(${PROJECT_SOURCE_DIR}/cmake/kubefake.pc.in ${PROJECT_BINARY_DIR}/kubefake.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/kubefake.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
