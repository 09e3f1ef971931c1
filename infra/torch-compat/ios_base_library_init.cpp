// Temporary libstdc++ compatibility shim (README, "Platform notes").
// libLibTorchSharp.so from TorchSharp 0.107 is built with GCC 13 and references
// std::ios_base_library_init() at version GLIBCXX_3.4.32; Debian 12's libstdc++ (GCC 12) stops at
// 3.4.30. GCC 13 emits that call to initialise the standard streams, which a static
// std::ios_base::Init does equally on GCC 12.
#include <ios>

namespace std {
void ios_base_library_init() {
    static ios_base::Init streams;
}
}
