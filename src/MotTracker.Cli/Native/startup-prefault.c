// Linked into the Native AOT executable only (see MotTracker.Cli.csproj): runs before the .NET runtime starts.
//
// Before Main, the runtime "rehydrates" its type data into the executable's zero-filled .hydrated section
// (about 4 MB here), touching every page of it once: a third of a `mottrack --version` run went to those
// ~1,000 page faults, one trap each, which are slow on a virtual machine. Asking for huge pages on that
// region and filling it in one call turns them into a few faults, done inside the kernel. Both are hints:
// where transparent huge pages are off or the kernel predates MADV_POPULATE_WRITE (Linux 5.14), madvise
// fails and start-up proceeds exactly as before.
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int prefault_zero_filled_segments(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++)
    {
        const ElfW(Phdr) *segment = &info->dlpi_phdr[i];
        if (segment->p_type != PT_LOAD || segment->p_memsz <= segment->p_filesz) continue;
        // The zero-filled tail of a writable segment (.bss, .hydrated), from the first page past the file's bytes.
        uintptr_t start = info->dlpi_addr + segment->p_vaddr + segment->p_filesz;
        uintptr_t end = info->dlpi_addr + segment->p_vaddr + segment->p_memsz;
        start = (start + page - 1) & ~(page - 1);
        end = (end + page - 1) & ~(page - 1);
        if (end <= start) continue;
        madvise((void *)start, end - start, MADV_HUGEPAGE);
        madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return 1; // glibc lists the executable first: stop after it
}

__attribute__((constructor)) static void mottrack_prefault_startup_data(void)
{
    dl_iterate_phdr(prefault_zero_filled_segments, 0);
}
