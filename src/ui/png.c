/* png.c - the screenshots as PNG files, written by libpng (libpng-dev,
 * Debian's libpng 1.6): 8-bit RGB through its simplified API
 * (png_image_write_to_file), zlib's default compression. A kept library,
 * fuzzed and fixed by others (OSS-Fuzz), instead of an encoder of our own. */
#include <png.h>
#include <string.h>
#include "ui.h"

int pd_png_write_rgb(const char *path, int w, int h, const unsigned char *rgb, int stride)
{
    if (w <= 0 || h <= 0 || stride < w * 3) return 1;
    png_image img;
    memset(&img, 0, sizeof img);
    img.version = PNG_IMAGE_VERSION;
    img.width = (png_uint_32)w;
    img.height = (png_uint_32)h;
    img.format = PNG_FORMAT_RGB;
    int ok = png_image_write_to_file(&img, path, 0, rgb, stride, NULL);
    png_image_free(&img);
    return ok ? 0 : 1;
}
