# ncirt_embed_files(TARGET target NAMESPACE ns FUNCTION fn BASE_DIR dir FILES f1 f2 ...)
#
# Compiles files into `target` so a library needs no data files at run time (the IODEF XSDs,
# the SQL migrations): what the binary runs with is exactly what it was built and tested with.
# Generates <fn>.hpp/.cpp declaring
#   namespace <ns> { std::span<const ncirt::EmbeddedFile> <fn>(); }
# listing the files in the given order, each with its path relative to BASE_DIR and its bytes.
function(ncirt_embed_files)
  cmake_parse_arguments(E "" "TARGET;NAMESPACE;FUNCTION;BASE_DIR" "FILES" ${ARGN})
  set(out_dir ${CMAKE_CURRENT_BINARY_DIR}/embedded)
  set(hpp ${out_dir}/${E_FUNCTION}.hpp)
  set(cpp ${out_dir}/${E_FUNCTION}.cpp)
  add_custom_command(
    OUTPUT ${hpp} ${cpp}
    COMMAND ${CMAKE_COMMAND} -DOUT_HPP=${hpp} -DOUT_CPP=${cpp} -DNS=${E_NAMESPACE}
            -DFN=${E_FUNCTION} -DBASE_DIR=${E_BASE_DIR} "-DFILES=${E_FILES}"
            -P ${PROJECT_SOURCE_DIR}/cmake/NcirtEmbedGenerate.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/NcirtEmbedGenerate.cmake
    COMMENT "Embedding ${E_FUNCTION} (${CMAKE_CURRENT_SOURCE_DIR})"
    VERBATIM)
  target_sources(${E_TARGET} PRIVATE ${cpp})
  target_include_directories(${E_TARGET} PUBLIC ${out_dir})
endfunction()
