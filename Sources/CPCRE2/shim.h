#ifndef BW_CPCRE2_SHIM_H
#define BW_CPCRE2_SHIM_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <stddef.h>
#include <pcre2.h>

/* Constants that do not import into Swift as usable values. */
static inline size_t bw_pcre2_unset(void) { return PCRE2_UNSET; }
#endif
