# Install rules: ffidlc, the runtime (headers and static library), the CMake
# package (ffidlConfig.cmake with ffidl::ffidlc, ffidl::runtime and the
# ffidl_add_library / Go / Rust helpers) and a pkg-config file for builds
# that do not use CMake. Everything is relative to the install prefix, so the
# installed tree can be moved.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(FFIDL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/ffidl)

install(TARGETS ffidlc EXPORT ffidlTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
set_target_properties(ffidlc PROPERTIES EXPORT_NAME ffidlc)
install(TARGETS ffidl_runtime EXPORT ffidlTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/runtime/include/ffidl
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT ffidlTargets NAMESPACE ffidl:: DESTINATION ${FFIDL_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/ffidlConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/ffidlConfig.cmake
                              INSTALL_DESTINATION ${FFIDL_CMAKE_DIR})
# 0.x: a minor version may break, so only the same minor version is compatible.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/ffidlConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/ffidlConfig.cmake ${PROJECT_BINARY_DIR}/ffidlConfigVersion.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FfidlAddLibrary.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FfidlGo.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FfidlRust.cmake
              ${PROJECT_SOURCE_DIR}/cmake/FfidlPython.cmake
        DESTINATION ${FFIDL_CMAKE_DIR})

configure_file(${PROJECT_SOURCE_DIR}/cmake/ffidl.pc.in ${PROJECT_BINARY_DIR}/ffidl.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/ffidl.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(FILES ${PROJECT_SOURCE_DIR}/LICENSE-MIT ${PROJECT_SOURCE_DIR}/LICENSE-APACHE
              ${PROJECT_SOURCE_DIR}/README.md ${PROJECT_SOURCE_DIR}/CHANGELOG.md
        DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/ffidl)
