/* A stand-in for Windows' bcryptprimitives.dll, for running tests under
 * Wine older than 8.13 (Debian 12 ships 8.0), which lacks it. Rust's
 * standard library (1.78 and later) takes its randomness from
 * ProcessPrng there; this one asks RtlGenRandom (advapi32's
 * SystemFunction036), which every Wine has. Used by .ci/windows only;
 * never shipped. */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
    while (len > 0) {
        ULONG chunk = len > 0x40000000 ? 0x40000000 : (ULONG)len;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        len -= chunk;
    }
    return TRUE;
}
