#ifndef TESSERA_CBLAS_SHIM_H
#define TESSERA_CBLAS_SHIM_H
// Debian's libblas-dev installs the reference interface; libopenblas-dev swaps in OpenBLAS
// behind the same `libblas.so` through update-alternatives.
#include <cblas.h>

// Swift has no prefetch intrinsic. HNSW search scores rows scattered over the whole index, so
// it asks for the next rows' cache lines while it scores the current one.
static inline void tessera_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}
#endif
