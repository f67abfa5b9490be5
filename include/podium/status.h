/* status.h - result codes shared by every Podium module.
 *
 * Every fallible call returns a pd_status; pd_status_str() gives a short
 * English description. Values are written through out-pointers, which are
 * left untouched on error (the libebur128 convention). */
#ifndef PODIUM_STATUS_H
#define PODIUM_STATUS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef enum pd_status {
    PD_OK = 0,
    PD_ERR_NOMEM,          /* an allocation failed */
    PD_ERR_INVALID_ARG,    /* a NULL pointer, a negative length, ... */
    PD_ERR_UNSUPPORTED_RATE,
    PD_ERR_BAD_SAMPLES,    /* NaN or infinite samples */
    PD_ERR_EMPTY,          /* zero-length audio */
    PD_ERR_STATE,          /* a call made in the wrong order */
    PD_ERR_LIBRARY,        /* an underlying library (libebur128, kissfft) failed */
    PD_ERR_PARSE           /* a configuration text could not be parsed */
} pd_status;

const char *pd_status_str(pd_status s);

#ifdef __cplusplus
}
#endif
#endif
