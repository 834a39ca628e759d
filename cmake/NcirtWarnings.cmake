# Warnings every ncirt target compiles with. Generated protobuf code is exempt (see proto/).
function(ncirt_warnings target)
  target_compile_options(${target} PRIVATE
    -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor -Wold-style-cast -Wcast-align
    -Wunused -Woverloaded-virtual -Wformat=2 -Wimplicit-fallthrough
    # Designated initializers that leave defaulted members out are the idiom for option structs.
    -Wno-missing-field-initializers)
endfunction()
include(NcirtSanitize)
