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

#include <stdint.h>

// Batch search's kernel (below) works on panels of this many queries and rows.
enum { TESSERA_QUERY_PANEL = 6, TESSERA_ROW_PANEL = 16 };

// A score the batch kernel found high enough: query and row are indexes into the scored block.
typedef struct {
    uint32_t query;
    uint32_t row;
    float score;
} tessera_candidate;

// Copies `count` rows of `dimension` floats into panels of `panel` rows, each panel holding its
// rows' first components, then their second components, and so on; a last partial panel is
// filled with zero rows. `packed` must hold ceil(count / panel) × panel × dimension floats.
static inline void tessera_pack_panels(const float *rows, int count, int dimension, int panel, float *packed) {
    for (int start = 0; start < count; start += panel) {
        float *out = packed + (long)start * dimension;
        int filled = count - start < panel ? count - start : panel;
        for (int k = 0; k < dimension; k++, out += panel) {
            for (int i = 0; i < filled; i++) out[i] = rows[(long)(start + i) * dimension + k];
            for (int i = filled; i < panel; i++) out[i] = 0;
        }
    }
}

// A matrix product for a few rows, `out[m][n] = x[m] · w[n]` (w row-major [outputs][k], the
// layout of a linear layer's weight), in AVX2 and FMA. For one query's handful of tokens
// OpenBLAS spends more time re-packing the weights than multiplying; this streams each weight
// row once from memory and keeps four of them in L1 while every token row goes by.
// Only x86-64 machines with AVX2 and FMA have it: call `tessera_avx2_fma_available` first.
#if defined(__x86_64__)
#include <cpuid.h>
#include <immintrin.h>

static inline int tessera_avx2_fma_available(void) {
    unsigned a, b, c, d;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return 0;
    int fma = (c >> 12) & 1, xsave = (c >> 27) & 1, avx = (c >> 28) & 1;
    if (!(fma && xsave && avx)) return 0;
    unsigned low, high;
    __asm__("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
    if ((low & 6) != 6) return 0;  // the OS saves the YMM registers
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return 0;
    return (b >> 5) & 1;
}

__attribute__((target("avx2,fma")))
static inline float tessera_sum8(__m256 v) {
    __m128 sum = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    sum = _mm_add_ps(sum, _mm_movehl_ps(sum, sum));
    sum = _mm_add_ss(sum, _mm_movehdup_ps(sum));
    return _mm_cvtss_f32(sum);
}

// k must be a multiple of 8.
__attribute__((target("avx2,fma")))
static inline void tessera_small_gemm(const float *x, int rows, const float *w, int outputs, int k, float *out, int out_stride) {
    int n = 0;
    for (; n + 4 <= outputs; n += 4) {
        const float *w0 = w + (long)n * k, *w1 = w0 + k, *w2 = w1 + k, *w3 = w2 + k;
        int m = 0;
        for (; m + 3 <= rows; m += 3) {
            const float *x0 = x + (long)m * k, *x1 = x0 + k, *x2 = x1 + k;
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
            __m256 c0 = a0, c1 = a0, c2 = a0, c3 = a0;
            for (int j = 0; j < k; j += 8) {
                __m256 xa = _mm256_loadu_ps(x0 + j), xb = _mm256_loadu_ps(x1 + j), xc = _mm256_loadu_ps(x2 + j);
                __m256 v = _mm256_loadu_ps(w0 + j);
                a0 = _mm256_fmadd_ps(xa, v, a0); b0 = _mm256_fmadd_ps(xb, v, b0); c0 = _mm256_fmadd_ps(xc, v, c0);
                v = _mm256_loadu_ps(w1 + j);
                a1 = _mm256_fmadd_ps(xa, v, a1); b1 = _mm256_fmadd_ps(xb, v, b1); c1 = _mm256_fmadd_ps(xc, v, c1);
                v = _mm256_loadu_ps(w2 + j);
                a2 = _mm256_fmadd_ps(xa, v, a2); b2 = _mm256_fmadd_ps(xb, v, b2); c2 = _mm256_fmadd_ps(xc, v, c2);
                v = _mm256_loadu_ps(w3 + j);
                a3 = _mm256_fmadd_ps(xa, v, a3); b3 = _mm256_fmadd_ps(xb, v, b3); c3 = _mm256_fmadd_ps(xc, v, c3);
            }
            float *o0 = out + (long)m * out_stride + n, *o1 = o0 + out_stride, *o2 = o1 + out_stride;
            o0[0] = tessera_sum8(a0); o0[1] = tessera_sum8(a1); o0[2] = tessera_sum8(a2); o0[3] = tessera_sum8(a3);
            o1[0] = tessera_sum8(b0); o1[1] = tessera_sum8(b1); o1[2] = tessera_sum8(b2); o1[3] = tessera_sum8(b3);
            o2[0] = tessera_sum8(c0); o2[1] = tessera_sum8(c1); o2[2] = tessera_sum8(c2); o2[3] = tessera_sum8(c3);
        }
        for (; m < rows; m++) {
            const float *x0 = x + (long)m * k;
            __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            for (int j = 0; j < k; j += 8) {
                __m256 xa = _mm256_loadu_ps(x0 + j);
                a0 = _mm256_fmadd_ps(xa, _mm256_loadu_ps(w0 + j), a0);
                a1 = _mm256_fmadd_ps(xa, _mm256_loadu_ps(w1 + j), a1);
                a2 = _mm256_fmadd_ps(xa, _mm256_loadu_ps(w2 + j), a2);
                a3 = _mm256_fmadd_ps(xa, _mm256_loadu_ps(w3 + j), a3);
            }
            float *o0 = out + (long)m * out_stride + n;
            o0[0] = tessera_sum8(a0); o0[1] = tessera_sum8(a1); o0[2] = tessera_sum8(a2); o0[3] = tessera_sum8(a3);
        }
    }
    for (; n < outputs; n++) {
        const float *w0 = w + (long)n * k;
        for (int m = 0; m < rows; m++) {
            const float *x0 = x + (long)m * k;
            __m256 a0 = _mm256_setzero_ps();
            for (int j = 0; j < k; j += 8) a0 = _mm256_fmadd_ps(_mm256_loadu_ps(x0 + j), _mm256_loadu_ps(w0 + j), a0);
            out[(long)m * out_stride + n] = tessera_sum8(a0);
        }
    }
}

// Exact batch search's inner loop: scores `query_count` queries against `row_count` rows and
// reports only the scores that can still enter a query's top k (score >= thresholds[query]),
// so no block of scores is ever written to memory. Both sides come packed in panels by
// `tessera_pack_panels`: 6 queries or 16 rows, interleaved component by component, so a 6 × 16
// tile of scores stays in twelve registers while the two panels stream by once. `found` must
// hold query_count × row_count entries; returns how many it wrote. Like the product above, it
// needs `tessera_avx2_fma_available`.
__attribute__((target("avx2,fma")))
static inline long tessera_scores_at_least(const float *packed_queries, int query_count, const float *packed_rows, int row_count,
                                           int dimension, const float *thresholds, tessera_candidate *found) {
    long written = 0;
    for (int query_start = 0; query_start < query_count; query_start += TESSERA_QUERY_PANEL) {
        const float *q = packed_queries + (long)query_start * dimension;
        for (int row_start = 0; row_start < row_count; row_start += TESSERA_ROW_PANEL) {
            const float *r = packed_rows + (long)row_start * dimension;
            __m256 s00 = _mm256_setzero_ps(), s01 = s00, s10 = s00, s11 = s00, s20 = s00, s21 = s00;
            __m256 s30 = s00, s31 = s00, s40 = s00, s41 = s00, s50 = s00, s51 = s00;
            for (int k = 0; k < dimension; k++, q += TESSERA_QUERY_PANEL, r += TESSERA_ROW_PANEL) {
                __m256 r0 = _mm256_loadu_ps(r), r1 = _mm256_loadu_ps(r + 8), x;
                x = _mm256_broadcast_ss(q);     s00 = _mm256_fmadd_ps(x, r0, s00); s01 = _mm256_fmadd_ps(x, r1, s01);
                x = _mm256_broadcast_ss(q + 1); s10 = _mm256_fmadd_ps(x, r0, s10); s11 = _mm256_fmadd_ps(x, r1, s11);
                x = _mm256_broadcast_ss(q + 2); s20 = _mm256_fmadd_ps(x, r0, s20); s21 = _mm256_fmadd_ps(x, r1, s21);
                x = _mm256_broadcast_ss(q + 3); s30 = _mm256_fmadd_ps(x, r0, s30); s31 = _mm256_fmadd_ps(x, r1, s31);
                x = _mm256_broadcast_ss(q + 4); s40 = _mm256_fmadd_ps(x, r0, s40); s41 = _mm256_fmadd_ps(x, r1, s41);
                x = _mm256_broadcast_ss(q + 5); s50 = _mm256_fmadd_ps(x, r0, s50); s51 = _mm256_fmadd_ps(x, r1, s51);
            }
            q -= (long)dimension * TESSERA_QUERY_PANEL;
            const __m256 tile[2 * TESSERA_QUERY_PANEL] = {s00, s01, s10, s11, s20, s21, s30, s31, s40, s41, s50, s51};
            for (int i = 0; i < TESSERA_QUERY_PANEL && query_start + i < query_count; i++) {
                __m256 threshold = _mm256_set1_ps(thresholds[query_start + i]);
                unsigned passing = (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(tile[2 * i], threshold, _CMP_GE_OQ))
                    | (unsigned)_mm256_movemask_ps(_mm256_cmp_ps(tile[2 * i + 1], threshold, _CMP_GE_OQ)) << 8;
                if (row_count - row_start < TESSERA_ROW_PANEL) passing &= (1u << (row_count - row_start)) - 1;  // padding rows
                if (passing == 0) continue;
                float scores[TESSERA_ROW_PANEL];
                _mm256_storeu_ps(scores, tile[2 * i]);
                _mm256_storeu_ps(scores + 8, tile[2 * i + 1]);
                for (; passing != 0; passing &= passing - 1) {
                    int j = __builtin_ctz(passing);
                    found[written++] = (tessera_candidate){(uint32_t)(query_start + i), (uint32_t)(row_start + j), scores[j]};
                }
            }
        }
    }
    return written;
}
#else
static inline int tessera_avx2_fma_available(void) { return 0; }
static inline void tessera_small_gemm(const float *x, int rows, const float *w, int outputs, int k, float *out, int out_stride) {}
static inline long tessera_scores_at_least(const float *packed_queries, int query_count, const float *packed_rows, int row_count,
                                           int dimension, const float *thresholds, tessera_candidate *found) { return 0; }
#endif
#endif
