#ifndef TESSERA_CBLAS_SHIM_H
#define TESSERA_CBLAS_SHIM_H
// Debian's libblas-dev installs the reference interface; libopenblas-dev swaps in OpenBLAS
// behind the same `libblas.so` through update-alternatives.
#include <cblas.h>
#endif
