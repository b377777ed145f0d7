/*
 * libelf: a valid PV kernel image built in the test (fixtures/pv_elf.h),
 * the addresses Xen derives from its notes, loading, and each refusal:
 * truncation at every size, bad ELF identity, bad layout, bad notes and
 * notes Xen refuses.
 */
#include <criterion/criterion.h>
#include <criterion/parameterized.h>
#include <stdlib.h>
#include <string.h>

#include "hv_host.h"
#include <hv/libelf.h>
#include <xen/errno.h>

#include "fixtures/pv_elf.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct fx_elf fx;
static struct xen_elf_info info;
static const char *why;

static enum elf_status parse_fx(void)
{
    return elf_parse(fx.buf, FX_SIZE, &info, &why);
}

/* ---- a valid image ---------------------------------------------------- */

Test(libelf, valid_image_segments)
{
    fx_elf_init(&fx);
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert_str_eq(why, "");
    cr_assert_eq(info.nr_segments, 2);
    cr_assert_eq(info.seg[0].paddr, FX_PADDR);
    cr_assert_eq(info.seg[0].vaddr, FX_KSTART);
    cr_assert_eq(info.seg[0].offset, FX_TEXT_OFF);
    cr_assert_eq(info.seg[0].filesz, FX_TEXT_SIZE);
    cr_assert_eq(info.seg[0].flags, PF_R | PF_X);
    cr_assert_eq(info.seg[0].dest, FX_KSTART);
    cr_assert_eq(info.seg[1].filesz, FX_DATA_FILESZ);
    cr_assert_eq(info.seg[1].memsz, FX_DATA_MEMSZ);
    cr_assert_eq(info.seg[1].dest, FX_KSTART + FX_TEXT_SIZE);
    cr_assert_eq(info.pstart, FX_PADDR);
    cr_assert_eq(info.pend, FX_PADDR + FX_TEXT_SIZE + FX_DATA_MEMSZ);
    cr_assert_eq(info.e_entry, FX_ENTRY);
    cr_assert_eq(info.image_size, FX_SIZE);
}

Test(libelf, valid_image_notes_and_addresses)
{
    fx_elf_init(&fx);
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert_str_eq(info.guest_os, "testos");
    cr_assert_str_eq(info.guest_version, "1.0");
    cr_assert_str_eq(info.xen_version, "xen-3.0");
    cr_assert_str_eq(info.loader, "generic");
    cr_assert_str_eq(info.pae_mode, "");
    cr_assert_eq(info.virt_base, FX_VIRT_BASE);
    cr_assert_eq(info.elf_paddr_offset, 0);
    cr_assert_eq(info.virt_offset, FX_VIRT_BASE);
    cr_assert_eq(info.virt_kstart, FX_KSTART);
    cr_assert_eq(info.virt_kend, FX_KEND);
    cr_assert_eq(info.virt_entry, FX_ENTRY);
    cr_assert_eq(info.virt_hypercall, FX_HYPERCALL);
    cr_assert_eq(info.p2m_base, ELF_UNSET_ADDR);
    cr_assert_eq(info.phys_entry, ELF_UNSET_ADDR);
    cr_assert_not(info.mod_start_pfn);
    cr_assert(info.notes_present & (1U << XEN_ELFNOTE_HYPERCALL_PAGE));
    cr_assert_not(info.notes_present & (1U << XEN_ELFNOTE_INIT_P2M));
}

Test(libelf, valid_image_features)
{
    fx_elf_init(&fx);
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert(elf_feature_supported(&info, XENFEAT_writable_page_tables));
    cr_assert(elf_feature_required(&info, XENFEAT_writable_page_tables));
    cr_assert(elf_feature_supported(&info, XENFEAT_pae_pgdir_above_4gb));
    cr_assert_not(elf_feature_required(&info, XENFEAT_pae_pgdir_above_4gb));
    cr_assert(elf_feature_supported(&info, XENFEAT_dom0));  /* numeric */
    cr_assert_not(elf_feature_supported(&info, XENFEAT_hvm_callback_vector));
    cr_assert_not(elf_feature_supported(&info, 1000));
    cr_assert_not(elf_feature_required(&info, 1000));
}

/* Without the address notes Xen uses VIRT_BASE 0, PADDR_OFFSET 0, e_entry. */
Test(libelf, defaults_without_address_notes)
{
    fx_elf_init(&fx);
    fx_note_del(&fx, XEN_ELFNOTE_VIRT_BASE);
    fx_note_del(&fx, XEN_ELFNOTE_PADDR_OFFSET);
    fx_note_del(&fx, XEN_ELFNOTE_ENTRY);
    fx_note_del(&fx, XEN_ELFNOTE_HYPERCALL_PAGE);
    fx_elf_build(&fx);
    fx_ehdr(&fx)->e_entry = FX_PADDR + 0x20;
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert_eq(info.virt_base, 0);
    cr_assert_eq(info.elf_paddr_offset, 0);
    cr_assert_eq(info.virt_offset, 0);
    cr_assert_eq(info.virt_kstart, FX_PADDR);
    cr_assert_eq(info.virt_kend, FX_KEND - FX_VIRT_BASE);
    cr_assert_eq(info.virt_entry, FX_PADDR + 0x20);
    cr_assert_eq(info.virt_hypercall, ELF_UNSET_ADDR);
    cr_assert_eq(info.seg[0].dest, FX_PADDR);
}

/* Old Linux: p_paddr holds the virtual address, PADDR_OFFSET = VIRT_BASE. */
Test(libelf, paddr_offset_equal_to_virt_base)
{
    fx_elf_init(&fx);
    fx_note_num(&fx, XEN_ELFNOTE_PADDR_OFFSET, FX_VIRT_BASE);
    fx_elf_build(&fx);
    fx_phdr(&fx, 0)->p_paddr += FX_VIRT_BASE;
    fx_phdr(&fx, 1)->p_paddr += FX_VIRT_BASE;
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert_eq(info.virt_offset, 0);
    cr_assert_eq(info.virt_kstart, FX_KSTART);
    cr_assert_eq(info.virt_kend, FX_KEND);
    cr_assert_eq(info.seg[1].dest, FX_KSTART + FX_TEXT_SIZE);
}

/* Xen accepts GUEST_OS "linux..." in place of LOADER "generic". */
Test(libelf, linux_guest_without_loader)
{
    fx_elf_init(&fx);
    fx_note_del(&fx, XEN_ELFNOTE_LOADER);
    fx_note_str(&fx, XEN_ELFNOTE_GUEST_OS, "linux");
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert_str_eq(info.loader, "");
}

/* Small numeric notes (1, 2, 4 bytes) are read as Xen reads them. */
Test(libelf, small_numeric_notes)
{
    uint8_t one = 1;
    uint16_t two = 0x1234;
    uint32_t four = 0x100000;

    fx_elf_init(&fx);
    fx_note_set(&fx, XEN_ELFNOTE_MOD_START_PFN, &one, 1);
    fx_note_set(&fx, XEN_ELFNOTE_SUSPEND_CANCEL, &two, 2);
    fx_note_set(&fx, XEN_ELFNOTE_PHYS32_ENTRY, &four, 4);
    fx_note_num(&fx, XEN_ELFNOTE_INIT_P2M, 0xffffc90000000000ULL);
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert(info.mod_start_pfn);
    cr_assert_eq(info.phys_entry, 0x100000);
    cr_assert_eq(info.p2m_base, 0xffffc90000000000ULL);
}

/* Notes of an unknown type, and INFO, are skipped as Xen does. */
Test(libelf, unknown_note_types_skipped)
{
    fx_elf_init(&fx);
    fx_note_raw(&fx, NULL, 99, "junk", 3);
    fx_note_raw(&fx, NULL, XEN_ELFNOTE_INFO, "x", 1);
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
}

/* No note segment: Xen falls back to SHT_NOTE sections. */
Test(libelf, notes_from_sections)
{
    Elf64_Shdr *sh;

    fx_elf_init(&fx);
    fx_elf_build(&fx);
    fx_phdr(&fx, 2)->p_type = PT_NULL;
    fx_ehdr(&fx)->e_shoff = FX_SIZE;
    fx_ehdr(&fx)->e_shnum = 2;
    fx_ehdr(&fx)->e_shentsize = sizeof(Elf64_Shdr);
    sh = (Elf64_Shdr *)(fx.buf + FX_SIZE);
    sh[1].sh_type = SHT_NOTE;
    sh[1].sh_offset = FX_NOTES_OFF;
    sh[1].sh_size = fx.notes_len;
    cr_assert_eq(elf_parse(fx.buf, FX_SIZE + 2 * sizeof(*sh), &info, &why),
                 ELF_OK, "refused: %s", why);
    cr_assert_eq(info.virt_hypercall, FX_HYPERCALL);
}

/* PT_LOAD without any of R/W/X is not loaded (Xen's loadable rule). */
Test(libelf, load_without_permissions_ignored)
{
    Elf64_Phdr *ph = (Elf64_Phdr *)(fx.buf + FX_SIZE);

    fx_elf_init(&fx);
    fx_elf_build(&fx);
    memcpy(ph, fx_phdr(&fx, 0), 3 * sizeof(*ph));
    fx_set_phdr(&ph[3], PT_LOAD, 0, FX_TEXT_OFF, 0x10000000, 0x10, 0x10);
    fx_ehdr(&fx)->e_phoff = FX_SIZE;
    fx_ehdr(&fx)->e_phnum = 4;
    cr_assert_eq(elf_parse(fx.buf, FX_SIZE + 4 * sizeof(*ph), &info, &why),
                 ELF_OK, "refused: %s", why);
    cr_assert_eq(info.nr_segments, 2);
    cr_assert_eq(info.virt_kend, FX_KEND);
}

Test(libelf, status_names)
{
    cr_assert_str_eq(elf_status_name(ELF_OK), "ok");
    cr_assert_str_eq(elf_status_name(ELF_NO_XEN_NOTES), "no Xen ELF notes");
    cr_assert_str_eq(elf_status_name((enum elf_status)42),
                     "unknown ELF status");
}

/* ---- loading ------------------------------------------------------------ */

struct load_ctx {
    uint8_t *mem;               /* backs [FX_KSTART, FX_KEND) */
    unsigned int calls;
    bool crossed_page;
    uint64_t refuse_at;         /* refuse a range containing this address */
};

static void *dest_cb(void *opaque, uint64_t va, size_t len)
{
    struct load_ctx *c = opaque;

    c->calls++;
    if ((va & 0xfff) + len > 0x1000)
        c->crossed_page = true;
    if (va < FX_KSTART || va + len > FX_KEND)
        return NULL;
    if (c->refuse_at >= va && c->refuse_at < va + len)
        return NULL;
    return c->mem + (va - FX_KSTART);
}

static void load_setup(struct load_ctx *c)
{
    fx_elf_init(&fx);
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    memset(c, 0, sizeof(*c));
    c->mem = malloc(FX_KEND - FX_KSTART);
    cr_assert_not_null(c->mem);
    memset(c->mem, 0xaa, FX_KEND - FX_KSTART);
}

Test(libelf, load_copies_and_zero_fills_bss)
{
    struct load_ctx c;
    size_t i;

    load_setup(&c);
    cr_assert_eq(elf_load(&info, fx.buf, FX_SIZE, dest_cb, &c), 0);
    for (i = 0; i < FX_TEXT_SIZE; i++)
        cr_assert_eq(c.mem[i], (uint8_t)(i * 7 + 1), "text byte %zu", i);
    for (i = 0; i < FX_DATA_FILESZ; i++)
        cr_assert_eq(c.mem[FX_TEXT_SIZE + i], 0xd0 + (i & 0xf));
    for (i = FX_DATA_FILESZ; i < FX_DATA_MEMSZ; i++)
        cr_assert_eq(c.mem[FX_TEXT_SIZE + i], 0, "bss byte %zu", i);
    cr_assert_not(c.crossed_page);
    cr_assert_eq(c.calls, (FX_TEXT_SIZE + FX_DATA_MEMSZ) / 0x1000);
    free(c.mem);
}

Test(libelf, load_zeroed_leaves_the_bss_alone)
{
    struct load_ctx c;
    size_t i;

    load_setup(&c);
    cr_assert_eq(elf_load_zeroed(&info, fx.buf, FX_SIZE, dest_cb, &c), 0);
    for (i = 0; i < FX_TEXT_SIZE; i++)
        cr_assert_eq(c.mem[i], (uint8_t)(i * 7 + 1), "text byte %zu", i);
    for (i = 0; i < FX_DATA_FILESZ; i++)
        cr_assert_eq(c.mem[FX_TEXT_SIZE + i], 0xd0 + (i & 0xf));
    for (i = FX_DATA_FILESZ; i < FX_DATA_MEMSZ; i++)
        cr_assert_eq(c.mem[FX_TEXT_SIZE + i], 0xaa, "bss byte %zu", i);
    cr_assert_not(c.crossed_page);
    cr_assert_eq(c.calls, (FX_TEXT_SIZE + FX_DATA_FILESZ + 0xfff) / 0x1000,
                 "nothing asked for past the file bytes");
    free(c.mem);
}

Test(libelf, load_refused_by_callback)
{
    struct load_ctx c;

    load_setup(&c);
    c.refuse_at = FX_KSTART + FX_TEXT_SIZE + 0x2100;    /* in the bss */
    cr_assert_eq(elf_load(&info, fx.buf, FX_SIZE, dest_cb, &c), -XEN_EFAULT);
    free(c.mem);
}

Test(libelf, load_checks_its_arguments)
{
    struct load_ctx c;

    load_setup(&c);
    cr_assert_eq(elf_load(&info, fx.buf, FX_SIZE - 1, dest_cb, &c),
                 -XEN_EINVAL);
    cr_assert_eq(elf_load(&info, NULL, FX_SIZE, dest_cb, &c), -XEN_EINVAL);
    cr_assert_eq(elf_load(&info, fx.buf, FX_SIZE, NULL, &c), -XEN_EINVAL);
    info.seg[1].offset = FX_SIZE;       /* a corrupted info */
    cr_assert_eq(elf_load(&info, fx.buf, FX_SIZE, dest_cb, &c), -XEN_EINVAL);
    cr_assert_eq(c.calls, 2, "first segment loaded before the bad one");
    free(c.mem);
}

/* ---- truncation ---------------------------------------------------------- */

/*
 * Every prefix of the image is refused: before the end of the ELF header
 * as not ELF, after it as a layout error.  Each prefix is parsed from an
 * exactly sized heap copy, so ASan catches any read past it.
 */
Test(libelf, truncated_at_every_size)
{
    enum elf_status want, got;
    size_t size;

    fx_elf_init(&fx);
    fx_elf_build(&fx);
    for (size = 0; size < FX_SIZE; size++) {
        uint8_t *copy = malloc(size ? size : 1);

        memcpy(copy, fx.buf, size);
        got = elf_parse(copy, size, &info, &why);
        want = size < sizeof(Elf64_Ehdr) ? ELF_NOT_ELF : ELF_BAD_LAYOUT;
        cr_assert_eq(got, want, "size %#zx: got %d (%s)", size, got, why);
        free(copy);
    }
}

Test(libelf, null_image)
{
    cr_assert_eq(elf_parse(NULL, 100, &info, NULL), ELF_NOT_ELF);
}

/* ---- table of refusals -------------------------------------------------- */

struct elf_case {
    const char *name;
    void (*notes)(struct fx_elf *);     /* edits the note list, or NULL */
    void (*poke)(struct fx_elf *);      /* edits the built image, or NULL */
    enum elf_status want;
    const char *why;                    /* expected in the reason */
    size_t size;                        /* image size; 0 = FX_SIZE */
};

static Elf64_Ehdr *eh(struct fx_elf *f) { return fx_ehdr(f); }
static Elf64_Phdr *text(struct fx_elf *f) { return fx_phdr(f, 0); }
static Elf64_Phdr *data(struct fx_elf *f) { return fx_phdr(f, 1); }
static Elf64_Phdr *note(struct fx_elf *f) { return fx_phdr(f, 2); }

/* ELF identity */
static void bad_magic(struct fx_elf *f) { eh(f)->e_ident[1] = 'e'; }
static void class32(struct fx_elf *f) { eh(f)->e_ident[EI_CLASS] = ELFCLASS32; }
static void big_endian(struct fx_elf *f)
{
    eh(f)->e_ident[EI_DATA] = ELFDATA2MSB;
}
static void bad_version(struct fx_elf *f) { eh(f)->e_version = 2; }
static void type_dyn(struct fx_elf *f) { eh(f)->e_type = ET_DYN; }
static void type_rel(struct fx_elf *f) { eh(f)->e_type = ET_REL; }
static void machine_386(struct fx_elf *f) { eh(f)->e_machine = EM_386; }
static void small_ehsize(struct fx_elf *f) { eh(f)->e_ehsize = 52; }

/* header tables */
static void no_phdrs(struct fx_elf *f) { eh(f)->e_phnum = 0; }
static void phentsize(struct fx_elf *f) { eh(f)->e_phentsize = 32; }
static void phoff_past(struct fx_elf *f) { eh(f)->e_phoff = FX_SIZE - 100; }
static void phoff_wrap(struct fx_elf *f) { eh(f)->e_phoff = ~0ULL - 8; }
static void phnum_huge(struct fx_elf *f) { eh(f)->e_phnum = 0xffff; }
static void shdrs_past(struct fx_elf *f)
{
    eh(f)->e_shoff = FX_SIZE - 64;
    eh(f)->e_shnum = 2;
    eh(f)->e_shentsize = 64;
}
static void shentsize(struct fx_elf *f)
{
    eh(f)->e_shoff = 0x40;
    eh(f)->e_shnum = 1;
    eh(f)->e_shentsize = 40;
}
static void note_section_past(struct fx_elf *f)
{
    Elf64_Shdr *sh = (Elf64_Shdr *)(f->buf + FX_TEXT_OFF);

    note(f)->p_type = PT_NULL;
    eh(f)->e_shoff = FX_TEXT_OFF;
    eh(f)->e_shnum = 2;
    eh(f)->e_shentsize = sizeof(*sh);
    memset(sh, 0, 2 * sizeof(*sh));
    sh[1].sh_type = SHT_NOTE;
    sh[1].sh_offset = FX_SIZE - 8;
    sh[1].sh_size = 16;
}

/* segments */
static void seg_past(struct fx_elf *f) { data(f)->p_offset = FX_SIZE - 0x100; }
static void seg_off_wrap(struct fx_elf *f) { data(f)->p_offset = ~0ULL - 4; }
static void filesz_gt_memsz(struct fx_elf *f) { data(f)->p_memsz = 0x100; }
static void memsz_huge(struct fx_elf *f) { data(f)->p_memsz = 1ULL << 40; }
static void paddr_wrap(struct fx_elf *f) { data(f)->p_paddr = ~0ULL - 0x100; }
static void vaddr_wrap(struct fx_elf *f) { data(f)->p_vaddr = ~0ULL - 0x100; }
static void overlap(struct fx_elf *f) { data(f)->p_paddr = FX_PADDR + 0x1fff; }
static void same_paddr(struct fx_elf *f) { data(f)->p_paddr = FX_PADDR; }
static void span_huge(struct fx_elf *f) { data(f)->p_paddr = 1ULL << 36; }
static void nothing_loadable(struct fx_elf *f)
{
    text(f)->p_flags = 0;
    data(f)->p_type = PT_NULL;
}
static void too_many_segments(struct fx_elf *f)
{
    unsigned int i;

    eh(f)->e_phoff = FX_SIZE;
    eh(f)->e_phnum = ELF_MAX_SEGMENTS + 2;
    for (i = 0; i < ELF_MAX_SEGMENTS + 2; i++)
        fx_set_phdr((Elf64_Phdr *)(f->buf + FX_SIZE) + i, PT_LOAD, PF_R,
                    FX_TEXT_OFF, FX_PADDR + i * 0x1000, 0x10, 0x10);
}
static void note_seg_past(struct fx_elf *f) { note(f)->p_filesz = FX_SIZE; }

/* note structure */
static void note_hdr_cut(struct fx_elf *f) { note(f)->p_filesz -= 4; }
static void note_hdr_short(struct fx_elf *f) { note(f)->p_filesz = 8; }
static void namesz_huge(struct fx_elf *f)
{
    uint32_t namesz = 0x10000;

    memcpy(f->buf + FX_NOTES_OFF, &namesz, 4);
}
static void descsz_huge(struct fx_elf *f)
{
    uint32_t descsz = 0xffffffff;

    memcpy(f->buf + FX_NOTES_OFF + 4, &descsz, 4);
}
static void no_xen_names(struct fx_elf *f)
{
    unsigned int i;

    for (i = 0; i < f->nr_notes; i++)
        if (f->notes[i].namesz == 4)
            f->notes[i].name[2] = 'o';      /* "Xeo" */
}
static void no_note_segment(struct fx_elf *f) { note(f)->p_type = PT_NULL; }
static void note_at_offset0(struct fx_elf *f) { note(f)->p_offset = 0; }
static void unterminated(struct fx_elf *f)
{
    fx_note_set(f, XEN_ELFNOTE_GUEST_OS, "abcd", 4);
}
static void empty_string(struct fx_elf *f)
{
    fx_note_set(f, XEN_ELFNOTE_LOADER, "", 0);
}
static void numeric_3(struct fx_elf *f)
{
    fx_note_set(f, XEN_ELFNOTE_ENTRY, "\x10\0\0", 3);
}
static void numeric_16(struct fx_elf *f)
{
    static const uint8_t z[16];

    fx_note_set(f, XEN_ELFNOTE_VIRT_BASE, z, 16);
}
static void supported_3(struct fx_elf *f)
{
    fx_note_set(f, XEN_ELFNOTE_SUPPORTED_FEATURES, "\x01\0\0", 3);
}

/* note contents Xen refuses */
static void xen_version_2(struct fx_elf *f)
{
    fx_note_str(f, XEN_ELFNOTE_XEN_VERSION, "xen-2.0");
}
static void xen_version_missing(struct fx_elf *f)
{
    fx_note_del(f, XEN_ELFNOTE_XEN_VERSION);
}
static void loader_other(struct fx_elf *f)
{
    fx_note_str(f, XEN_ELFNOTE_LOADER, "special");
}
static void loader_missing(struct fx_elf *f)
{
    fx_note_del(f, XEN_ELFNOTE_LOADER);
}
static void paddr_off_alone(struct fx_elf *f)
{
    fx_note_del(f, XEN_ELFNOTE_VIRT_BASE);
}
static void bsd_symtab(struct fx_elf *f)
{
    fx_note_str(f, XEN_ELFNOTE_BSD_SYMTAB, "yes");
}
static void feature_unknown_required(struct fx_elf *f)
{
    fx_note_str(f, XEN_ELFNOTE_FEATURES, "dom0|!teleportation");
}
static void feature_bang_alone(struct fx_elf *f)
{
    fx_note_str(f, XEN_ELFNOTE_FEATURES, "dom0|!");
}
static void feature_required_not_in_xen_list(struct fx_elf *f)
{
    /* In features.h, but not among the names Xen's parser knows. */
    fx_note_str(f, XEN_ELFNOTE_FEATURES, "!gnttab_map_avail_bits");
}

/* addresses */
static void entry_below(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_ENTRY, FX_KSTART - 1);
}
static void entry_at_end(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_ENTRY, FX_KEND);
}
static void entry_far(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_ENTRY, 0x1000);
}
static void e_entry_outside(struct fx_elf *f)
{
    eh(f)->e_entry = FX_KEND + 0x1000;
}
static void hc_unaligned(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_HYPERCALL_PAGE, FX_HYPERCALL + 8);
}
static void hc_below(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_HYPERCALL_PAGE, FX_KSTART - 0x1000);
}
static void hc_at_end(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_HYPERCALL_PAGE, FX_KEND);
}
static void hc_last_partial(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_HYPERCALL_PAGE, FX_KEND - 0x1000);
}
static void hc_partial_poke(struct fx_elf *f)
{
    data(f)->p_memsz = FX_DATA_MEMSZ - 0x800;   /* kend not page-aligned */
}
static void virt_base_above(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_PADDR_OFFSET, FX_PADDR + 0x100000);
}
static void kernel_wraps(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_VIRT_BASE, 0 - (FX_PADDR + 0x4000));
}
static void p2m_inside(struct fx_elf *f)
{
    fx_note_num(f, XEN_ELFNOTE_INIT_P2M, FX_KSTART + 0x2000);
}

#define CASE(n, ed, pk, st, w) { n, ed, pk, st, w, 0 }

static struct elf_case elf_cases[] = {
    CASE("bad magic", NULL, bad_magic, ELF_NOT_ELF, "magic"),
    CASE("ELFCLASS32", NULL, class32, ELF_NOT_ELF, "ELFCLASS64"),
    CASE("big-endian", NULL, big_endian, ELF_NOT_ELF, "little-endian"),
    CASE("e_version", NULL, bad_version, ELF_NOT_ELF, "version"),
    CASE("ET_DYN", NULL, type_dyn, ELF_NOT_ELF, "ET_EXEC"),
    CASE("ET_REL", NULL, type_rel, ELF_NOT_ELF, "ET_EXEC"),
    CASE("EM_386", NULL, machine_386, ELF_NOT_ELF, "x86-64"),
    CASE("e_ehsize", NULL, small_ehsize, ELF_NOT_ELF, "e_ehsize"),
    CASE("no phdrs", NULL, no_phdrs, ELF_BAD_LAYOUT, "no program headers"),
    CASE("phentsize", NULL, phentsize, ELF_BAD_LAYOUT, "e_phentsize"),
    CASE("phdrs past end", NULL, phoff_past, ELF_BAD_LAYOUT,
         "program header table"),
    CASE("phoff wraps", NULL, phoff_wrap, ELF_BAD_LAYOUT,
         "program header table"),
    CASE("phnum huge", NULL, phnum_huge, ELF_BAD_LAYOUT,
         "program header table"),
    CASE("shdrs past end", NULL, shdrs_past, ELF_BAD_LAYOUT,
         "section header table"),
    CASE("shentsize", NULL, shentsize, ELF_BAD_LAYOUT, "e_shentsize"),
    CASE("note section past end", NULL, note_section_past, ELF_BAD_LAYOUT,
         "note section runs past"),
    CASE("segment past end", NULL, seg_past, ELF_BAD_LAYOUT,
         "segment runs past"),
    CASE("segment offset wraps", NULL, seg_off_wrap, ELF_BAD_LAYOUT,
         "segment runs past"),
    CASE("filesz > memsz", NULL, filesz_gt_memsz, ELF_BAD_LAYOUT,
         "p_filesz exceeds"),
    CASE("memsz huge", NULL, memsz_huge, ELF_BAD_LAYOUT, "absurdly large"),
    CASE("paddr wraps", NULL, paddr_wrap, ELF_BAD_LAYOUT, "wraps"),
    CASE("vaddr wraps", NULL, vaddr_wrap, ELF_BAD_LAYOUT, "wraps"),
    CASE("segments overlap", NULL, overlap, ELF_BAD_LAYOUT, "overlap"),
    CASE("same paddr", NULL, same_paddr, ELF_BAD_LAYOUT, "overlap"),
    CASE("span huge", NULL, span_huge, ELF_BAD_LAYOUT, "span absurdly"),
    CASE("nothing loadable", NULL, nothing_loadable, ELF_BAD_LAYOUT,
         "no loadable"),
    { "too many segments", NULL, too_many_segments, ELF_BAD_LAYOUT,
      "too many", FX_SIZE + (ELF_MAX_SEGMENTS + 2) * sizeof(Elf64_Phdr) },
    CASE("note segment past end", NULL, note_seg_past, ELF_BAD_LAYOUT,
         "note segment runs past"),
    CASE("note desc cut", NULL, note_hdr_cut, ELF_BAD_NOTES,
         "desc runs past"),
    CASE("note header cut", NULL, note_hdr_short, ELF_BAD_NOTES,
         "header runs past"),
    CASE("namesz huge", NULL, namesz_huge, ELF_BAD_NOTES, "name runs past"),
    CASE("descsz huge", NULL, descsz_huge, ELF_BAD_NOTES, "desc runs past"),
    CASE("no Xen names", no_xen_names, NULL, ELF_NO_XEN_NOTES, "no Xen"),
    CASE("no note segment", NULL, no_note_segment, ELF_NO_XEN_NOTES,
         "no Xen"),
    CASE("note segment at 0", NULL, note_at_offset0, ELF_NO_XEN_NOTES,
         "no Xen"),
    CASE("unterminated string", unterminated, NULL, ELF_BAD_NOTES,
         "NUL-terminated"),
    CASE("empty string desc", empty_string, NULL, ELF_BAD_NOTES,
         "NUL-terminated"),
    CASE("numeric 3 bytes", numeric_3, NULL, ELF_BAD_NOTES, "1, 2, 4 or 8"),
    CASE("numeric 16 bytes", numeric_16, NULL, ELF_BAD_NOTES, "1, 2, 4 or 8"),
    CASE("SUPPORTED_FEATURES 3", supported_3, NULL, ELF_BAD_NOTES,
         "32-bit words"),
    CASE("XEN_VERSION 2.0", xen_version_2, NULL, ELF_BAD_NOTES,
         "XEN_VERSION"),
    CASE("XEN_VERSION missing", xen_version_missing, NULL, ELF_BAD_NOTES,
         "XEN_VERSION"),
    CASE("LOADER other", loader_other, NULL, ELF_BAD_NOTES, "LOADER"),
    CASE("LOADER missing", loader_missing, NULL, ELF_BAD_NOTES, "LOADER"),
    CASE("PADDR_OFFSET alone", paddr_off_alone, NULL, ELF_BAD_NOTES,
         "without VIRT_BASE"),
    CASE("BSD_SYMTAB", bsd_symtab, NULL, ELF_BAD_NOTES, "BSD_SYMTAB"),
    CASE("unknown required feature", feature_unknown_required, NULL,
         ELF_BAD_NOTES, "FEATURES requires"),
    CASE("'!' alone", feature_bang_alone, NULL, ELF_BAD_NOTES,
         "FEATURES requires"),
    CASE("required name Xen lacks", feature_required_not_in_xen_list, NULL,
         ELF_BAD_NOTES, "FEATURES requires"),
    CASE("entry below", entry_below, NULL, ELF_BAD_NOTES, "entry point"),
    CASE("entry at kend", entry_at_end, NULL, ELF_BAD_NOTES, "entry point"),
    CASE("entry far", entry_far, NULL, ELF_BAD_NOTES, "entry point"),
    CASE("hypercall unaligned", hc_unaligned, NULL, ELF_BAD_NOTES,
         "page-aligned"),
    CASE("hypercall below", hc_below, NULL, ELF_BAD_NOTES,
         "HYPERCALL_PAGE outside"),
    CASE("hypercall at kend", hc_at_end, NULL, ELF_BAD_NOTES,
         "HYPERCALL_PAGE outside"),
    CASE("hypercall partial page", hc_last_partial, hc_partial_poke,
         ELF_BAD_NOTES, "HYPERCALL_PAGE outside"),
    CASE("VIRT_BASE above kernel", virt_base_above, NULL, ELF_BAD_NOTES,
         "VIRT_BASE is above"),
    CASE("kernel wraps", kernel_wraps, NULL, ELF_BAD_NOTES, "wraps"),
    CASE("INIT_P2M inside", p2m_inside, NULL, ELF_BAD_NOTES, "INIT_P2M"),
};

/*
 * Criterion runs each parameter in a fresh process (its own address
 * layout), so parameters carry no pointers: each is an index into the
 * table, which every process has at its own addresses.
 */
static unsigned int elf_case_idx[ARRAY_SIZE(elf_cases)];

ParameterizedTestParameters(libelf, refusals)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(elf_cases); i++)
        elf_case_idx[i] = i;
    return cr_make_param_array(unsigned int, elf_case_idx,
                               ARRAY_SIZE(elf_cases));
}

ParameterizedTest(unsigned int *idx, libelf, refusals)
{
    const struct elf_case *c = &elf_cases[*idx];
    enum elf_status got;

    fx_elf_init(&fx);
    if (c->notes)
        c->notes(&fx);
    fx_elf_build(&fx);
    if (c->poke)
        c->poke(&fx);
    got = elf_parse(fx.buf, c->size ? c->size : FX_SIZE, &info, &why);
    cr_assert_eq(got, c->want, "%s: got %d (%s), want %d", c->name, got, why,
                 c->want);
    cr_assert(strstr(why, c->why) != NULL, "%s: reason \"%s\" lacks \"%s\"",
              c->name, why, c->why);
}

/* Without an ENTRY note, e_entry itself must lie in the kernel. */
Test(libelf, e_entry_outside_kernel)
{
    fx_elf_init(&fx);
    fx_note_del(&fx, XEN_ELFNOTE_ENTRY);
    fx_elf_build(&fx);
    e_entry_outside(&fx);
    cr_assert_eq(parse_fx(), ELF_BAD_NOTES);
    cr_assert(strstr(why, "entry point") != NULL, "%s", why);
}

/* ---- FEATURES parsing ------------------------------------------------- */

struct feature_case {
    const char *features;
    uint32_t supported;         /* expected bitmap (plus dom0 from numeric) */
    uint32_t required;
};

#define F(x) (1U << XENFEAT_##x)

static struct feature_case feature_cases[] = {
    { "", 0, 0 },
    { "dom0", F(dom0), 0 },
    { "!dom0", F(dom0), F(dom0) },
    { "writable_page_tables|writable_descriptor_tables",
      F(writable_page_tables) | F(writable_descriptor_tables), 0 },
    { "!auto_translated_physmap|supervisor_mode_kernel",
      F(auto_translated_physmap) | F(supervisor_mode_kernel),
      F(auto_translated_physmap) },
    { "hvm_callback_vector||pae_pgdir_above_4gb|",
      F(hvm_callback_vector) | F(pae_pgdir_above_4gb), 0 },
    { "teleportation|dom0", F(dom0), 0 },             /* unknown: ignored */
    { "gnttab_map_avail_bits", 0, 0 },                /* Xen's list lacks */
    { "dom0x|xdom0|dom", 0, 0 },                      /* no prefix match */
};

static unsigned int feature_case_idx[ARRAY_SIZE(feature_cases)];

ParameterizedTestParameters(libelf, features)
{
    for (unsigned int i = 0; i < ARRAY_SIZE(feature_cases); i++)
        feature_case_idx[i] = i;
    return cr_make_param_array(unsigned int, feature_case_idx,
                               ARRAY_SIZE(feature_cases));
}

ParameterizedTest(unsigned int *idx, libelf, features)
{
    const struct feature_case *c = &feature_cases[*idx];

    fx_elf_init(&fx);
    fx_note_del(&fx, XEN_ELFNOTE_SUPPORTED_FEATURES);
    fx_note_str(&fx, XEN_ELFNOTE_FEATURES, c->features);
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "\"%s\" refused: %s", c->features, why);
    cr_assert_eq(info.f_supported[0], c->supported, "\"%s\": %#x",
                 c->features, info.f_supported[0]);
    cr_assert_eq(info.f_required[0], c->required, "\"%s\": %#x",
                 c->features, info.f_required[0]);
    cr_assert_str_eq(info.features, c->features);
}

/* SUPPORTED_FEATURES is OR-ed with the names; extra words are ignored. */
Test(libelf, supported_features_or_with_names)
{
    uint32_t words[2] = { F(hvm_callback_vector), 0xffffffff };

    fx_elf_init(&fx);
    fx_note_set(&fx, XEN_ELFNOTE_SUPPORTED_FEATURES, words, sizeof(words));
    fx_note_str(&fx, XEN_ELFNOTE_FEATURES, "dom0");
    fx_elf_build(&fx);
    cr_assert_eq(parse_fx(), ELF_OK, "refused: %s", why);
    cr_assert_eq(info.f_supported[0], F(hvm_callback_vector) | F(dom0));
    cr_assert_eq(info.f_required[0], 0);
}
