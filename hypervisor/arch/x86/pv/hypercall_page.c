/*
 * The hypercall page Xen writes into every PV guest, at the address of its
 * XEN_ELFNOTE_HYPERCALL_PAGE: 128 stubs of 32 bytes, stub N at N * 32.
 *
 * x86_64 stub:  push %rcx; push %r11; mov $N,%eax; syscall;
 *               pop %r11; pop %rcx; ret
 * syscall clobbers rcx and r11, so the stub preserves them for the caller.
 * The iret stub instead pushes rcx, r11 and rax onto the guest's stack to
 * complete struct iret_context, and never returns.  Unused bytes are int3.
 */
#include <hv/domctl.h>
#include <hv/lib.h>
#include <hv/mm.h>
#include <hv/page_type.h>
#include <asm/pv.h>
#include <abi/xen.h>
#include <xen/errno.h>

#define STUB_SIZE 32

static const uint8_t stub_head[] = { 0x51, 0x41, 0x53 };        /* push rcx, r11 */
static const uint8_t stub_tail[] = { 0x0f, 0x05, 0x41, 0x5b, 0x59, 0xc3 };
static const uint8_t iret_head[] = { 0x51, 0x41, 0x53, 0x50 };  /* + push rax */
static const uint8_t iret_tail[] = { 0x0f, 0x05 };              /* syscall */

static uint8_t *emit(uint8_t *p, const uint8_t *bytes, size_t n)
{
    memcpy(p, bytes, n);
    return p + n;
}

/* mov $nr, %eax */
static uint8_t *emit_mov_eax(uint8_t *p, uint32_t nr)
{
    *p++ = 0xb8;
    memcpy(p, &nr, sizeof(nr));
    return p + sizeof(nr);
}

void pv_write_hypercall_page(void *page)
{
    uint8_t *base = page;

    memset(base, 0xcc, 4096);
    for (uint32_t nr = 0; nr < 4096 / STUB_SIZE; nr++) {
        uint8_t *p = base + nr * STUB_SIZE;

        if (nr == __HYPERVISOR_iret) {
            p = emit(p, iret_head, sizeof(iret_head));
            p = emit_mov_eax(p, nr);
            emit(p, iret_tail, sizeof(iret_tail));
            continue;
        }
        p = emit(p, stub_head, sizeof(stub_head));
        p = emit_mov_eax(p, nr);
        emit(p, stub_tail, sizeof(stub_tail));
    }
}

/*
 * XEN_DOMCTL_hypercall_init: the toolstack's domain builder asks for the
 * page at frame gmfn of a domain it builds (for a PV domain the gmfn is
 * the machine frame).  Xen's rules: -EINVAL when the domain does not own
 * the frame, -EPERM when it cannot be typed writable (a page table).
 */
long domctl_hypercall_init(struct domain *d, struct xen_domctl *op,
                           bool *copyback)
{
    struct page_info *pg = get_page_from_mfn(op->u.hypercall_init.gmfn, d);

    (void)copyback;
    if (!pg)
        return -XEN_EINVAL;
    if (get_page_type(pg, PGT_writable_page)) {
        put_page(pg);
        return -XEN_EPERM;
    }
    pv_write_hypercall_page(mfn_to_virt(op->u.hypercall_init.gmfn));
    put_page_and_type(pg);
    return 0;
}
