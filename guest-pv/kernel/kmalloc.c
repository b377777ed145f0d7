/*
 * The kernel heap (see guest/kmalloc.h).
 *
 * Every heap page that holds the start of an allocation begins with a
 * header, so kfree() finds it from the pointer alone: a slab page's
 * names its class; a large run's (whose data follows the header) names
 * its length.  A free small object holds the next free object of its
 * class and, in its second word, FREE_MARK, which catches double frees.
 */
#include <guest/console.h>
#include <guest/irqflags.h>
#include <guest/kmalloc.h>
#include <guest/layout.h>
#include <guest/vmap.h>

#define MAGIC_SLAB      0x51ab51abu
#define MAGIC_LARGE     0x1a46e1a4u
#define FREE_MARK       0xf4eef4eef4eef4eeull
#define MIN_SHIFT       4                       /* 16 bytes */
#define NR_CLASSES      7                       /* 16 .. 1024 */

struct page_hdr {
    uint32_t magic;
    uint32_t class_shift;       /* slab: log2 of the object size */
    uint64_t npages;            /* large: pages of the run */
};

_Static_assert(sizeof(struct page_hdr) == 16, "keeps objects 16-aligned");
_Static_assert((1u << (MIN_SHIFT + NR_CLASSES - 1)) == KMALLOC_SMALL_MAX,
               "the largest class is KMALLOC_SMALL_MAX");

struct free_obj {
    struct free_obj *next;
    uint64_t mark;
};

static struct free_obj *free_list[NR_CLASSES];
static struct kmalloc_stats stats;

static unsigned int class_of(size_t size)
{
    unsigned int c = 0;

    while ((1ul << (MIN_SHIFT + c)) < size)
        c++;
    return c;
}

/* Carves a new slab page into free objects of class c. */
static bool slab_grow(unsigned int c)
{
    size_t size = 1ul << (MIN_SHIFT + c);
    struct page_hdr *h = vmap_alloc(1);
    char *obj;

    if (!h)
        return false;
    h->magic = MAGIC_SLAB;
    h->class_shift = MIN_SHIFT + c;
    for (obj = (char *)(h + 1); obj + size <= (char *)h + PAGE_SIZE;
         obj += size) {
        struct free_obj *f = (struct free_obj *)obj;

        f->next = free_list[c];
        f->mark = FREE_MARK;
        free_list[c] = f;
    }
    stats.slab_pages++;
    return true;
}

static void *small_alloc(size_t size)
{
    unsigned int c = class_of(size);
    struct free_obj *f;

    if (!free_list[c] && !slab_grow(c))
        return NULL;
    f = free_list[c];
    free_list[c] = f->next;
    f->mark = 0;
    return f;
}

static void *large_alloc(size_t size)
{
    unsigned long npages = (size + sizeof(struct page_hdr) + PAGE_SIZE - 1) /
                           PAGE_SIZE;
    struct page_hdr *h;

    if (size > VMAP_PAGES * PAGE_SIZE)
        return NULL;
    h = vmap_alloc(npages);
    if (!h)
        return NULL;
    h->magic = MAGIC_LARGE;
    h->npages = npages;
    stats.large_pages += npages;
    return h + 1;
}

void *kmalloc(size_t size)
{
    irqflags_t flags = local_irq_save();
    void *p;

    if (size == 0)
        size = 1;
    p = size <= KMALLOC_SMALL_MAX ? small_alloc(size) : large_alloc(size);
    if (p)
        stats.objects++;
    local_irq_restore(flags);
    return p;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);

    if (p)
        memset(p, 0, size);
    return p;
}

static void small_free(struct page_hdr *h, void *p)
{
    unsigned int c = h->class_shift - MIN_SHIFT;
    struct free_obj *f = p;
    unsigned long off = (char *)p - (char *)(h + 1);

    if (c >= NR_CLASSES || off % (1ul << h->class_shift))
        panic("kfree(%p): not an object of its slab", p);
    if (f->mark == FREE_MARK)
        panic("kfree(%p): freed twice", p);
    f->next = free_list[c];
    f->mark = FREE_MARK;
    free_list[c] = f;
}

void kfree(void *p)
{
    struct page_hdr *h = (struct page_hdr *)((unsigned long)p &
                                             ~(unsigned long)(PAGE_SIZE - 1));
    irqflags_t flags;

    if (!p)
        return;
    if ((unsigned long)p < VMAP_BASE || (unsigned long)p >= VMAP_END)
        panic("kfree(%p): not a heap address", p);
    flags = local_irq_save();
    if (h->magic == MAGIC_SLAB) {
        small_free(h, p);
    } else if (h->magic == MAGIC_LARGE && p == (void *)(h + 1)) {
        /* A later kfree of p then faults on the unmapped header. */
        h->magic = 0;
        stats.large_pages -= h->npages;
        vmap_free(h, h->npages);
    } else {
        panic("kfree(%p): not a heap allocation", p);
    }
    stats.objects--;
    local_irq_restore(flags);
}

void kmalloc_stats(struct kmalloc_stats *st)
{
    irqflags_t flags = local_irq_save();

    *st = stats;
    local_irq_restore(flags);
}
