/* cli_audio.h - the verbs that use the sound devices. Each returns the
 * process exit code. */
#ifndef PODIUM_CLI_AUDIO_H
#define PODIUM_CLI_AUDIO_H

int pd_cli_devices(int argc, char **argv);
int pd_cli_record(int argc, char **argv);
int pd_cli_play(int argc, char **argv);

#endif
