#ifndef BW_CZLIB_SHIM_H
#define BW_CZLIB_SHIM_H
#include <zlib.h>

/* inflateInit2 is a macro; wrap it so Swift can call it. */
static inline int bw_inflate_init2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
#endif
