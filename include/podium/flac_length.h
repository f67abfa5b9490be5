/* flac_length.h - the length field of a FLAC file being written.
 *
 * libFLAC writes a stream's STREAMINFO block (with its total sample count)
 * when the encoder is finished; until then the count is 0, "unknown", and a
 * take killed mid-recording stays a valid FLAC that players show as 0 s
 * long. The recorder calls this after each periodic sync, so the header
 * always gives the length of what is on the disk. */
#ifndef PODIUM_FLAC_LENGTH_H
#define PODIUM_FLAC_LENGTH_H

#ifdef __cplusplus
extern "C" {
#endif

/* Sets the STREAMINFO total-samples field of the FLAC file at path to the
 * frames of the fed frames that are surely encoded on the disk: whole
 * blocks of the stream's fixed block size, less the one frame the encoder
 * holds back (rounded down: the count never promises more than is there).
 * Touches the 5 bytes of that field only, through its own descriptor.
 * Returns 0, or -1 (not a FLAC with a fixed block size, or an I/O error:
 * the file is left as it was). */
int pd_flac_set_length(const char *path, long long frames_fed);

/* The frames of frames_fed surely on the disk for block size bs. */
long long pd_flac_frames_on_disk(long long frames_fed, int bs);

#ifdef __cplusplus
}
#endif
#endif
