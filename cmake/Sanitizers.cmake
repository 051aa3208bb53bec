# Sanitizer builds apply to every target, so the library and its tests agree.
# float-cast-overflow is not part of GCC's `undefined`: a number given where
# a year is expected (1e300, NaN) must be range-checked before any int cast.
if(ANNALS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all
                      -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=address,undefined,float-cast-overflow)
endif()
if(ANNALS_TSAN)
  add_compile_options(-fsanitize=thread -fno-omit-frame-pointer -g)
  add_link_options(-fsanitize=thread)
endif()
