/* status.c - texts for pd_status codes. */
#include "podium/status.h"

const char *pd_status_str(pd_status s)
{
    switch (s) {
    case PD_OK: return "success";
    case PD_ERR_NOMEM: return "out of memory";
    case PD_ERR_INVALID_ARG: return "invalid argument";
    case PD_ERR_UNSUPPORTED_RATE: return "unsupported sample rate (Podium reads 8000 to 192000 Hz)";
    case PD_ERR_BAD_SAMPLES: return "the audio contains invalid samples (NaN or infinity)";
    case PD_ERR_EMPTY: return "the audio is empty (zero length)";
    case PD_ERR_STATE: return "call made in the wrong order";
    case PD_ERR_LIBRARY: return "an audio library call failed";
    case PD_ERR_PARSE: return "the configuration could not be parsed";
    }
    return "unknown error";
}
