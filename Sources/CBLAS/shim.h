#ifndef TESSERA_CBLAS_SHIM_H
#define TESSERA_CBLAS_SHIM_H
// Debian's libblas-dev installs the reference interface; libopenblas-dev swaps in OpenBLAS
// behind the same `libblas.so` through update-alternatives.
#include <cblas.h>
#include <dlfcn.h>

// Swift has no prefetch intrinsic. HNSW search scores rows scattered over the whole index, so
// it asks for the next rows' cache lines while it scores the current one.
static inline void tessera_prefetch(const void *address) {
    __builtin_prefetch(address, 0, 3);
}

// Sets how many threads OpenBLAS may use inside one call. Looked up at run time because only
// OpenBLAS has the function (the reference BLAS is single-threaded); returns 0 when absent.
static inline int tessera_blas_set_thread_count(int count) {
    void (*set_num_threads)(int) = (void (*)(int))dlsym(RTLD_DEFAULT, "openblas_set_num_threads");
    if (set_num_threads == NULL) return 0;
    set_num_threads(count);
    return 1;
}
#endif
