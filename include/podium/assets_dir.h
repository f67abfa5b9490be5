/* assets_dir.h - where Podium's data is: the prompt cards, the sample, the
 * topic and question files (I/O: reads the environment and the file system).
 *
 * The folder is found relative to the running executable, so an install to
 * any prefix works and nothing about the source tree is compiled in. In
 * order, the first that applies wins:
 *   1. $PODIUM_ASSETS, when set and not empty (taken as given: the override
 *      of tests and of a user with their own cards);
 *   2. EXE_DIR/../share/podium, the installed layout (the FHS place of
 *      architecture-independent data, as /usr/bin/podium and
 *      /usr/share/podium) when it holds a 'prompts' folder;
 *   3. EXE_DIR/assets, the build tree (CMake links BUILD/assets to the
 *      source's assets folder) when it holds a 'prompts' folder.
 * EXE_DIR is the folder of /proc/self/exe (the real file, links resolved). */
#ifndef PODIUM_ASSETS_DIR_H
#define PODIUM_ASSETS_DIR_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Writes the data folder to out (cap bytes) and returns 0; when none of the
 * places applies returns -1 with out set to the installed place expected
 * (EXE_DIR/../share/podium, or "assets" when /proc/self/exe cannot be read)
 * and, when why is not NULL, one line in why naming the places looked in
 * and what to do. */
int pd_assets_dir(char *out, size_t cap, char *why, size_t why_len);

#ifdef __cplusplus
}
#endif

#endif
