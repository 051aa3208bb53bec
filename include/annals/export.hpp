// Symbol visibility for the Annals library. The library is built with
// -fvisibility=hidden, so only names marked ANNALS_API are part of the ABI.
// On ELF/Mach-O the marking is the same for the static and the shared build:
// the shared libannals is linked from the static library's own objects.
#pragma once

#if defined(_WIN32)
#if defined(ANNALS_STATIC_DEFINE)
#define ANNALS_API
#elif defined(ANNALS_BUILDING_LIBRARY)
#define ANNALS_API __declspec(dllexport)
#else
#define ANNALS_API __declspec(dllimport)
#endif
#else
#define ANNALS_API __attribute__((visibility("default")))
#endif
