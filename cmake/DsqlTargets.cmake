# Shared target helpers: warnings for every target, and one static library per source area.
function(dsql_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wno-unused-parameter)
  if(DSQL_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

# dsql_area_library(name dir...) : a static library of every .cpp directly under the given directories.
function(dsql_area_library name)
  set(globs)
  foreach(d ${ARGN})
    list(APPEND globs ${PROJECT_SOURCE_DIR}/${d}/*.cpp)
  endforeach()
  file(GLOB srcs CONFIGURE_DEPENDS ${globs})
  if(NOT srcs)  # an area not written yet still links, so the tree always configures
    file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/${name}_empty.cpp "")
    set(srcs ${CMAKE_CURRENT_BINARY_DIR}/${name}_empty.cpp)
  endif()
  add_library(${name} STATIC ${srcs})
  target_include_directories(${name} PUBLIC ${PROJECT_SOURCE_DIR})
  dsql_warnings(${name})
endfunction()
