/*
 * A minimal ELF64 loader for the embedded user programs (see
 * guest/elf_load.h).  Only what a static executable needs: the file
 * header, and the program headers of type PT_LOAD.
 */
#include <xen/errno.h>
#include <guest/elf_load.h>
#include <guest/kmap.h>
#include <guest/mm.h>
#include <guest/user_abi.h>

/* The ELF64 layout (System V ABI, "ELF-64 Object File Format"). */
struct elf64_ehdr {
    unsigned char ident[16];
    uint16_t type, machine;
    uint32_t version;
    uint64_t entry, phoff, shoff;
    uint32_t flags;
    uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};

struct elf64_phdr {
    uint32_t type, flags;
    uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

#define ELF_CLASS64     2
#define ELF_DATA_LSB    1
#define ELF_ET_EXEC     2
#define ELF_EM_X86_64   62
#define ELF_PT_LOAD     1
#define ELF_PF_W        2

static bool header_ok(const struct elf64_ehdr *eh, size_t size)
{
    return size >= sizeof(*eh) && !memcmp(eh->ident, "\177ELF", 4) &&
           eh->ident[4] == ELF_CLASS64 && eh->ident[5] == ELF_DATA_LSB &&
           eh->type == ELF_ET_EXEC && eh->machine == ELF_EM_X86_64 &&
           eh->phentsize == sizeof(struct elf64_phdr) &&
           eh->phoff <= size &&
           eh->phnum <= (size - eh->phoff) / sizeof(struct elf64_phdr);
}

static bool segment_ok(const struct elf64_phdr *ph, size_t size)
{
    return ph->vaddr % PAGE_SIZE == 0 && ph->filesz <= ph->memsz &&
           ph->offset <= size && ph->filesz <= size - ph->offset &&
           ph->vaddr >= USER_IMAGE_BASE && ph->vaddr < USER_IMAGE_END &&
           ph->memsz <= USER_IMAGE_END - ph->vaddr;
}

/* Page `off` of a segment: file bytes from `data` (avail of them). */
static int load_page(struct aspace *as, const struct elf64_phdr *ph,
                     const char *data, uint64_t off)
{
    uint64_t avail = ph->filesz > off ? ph->filesz - off : 0;
    unsigned long pfn = frame_alloc_zeroed();
    uint64_t flags = ph->flags & ELF_PF_W ? PTE_USER_RW : PTE_USER_RO;
    char *page;
    int rc;

    if (!pfn)
        return -XEN_ENOMEM;
    if (avail) {
        page = kmap(pfn_to_mfn(pfn), true);
        memcpy(page, data + off, avail < PAGE_SIZE ? avail : PAGE_SIZE);
        kunmap(page);
    }
    rc = aspace_map(as, ph->vaddr + off, pfn, flags);
    if (rc)
        frame_put(pfn);
    return rc;
}

int user_elf_load(struct aspace *as, const void *image, size_t size,
             unsigned long *entry)
{
    const struct elf64_ehdr *eh = image;
    const struct elf64_phdr *ph;
    uint64_t off, end = 0;
    unsigned int i;
    int rc;

    if (!header_ok(eh, size))
        return -XEN_EINVAL;
    ph = (const void *)((const char *)image + eh->phoff);
    for (i = 0; i < eh->phnum; i++, ph++) {
        if (ph->type != ELF_PT_LOAD)
            continue;
        /* In address order and apart: no page is mapped twice. */
        if (!segment_ok(ph, size) || ph->vaddr < end)
            return -XEN_EINVAL;
        end = ph->vaddr + ph->memsz;
        for (off = 0; off < ph->memsz; off += PAGE_SIZE) {
            rc = load_page(as, ph, (const char *)image + ph->offset, off);
            if (rc)
                return rc;
        }
    }
    *entry = eh->entry;
    return 0;
}
